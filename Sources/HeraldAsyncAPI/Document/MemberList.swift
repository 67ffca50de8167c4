import HeraldAvro

/// Members of an object under construction, with `JSONObject.set`'s meaning (a repeated key replaces the value in
/// place) at constant cost per member, for objects with thousands of members (channels, messages, operations).
struct MemberList {
    private var keys: [String] = []
    private var values: [JSONValue] = []
    private var positions: [String: Int] = [:]

    /// Sets a member, replacing it in place when present, appending otherwise.
    mutating func set(_ key: String, _ value: JSONValue) {
        if let position = positions[key] {
            values[position] = value
        } else {
            positions[key] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    /// The members as an object, in insertion order.
    var object: JSONObject { JSONObject(zip(keys, values).map { (key: $0, value: $1) }) }
}
