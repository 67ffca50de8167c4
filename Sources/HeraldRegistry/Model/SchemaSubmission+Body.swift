import HeraldAvro

extension SchemaSubmission {
    /// A registration or lookup request body: `{"schema":…,"schemaType":…,"references":[…],"id":…,"version":…}`.
    /// A missing body, a body that is not an object, or one without a string `schema` is Confluent's "Empty schema".
    public init(requestBody body: JSONValue?) throws(RegistryError) {
        guard case .object(let object)? = body, case .string(let schema)? = object["schema"] else {
            throw .invalidSchema("Empty schema")
        }
        self.init(schema: schema)
        if case .string(let type)? = object["schemaType"] { schemaType = type }
        if case .array(let items)? = object["references"] {
            for item in items {
                guard let reference = SchemaReference(json: item) else {
                    throw .invalidSchema("Invalid schema: a reference needs name, subject and version")
                }
                references.append(reference)
            }
        }
        if case .number(let n)? = object["id"], let id = n.int64, id >= 0 { self.id = Int(id) }
        if case .number(let n)? = object["version"], let version = n.int64, version > 0 { self.version = Int(version) }
    }
}
