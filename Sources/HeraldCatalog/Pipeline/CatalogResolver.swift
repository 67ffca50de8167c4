import HeraldAvro
import HeraldDiagnostics

/// Stage 3: parses every schema against the shared types and indexes the references.
///
/// Event rules (compatibility, examples, …) need every version of one event parsed; they run here, per event and in
/// parallel, right after that event resolves. Their findings join the resolved catalog's diagnostics. Unless
/// `retainsAllSchemas`, only each event's latest schema is kept afterwards (older ones keep their canonical form), so
/// a catalog of 10,000 events × 5 versions does not hold 50,000 schema arenas at once.
public struct CatalogResolver: Sendable {
    /// Rules run on each event while all its versions are parsed.
    public var eventRules: [any EventRule]
    /// Keep every version's schema (for tools that render them all); false keeps only the latest.
    public var retainsAllSchemas: Bool
    /// Compute every version's Parsing Canonical Form (history checks compare them).
    public var computesCanonicalForms: Bool
    /// Once an event's rules have run, drop the source positions of its older schemas (all but their root's, which
    /// catalog rules may report at): publishing needs none, and this releases each older schema's JSON-pointer table.
    public var dropsOlderSchemaSources: Bool

    public init(eventRules: [any EventRule] = [], retainsAllSchemas: Bool = true, computesCanonicalForms: Bool = true,
                dropsOlderSchemaSources: Bool = false) {
        self.eventRules = eventRules
        self.retainsAllSchemas = retainsAllSchemas
        self.computesCanonicalForms = computesCanonicalForms
        self.dropsOlderSchemaSources = dropsOlderSchemaSources
    }

    /// Resolves a parsed catalog; event rules run per event, in parallel.
    public func resolve(_ parsed: ParsedCatalog) -> ResolvedCatalog {
        let context = context(manifest: parsed.manifest, types: parsed.types)
        let resolved = ParallelMap.map(parsed.events) { parsedEvent in resolveEvent(parsedEvent, in: context) }
        return assemble(parsed: parsed, context: context, events: resolved)
    }

    /// What every event resolves against: the shared types and catalog.yaml's defaults and services.
    public func context(manifest parsedManifest: CatalogManifest?, types sources: [SourceText]) -> ResolveContext {
        let manifest = parsedManifest ?? CatalogManifest()
        var teams: [String: CatalogManifest.Team] = [:]
        for team in manifest.teams where teams[team.id.value] == nil { teams[team.id.value] = team }
        var services: [String: CatalogManifest.Service] = [:]
        for service in manifest.services where services[service.id.value] == nil { services[service.id.value] = service }
        let defaultCompatibility = manifest.defaults.compatibility.flatMap { CatalogCompatibility.mode(named: $0.value) } ?? "BACKWARD"
        let (types, typeDiagnostics) = SharedTypeResolver.resolve(sources)
        return ResolveContext(manifest: manifest, teams: teams, services: services, defaultCompatibility: defaultCompatibility, types: types,
                              typeFileCount: sources.count, typeDiagnostics: typeDiagnostics)
    }

    /// Resolves one event and runs the event rules on it.
    public func resolveEvent(_ parsedEvent: ParsedEvent, in context: ResolveContext) -> (ResolvedEvent, [Diagnostic]) {
        let (event, found, ruleFindings) = resolveEvent(parsedEvent, in: context, knownRuleFindings: nil)
        return (event, found + ruleFindings)
    }

    /// Resolves one event; the event rules run unless their findings are known (from an earlier check of the same
    /// files in the same context). The resolver's own findings and the rules' come back apart.
    public func resolveEvent(_ parsedEvent: ParsedEvent, in context: ResolveContext, knownRuleFindings: [Diagnostic]?)
        -> (ResolvedEvent, found: [Diagnostic], ruleFindings: [Diagnostic]) {
        let (resolved, found) = EventResolver(types: context.types, defaultCompatibility: context.defaultCompatibility, computesCanonicalForms: computesCanonicalForms)
            .resolve(parsedEvent)
        var event = resolved
        var ruleFindings = knownRuleFindings ?? []
        if knownRuleFindings == nil {
            let ruleContext = EventRuleContext(impact: Impact(of: event.manifest, services: context.services))
            for rule in eventRules { ruleFindings += rule.check(event, context: ruleContext) }
        }
        if !retainsAllSchemas, let latest = event.latest?.number {
            for index in event.versions.indices where event.versions[index].number != latest { event.versions[index].schema = nil }
        }
        if dropsOlderSchemaSources, let latest = event.latest?.number {
            for index in event.versions.indices where event.versions[index].number != latest {
                event.versions[index].schema = event.versions[index].schema?.droppingSources(keepingRoot: true)
            }
        }
        return (event, found, ruleFindings)
    }

    /// The resolved catalog from the resolved events (in folder order) and their findings.
    public func assemble(parsed: ParsedCatalog, context: ResolveContext, events resolved: consuming [(ResolvedEvent, [Diagnostic])]) -> ResolvedCatalog {
        var diagnostics = parsed.diagnostics + context.typeDiagnostics
        var resolved = resolved
        var events: [ResolvedEvent] = []
        events.reserveCapacity(resolved.count)
        var eventIndex: [String: Int] = [:]
        // Popped off a reversed array: each result is moved out rather than copied and destroyed.
        resolved.reverse()
        while let (event, found) = resolved.popLast() {
            if eventIndex[event.name] == nil { eventIndex[event.name] = events.count }
            events.append(event)
            diagnostics += found
        }
        return ResolvedCatalog(
            displayRoot: parsed.displayRoot, manifest: context.manifest, hasManifest: parsed.manifest != nil, manifestFile: parsed.manifestFile,
            teams: context.teams, services: context.services, events: events, eventIndex: eventIndex, defaultCompatibility: context.defaultCompatibility,
            types: context.types, typeFileCount: context.typeFileCount, diagnostics: diagnostics)
    }
}

/// What `CatalogResolver.context` gives: everything an event resolves against.
public struct ResolveContext: Sendable {
    public var manifest: CatalogManifest
    public var teams: [String: CatalogManifest.Team]
    public var services: [String: CatalogManifest.Service]
    public var defaultCompatibility: String
    public var types: SharedTypes
    public var typeFileCount: Int
    public var typeDiagnostics: [Diagnostic]
}

/// Resolves one event: its versions, key schema and examples.
struct EventResolver {
    let types: SharedTypes
    let defaultCompatibility: String
    var computesCanonicalForms = true

    func resolve(_ event: ParsedEvent) -> (ResolvedEvent, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var versions: [ResolvedVersion] = []
        for version in event.versions {
            guard version.isReadable else {
                versions.append(ResolvedVersion(number: version.number, source: version.source, schema: nil, isValid: false, canonicalForm: nil))
                continue
            }
            let (schema, found) = types.parseSchema(version.source)
            diagnostics += found.map { Self.attach($0, to: event.name) }
            versions.append(ResolvedVersion(
                number: version.number, source: version.source, schema: schema, isValid: schema != nil,
                canonicalForm: computesCanonicalForms ? schema?.canonicalForm : nil))
        }
        var keySchema: AvroSchema?
        if let source = event.keySchema {
            let (schema, found) = types.parseSchema(source)
            keySchema = schema
            diagnostics += found.map { Self.attach($0, to: event.name) }
        }
        // Examples stay text here: ExampleRule parses each one just before validating it, so a large catalog never
        // holds every example's JSON tree at once.
        let examples = event.examples.map { ResolvedExample(kind: $0.kind, source: $0.source) }
        let compatibility = event.manifest?.compatibility.flatMap { CatalogCompatibility.mode(named: $0.value) } ?? defaultCompatibility
        let resolved = ResolvedEvent(
            name: event.name, folder: event.folder, manifestFile: event.manifestFile, manifest: event.manifest, versions: versions,
            keySchema: keySchema, keySource: event.keySchema, examples: examples, compatibility: compatibility, topic: event.manifest?.topic?.value ?? event.name)
        return (resolved, diagnostics)
    }

    static func attach(_ diagnostic: Diagnostic, to event: String) -> Diagnostic {
        var diagnostic = diagnostic
        if diagnostic.event == nil { diagnostic.event = event }
        return diagnostic
    }
}
