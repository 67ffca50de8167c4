import HeraldAvro

/// The named types a schema document uses but does not define, found by walking its JSON: what its Confluent
/// `references` must supply.
enum TypeReferences {
    static let primitives: Set<String> = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]

    /// Full names used and not defined in `document`.
    static func external(in document: JSONValue) -> Set<String> {
        var used = Set<String>()
        var defined = Set<String>()
        walk(document, namespace: nil, used: &used, defined: &defined)
        return used.subtracting(defined)
    }

    /// Full names defined in `document`.
    static func defined(in document: JSONValue) -> Set<String> {
        var used = Set<String>()
        var defined = Set<String>()
        walk(document, namespace: nil, used: &used, defined: &defined)
        return defined
    }

    private static func fullName(_ name: String, namespace: String?) -> String {
        if name.contains(".") { return name }
        guard let namespace, !namespace.isEmpty else { return name }
        return "\(namespace).\(name)"
    }

    private static func walk(_ value: JSONValue, namespace: String?, used: inout Set<String>, defined: inout Set<String>) {
        switch value {
        case .string(let name):
            if !primitives.contains(name) { used.insert(fullName(name, namespace: namespace)) }
        case .array(let items):
            for item in items { walk(item, namespace: namespace, used: &used, defined: &defined) }
        case .object(let object):
            guard let type = object["type"] else { return }
            if case .string(let kind) = type, ["record", "error", "enum", "fixed"].contains(kind) {
                var inner = namespace
                if case .string(let ns)? = object["namespace"] { inner = ns }
                if case .string(let name)? = object["name"] {
                    let full = fullName(name, namespace: inner)
                    defined.insert(full)
                    if let dot = full.lastIndex(of: ".") { inner = String(full[..<dot]) }
                }
                if case .array(let fields)? = object["fields"] {
                    for field in fields {
                        if case .object(let f) = field, let fieldType = f["type"] {
                            walk(fieldType, namespace: inner, used: &used, defined: &defined)
                        }
                    }
                }
            } else if case .string("array") = type, let items = object["items"] {
                walk(items, namespace: namespace, used: &used, defined: &defined)
            } else if case .string("map") = type, let values = object["values"] {
                walk(values, namespace: namespace, used: &used, defined: &defined)
            } else {
                walk(type, namespace: namespace, used: &used, defined: &defined)
            }
        default:
            return
        }
    }
}
