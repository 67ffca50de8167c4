import HeraldAvro

/// Receives one JSON value as a walk of events (containers opened and closed, keys, scalars). The document parts
/// that dominate a large build (message objects, their Avro payloads) are described once against this protocol:
/// `JSONTreeBuilder` turns the walk into a `JSONValue`, `DualFormatWriter` straight into YAML and JSON bytes.
protocol JSONEventSink {
    /// Opens an object; `key` and a value follow for each member.
    mutating func beginObject()
    /// The key of the next member of the innermost object.
    mutating func key(_ key: String)
    /// Closes the innermost object.
    mutating func endObject()
    /// Opens an array; its items follow.
    mutating func beginArray()
    /// Closes the innermost array.
    mutating func endArray()
    mutating func string(_ text: String)
    mutating func number(_ number: JSONNumber)
    mutating func integer(_ value: Int)
    /// A boolean value.
    mutating func bool(_ value: Bool)
    /// `null`.
    mutating func null()
    /// A whole value at once.
    mutating func value(_ value: JSONValue)
    /// An Avro schema as `AvroSchemaWriter` writes it.
    mutating func avroSchema(_ schema: AvroSchema)
}

extension JSONEventSink {
    /// Walks a value as events.
    mutating func walk(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .number(let literal): number(literal)
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { walk(item) }
            endArray()
        case .object(let object):
            beginObject()
            let keys = object.keys, values = object.values
            for index in keys.indices {
                key(keys[index])
                walk(values[index])
            }
            endObject()
        }
    }

    mutating func member(_ key: String, _ text: String) {
        self.key(key)
        string(text)
    }

    /// A string member, left out when the text is absent or empty (as `JSONObject.setText`).
    mutating func member(_ key: String, text: String?) {
        guard let text, !text.isEmpty else { return }
        member(key, text)
    }

    /// An array of strings.
    mutating func strings(_ items: [String]) {
        beginArray()
        for item in items { string(item) }
        endArray()
    }

    /// `{"$ref": pointer}`.
    mutating func reference(_ pointer: String) {
        beginObject()
        member("$ref", pointer)
        endObject()
    }
}

/// Builds the `JSONValue` a walk describes, with `JSONObject.set`'s meaning for keys.
struct JSONTreeBuilder: JSONEventSink {
    private enum Frame {
        case object(JSONObject, key: String)
        case array([JSONValue])
    }

    private var frames: [Frame] = []
    /// The value once the walk has closed its outermost container (or given its only scalar).
    private(set) var result: JSONValue = .null

    init() {}

    /// The object a walk built, or an empty one when it built something else.
    var object: JSONObject {
        if case .object(let object) = result { return object }
        return JSONObject()
    }

    mutating func beginObject() { frames.append(.object(JSONObject(), key: "")) }

    mutating func key(_ key: String) {
        guard case .object(let object, _)? = frames.popLast() else { return }
        frames.append(.object(object, key: key))
    }

    mutating func endObject() {
        guard case .object(let object, _)? = frames.popLast() else { return }
        put(.object(object))
    }

    mutating func beginArray() { frames.append(.array([])) }

    mutating func endArray() {
        guard case .array(let items)? = frames.popLast() else { return }
        put(.array(items))
    }

    mutating func string(_ text: String) { put(.string(text)) }
    mutating func number(_ number: JSONNumber) { put(.number(number)) }
    mutating func integer(_ value: Int) { put(.number(JSONNumber(value))) }
    mutating func bool(_ value: Bool) { put(.bool(value)) }
    mutating func null() { put(.null) }
    mutating func value(_ value: JSONValue) { put(value) }
    mutating func avroSchema(_ schema: AvroSchema) { put(AvroSchemaWriter().jsonValue(schema)) }

    private mutating func put(_ value: JSONValue) {
        switch frames.popLast() {
        case nil:
            result = value
        case .object(var object, let key)?:
            object.set(key, value)
            frames.append(.object(object, key: key))
        case .array(var items)?:
            items.append(value)
            frames.append(.array(items))
        }
    }
}
