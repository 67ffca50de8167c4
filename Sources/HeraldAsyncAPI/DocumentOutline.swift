import HeraldAvro

/// One document with its message objects left out: `components.messages` holds `deferredMessages`, and `messages`
/// lists the indices into `CatalogTopology.messages` (ascending) whose objects belong there.
struct DocumentOutline: Sendable {
    /// The value standing in for `components.messages` until the streaming writer fills it.
    static let deferredMessages = JSONValue.null

    /// The file stem: `catalog` or a service's.
    var stem: String
    var root: JSONObject
    var messages: [Int]
}

/// A document ready to stream: its file stem, the messages it lists and its frame in each format.
struct FramedDocument: Sendable {
    var stem: String
    var messages: [Int]
    var yaml: DocumentFrame
    var json: DocumentFrame

    init(_ outline: DocumentOutline) {
        stem = outline.stem
        messages = outline.messages
        yaml = DocumentFrame(outline, format: .yaml)
        json = DocumentFrame(outline, format: .json)
    }
}

/// The two serialisations of a document: YAML for people, compact JSON for tools.
enum DocumentFormat: CaseIterable, Sendable {
    case yaml, json

    var fileExtension: String { self == .yaml ? "yaml" : "json" }
}

/// The bytes of one document file before and after its message entries, and how each entry is written.
struct DocumentFrame: Sendable {
    var head: [UInt8] = []
    var tail: [UInt8] = []

    /// Frames the outline: everything up to `components.messages`' first entry, and everything after its last.
    /// Written whole, `head + entries + tail` is exactly what the writer makes of the full document.
    init(_ outline: DocumentOutline, format: DocumentFormat) {
        switch format {
        case .yaml: frameYAML(outline.root)
        case .json: frameJSON(outline.root)
        }
    }

    private mutating func frameYAML(_ root: JSONObject) {
        let writer = YAMLWriter()
        var beforeMessages = true
        for (key, value) in zip(root.keys, root.values) {
            guard key == "components", case .object(let components) = value, Self.defersMessages(components) else {
                if beforeMessages { writer.appendMember(key, value, indent: 0, into: &head) } else {
                    writer.appendMember(key, value, indent: 0, into: &tail)
                }
                continue
            }
            YAMLBytes.pad(0, into: &head)
            YAMLScalar.appendFlow(key, into: &head)
            head.append(YAMLBytes.colon)
            head.append(YAMLBytes.newline)
            for (inner, innerValue) in zip(components.keys, components.values) {
                if inner == "messages" {
                    YAMLBytes.pad(2, into: &head)
                    YAMLScalar.appendFlow(inner, into: &head)
                    head.append(YAMLBytes.colon)
                    head.append(YAMLBytes.newline)
                    beforeMessages = false
                } else if beforeMessages {
                    writer.appendMember(inner, innerValue, indent: 2, into: &head)
                } else {
                    writer.appendMember(inner, innerValue, indent: 2, into: &tail)
                }
            }
        }
        if root.isEmpty { head.append(contentsOf: "{}\n".utf8) }
    }

    private mutating func frameJSON(_ root: JSONObject) {
        let writer = JSONWriter(style: .compact)
        var beforeMessages = true
        func member(_ key: String, _ value: JSONValue, first: Bool, into out: inout [UInt8]) {
            if !first { out.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(key, into: &out)
            out.append(UInt8(ascii: ":"))
            writer.write(value, into: &out)
        }
        head.append(UInt8(ascii: "{"))
        for (index, (key, value)) in zip(root.keys, root.values).enumerated() {
            guard key == "components", case .object(let components) = value, Self.defersMessages(components) else {
                if beforeMessages { member(key, value, first: index == 0, into: &head) } else {
                    member(key, value, first: index == 0, into: &tail)
                }
                continue
            }
            if index > 0 { head.append(UInt8(ascii: ",")) }
            JSONWriter.appendString(key, into: &head)
            head.append(contentsOf: ":{".utf8)
            for (innerIndex, (inner, innerValue)) in zip(components.keys, components.values).enumerated() {
                if inner == "messages" {
                    if innerIndex > 0 { head.append(UInt8(ascii: ",")) }
                    JSONWriter.appendString(inner, into: &head)
                    head.append(contentsOf: ":{".utf8)
                    tail.append(UInt8(ascii: "}"))
                    beforeMessages = false
                } else if beforeMessages {
                    member(inner, innerValue, first: innerIndex == 0, into: &head)
                } else {
                    member(inner, innerValue, first: false, into: &tail)
                }
            }
            if beforeMessages { head.append(UInt8(ascii: "}")) } else { tail.append(UInt8(ascii: "}")) }
        }
        if beforeMessages { head.append(contentsOf: "}\n".utf8) } else { tail.append(contentsOf: "}\n".utf8) }
    }

    private static func defersMessages(_ components: JSONObject) -> Bool {
        components["messages"] == DocumentOutline.deferredMessages
    }
}

/// One message's entry in `components.messages`, in each format, shared by every document that lists it.
struct MessageEntry: Sendable {
    /// `    <id>:` and the object's lines, at the depth of `components.messages` in every document.
    var yaml: [UInt8] = []
    /// `"<id>":{…}`; documents put a comma before every entry but their first.
    var json: [UInt8] = []

    init(id: String, object: JSONObject) {
        YAMLWriter().appendMember(id, .object(object), indent: 4, into: &yaml)
        JSONWriter.appendString(id, into: &json)
        json.append(UInt8(ascii: ":"))
        JSONWriter(style: .compact).write(.object(object), into: &json)
    }
}
