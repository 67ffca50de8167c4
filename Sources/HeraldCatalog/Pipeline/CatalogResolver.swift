import HeraldAvro
import HeraldDiagnostics

/// Stage 3: parses every schema against the shared types and every example as JSON, and indexes the references.
public struct CatalogResolver: Sendable {
    public init() {}

    public func resolve(_ parsed: ParsedCatalog) -> ResolvedCatalog {
        var diagnostics = parsed.diagnostics
        let manifest = parsed.manifest ?? CatalogManifest()
        var teams: [String: CatalogManifest.Team] = [:]
        for team in manifest.teams where teams[team.id.value] == nil { teams[team.id.value] = team }
        var services: [String: CatalogManifest.Service] = [:]
        for service in manifest.services where services[service.id.value] == nil { services[service.id.value] = service }
        let defaultCompatibility = manifest.defaults.compatibility.flatMap { CatalogCompatibility.mode(named: $0.value) } ?? "BACKWARD"

        let (types, typeDiagnostics) = SharedTypeResolver.resolve(parsed.types)
        diagnostics += typeDiagnostics

        let resolved = ParallelMap.map(parsed.events) { event in
            EventResolver(types: types, defaultCompatibility: defaultCompatibility).resolve(event)
        }
        var events: [ResolvedEvent] = []
        events.reserveCapacity(resolved.count)
        var eventIndex: [String: Int] = [:]
        for (event, found) in resolved {
            if eventIndex[event.name] == nil { eventIndex[event.name] = events.count }
            events.append(event)
            diagnostics += found
        }
        return ResolvedCatalog(
            displayRoot: parsed.displayRoot, manifest: manifest, manifestFile: parsed.manifestFile, teams: teams, services: services,
            events: events, eventIndex: eventIndex, defaultCompatibility: defaultCompatibility, types: types, typeFileCount: parsed.types.count,
            diagnostics: diagnostics)
    }
}

/// Resolves one event: its versions, key schema and examples.
struct EventResolver {
    let types: SharedTypes
    let defaultCompatibility: String

    func resolve(_ event: ParsedEvent) -> (ResolvedEvent, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var versions: [ResolvedVersion] = []
        for version in event.versions {
            let (schema, found) = types.parseSchema(version.source)
            diagnostics += found.map { Self.attach($0, to: event.name) }
            versions.append(ResolvedVersion(number: version.number, source: version.source, schema: schema))
        }
        var keySchema: AvroSchema?
        if let source = event.keySchema {
            let (schema, found) = types.parseSchema(source)
            keySchema = schema
            diagnostics += found.map { Self.attach($0, to: event.name) }
        }
        var examples: [ResolvedExample] = []
        for example in event.examples {
            do {
                let document = try JSONParser().parse(example.source.text)
                examples.append(ResolvedExample(kind: example.kind, source: example.source, document: document))
            } catch {
                diagnostics.append(Diagnostic(
                    CatalogRules.exampleSyntax, message: "invalid JSON: \(error.message)",
                    location: SourceLocation(file: example.source.file, line: error.position.line, column: error.position.column), event: event.name))
                examples.append(ResolvedExample(kind: example.kind, source: example.source, document: nil))
            }
        }
        let compatibility = event.manifest?.compatibility.flatMap { CatalogCompatibility.mode(named: $0.value) } ?? defaultCompatibility
        let resolved = ResolvedEvent(
            name: event.name, folder: event.folder, manifestFile: event.manifestFile, manifest: event.manifest, versions: versions,
            keySchema: keySchema, examples: examples, compatibility: compatibility, topic: event.manifest?.topic?.value ?? event.name)
        return (resolved, diagnostics)
    }

    static func attach(_ diagnostic: Diagnostic, to event: String) -> Diagnostic {
        var diagnostic = diagnostic
        if diagnostic.event == nil { diagnostic.event = event }
        return diagnostic
    }
}
