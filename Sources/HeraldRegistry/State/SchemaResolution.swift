import HeraldAvro

extension RegistryState {
    /// Parses a submitted schema with its references' types known, as Confluent resolves `references`.
    public func parse(_ submission: SchemaSubmission) throws(RegistryError) -> AvroSchema {
        if let type = submission.schemaType, type.uppercased() != "AVRO" {
            throw .invalidSchema("Invalid schema type \(type): Herald's registry holds AVRO schemas only")
        }
        if submission.schema.allSatisfy(\.isWhitespace) { throw .invalidSchema("Empty schema") }
        var known = NamedTypeSet()
        for reference in submission.references {
            guard let record = subjects[reference.subject], let version = record.version(reference.version),
                  let stored = schemas[version.schemaID]
            else {
                throw .invalidSchema("Invalid schema: reference '\(reference.name)' names version \(reference.version) of subject '\(reference.subject)', which does not exist")
            }
            known.add(stored.parsed)
        }
        let result = AvroSchemaParser().parse(submission.schema, file: nil, knownTypes: known)
        guard let schema = result.schema else {
            let first = result.diagnostics.first { $0.severity == .error } ?? result.diagnostics.first
            var message = first?.message ?? "the schema does not parse"
            if let location = first?.location, location.line > 0 {
                message += " (line \(location.line)\(location.column > 0 ? ", column \(location.column)" : ""))"
            }
            throw .invalidSchema("Invalid schema: \(message)")
        }
        return schema
    }

    /// A submission parsed into what would be stored (ID not yet assigned).
    func prepare(_ submission: SchemaSubmission, normalize: Bool) throws(RegistryError) -> StoredSchema {
        let parsed = try parse(submission)
        let canonical = parsed.canonicalForm
        // The canonical form inlines referenced types, so it replaces the text only for a self-contained schema.
        let text = normalize && submission.references.isEmpty ? canonical : submission.schema
        return StoredSchema(id: 0, text: text, references: submission.references, parsed: parsed, canonicalForm: canonical)
    }
}
