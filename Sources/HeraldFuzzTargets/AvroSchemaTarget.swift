import HeraldAvro

extension FuzzTarget {
    /// `.avsc` text into the schema parser. A schema that parses must give a written form that parses again to the
    /// same canonical form, and must be compatible with itself.
    public static let avroSchema = FuzzTarget(name: "avro-schema") { bytes throws(FuzzFinding) in
        let text = String(decoding: bytes, as: UTF8.self)
        guard let schema = AvroSchemaParser().parse(text, file: "fuzz.avsc").schema else { return }
        let canonical = schema.canonicalForm
        _ = schema.rabinFingerprint
        let relaxed = AvroSchemaParser(options: .init(validateDefaults: false))
        // The specification's canonical form drops namespaces, so a type with an explicitly empty namespace inside
        // a namespaced record parses again under another name, or not at all (Java's form is the same): only the
        // written form, which keeps namespaces, must parse back to the same canonical form.
        let written = AvroSchemaWriter().write(schema, style: .compact)
        guard let rewritten = relaxed.parse(written, file: nil).schema else {
            throw FuzzFinding("written schema does not parse: \(written)")
        }
        guard rewritten.canonicalForm == canonical else {
            throw FuzzFinding("written schema changes the canonical form: \(canonical) then \(rewritten.canonicalForm)")
        }
        let verdict = CompatibilityChecker.check(mode: .fullTransitive, versions: [schema, rewritten])
        guard verdict.isCompatible else { throw FuzzFinding("a schema is not compatible with itself: \(canonical)") }
    }
}
