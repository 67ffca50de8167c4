import HeraldAvro
import HeraldCatalog

/// One document with its message objects left out: `components.messages` holds `placeholder`, and `messages`
/// lists the indices into `CatalogTopology.messages` (ascending) whose objects belong there. Other large maps (the
/// catalog's channels and operations) may hold `placeholder` too, with their members in `deferred`, built a chunk at
/// a time while the document is framed, so their trees are never whole.
struct DocumentOutline: Sendable {
    /// The value standing in for a member written later.
    static let placeholder = JSONValue.null
    /// Builds one chunk of a deferred map's members, in order.
    typealias Chunk = @Sendable () -> [DeferredMember]

    /// The file stem: `catalog` or a service's.
    var stem: String
    var root: JSONObject
    var messages: [Int]
    /// Members of maps standing as `placeholder`, by path: `channels`, `components/operations`.
    var deferred: [String: [Chunk]] = [:]

    /// The outline with everything before `components.messages` reduced to its keys: all a tail needs, so a
    /// document's head (the catalog's channels and schemas) is not held while the messages are written.
    func trimmedForTail() -> DocumentOutline {
        var trimmed = DocumentOutline(stem: stem, root: JSONObject(), messages: [])
        var past = false
        var members: [(key: String, value: JSONValue)] = []
        for (key, value) in zip(root.keys, root.values) {
            if !past, key == "components", case .object(let components) = value, components["messages"] == Self.placeholder {
                var inner: [(key: String, value: JSONValue)] = []
                for (innerKey, innerValue) in zip(components.keys, components.values) {
                    if innerKey == "messages" {
                        past = true
                        inner.append((innerKey, innerValue))
                    } else if past {
                        inner.append((innerKey, innerValue))
                        if let chunks = deferred[key + "/" + innerKey] { trimmed.deferred[key + "/" + innerKey] = chunks }
                    } else {
                        inner.append((innerKey, .bool(false)))
                    }
                }
                members.append((key, .object(JSONObject(inner))))
            } else if past {
                members.append((key, value))
                if let chunks = deferred[key] { trimmed.deferred[key] = chunks }
            } else {
                members.append((key, .bool(false)))
            }
        }
        trimmed.root = JSONObject(members)
        return trimmed
    }

    /// Chunks building the members of `items` a slice at a time.
    static func chunks<Item: Sendable>(of items: [Item], size: Int = 256, _ members: @escaping @Sendable ([Item]) -> [DeferredMember]) -> [Chunk] {
        stride(from: 0, to: items.count, by: size).map { start in
            let slice = Array(items[start..<min(items.count, start + size)])
            return { members(slice) }
        }
    }

    /// The whole document: deferred maps built and set in place (messages stay as they are).
    func materialized() -> JSONObject {
        var root = root
        for (path, chunks) in deferred {
            var members = MemberList()
            for chunk in chunks { for member in chunk() { members.set(member.key, member.value) } }
            let keys = path.split(separator: "/").map(String.init)
            if keys.count == 1 {
                root.set(keys[0], .object(members.object))
            } else if case .object(var inner)? = root[keys[0]] {
                inner.set(keys[1], .object(members.object))
                root.set(keys[0], .object(inner))
            }
        }
        return root
    }
}

/// A member of a deferred map: built when written, or already rendered (shared by every document listing it).
enum DeferredMember: Sendable {
    case value(String, JSONValue)
    case rendered(RenderedMember)

    var key: String {
        switch self {
        case .value(let key, _): key
        case .rendered(let member): member.key
        }
    }

    /// The member's value (parsed back from its JSON when it was rendered ahead).
    var value: JSONValue {
        switch self {
        case .value(_, let value): value
        case .rendered(let member): member.value
        }
    }
}

/// One map member rendered once in both formats: YAML lines at the member's depth, `"key":value` in JSON.
struct RenderedMember: Sendable {
    let key: String
    let yaml: [UInt8]
    let json: [UInt8]
    /// Where the value starts in `json`, after `"key":`.
    private let valueStart: Int

    /// `key: value` rendered for a map whose members sit at `indent`.
    init(_ key: String, _ value: JSONValue, indent: Int) {
        self.key = key
        var yaml: [UInt8] = []
        YAMLWriter().appendMember(key, value, indent: indent, into: &yaml)
        var json: [UInt8] = []
        JSONWriter.appendString(key, into: &json)
        json.append(UInt8(ascii: ":"))
        valueStart = json.count
        JSONWriter(style: .compact).write(value, into: &json)
        self.yaml = yaml
        self.json = json
    }

    /// `key: value` for a map whose members sit at `indent`, the value given as a walk.
    init(_ key: String, indent: Int, walk: (inout DualFormatWriter) -> Void) {
        self.key = key
        var writer = DualFormatWriter()
        writer.beginEntry(key, indent: indent)
        valueStart = writer.json.count
        walk(&writer)
        yaml = writer.yaml
        json = writer.json
    }

    var value: JSONValue { (try? JSONParser().parse(Array(json[valueStart...])).plain) ?? .null }
}

/// The two serialisations of a document: YAML for people, compact JSON for tools.
enum DocumentFormat: CaseIterable, Sendable {
    case yaml, json

    var fileExtension: String { self == .yaml ? "yaml" : "json" }
}

/// The bytes of one document file before and after its message entries.
struct DocumentFrame: Sendable {
    var head: [UInt8] = []
    var tail: [UInt8] = []
}

/// A document ready to stream: its file stem, the messages it lists and its frame in each format. Written whole,
/// `head + entries + tail` is exactly what the writers make of the full document.
struct FramedDocument: Sendable {
    var stem: String
    var messages: [Int]
    var yaml = DocumentFrame()
    var json = DocumentFrame()
    /// Whether `components.messages` has been reached: bytes go to the tails from then on.
    private var pastMessages = false
    /// Which part is rendered; the other part's members are walked past without being built or written.
    private let part: Part

    /// The bytes before the message entries, or after them.
    enum Part: Sendable { case head, tail }

    /// Frames `part` of the outline. The writer renders the heads first and the tails last, so a tail's deferred
    /// members (the catalog's operations) are built only when they are written.
    init(_ outline: DocumentOutline, part: Part) {
        self.part = part
        stem = outline.stem
        messages = outline.messages
        append(json: [UInt8(ascii: "{")])
        for (index, (key, value)) in zip(outline.root.keys, outline.root.values).enumerated() {
            let first = index == 0
            if value == DocumentOutline.placeholder, let chunks = outline.deferred[key] {
                writeDeferred(key, chunks, indent: 0, first: first)
            } else if key == "components", case .object(let components) = value,
                      components.keys.contains(where: { components[$0] == DocumentOutline.placeholder }) {
                writeKey(key, indent: 0, first: first)
                for (innerIndex, (inner, innerValue)) in zip(components.keys, components.values).enumerated() {
                    let innerFirst = innerIndex == 0
                    if innerValue == DocumentOutline.placeholder, let chunks = outline.deferred[key + "/" + inner] {
                        writeDeferred(inner, chunks, indent: 2, first: innerFirst)
                    } else if inner == "messages", innerValue == DocumentOutline.placeholder {
                        writeKey(inner, indent: 2, first: innerFirst)
                        pastMessages = true
                        append(json: [UInt8(ascii: "}")])
                    } else {
                        writeMember(inner, innerValue, indent: 2, first: innerFirst)
                    }
                }
                append(json: [UInt8(ascii: "}")])
            } else {
                writeMember(key, value, indent: 0, first: first)
            }
        }
        if outline.root.isEmpty { append(yaml: Array("{}\n".utf8)) }
        append(json: Array("}\n".utf8))
    }

    /// Whether what is being walked now belongs to the part being rendered.
    private var renders: Bool {
        part == .tail ? pastMessages : !pastMessages
    }

    /// A member written whole in both formats.
    private mutating func writeMember(_ key: String, _ value: JSONValue, indent: Int, first: Bool) {
        guard renders else { return }
        var yamlBytes: [UInt8] = [], jsonBytes: [UInt8] = []
        YAMLWriter().appendMember(key, value, indent: indent, into: &yamlBytes)
        if !first { jsonBytes.append(UInt8(ascii: ",")) }
        JSONWriter.appendString(key, into: &jsonBytes)
        jsonBytes.append(UInt8(ascii: ":"))
        JSONWriter(style: .compact).write(value, into: &jsonBytes)
        append(yaml: yamlBytes)
        append(json: jsonBytes)
    }

    /// `key:` opening a non-empty map (YAML) and `"key":{` (JSON), whose members follow.
    private mutating func writeKey(_ key: String, indent: Int, first: Bool) {
        guard renders else { return }
        var yamlBytes: [UInt8] = [], jsonBytes: [UInt8] = []
        YAMLBytes.pad(indent, into: &yamlBytes)
        YAMLScalar.appendFlow(key, into: &yamlBytes)
        yamlBytes.append(YAMLBytes.colon)
        yamlBytes.append(YAMLBytes.newline)
        if !first { jsonBytes.append(UInt8(ascii: ",")) }
        JSONWriter.appendString(key, into: &jsonBytes)
        jsonBytes.append(contentsOf: ":{".utf8)
        append(yaml: yamlBytes)
        append(json: jsonBytes)
    }

    /// A map whose members are built a chunk at a time, the chunks rendered on every core and written in order.
    private mutating func writeDeferred(_ key: String, _ chunks: [DocumentOutline.Chunk], indent: Int, first: Bool) {
        guard renders else { return }
        writeKey(key, indent: indent, first: first)
        let rendered = ParallelMap.map(chunks) { chunk in Self.render(chunk(), indent: indent + 2) }
        var firstMember = true
        for (yamlBytes, jsonBytes) in rendered where !jsonBytes.isEmpty {
            append(yaml: yamlBytes)
            append(json: firstMember ? jsonBytes : [UInt8(ascii: ",")] + jsonBytes)
            firstMember = false
        }
        append(json: [UInt8(ascii: "}")])
    }

    /// One chunk's members at `indent` (YAML) and comma-separated (JSON).
    private static func render(_ members: [DeferredMember], indent: Int) -> (yaml: [UInt8], json: [UInt8]) {
        var yaml: [UInt8] = [], json: [UInt8] = []
        for (index, member) in members.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            switch member {
            case .value(let key, let value):
                YAMLWriter().appendMember(key, value, indent: indent, into: &yaml)
                JSONWriter.appendString(key, into: &json)
                json.append(UInt8(ascii: ":"))
                JSONWriter(style: .compact).write(value, into: &json)
            case .rendered(let rendered):
                yaml.append(contentsOf: rendered.yaml)
                json.append(contentsOf: rendered.json)
            }
        }
        return (yaml, json)
    }

    private mutating func append(yaml bytes: [UInt8]) {
        guard renders else { return }
        if pastMessages { yaml.tail.append(contentsOf: bytes) } else { yaml.head.append(contentsOf: bytes) }
    }

    private mutating func append(json bytes: [UInt8]) {
        guard renders else { return }
        if pastMessages { json.tail.append(contentsOf: bytes) } else { json.head.append(contentsOf: bytes) }
    }
}

/// One message's entry in `components.messages`, in each format, shared by every document that lists it.
struct MessageEntry: Sendable {
    /// The indentation of an entry's key: the depth of `components.messages` in every document.
    static let indent = 4
    /// `    <id>:` and the object's lines.
    var yaml: [UInt8]
    /// `"<id>":{…}`; documents put a comma before every entry but their first.
    var json: [UInt8]
}
