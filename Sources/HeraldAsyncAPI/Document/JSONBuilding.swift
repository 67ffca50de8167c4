import Foundation
import HeraldAvro

/// Small constructors that keep the document builders readable.
extension JSONValue {
    static func text(_ s: String) -> JSONValue { .string(s) }

    static func integer(_ i: Int) -> JSONValue { .number(JSONNumber(i)) }

    static func texts(_ items: [String]) -> JSONValue { .array(items.map { .string($0) }) }

    /// `{"$ref": pointer}`.
    static func reference(_ pointer: String) -> JSONValue { .object(JSONObject([("$ref", .string(pointer))])) }

    /// An object from members in the given order.
    static func members(_ members: [(String, JSONValue)]) -> JSONValue { .object(JSONObject(members.map { (key: $0.0, value: $0.1) })) }
}

extension JSONObject {
    /// Sets a string member when the value is present and not empty.
    mutating func setText(_ key: String, _ value: String?) {
        if let value, !value.isEmpty { set(key, .string(value)) }
    }

    /// Sets a member when the value is present.
    mutating func setValue(_ key: String, _ value: JSONValue?) {
        if let value { set(key, value) }
    }

    /// Sets an object member when it has members.
    mutating func setObject(_ key: String, _ value: JSONObject) {
        if !value.isEmpty { set(key, .object(value)) }
    }

    /// Sets an array member when it has items.
    mutating func setArray(_ key: String, _ items: [JSONValue]) {
        if !items.isEmpty { set(key, .array(items)) }
    }
}

/// JSON Pointer escaping for `$ref` values.
enum JSONPointer {
    /// One reference token, with `~` and `/` escaped.
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
