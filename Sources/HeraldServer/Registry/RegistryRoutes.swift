import HeraldAvro
import HeraldRegistry
import Hummingbird

/// Confluent Schema Registry's REST API over a `LiveRegistry`: routes, bodies and errors mapped, nothing decided here.
public struct RegistryRoutes: Sendable {
    public let registry: LiveRegistry

    public init(registry: LiveRegistry) { self.registry = registry }

    /// A router serving the API.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        add(to: router)
        return router
    }

    /// Adds the API's routes to `router`.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        let registry = self.registry
        router.add(middleware: RegistryErrorMiddleware<Context>())
        router.get("/") { _, _ in RegistryHTTP.json(.object(JSONObject())) }
        router.get("/schemas/types") { _, _ in RegistryHTTP.json(.array([.string("AVRO")])) }

        router.get("/contexts") { _, _ in RegistryHTTP.json(.array([.string(".")])) }
        router.get("/schemas") { request, _ in
            await Self.respond {
                let deleted = RegistryHTTP.flag("deleted", in: request)
                let latestOnly = RegistryHTTP.flag("latestOnly", in: request)
                let prefix = request.uri.queryParameters["subjectPrefix"].map(String.init) ?? ""
                let state = registry.snapshot
                var found: [JSONValue] = []
                for subject in state.subjectNames(includeDeleted: deleted) where subject.hasPrefix(prefix) {
                    guard let record = state.subjects[subject] else { continue }
                    var versions = deleted ? record.versions : record.liveVersions
                    if latestOnly { versions = versions.suffix(1) }
                    for version in versions {
                        guard let schema = state.schemas[version.schemaID] else { continue }
                        found.append(RegistryHTTP.subjectSchema(SubjectSchema(subject: subject, version: version, schema: schema)))
                    }
                }
                return RegistryHTTP.json(.array(found))
            }
        }
        router.get("/schemas/ids/:id") { request, context in
            await Self.respond {
                let id = try Self.schemaID(context)
                let stored = try registry.read { state throws(RegistryError) in try state.schema(id: id) }
                let format = request.uri.queryParameters["format"].map(String.init) ?? ""
                // `resolved`: the referenced types written inline, as Confluent's Avro provider formats it.
                let text = format == "resolved" ? AvroSchemaWriter().write(stored.parsed, style: .compact) : stored.text
                let refs = format == "resolved" ? [] : stored.references
                return RegistryHTTP.json(.object(JSONObject([(key: "schema", value: .string(text))] + RegistryHTTP.references(refs))))
            }
        }
        router.get("/schemas/ids/:id/schema") { _, context in
            await Self.respond {
                let id = try Self.schemaID(context)
                return RegistryHTTP.rawSchema(try registry.read { state throws(RegistryError) in try state.schema(id: id).text })
            }
        }
        router.get("/schemas/ids/:id/subjects") { request, context in
            await Self.respond {
                let id = try Self.schemaID(context)
                let deleted = RegistryHTTP.flag("deleted", in: request)
                let usages = try registry.read { state throws(RegistryError) in try state.usages(ofSchema: id, includeDeleted: deleted) }
                var seen = Set<String>()
                let subjects = usages.map(\.subject).filter { seen.insert($0).inserted }
                return RegistryHTTP.json(.array(subjects.map { .string($0) }))
            }
        }
        router.get("/schemas/ids/:id/versions") { request, context in
            await Self.respond {
                let id = try Self.schemaID(context)
                let deleted = RegistryHTTP.flag("deleted", in: request)
                let usages = try registry.read { state throws(RegistryError) in try state.usages(ofSchema: id, includeDeleted: deleted) }
                return RegistryHTTP.json(.array(usages.map {
                    .object(JSONObject([("subject", .string($0.subject)), ("version", .number(JSONNumber($0.version)))]))
                }))
            }
        }

        router.get("/subjects") { request, _ in
            await Self.respond {
                let deleted = RegistryHTTP.flag("deleted", in: request)
                let prefix = request.uri.queryParameters["subjectPrefix"].map(String.init) ?? ""
                let names = registry.snapshot.subjectNames(includeDeleted: deleted).filter { $0.hasPrefix(prefix) }
                return RegistryHTTP.json(.array(names.map { .string($0) }))
            }
        }
        router.post("/subjects/:subject") { request, context in
            await Self.respond {
                let subject = RegistryHTTP.parameter("subject", in: context)
                let submission = try RegistryHTTP.submission(from: try await RegistryHTTP.body(of: request))
                let deleted = RegistryHTTP.flag("deleted", in: request)
                let found = try registry.read { state throws(RegistryError) in
                    try state.lookup(subject: subject, submission: submission, includeDeleted: deleted)
                }
                return RegistryHTTP.json(RegistryHTTP.subjectSchema(found))
            }
        }
        router.delete("/subjects/:subject") { request, context in
            await Self.respond {
                let subject = RegistryHTTP.parameter("subject", in: context)
                let outcome = try registry.perform(.deleteSubject(subject: subject, permanent: RegistryHTTP.flag("permanent", in: request)))
                guard case .deletedSubject(let versions) = outcome else { return RegistryHTTP.error(.storeError("unexpected outcome")) }
                return RegistryHTTP.json(.array(versions.map { .number(JSONNumber($0)) }))
            }
        }
        router.get("/subjects/:subject/versions") { request, context in
            await Self.respond {
                let subject = RegistryHTTP.parameter("subject", in: context)
                let deleted = RegistryHTTP.flag("deleted", in: request)
                let versions = try registry.read { state throws(RegistryError) in try state.versions(of: subject, includeDeleted: deleted) }
                return RegistryHTTP.json(.array(versions.map { .number(JSONNumber($0)) }))
            }
        }
        router.post("/subjects/:subject/versions") { request, context in
            await Self.respond {
                let subject = RegistryHTTP.parameter("subject", in: context)
                let submission = try RegistryHTTP.submission(from: try await RegistryHTTP.body(of: request))
                let normalize = RegistryHTTP.flag("normalize", in: request)
                let outcome = try registry.perform(.register(subject: subject, submission: submission, normalize: normalize))
                guard case .registered(let id, let version, _) = outcome else { return RegistryHTTP.error(.storeError("unexpected outcome")) }
                let stored = try registry.read { state throws(RegistryError) in try state.schema(id: id) }
                return RegistryHTTP.json(.object(JSONObject([
                    (key: "id", value: .number(JSONNumber(id))), (key: "version", value: .number(JSONNumber(version))),
                ] + RegistryHTTP.references(stored.references) + [(key: "schema", value: .string(stored.text))])))
            }
        }
        router.get("/subjects/:subject/versions/:version") { request, context in
            await Self.respond {
                let found = try Self.subjectVersion(request, context, registry)
                return RegistryHTTP.json(RegistryHTTP.subjectSchema(found))
            }
        }
        router.get("/subjects/:subject/versions/:version/schema") { request, context in
            await Self.respond { RegistryHTTP.rawSchema(try Self.subjectVersion(request, context, registry).schema.text) }
        }
        router.get("/subjects/:subject/versions/:version/referencedby") { request, context in
            await Self.respond {
                let found = try Self.subjectVersion(request, context, registry)
                let state = registry.snapshot
                var ids = Set<Int>()
                for record in state.subjects.values {
                    for v in record.liveVersions where state.schemas[v.schemaID]?.references.contains(where: {
                        $0.subject == found.subject && $0.version == found.version.version
                    }) == true {
                        ids.insert(v.schemaID)
                    }
                }
                return RegistryHTTP.json(.array(ids.sorted().map { .number(JSONNumber($0)) }))
            }
        }
        router.delete("/subjects/:subject/versions/:version") { request, context in
            await Self.respond {
                let subject = RegistryHTTP.parameter("subject", in: context)
                let version = try VersionSelector.parse(RegistryHTTP.parameter("version", in: context))
                let outcome = try registry.perform(.deleteVersion(subject: subject, version: version, permanent: RegistryHTTP.flag("permanent", in: request)))
                guard case .deletedVersion(let deleted) = outcome else { return RegistryHTTP.error(.storeError("unexpected outcome")) }
                return RegistryHTTP.json(.number(JSONNumber(deleted)))
            }
        }

        router.post("/compatibility/subjects/:subject/versions/:version") { request, context in
            await Self.respond {
                let version = try VersionSelector.parse(RegistryHTTP.parameter("version", in: context))
                return try await Self.compatibility(request, context, registry, version: version)
            }
        }
        router.post("/compatibility/subjects/:subject/versions") { request, context in
            await Self.respond { try await Self.compatibility(request, context, registry, version: nil) }
        }

        router.get("/config") { _, _ in
            await Self.respond { Self.level("compatibilityLevel", registry.snapshot.globalCompatibility) }
        }
        router.put("/config") { request, _ in
            await Self.respond { try await Self.setLevel(request, registry, subject: nil) }
        }
        router.delete("/config") { _, _ in
            await Self.respond { try Self.deleteLevel(registry, subject: nil) }
        }
        router.get("/config/:subject") { request, context in
            await Self.respond {
                let subject = RegistryHTTP.parameter("subject", in: context)
                let defaultToGlobal = RegistryHTTP.flag("defaultToGlobal", in: request)
                let mode = try registry.read { state throws(RegistryError) in try state.compatibility(subject: subject, defaultToGlobal: defaultToGlobal) }
                return Self.level("compatibilityLevel", mode)
            }
        }
        router.put("/config/:subject") { request, context in
            await Self.respond { try await Self.setLevel(request, registry, subject: RegistryHTTP.parameter("subject", in: context)) }
        }
        router.delete("/config/:subject") { _, context in
            await Self.respond { try Self.deleteLevel(registry, subject: RegistryHTTP.parameter("subject", in: context)) }
        }

        router.get("/mode") { _, _ in
            await Self.respond { Self.mode(registry.snapshot.globalMode) }
        }
        router.put("/mode") { request, _ in
            await Self.respond { try await Self.setMode(request, registry, subject: nil) }
        }
        router.get("/mode/:subject") { request, context in
            await Self.respond {
                let subject = RegistryHTTP.parameter("subject", in: context)
                let defaultToGlobal = RegistryHTTP.flag("defaultToGlobal", in: request)
                return Self.mode(try registry.read { state throws(RegistryError) in try state.mode(subject: subject, defaultToGlobal: defaultToGlobal) })
            }
        }
        router.put("/mode/:subject") { request, context in
            await Self.respond { try await Self.setMode(request, registry, subject: RegistryHTTP.parameter("subject", in: context)) }
        }
        router.delete("/mode/:subject") { _, context in
            await Self.respond {
                let outcome = try registry.perform(.deleteMode(subject: RegistryHTTP.parameter("subject", in: context)))
                guard case .mode(let old) = outcome else { return RegistryHTTP.error(.storeError("unexpected outcome")) }
                return Self.mode(old)
            }
        }
    }
}

extension RegistryRoutes {
    /// Runs a handler, turning registry errors and unreadable requests into Confluent error responses.
    static func respond(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as RegistryError {
            return RegistryHTTP.error(error)
        } catch let error as ResponseError {
            return error.response
        } catch {
            return RegistryHTTP.error(.storeError("Internal error: \(error)"))
        }
    }

    static func schemaID(_ context: some RequestContext) throws(RegistryError) -> Int {
        let text = RegistryHTTP.parameter("id", in: context)
        guard let id = Int(text) else { throw .schemaNotFound() }
        return id
    }

    static func subjectVersion(_ request: Request, _ context: some RequestContext, _ registry: LiveRegistry) throws(RegistryError) -> SubjectSchema {
        let subject = RegistryHTTP.parameter("subject", in: context)
        let version = try VersionSelector.parse(RegistryHTTP.parameter("version", in: context))
        let deleted = RegistryHTTP.flag("deleted", in: request)
        return try registry.read { state throws(RegistryError) in try state.schema(subject: subject, version: version, includeDeleted: deleted) }
    }

    static func compatibility(_ request: Request, _ context: some RequestContext, _ registry: LiveRegistry, version: VersionSelector?) async throws -> Response {
        let subject = RegistryHTTP.parameter("subject", in: context)
        let submission = try RegistryHTTP.submission(from: try await RegistryHTTP.body(of: request))
        let verbose = RegistryHTTP.flag("verbose", in: request)
        let state = registry.snapshot
        let result = Result { () throws(RegistryError) -> [String] in
            try state.compatibilityMessages(subject: subject, version: version, submission: submission)
        }
        let messages: [String]
        switch result {
        case .success(let found):
            messages = found
        case .failure(let error):
            // Confluent answers a verbose check of an invalid schema with the parse error as the message.
            guard error.code == 42201 && verbose else { throw error }
            messages = [error.message]
        }
        var members: [(key: String, value: JSONValue)] = [(key: "is_compatible", value: .bool(messages.isEmpty))]
        if verbose { members.append((key: "messages", value: .array(messages.map { .string($0) }))) }
        return RegistryHTTP.json(.object(JSONObject(members)))
    }

    static func level(_ key: String, _ mode: CompatibilityMode) -> Response {
        RegistryHTTP.json(.object(JSONObject([(key: key, value: .string(mode.rawValue))])))
    }

    static func mode(_ mode: RegistryMode) -> Response {
        RegistryHTTP.json(.object(JSONObject([(key: "mode", value: .string(mode.rawValue))])))
    }

    static func setLevel(_ request: Request, _ registry: LiveRegistry, subject: String?) async throws -> Response {
        let body = try await RegistryHTTP.body(of: request)
        guard let text = RegistryHTTP.string("compatibility", in: body) ?? RegistryHTTP.string("compatibilityLevel", in: body),
              let mode = CompatibilityMode(parsing: text)
        else { throw RegistryError.invalidCompatibility }
        try registry.perform(.setCompatibility(subject: subject, mode: mode))
        return level("compatibility", mode)
    }

    static func deleteLevel(_ registry: LiveRegistry, subject: String?) throws -> Response {
        let outcome = try registry.perform(.deleteCompatibility(subject: subject))
        guard case .compatibility(let old) = outcome else { return RegistryHTTP.error(.storeError("unexpected outcome")) }
        return level("compatibilityLevel", old)
    }

    static func setMode(_ request: Request, _ registry: LiveRegistry, subject: String?) async throws -> Response {
        let body = try await RegistryHTTP.body(of: request)
        guard let text = RegistryHTTP.string("mode", in: body), let mode = RegistryMode(parsing: text) else { throw RegistryError.invalidMode }
        try registry.perform(.setMode(subject: subject, mode: mode, force: RegistryHTTP.flag("force", in: request)))
        return self.mode(mode)
    }
}
