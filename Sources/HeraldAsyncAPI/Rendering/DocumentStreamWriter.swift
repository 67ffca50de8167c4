import Foundation
import HeraldAvro
import HeraldCatalog

/// Where the generator streams one document file. Each sink is used by one thread at a time, but different sinks
/// are opened and written from different threads.
public protocol DocumentSink: AnyObject, Sendable {
    /// Appends bytes to the file.
    func write(_ bytes: [UInt8]) throws
    /// Completes the file; nothing is written after.
    func close() throws
}

/// Writes every document at once: each file's head, then the message entries in catalog order (each rendered once,
/// in parallel batches, and appended to every document listing it), then each file's tail.
struct DocumentStreamWriter {
    let parts: DocumentParts
    /// How many documents there are.
    let documentCount: Int
    /// Builds document `i` without its messages; called from worker threads.
    let outline: @Sendable (Int) -> DocumentOutline
    /// Entries to read back from the last build's catalog document rather than render.
    var reuse: MessageEntrySource? = nil

    /// Messages rendered per batch: enough to keep every core busy, few enough to hold little.
    static let batchSize = 512
    /// Bytes buffered per file before they go to its sink.
    static let flushSize = 1 << 16

    /// Returns where the catalog document's entries went, when it was written.
    func write(open: @escaping @Sendable (_ path: String) throws -> any DocumentSink) throws -> MessageEntrySpans? {
        var files = try openDocuments(open)
        // Batch k + 1 renders on the other cores while batch k is appended to the files.
        let messages = parts.topology.messages
        let next = BatchSlot()
        var start = 0
        var entries = render(0..<min(messages.count, Self.batchSize))
        while start < messages.count {
            let end = min(messages.count, start + Self.batchSize)
            let following = end..<min(messages.count, end + Self.batchSize)
            let group = DispatchGroup()
            if !following.isEmpty {
                let writer = self
                DispatchQueue.global().async(group: group) { next.entries = writer.render(following) }
            }
            for (offset, entry) in entries.enumerated() {
                let index = start + offset
                for file in files.indices where files[file].lists(index) { try files[file].append(entry) }
            }
            group.wait()
            entries = next.entries
            start = end
        }
        for index in files.indices {
            // The tails are framed now: the catalog's operations are built only when they are written.
            if index % 2 == 0 {
                let tail = FramedDocument(files[index].outline, part: .tail)
                try files[index].append(tail.yaml.tail)
                try files[index + 1].append(tail.json.tail)
            }
            try files[index].finish()
        }
        return Self.catalogSpans(files, parts.topology)
    }

    /// The spans of the catalog document's entries, from its two files (YAML then JSON), when it was written.
    private static func catalogSpans(_ files: [OpenDocument], _ topology: CatalogTopology) -> MessageEntrySpans? {
        guard let yaml = files.firstIndex(where: { $0.outline.stem == "catalog" && $0.format == .yaml }),
              let json = files.firstIndex(where: { $0.outline.stem == "catalog" && $0.format == .json }) else { return nil }
        var spans: [String: MessageEntrySpans.Span] = [:]
        spans.reserveCapacity(files[yaml].spans.count)
        for (index, (yamlOffset, yamlLength)) in files[yaml].spans {
            guard let (jsonOffset, jsonLength) = files[json].spans[index] else { continue }
            spans[topology.messages[index].id] = .init(yamlOffset: yamlOffset, yamlLength: yamlLength, jsonOffset: jsonOffset, jsonLength: jsonLength)
        }
        return MessageEntrySpans(spans: spans)
    }

    /// Builds and frames every document on every core, opens its files and writes their heads at once: a large
    /// catalog's heads (channels, operations) run to hundreds of megabytes together, so none is held.
    private func openDocuments(_ open: @escaping @Sendable (_ path: String) throws -> any DocumentSink) throws -> [OpenDocument] {
        let opened = ParallelMap.map(Array(0..<documentCount)) { [outline] index -> Result<[OpenDocument], any Error> in
            Result {
                let built = outline(index)
                let document = FramedDocument(built, part: .head)
                // Files come in pairs, YAML then JSON, as `write` expects.
                return try zip(DocumentFormat.allCases, [document.yaml, document.json]).map { format, frame in
                    let sink = try open("asyncapi/\(document.stem).\(format.fileExtension)")
                    var file = OpenDocument(sink: sink, format: format, outline: built.trimmedForTail(), messages: document.messages,
                                            recordsSpans: document.stem == "catalog")
                    try file.append(frame.head)
                    return file
                }
            }
        }
        return try opened.flatMap { try $0.get() }
    }

    /// The entries of these messages, rendered on every core.
    private func render(_ range: Range<Int>) -> [MessageEntry] {
        let parts = parts, reuse = reuse
        return ParallelMap.map(Array(range)) { index in
            reuse?.entry(parts.topology.messages[index]) ?? parts.messageEntry(at: index)
        }
    }
}

/// One file being streamed: its tail, the messages it lists and a buffer in front of its sink.
private struct OpenDocument: Sendable {
    let sink: any DocumentSink
    let format: DocumentFormat
    /// The document, to frame what follows the last message entry once the entries are written.
    let outline: DocumentOutline
    let messages: [Int]
    private var next = 0
    private var buffer: [UInt8] = []
    /// Bytes appended so far.
    private var length = 0
    private let recordsSpans: Bool
    /// Where each message entry went (offset, length), by index into the topology's messages, when recorded.
    private(set) var spans: [Int: (Int, Int)] = [:]

    init(sink: any DocumentSink, format: DocumentFormat, outline: DocumentOutline, messages: [Int], recordsSpans: Bool = false) {
        self.sink = sink
        self.format = format
        self.outline = outline
        self.messages = messages
        self.recordsSpans = recordsSpans
        buffer.reserveCapacity(DocumentStreamWriter.flushSize * 2)
    }

    /// Whether the message at `index` is this document's next one; messages arrive in ascending order.
    mutating func lists(_ index: Int) -> Bool {
        guard next < messages.count, messages[next] == index else { return false }
        next += 1
        return true
    }

    mutating func append(_ entry: MessageEntry) throws {
        switch format {
        case .yaml:
            if recordsSpans { spans[messages[next - 1]] = (length, entry.yaml.count) }
            try append(entry.yaml)
        case .json:
            if next > 1 {
                buffer.append(UInt8(ascii: ","))
                length += 1
            }
            if recordsSpans { spans[messages[next - 1]] = (length, entry.json.count) }
            try append(entry.json)
        }
    }

    mutating func append(_ bytes: [UInt8]) throws {
        length += bytes.count
        // Large pieces (heads, tails) go straight to the sink: through the buffer they would leave it that large.
        if bytes.count >= DocumentStreamWriter.flushSize {
            if !buffer.isEmpty { try sink.write(buffer) }
            buffer.removeAll(keepingCapacity: true)
            try sink.write(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= DocumentStreamWriter.flushSize {
            try sink.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    mutating func finish() throws {
        if !buffer.isEmpty { try sink.write(buffer) }
        buffer = []
        try sink.close()
    }
}

/// In-memory sinks for `documents(for:)`: each file's bytes, collected in the order files were opened.
final class SinkCollection: @unchecked Sendable {
    private final class MemorySink: DocumentSink, @unchecked Sendable {
        var bytes: [UInt8] = []
        func write(_ bytes: [UInt8]) { self.bytes.append(contentsOf: bytes) }
        func close() {}
    }

    private var opened: [(path: String, sink: MemorySink)] = []
    private let lock = NSLock()

    func open(_ path: String) -> any DocumentSink {
        let sink = MemorySink()
        lock.lock()
        opened.append((path, sink))
        lock.unlock()
        return sink
    }

    var files: [EmittedFile] { opened.map { EmittedFile(path: $0.path, bytes: Data($0.sink.bytes)) } }
}

/// The next batch's entries, handed from the thread that rendered them to the one appending them.
private final class BatchSlot: @unchecked Sendable {
    var entries: [MessageEntry] = []
}
