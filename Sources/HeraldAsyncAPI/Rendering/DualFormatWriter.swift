import HeraldAvro

/// Writes a walk of JSON events as block YAML and compact JSON at once, byte for byte what `YAMLWriter` and
/// `JSONWriter(style: .compact)` make of the value the walk describes, without building that value.
///
/// YAML's layout of a container depends on what introduced it (a `key:`, a `-`, nothing) and on whether it is
/// empty (`{}`, `[]` inline), so each open container remembers how it was introduced and writes its opening only
/// when its first member or item arrives.
struct DualFormatWriter: JSONEventSink {
    var yaml: [UInt8] = []
    var json: [UInt8] = []

    /// What comes before a value in YAML: nothing (a document), `key:` or `-`.
    private enum Slot { case document, member, item }

    /// An open container: its members' or items' indentation, what introduced it, how many it has so far.
    private struct Frame {
        var isObject: Bool
        var indent: Int
        var opener: Slot
        var count = 0
    }

    private var frames: [Frame] = []
    /// Where the next value goes, and the indentation of its `key:` or `-`.
    private var slot = Slot.document
    private var slotIndent = 0

    init() {}

    /// `key:` as a member of a map whose members sit at `indent` (YAML) and `"key":` (JSON), its value to follow:
    /// one entry of a map written elsewhere. In JSON the caller puts any comma before it.
    mutating func beginEntry(_ key: String, indent: Int) {
        YAMLBytes.pad(indent, into: &yaml)
        YAMLScalar.appendFlow(key, into: &yaml)
        yaml.append(YAMLBytes.colon)
        JSONWriter.appendString(key, into: &json)
        json.append(UInt8(ascii: ":"))
        slot = .member
        slotIndent = indent
    }

    mutating func beginObject() {
        beforeValue()
        json.append(UInt8(ascii: "{"))
        frames.append(Frame(isObject: true, indent: slot == .document ? 0 : slotIndent + 2, opener: slot))
    }

    mutating func key(_ key: String) {
        guard let frame = frames.last else { return }
        if frame.count > 0 { json.append(UInt8(ascii: ",")) }
        if frame.count == 0 {
            switch frame.opener {
            case .member:
                yaml.append(YAMLBytes.newline)
                YAMLBytes.pad(frame.indent, into: &yaml)
            case .item:
                // The first member shares the dash's line.
                yaml.append(YAMLBytes.space)
            case .document:
                YAMLBytes.pad(frame.indent, into: &yaml)
            }
        } else {
            YAMLBytes.pad(frame.indent, into: &yaml)
        }
        if !appendPlain(key, yamlPrefix: nil) {
            JSONWriter.appendString(key, into: &json)
            YAMLScalar.appendFlow(key, into: &yaml)
        }
        json.append(UInt8(ascii: ":"))
        yaml.append(YAMLBytes.colon)
        frames[frames.count - 1].count += 1
        slot = .member
        slotIndent = frame.indent
    }

    /// Plain-safe text (most keys and names) as it is in YAML, after `yamlPrefix`, and quoted in JSON: it holds
    /// no byte JSON escapes. False, with nothing written, for any other text.
    private mutating func appendPlain(_ text: String, yamlPrefix: UInt8?) -> Bool {
        let written = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard YAMLScalar.isPlainSafe(bytes: bytes) else { return false }
            json.append(UInt8(ascii: "\""))
            json.append(contentsOf: bytes)
            json.append(UInt8(ascii: "\""))
            if let yamlPrefix { yaml.append(yamlPrefix) }
            yaml.append(contentsOf: bytes)
            return true
        }
        return written ?? false
    }

    mutating func endObject() {
        guard let frame = frames.popLast() else { return }
        json.append(UInt8(ascii: "}"))
        if frame.count == 0 { appendEmpty("{}", after: frame.opener) }
    }

    mutating func beginArray() {
        beforeValue()
        json.append(UInt8(ascii: "["))
        frames.append(Frame(isObject: false, indent: slot == .document ? 0 : slotIndent + 2, opener: slot))
    }

    mutating func endArray() {
        guard let frame = frames.popLast() else { return }
        json.append(UInt8(ascii: "]"))
        if frame.count == 0 { appendEmpty("[]", after: frame.opener) }
    }

    mutating func string(_ text: String) {
        beforeValue()
        if slot != .document, appendPlain(text, yamlPrefix: YAMLBytes.space) {
            yaml.append(YAMLBytes.newline)
            return
        }
        JSONWriter.appendString(text, into: &json)
        if slot == .document {
            YAMLScalar.appendFlow(text, into: &yaml)
            yaml.append(YAMLBytes.newline)
        } else {
            YAMLWriter().appendString(text, indent: slotIndent, into: &yaml)
        }
    }

    mutating func number(_ number: JSONNumber) {
        beforeValue()
        json.append(contentsOf: number.text.utf8)
        beginInline()
        YAMLScalar.appendNumber(number, into: &yaml)
        yaml.append(YAMLBytes.newline)
    }

    mutating func integer(_ value: Int) {
        beforeValue()
        // An integer's decimal digits are its spelling in both formats.
        let digits = String(value)
        json.append(contentsOf: digits.utf8)
        beginInline()
        yaml.append(contentsOf: digits.utf8)
        yaml.append(YAMLBytes.newline)
    }

    mutating func bool(_ value: Bool) { inline(value ? "true" : "false") }

    mutating func null() { inline("null") }

    mutating func value(_ value: JSONValue) { walk(value) }

    mutating func avroSchema(_ schema: AvroSchema) { AvroSchemaEvents.walk(schema, into: &self) }

    /// A scalar spelled the same in both formats.
    private mutating func inline(_ text: StaticString) {
        beforeValue()
        let bytes = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        json.append(contentsOf: bytes)
        beginInline()
        yaml.append(contentsOf: bytes)
        yaml.append(YAMLBytes.newline)
    }

    /// The space between `key:` or `-` and an inline scalar.
    private mutating func beginInline() {
        if slot != .document { yaml.append(YAMLBytes.space) }
    }

    /// `{}` or `[]` for an empty container, inline after its key or dash.
    private mutating func appendEmpty(_ text: StaticString, after opener: Slot) {
        if opener != .document { yaml.append(YAMLBytes.space) }
        yaml.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        yaml.append(YAMLBytes.newline)
    }

    /// In an array, what precedes an item: the comma (JSON), the line break opening the list and the dash (YAML).
    private mutating func beforeValue() {
        guard let frame = frames.last, !frame.isObject else { return }
        if frame.count > 0 { json.append(UInt8(ascii: ",")) }
        if frame.count == 0, frame.opener != .document { yaml.append(YAMLBytes.newline) }
        YAMLBytes.pad(frame.indent, into: &yaml)
        yaml.append(YAMLBytes.dash)
        frames[frames.count - 1].count += 1
        slot = .item
        slotIndent = frame.indent
    }
}
