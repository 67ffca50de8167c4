import HeraldDiagnostics

/// Reads an `event.yaml` node tree into an `EventManifest`.
struct EventManifestReader {
    static let keys = [
        "summary", "description", "owner", "producer", "consumers", "volume", "topic", "compatibility",
        "compatibilityChangeReason", "key", "idField", "status", "supersedes", "tags", "partitions", "dlq", "onInvalid",
    ]
    static let keyKeys = ["type", "schema"]

    static func read(_ root: YAMLNode, file: String) -> (EventManifest, [Diagnostic]) {
        var reader = YAMLFieldReader(file: file)
        var manifest = EventManifest(documentLocation: SourceLocation(file: file, line: root.position.line, column: root.position.column))
        guard let fields = reader.mapping(root, describing: "event.yaml", known: keys) else { return (manifest, reader.diagnostics) }
        for (key, member) in fields { manifest.keyLocations[key] = reader.location(member.keyPosition) }
        // Required keys whose value has the wrong type are reported once, as YAML_WRONG_TYPE, not also as missing.
        func required<T>(_ key: String, _ read: (inout YAMLFieldReader) -> T) -> T {
            let before = reader.diagnostics.count
            let value = read(&reader)
            if reader.diagnostics.count > before { manifest.mistypedKeys.insert(key) }
            return value
        }
        manifest.summary = required("summary") { $0.string(fields["summary"], describing: "summary") }
        manifest.description = reader.string(fields["description"], describing: "description")
        manifest.owner = required("owner") { $0.string(fields["owner"], describing: "owner") }
        manifest.producers = required("producer") { $0.stringList(fields["producer"], describing: "producer") }
        manifest.consumers = reader.stringList(fields["consumers"], describing: "consumers")
        manifest.topic = reader.string(fields["topic"], describing: "topic")
        manifest.compatibility = reader.string(fields["compatibility"], describing: "compatibility")
        manifest.compatibilityChangeReason = reader.string(fields["compatibilityChangeReason"], describing: "compatibilityChangeReason")
        manifest.idField = reader.string(fields["idField"], describing: "idField")
        manifest.supersedes = reader.string(fields["supersedes"], describing: "supersedes")
        manifest.tags = reader.stringList(fields["tags"], describing: "tags")
        if let partitions = reader.integer(fields["partitions"], describing: "partitions") {
            if partitions.value < 1 || partitions.value > 100_000 {
                reader.diagnostics.append(Diagnostic(
                    CatalogRules.partitionsInvalid, message: "partitions must be between 1 and 100000, found \(partitions.value)", location: partitions.location))
            } else {
                manifest.partitions = partitions
            }
        }
        if let volume = reader.string(fields["volume"], describing: "volume") {
            switch EventVolume.parse(volume.value) {
            case .success(let parsed): manifest.volume = Located(parsed, at: volume.location)
            case .failure(let error):
                reader.diagnostics.append(Diagnostic(
                    CatalogRules.volumeInvalid, message: "volume '\(volume.value)' \(error.explanation)", location: volume.location))
            }
        }
        if let status = reader.string(fields["status"], describing: "status") {
            if let parsed = EventStatus(rawValue: status.value) {
                manifest.status = Located(parsed, at: status.location)
            } else {
                reader.diagnostics.append(Diagnostic(
                    CatalogRules.eventStatusInvalid, message: "status '\(status.value)' is not one of active, deprecated, draft",
                    hint: NameSuggestion.hint(for: status.value, in: EventStatus.allCases.map(\.rawValue)), location: status.location))
            }
        }
        if let key = fields["key"] {
            manifest.key = readKey(key, reader: &reader)
        }
        if let dlq = fields["dlq"] { manifest.dlq = DLQPolicyReader.read(dlq.value, describing: "dlq", reader: &reader) }
        manifest.onInvalid = InvalidRecordActionReader.read(fields["onInvalid"], describing: "onInvalid", reader: &reader)
        return (manifest, reader.diagnostics)
    }

    private static func readKey(_ member: YAMLMember, reader: inout YAMLFieldReader) -> EventKey? {
        if member.value.isNull { return nil }
        // `key: string` is accepted as shorthand for `{type: string}`.
        if case .scalar(let text, _) = member.value.value {
            return .type(Located(text, at: reader.location(member.value.position)))
        }
        guard let fields = reader.mapping(member.value, describing: "key", known: keyKeys) else { return nil }
        let type = reader.string(fields["type"], describing: "key.type")
        let schema = reader.string(fields["schema"], describing: "key.schema")
        switch (type, schema) {
        case (let type?, nil): return .type(type)
        case (nil, let schema?): return .schema(schema)
        case (_?, _?):
            reader.diagnostics.append(Diagnostic(
                CatalogRules.keyInvalid, message: "key has both 'type' and 'schema'; give one", location: reader.location(member.value.position)))
            return nil
        case (nil, nil):
            reader.diagnostics.append(Diagnostic(
                CatalogRules.keyInvalid, message: "key needs 'type' (a primitive such as string) or 'schema' (an .avsc file)",
                location: reader.location(member.value.position)))
            return nil
        }
    }
}
