import HeraldAvro

/// The JSON of a registry API request body, read the way Confluent's registry reads it.
public enum RegistryRequestBody {
    /// The body as JSON; nil when it is empty or only whitespace (a request without a body).
    public static func json(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try JSONParser().parse(bytes).plain
    }

    /// A string member of an object body (`compatibility`, `mode`); nil otherwise.
    public static func string(_ key: String, in body: JSONValue?) -> String? {
        guard case .object(let object)? = body, case .string(let text)? = object[key] else { return nil }
        return text
    }
}
