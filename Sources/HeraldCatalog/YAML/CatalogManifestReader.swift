import HeraldDiagnostics

/// Reads `catalog.yaml`'s node tree into a `CatalogManifest`.
struct CatalogManifestReader {
    static let topKeys = ["title", "description", "servers", "registry", "defaults", "consumerGroup", "teams", "services", "deliveries"]
    static let serverKeys = ["host", "protocol", "description"]
    static let registryKeys = ["url", "vendor"]
    static let defaultsKeys = ["compatibility", "dlq", "onInvalid"]
    static let teamKeys = ["name", "email", "slack", "description"]
    static let serviceKeys = ["name", "owner", "description", "repository"]

    /// The manifest and the diagnostics found reading it.
    static func read(_ root: YAMLNode, file: String) -> (CatalogManifest, [Diagnostic]) {
        var reader = YAMLFieldReader(file: file)
        var manifest = CatalogManifest()
        guard let top = reader.mapping(root, describing: "catalog.yaml", known: topKeys) else { return (manifest, reader.diagnostics) }
        manifest.title = reader.string(top["title"], describing: "title")
        manifest.description = reader.string(top["description"], describing: "description")
        for (id, node) in entries(top["servers"], describing: "servers", reader: &reader, mistyped: &manifest.mistypedSections) {
            guard let fields = reader.mapping(node, describing: "server '\(id.value)'", known: serverKeys) else { continue }
            manifest.servers.append(.init(
                id: id, host: reader.string(fields["host"], describing: "host"),
                protocol: reader.string(fields["protocol"], describing: "protocol"),
                description: reader.string(fields["description"], describing: "description")))
        }
        manifest.consumerGroup = reader.string(top["consumerGroup"], describing: "consumerGroup")
        if let registry = top["registry"], let fields = reader.mapping(registry.value, describing: "registry", known: registryKeys) {
            manifest.registry = .init(url: reader.string(fields["url"], describing: "registry url"), vendor: reader.string(fields["vendor"], describing: "registry vendor"))
        }
        if let defaults = top["defaults"], let fields = reader.mapping(defaults.value, describing: "defaults", known: defaultsKeys) {
            manifest.defaults.compatibility = reader.string(fields["compatibility"], describing: "defaults.compatibility")
            if let dlq = fields["dlq"] { manifest.defaults.dlq = DLQPolicyReader.read(dlq.value, describing: "defaults.dlq", reader: &reader) }
            manifest.defaults.onInvalid = InvalidRecordActionReader.read(fields["onInvalid"], describing: "defaults.onInvalid", reader: &reader)
        }
        for (id, node) in entries(top["teams"], describing: "teams", reader: &reader, mistyped: &manifest.mistypedSections) {
            guard let fields = reader.mapping(node, describing: "team '\(id.value)'", known: teamKeys) else { continue }
            manifest.teams.append(.init(
                id: id, name: reader.string(fields["name"], describing: "name"), email: reader.string(fields["email"], describing: "email"),
                slack: reader.string(fields["slack"], describing: "slack"), description: reader.string(fields["description"], describing: "description")))
        }
        for (id, node) in entries(top["services"], describing: "services", reader: &reader, mistyped: &manifest.mistypedSections) {
            guard let fields = reader.mapping(node, describing: "service '\(id.value)'", known: serviceKeys) else { continue }
            manifest.services.append(.init(
                id: id, name: reader.string(fields["name"], describing: "name"), owner: reader.string(fields["owner"], describing: "owner"),
                description: reader.string(fields["description"], describing: "description"),
                repository: reader.string(fields["repository"], describing: "repository")))
        }
        for (id, node) in entries(top["deliveries"], describing: "deliveries", reader: &reader, mistyped: &manifest.mistypedSections) {
            let member = YAMLMember(key: id.value, keyPosition: node.position, value: node)
            if node.isNull {
                reader.diagnostics.append(Diagnostic(
                    CatalogRules.deliveryURLInvalid, message: "deliveries.\(id.value) has no URL",
                    hint: "Write the URL the service's records are POSTed to, such as http://127.0.0.1:9000/events.", location: id.location))
                continue
            }
            guard let url = reader.string(member, describing: "deliveries.\(id.value)") else { continue }
            if let problem = CatalogManifest.Delivery.urlProblem(url.value) {
                reader.diagnostics.append(Diagnostic(
                    CatalogRules.deliveryURLInvalid, message: "deliveries.\(id.value): \(problem)",
                    hint: "Write the URL the service's records are POSTed to, such as http://127.0.0.1:9000/events.", location: url.location))
                continue
            }
            if manifest.deliveries.contains(where: { $0.service.value == id.value }) { continue }
            manifest.deliveries.append(.init(service: id, url: url))
        }
        return (manifest, reader.diagnostics)
    }

    /// The members of a mapping whose keys are IDs (teams, services, servers).
    private static func entries(
        _ member: YAMLMember?, describing what: String, reader: inout YAMLFieldReader, mistyped: inout Set<String>
    ) -> [(Located<String>, YAMLNode)] {
        guard let member, !member.value.isNull else { return [] }
        guard case .mapping(let members) = member.value.value else {
            reader.wrongShape(member.value, expected: "a mapping of IDs", describing: what)
            mistyped.insert(what)
            return []
        }
        return members.map { (Located($0.key, at: reader.location($0.keyPosition)), $0.value) }
    }
}

/// Reads a `dlq:` mapping (catalog defaults or an event's override).
enum DLQPolicyReader {
    static let keys = ["enabled", "topic", "retries", "backoff", "alert"]
    static let backoffKeys = ["initial", "multiplier", "max"]

    static func read(_ node: YAMLNode, describing what: String, reader: inout YAMLFieldReader) -> DLQPolicy? {
        guard let fields = reader.mapping(node, describing: what, known: keys) else { return nil }
        var policy = DLQPolicy()
        policy.enabled = reader.boolean(fields["enabled"], describing: "\(what).enabled")?.value
        policy.topic = reader.string(fields["topic"], describing: "\(what).topic")?.value
        policy.alert = reader.boolean(fields["alert"], describing: "\(what).alert")?.value
        if let retries = reader.integer(fields["retries"], describing: "\(what).retries") {
            if retries.value < 0 || retries.value > 100 {
                reader.diagnostics.append(Diagnostic(
                    CatalogRules.dlqPolicyInvalid, message: "\(what).retries must be between 0 and 100, found \(retries.value)", location: retries.location))
            } else {
                policy.retries = retries.value
            }
        }
        if let backoff = fields["backoff"], let b = reader.mapping(backoff.value, describing: "\(what).backoff", known: backoffKeys) {
            var result = DLQPolicy.Backoff()
            result.initialMilliseconds = duration(b["initial"], describing: "\(what).backoff.initial", reader: &reader)
            result.maxMilliseconds = duration(b["max"], describing: "\(what).backoff.max", reader: &reader)
            if let multiplier = reader.number(b["multiplier"], describing: "\(what).backoff.multiplier") {
                if multiplier.value < 1 {
                    reader.diagnostics.append(Diagnostic(
                        CatalogRules.dlqPolicyInvalid, message: "\(what).backoff.multiplier must be at least 1, found \(multiplier.value)", location: multiplier.location))
                } else {
                    result.multiplier = multiplier.value
                }
            }
            if let initial = result.initialMilliseconds, let max = result.maxMilliseconds, max < initial, let at = b["max"] {
                reader.diagnostics.append(Diagnostic(
                    CatalogRules.dlqPolicyInvalid, message: "\(what).backoff.max is shorter than backoff.initial", location: reader.location(at.value.position)))
            }
            policy.backoff = result
        }
        return policy
    }

    private static func duration(_ member: YAMLMember?, describing what: String, reader: inout YAMLFieldReader) -> Int? {
        guard let text = reader.string(member, describing: what) else { return nil }
        guard let ms = DLQPolicy.milliseconds(text.value) else {
            reader.diagnostics.append(Diagnostic(
                CatalogRules.dlqPolicyInvalid, message: "\(what) is not a duration: '\(text.value)'",
                hint: "Write a number with a unit: 500ms, 1s, 1m or 1h.", location: text.location))
            return nil
        }
        return ms
    }
}
