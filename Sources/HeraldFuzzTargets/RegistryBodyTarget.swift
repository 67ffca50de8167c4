import HeraldAvro
import HeraldRegistry

extension FuzzTarget {
    /// A registry API request body, through the same reading the HTTP routes use, applied to a registry that
    /// already holds two subjects (one referencing the other). The selector byte picks the endpoint; the last
    /// choice reads the bytes as the registry's persistent change log (or one change's JSON) and replays it.
    /// An accepted registration must then be found by lookup, under the ID and version it got.
    public static let registryBody = FuzzTarget(name: "registry-body") { bytes throws(FuzzFinding) in
        let input = FuzzInput(bytes)
        let rest = Array(input.rest)
        var state = RegistryFixture.state
        let subject = input.selector & 0x08 == 0 ? "orders-value" : "fresh-value"
        if input.selector & 0x07 == 7 {
            // The store: framed log bytes (bit 3 clear), or one change's JSON, replayed over the fixture.
            var changes: [RegistryChange] = []
            if input.selector & 0x08 == 0 {
                guard let (decoded, intact) = try? RegistryLog.decode(rest) else { return }
                guard intact <= rest.count else { throw FuzzFinding("intact length \(intact) beyond \(rest.count) bytes") }
                changes = decoded
            } else {
                guard let json = try? RegistryRequestBody.json(rest), let change = try? RegistryChange(json: json) else { return }
                changes = [change]
            }
            for change in changes {
                _ = state.replay(change)
                guard (try? RegistryLog.decode(RegistryLog.record(change)).changes) == [change] else {
                    throw FuzzFinding("a change does not survive the log's framing: \(change)")
                }
            }
            return
        }
        guard let body = try? RegistryRequestBody.json(rest) else { return }
        switch input.selector & 0x07 {
        case 0, 1:
            guard let submission = try? SchemaSubmission(requestBody: body) else { return }
            let normalize = input.selector & 0x01 == 1
            guard case .registered(let id, let version, _)? = try? state.apply(
                .register(subject: subject, submission: submission, normalize: normalize)).outcome
            else { return }
            // A normalized registration may be stored in a form a plain lookup does not match.
            guard !normalize else { return }
            guard let found = try? state.lookup(subject: subject, submission: submission) else {
                throw FuzzFinding("a registered schema is not found by lookup")
            }
            guard found.schema.id == id, found.version.version == version else {
                throw FuzzFinding("lookup gives id \(found.schema.id) v\(found.version.version), registration gave \(id) v\(version)")
            }
        case 2:
            guard let submission = try? SchemaSubmission(requestBody: body) else { return }
            _ = try? state.lookup(subject: subject, submission: submission)
        case 3:
            guard let submission = try? SchemaSubmission(requestBody: body) else { return }
            _ = try? state.compatibilityMessages(subject: subject, version: input.selector & 0x10 == 0 ? nil : .latest,
                                                 submission: submission)
        case 4:
            guard let text = RegistryRequestBody.string("compatibility", in: body)
                    ?? RegistryRequestBody.string("compatibilityLevel", in: body),
                  let mode = CompatibilityMode(parsing: text)
            else { return }
            _ = try? state.apply(.setCompatibility(subject: subject, mode: mode))
        case 5:
            guard let text = RegistryRequestBody.string("mode", in: body), let mode = RegistryMode(parsing: text) else { return }
            _ = try? state.apply(.setMode(subject: subject, mode: mode, force: true))
        default:
            // IMPORT mode: registrations carry their own ID and version.
            guard let submission = try? SchemaSubmission(requestBody: body) else { return }
            _ = try? state.apply(.setMode(subject: nil, mode: .import, force: true))
            _ = try? state.apply(.register(subject: subject, submission: submission, normalize: false))
        }
    }
}

enum RegistryFixture {
    static let money = """
    {"type":"record","name":"Money","namespace":"com.example.common","fields":[
      {"name":"amount","type":"string"},{"name":"currency","type":"string"}]}
    """
    static let order = """
    {"type":"record","name":"OrderPlaced","namespace":"com.example.order","fields":[
      {"name":"eventId","type":"string"},{"name":"total","type":"com.example.common.Money"}]}
    """

    static let state: RegistryState = {
        var state = RegistryState()
        do {
            _ = try state.apply(.register(subject: "money", submission: SchemaSubmission(schema: money), normalize: false))
            _ = try state.apply(.register(
                subject: "orders-value",
                submission: SchemaSubmission(schema: order, references: [
                    SchemaReference(name: "com.example.common.Money", subject: "money", version: 1),
                ]),
                normalize: false))
        } catch {
            fatalError("registry fixture does not load: \(error)")
        }
        return state
    }()
}
