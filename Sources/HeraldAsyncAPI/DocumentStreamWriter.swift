import Foundation
import HeraldAvro
import HeraldCatalog

/// Where the generator streams one document file.
public protocol DocumentSink: AnyObject {
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
    /// Builds and frames document `i`; called from worker threads.
    let frame: @Sendable (Int) -> FramedDocument

    /// Messages rendered per batch: enough to keep every core busy, few enough to hold little.
    static let batchSize = 512
    /// Bytes buffered per file before they go to its sink.
    static let flushSize = 1 << 18

    func write(open: (_ path: String) throws -> any DocumentSink) throws {
        var files: [OpenDocument] = []
        // Documents are built and framed a few at a time, on every core, and their heads written at once: a large
        // catalog's heads (channels, operations) run to hundreds of megabytes together.
        let group = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var first = 0
        while first < documentCount {
            let framed = ParallelMap.map(Array(first..<min(documentCount, first + group)), frame)
            for document in framed {
                for (format, frame) in zip(DocumentFormat.allCases, [document.yaml, document.json]) {
                    let sink = try open("asyncapi/\(document.stem).\(format.fileExtension)")
                    var file = OpenDocument(sink: sink, format: format, tail: frame.tail, messages: document.messages)
                    try file.append(frame.head)
                    files.append(file)
                }
            }
            first += group
        }
        let messages = parts.topology.messages
        var start = 0
        while start < messages.count {
            let end = min(messages.count, start + Self.batchSize)
            let entries = render(start..<end)
            for (offset, entry) in entries.enumerated() {
                let index = start + offset
                for file in files.indices where files[file].lists(index) { try files[file].append(entry) }
            }
            start = end
        }
        for index in files.indices {
            try files[index].append(files[index].tail)
            try files[index].finish()
        }
    }

    /// The entries of these messages, rendered on every core.
    private func render(_ range: Range<Int>) -> [MessageEntry] {
        let parts = parts
        return ParallelMap.map(Array(range)) { MessageEntry(id: parts.topology.messages[$0].id, object: parts.message(at: $0)) }
    }
}

/// One file being streamed: its frame, the messages it lists and a buffer in front of its sink.
private struct OpenDocument {
    let sink: any DocumentSink
    let format: DocumentFormat
    /// What follows the last message entry.
    let tail: [UInt8]
    let messages: [Int]
    private var next = 0
    private var buffer: [UInt8] = []

    init(sink: any DocumentSink, format: DocumentFormat, tail: [UInt8], messages: [Int]) {
        self.sink = sink
        self.format = format
        self.tail = tail
        self.messages = messages
        buffer.reserveCapacity(DocumentStreamWriter.flushSize + (1 << 16))
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
            try append(entry.yaml)
        case .json:
            if next > 1 { buffer.append(UInt8(ascii: ",")) }
            try append(entry.json)
        }
    }

    mutating func append(_ bytes: [UInt8]) throws {
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
    private final class MemorySink: DocumentSink {
        var bytes: [UInt8] = []
        func write(_ bytes: [UInt8]) { self.bytes.append(contentsOf: bytes) }
        func close() {}
    }

    private var opened: [(path: String, sink: MemorySink)] = []

    func open(_ path: String) -> any DocumentSink {
        let sink = MemorySink()
        opened.append((path, sink))
        return sink
    }

    var files: [EmittedFile] { opened.map { EmittedFile(path: $0.path, bytes: Data($0.sink.bytes)) } }
}
