import HeraldAvro
import HeraldDiagnostics

/// Examples validate against their version (the latest, or v<N> for examples/v<N>/); examples/invalid/ payloads are
/// rejected by the latest version. Problems are reported with the validator's own rule IDs at the offending value.
struct ExampleRule: CatalogRule {
    var descriptors: [RuleDescriptor] { [CatalogRules.examplesMissing, CatalogRules.invalidExampleAccepted] + DatumRules.all }

    func check(_ catalog: ResolvedCatalog) -> [Diagnostic] {
        ParallelMap.map(catalog.events, Self.check).flatMap { $0 }
    }

    static func check(_ event: ResolvedEvent) -> [Diagnostic] {
        var found: [Diagnostic] = []
        if event.examples.isEmpty, !event.versions.isEmpty {
            found.append(Diagnostic(
                CatalogRules.examplesMissing, message: "event '\(event.name)' has no examples",
                hint: "Add examples/<case>.json with a payload valid for the latest version.", location: event.location, event: event.name))
        }
        // The latest version is the highest number; when it did not parse, its examples cannot be checked (the parse error is reported).
        guard let latestNumber = event.versions.last?.number else { return found }
        var validators: [Int: AvroValidator] = [:]
        func validator(_ number: Int) -> AvroValidator? {
            if let existing = validators[number] { return existing }
            guard let schema = event.versions.first(where: { $0.number == number })?.schema else { return nil }
            let made = AvroValidator(schema: schema)
            validators[number] = made
            return made
        }
        for example in event.examples {
            guard let document = example.document else { continue }
            switch example.kind {
            case .latest, .pinned:
                let number = if case .pinned(let n) = example.kind { n } else { latestNumber }
                guard let validator = validator(number) else { continue }
                for problem in validator.validate(document) {
                    var diagnostic = problem.diagnostic(file: example.source.file, event: event.name)
                    diagnostic.message += " (against v\(number))"
                    if diagnostic.location?.line == 0 { diagnostic.location?.line = 1; diagnostic.location?.column = 1 }
                    found.append(diagnostic)
                }
            case .invalid:
                guard let validator = validator(latestNumber) else { continue }
                if validator.isValid(document) {
                    found.append(Diagnostic(
                        CatalogRules.invalidExampleAccepted, message: "this invalid example is accepted by v\(latestNumber)",
                        hint: "Either the schema lost a constraint it should keep, or the example belongs in examples/.",
                        location: SourceLocation(file: example.source.file, line: document.position.line, column: document.position.column),
                        event: event.name))
                }
            }
        }
        return found
    }
}
