import HeraldAvro
import HeraldDiagnostics

/// `key: {type: …}` names an Avro primitive; a key schema file must exist (checked while parsing) and parse.
struct KeyRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.keyInvalid] }
    static let primitives = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        catalog.events.compactMap { event in
            guard case .type(let type) = event.manifest?.key, !Self.primitives.contains(type.value) else { return nil }
            return Diagnostic(
                CatalogRules.keyInvalid, message: "key type '\(type.value)' is not an Avro primitive",
                hint: NameSuggestion.hint(for: type.value, in: Self.primitives) ?? "Use a primitive (string, long, …) or 'schema: key.avsc' for a structured key.",
                location: type.location, event: event.name)
        }
    }
}

/// The latest version carries the event's ID field, as a required string.
struct IDFieldRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.idFieldMissing, CatalogRules.idFieldNotString] }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        catalog.events.compactMap { event -> Diagnostic? in
            // When the highest version did not load, checking an older one would blame the wrong file.
            guard let manifest = event.manifest, let latest = event.latest, latest.number == event.versions.last?.number, let schema = latest.schema,
                  case .record(let record) = schema.rootNode.type else { return nil }
            let name = manifest.idField?.value ?? "eventId"
            let location = manifest.idField?.location ?? SourceLocation(file: latest.source.file, line: schema.rootNode.source?.location.line ?? 1, column: schema.rootNode.source?.location.column ?? 1)
            guard let index = record.fieldIndex(named: name) else {
                return Diagnostic(
                    CatalogRules.idFieldMissing, message: "v\(latest.number) of '\(event.name)' has no ID field '\(name)'",
                    hint: manifest.idField == nil
                        ? "Add a string field 'eventId', or name the ID field with 'idField:' in event.yaml."
                        : NameSuggestion.hint(for: name, in: record.fields.map(\.name)),
                    location: location, event: event.name)
            }
            let field = record.fields[index]
            guard field.type >= 0, field.type < schema.nodes.count else { return nil }
            if case .string = schema[field.type].type { return nil }
            let at = field.source?.location ?? location
            return Diagnostic(
                CatalogRules.idFieldNotString,
                message: "ID field '\(name)' of '\(event.name)' v\(latest.number) is \(schema[field.type].type.specName), not a string",
                hint: "Make it {\"type\": \"string\", \"logicalType\": \"uuid\"}; an optional ID cannot deduplicate.",
                location: at, pointer: field.source?.pointer, event: event.name)
        }
    }
}
