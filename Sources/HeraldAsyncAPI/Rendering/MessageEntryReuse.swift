import Foundation

/// Where each message entry of the catalog document lies in its two files, by message ID: a later build into the
/// same output reads unchanged entries back from there instead of rendering them again.
public struct MessageEntrySpans: Sendable, Equatable {
    /// Byte ranges of one entry: in `catalog.yaml` its `    <id>:` block, in `catalog.json` its `"<id>":{…}`.
    public struct Span: Sendable, Equatable {
        public var yamlOffset: Int
        public var yamlLength: Int
        public var jsonOffset: Int
        public var jsonLength: Int

        public init(yamlOffset: Int, yamlLength: Int, jsonOffset: Int, jsonLength: Int) {
            self.yamlOffset = yamlOffset
            self.yamlLength = yamlLength
            self.jsonOffset = jsonOffset
            self.jsonLength = jsonLength
        }
    }

    public var spans: [String: Span]

    public init(spans: [String: Span] = [:]) { self.spans = spans }
}

/// The last build's catalog document, as files in the output and the spans of its entries, and the event folders
/// whose files changed since: every other message's entry is read from those files rather than rendered. Valid
/// only when the files are exactly what that build left and nothing else that shapes an entry changed (the
/// catalog.yaml, shared types, options, the site's shape).
public struct MessageEntryReuse: Sendable {
    public var yaml: URL
    public var json: URL
    public var spans: MessageEntrySpans
    public var changedFolders: Set<String>

    public init(yaml: URL, json: URL, spans: MessageEntrySpans, changedFolders: Set<String>) {
        self.yaml = yaml
        self.json = json
        self.spans = spans
        self.changedFolders = changedFolders
    }
}

/// The open files of a `MessageEntryReuse`, read from several threads at once (`pread`).
final class MessageEntrySource: Sendable {
    private let reuse: MessageEntryReuse
    private let yaml: Int32
    private let json: Int32

    init?(_ reuse: MessageEntryReuse?) {
        guard let reuse else { return nil }
        yaml = open(reuse.yaml.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        json = open(reuse.json.path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        self.reuse = reuse
        guard yaml >= 0, json >= 0 else {
            if yaml >= 0 { close(yaml) }
            if json >= 0 { close(json) }
            return nil
        }
    }

    deinit {
        close(yaml)
        close(json)
    }

    /// The entry of this message as the last build wrote it, or nil when it must be rendered (its event changed, it
    /// is new, or the files do not hold it whole).
    func entry(_ message: CatalogTopology.Message) -> MessageEntry? {
        guard !reuse.changedFolders.contains(message.event.folder), let span = reuse.spans.spans[message.id],
              let yamlBytes = Self.read(yaml, span.yamlOffset, span.yamlLength),
              let jsonBytes = Self.read(json, span.jsonOffset, span.jsonLength),
              yamlBytes.starts(with: Array("    \(message.id):".utf8)), jsonBytes.starts(with: Array("\"\(message.id)\":".utf8)),
              yamlBytes.last == UInt8(ascii: "\n"), jsonBytes.last == UInt8(ascii: "}") else { return nil }
        return MessageEntry(yaml: yamlBytes, json: jsonBytes)
    }

    private static func read(_ descriptor: Int32, _ offset: Int, _ length: Int) -> [UInt8]? {
        guard offset >= 0, length > 0, length < 1 << 30 else { return nil }
        var bytes = [UInt8](repeating: 0, count: length)
        var done = 0
        let complete = bytes.withUnsafeMutableBytes { buffer -> Bool in
            while done < length {
                let count = pread(descriptor, buffer.baseAddress! + done, length - done, off_t(offset + done))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                done += count
            }
            return true
        }
        return complete ? bytes : nil
    }
}
