import HeraldAvro

/// A stored change that does not decode.
public struct RegistryChangeDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension RegistryChange {
    /// The change as a JSON object: `{"op":"register","subject":…,"schema":…,"references":[…],"id":…,"version":…}`,
    /// `{"op":"deleteVersion",…}`, `{"op":"deleteSubject",…}`, `{"op":"config",…}`, `{"op":"mode",…}`.
    public var json: JSONValue {
        func object(_ members: [(String, JSONValue?)]) -> JSONValue {
            .object(JSONObject(members.compactMap { key, value in value.map { (key: key, value: $0) } }))
        }
        switch self {
        case .registered(let subject, let schema, let references, let id, let version):
            return object([
                ("op", .string("register")), ("subject", .string(subject)), ("id", .number(JSONNumber(id))),
                ("version", .number(JSONNumber(version))), ("schema", .string(schema)),
                ("references", .array(references.map(\.json))),
            ])
        case .versionDeleted(let subject, let version, let permanent):
            return object([("op", .string("deleteVersion")), ("subject", .string(subject)),
                           ("version", .number(JSONNumber(version))), ("permanent", .bool(permanent))])
        case .subjectDeleted(let subject, let permanent):
            return object([("op", .string("deleteSubject")), ("subject", .string(subject)), ("permanent", .bool(permanent))])
        case .compatibilitySet(let subject, let mode):
            return object([("op", .string("config")), ("subject", subject.map { .string($0) }),
                           ("compatibility", mode.map { .string($0.rawValue) })])
        case .modeSet(let subject, let mode):
            return object([("op", .string("mode")), ("subject", subject.map { .string($0) }), ("mode", mode.map { .string($0.rawValue) })])
        }
    }

    /// Decodes `json`.
    public init(json value: JSONValue) throws(RegistryChangeDecodingError) {
        guard case .object(let object) = value, case .string(let op)? = object["op"] else {
            throw RegistryChangeDecodingError(message: "a stored change is not an object with an op")
        }
        func string(_ key: String) throws(RegistryChangeDecodingError) -> String {
            guard case .string(let text)? = object[key] else { throw RegistryChangeDecodingError(message: "\(op): \(key) is missing") }
            return text
        }
        func optionalString(_ key: String) -> String? {
            if case .string(let text)? = object[key] { return text }
            return nil
        }
        func int(_ key: String) throws(RegistryChangeDecodingError) -> Int {
            guard case .number(let n)? = object[key], let v = n.int64 else { throw RegistryChangeDecodingError(message: "\(op): \(key) is missing") }
            return Int(v)
        }
        func bool(_ key: String) -> Bool {
            if case .bool(let b)? = object[key] { return b }
            return false
        }
        switch op {
        case "register":
            var references: [SchemaReference] = []
            if case .array(let items)? = object["references"] {
                for item in items {
                    guard let reference = SchemaReference(json: item) else {
                        throw RegistryChangeDecodingError(message: "register: a reference is malformed")
                    }
                    references.append(reference)
                }
            }
            self = .registered(subject: try string("subject"), schema: try string("schema"), references: references,
                               id: try int("id"), version: try int("version"))
        case "deleteVersion":
            self = .versionDeleted(subject: try string("subject"), version: try int("version"), permanent: bool("permanent"))
        case "deleteSubject":
            self = .subjectDeleted(subject: try string("subject"), permanent: bool("permanent"))
        case "config":
            let mode = try optionalString("compatibility").map { (text: String) throws(RegistryChangeDecodingError) -> CompatibilityMode in
                guard let mode = CompatibilityMode(parsing: text) else { throw RegistryChangeDecodingError(message: "config: unknown level \(text)") }
                return mode
            }
            self = .compatibilitySet(subject: optionalString("subject"), mode: mode)
        case "mode":
            let mode = try optionalString("mode").map { (text: String) throws(RegistryChangeDecodingError) -> RegistryMode in
                guard let mode = RegistryMode(parsing: text) else { throw RegistryChangeDecodingError(message: "mode: unknown mode \(text)") }
                return mode
            }
            self = .modeSet(subject: optionalString("subject"), mode: mode)
        default:
            throw RegistryChangeDecodingError(message: "unknown op \(op)")
        }
    }
}

extension SchemaReference {
    /// `{"name":…,"subject":…,"version":…}`, as Confluent writes a reference.
    public var json: JSONValue {
        .object(JSONObject([("name", .string(name)), ("subject", .string(subject)), ("version", .number(JSONNumber(version)))]))
    }

    /// A reference from its JSON; nil when a member is missing or mistyped.
    public init?(json: JSONValue) {
        guard case .object(let o) = json, case .string(let name)? = o["name"], case .string(let subject)? = o["subject"],
              case .number(let version)? = o["version"], let v = version.int64
        else { return nil }
        self.init(name: name, subject: subject, version: Int(v))
    }
}
