import HeraldAvro
import HeraldCatalog

/// Builds the Mustache context of an event page.
extension SiteRenderer {
    func eventContext(_ index: Int) -> TemplateValue {
        let event = catalog.events[index]
        let manifest = event.manifest
        let root = "../"
        var context: [String: TemplateValue] = [
            "root": .text(root),
            "name": .text(event.name),
            "summary": .optional(manifest?.summary?.value),
            "description": .optional(manifest?.description.map { markdown.render($0.value) }),
            "topic": .text(event.topic),
            "compatibility": .text(event.compatibility),
            "idField": .text(manifest?.idField?.value ?? "eventId"),
            "partitions": .optional(manifest?.partitions.map { String($0.value) }),
            "tags": .list(manifest?.tags.map { .text($0.value) } ?? []),
            "folder": .text(event.folder),
        ]
        // The page has about 40 keys: room for them at once spares the dictionary growing four times.
        context.reserveCapacity(48)
        context["domain"] = .object(domainLink(ofEvent: index))
        if let owner = manifest?.owner?.value {
            var team = teamLink(owner)
            let declared = catalog.teams[owner]
            team["email"] = .optional(declared?.email?.value)
            team["slack"] = .optional(declared?.slack?.value)
            context["owner"] = .object(team)
        } else {
            context["owner"] = false
        }
        let producers = manifest?.producers.map { TemplateValue.object(serviceLink($0.value)) } ?? []
        let consumers = manifest?.consumers.map { TemplateValue.object(serviceLink($0.value)) } ?? []
        context["producers"] = .list(producers)
        context["consumers"] = .list(consumers)
        context["hasConsumers"] = .bool(!consumers.isEmpty)
        if let volume = manifest?.volume?.value {
            context["volume"] = ["text": .text(volume.text), "perDay": .text(SiteFormatting.grouped(volume.perDay) + " per day")]
        } else {
            context["volume"] = false
        }
        let status = manifest?.effectiveStatus ?? .active
        context["status"] = .text(status.rawValue)
        context["isDeprecated"] = .bool(status == .deprecated)
        context["isDraft"] = .bool(status == .draft)
        context["supersedes"] = manifest?.supersedes.map { .object(eventLink(named: $0.value)) } ?? false
        let successors = (siteIndex.supersededBy[event.name] ?? []).map { TemplateValue.object(eventLink($0)) }
        context["supersededBy"] = .list(successors)
        context["hasSupersededBy"] = .bool(!successors.isEmpty)
        context["key"] = keyDescription(event)
        context["dlq"] = dlqContext(event)
        context["use"] = usageContext(event)

        // Examples mostly share a schema, and the tree shows the latest one's defaults: readers and encoders are
        // prepared once per version.
        var codecs = ExampleCodecs()
        let versions = versionContexts(event, slug: siteIndex.eventSlugs[index], codecs: &codecs)
        context["versions"] = .list(versions)
        context["versionCount"] = .number(versions.count)
        context["latestVersion"] = .optional(event.latest.map { "v\($0.number)" })
        context["latestAvsc"] = event.latest == nil ? false : .text(SchemaFiles.link(fromEventPage: SchemaFiles.latestPath(slug: siteIndex.eventSlugs[index])))
        let examples = exampleContexts(event, codecs: &codecs)
        context["examples"] = .list(examples)
        context["hasExamples"] = .bool(!examples.isEmpty)
        let asyncAPIDocuments = asyncAPILinks(forEvent: event.name)
        context["asyncapi"] = .list(asyncAPIDocuments)
        context["hasAsyncapi"] = .bool(!asyncAPIDocuments.isEmpty)
        let graph = eventGraph(index), graphTitle = "Producers and consumers of \(event.name)"
        context["graph"] = .text(graph.svg(root: root, title: graphTitle) + graph.table(root: root, caption: graphTitle))
        return .object(context)
    }

    func keyDescription(_ event: ResolvedEvent) -> TemplateValue {
        switch event.manifest?.key {
        case .type(let type)?: return .text(type.value)
        case .schema(let file)?:
            if let schema = event.keySchema { return .text(SchemaTypeDescription.describe(schema, schema.root) + " (\(file.value))") }
            return .text(file.value)
        case nil: return false
        }
    }

    func dlqContext(_ event: ResolvedEvent) -> TemplateValue {
        let policy = (event.manifest?.dlq ?? DLQPolicy()).merged(over: catalog.manifest.defaults.dlq)
        if policy.enabled == false { return ["enabled": false] }
        var backoff: TemplateValue = false
        if let b = policy.backoff {
            var parts: [String] = []
            if let initial = b.initialMilliseconds { parts.append("starting at " + SiteFormatting.duration(milliseconds: initial)) }
            if let multiplier = b.multiplier { parts.append("×" + (multiplier == multiplier.rounded() ? String(Int(multiplier)) : String(multiplier)) + " each retry") }
            if let max = b.maxMilliseconds { parts.append("at most " + SiteFormatting.duration(milliseconds: max)) }
            if !parts.isEmpty { backoff = .text(parts.joined(separator: ", ")) }
        }
        return [
            "enabled": true,
            "topic": .text(policy.topic ?? event.topic + ".dlq"),
            "retries": .optional(policy.retries.map(String.init)),
            "backoff": backoff,
            "alert": policy.alert.map(TemplateValue.bool) ?? false,
        ]
    }

    /// Versions newest first, each with its tree, its diff to the one before and its compatibility verdict.
    func versionContexts(_ event: ResolvedEvent, slug: String, codecs: inout ExampleCodecs) -> [TemplateValue] {
        let mode = CompatibilityMode(parsing: event.compatibility) ?? .backward
        var contexts: [TemplateValue] = []
        // The registry's replay of the history, which lays out each version once: verdicts[k - 1] is the k-th parsed
        // version's (counting from 0) against the ones before it.
        let parsed = event.versions.compactMap { version in version.schema.map { VersionedSchema(version: version.number, schema: $0) } }
        let verdicts = CompatibilityChecker.checkHistory(mode: mode, versions: parsed)
        var parsedSoFar = 0
        var previous: ResolvedVersion?
        let latestNumber = event.latest?.number
        for version in event.versions {
            var context: [String: TemplateValue] = [
                "number": .number(version.number),
                "isLatest": .bool(version.number == latestNumber),
                "avsc": .text(SchemaFiles.link(fromEventPage: SchemaFiles.path(slug: slug, version: version.number))),
                "avscName": .text(SchemaFiles.fileName(slug: slug, version: version.number)),
                "tree": false, "fingerprint": false, "changes": [], "hasChanges": false,
                "isFirst": .bool(previous == nil), "noChanges": false, "verdict": false,
            ]
            if let schema = version.schema {
                // Only the latest version gets a tree: older ones are told by their diffs and their .avsc downloads,
                // which keeps pages of long histories small.
                if version.number == latestNumber {
                    var tree = SchemaTreeView(schema: schema, anchorPrefix: "v\(version.number)",
                                              defaults: codecs.codec(version.number, schema).reader)
                    context["tree"] = .utf8(tree.html())
                    // The resolver already made the canonical form; fingerprinting it saves writing it again.
                    let fingerprint = version.canonicalForm.map { RabinFingerprint.fingerprint(Array($0.utf8)) } ?? schema.rabinFingerprint
                    context["fingerprint"] = .text(String(fingerprint, radix: 16).leftPadded(to: 16))
                }
                if let previousSchema = previous?.schema {
                    let changes = SchemaDiff().changes(from: previousSchema, to: schema).map { change -> TemplateValue in
                        ["kind": .text(change.kind.rawValue), "path": .text(change.path), "detail": .text(change.detail)]
                    }
                    context["changes"] = .list(changes)
                    context["hasChanges"] = .bool(!changes.isEmpty)
                    context["noChanges"] = .bool(changes.isEmpty)
                    context["previous"] = .optional(previous.map { "v\($0.number)" })
                }
                if parsedSoFar > 0, parsedSoFar - 1 < verdicts.count {
                    context["verdict"] = verdictContext(verdicts[parsedSoFar - 1], mode: mode)
                }
                parsedSoFar += 1
            }
            previous = version
            contexts.append(.object(context))
        }
        return contexts.reversed()
    }

    func verdictContext(_ verdict: CompatibilityVerdict, mode: CompatibilityMode) -> TemplateValue {
        var problems: [TemplateValue] = []
        for failure in verdict.failures {
            for problem in failure.incompatibilities {
                problems.append([
                    "against": .text("v\(failure.olderVersion)"),
                    "direction": .text(failure.direction.rawValue),
                    "type": .text(problem.type.rawValue),
                    "location": .text(problem.location),
                    "explanation": .text(problem.explanation),
                ])
            }
        }
        let summary: String
        if mode == .none {
            summary = "Not checked: the event's mode is NONE."
        } else if verdict.isCompatible {
            summary = mode.isTransitive ? "Compatible with every earlier version under \(mode.rawValue)."
                : "Compatible with the previous version under \(mode.rawValue)."
        } else {
            summary = "Incompatible under \(mode.rawValue)."
        }
        return ["compatible": .bool(verdict.isCompatible), "summary": .text(summary), "problems": .list(problems),
                "hasProblems": .bool(!problems.isEmpty), "mode": .text(mode.rawValue)]
    }

    /// Each example with its validation result and, when it encodes, its Avro binary size.
    func exampleContexts(_ event: ResolvedEvent, codecs: inout ExampleCodecs) -> [TemplateValue] {
        event.examples.map { example in
            let path = example.source.file
            let file = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
            var json: [UInt8] = []
            HTMLText.appendEscapedSource(example.source.text, to: &json)
            var context: [String: TemplateValue] = [
                "file": .text(file), "json": .utf8(json), "typed": false, "problems": [], "hasProblems": false,
                "wireSize": false,
            ]
            let version: ResolvedVersion?
            let expectValid: Bool
            switch example.kind {
            case .latest:
                context["label"] = .text(event.latest.map { "v\($0.number) (latest)" } ?? "latest")
                version = event.latest
                expectValid = true
            case .pinned(let number):
                context["label"] = .text("v\(number)")
                version = event.versions.first { $0.number == number }
                expectValid = true
            case .invalid:
                context["label"] = "must be rejected"
                version = event.latest
                expectValid = false
            }
            guard let document = example.document else {
                context["ok"] = .bool(!expectValid)
                context["result"] = "not valid JSON"
                return .object(context)
            }
            guard let version, let schema = version.schema else {
                context["ok"] = false
                context["result"] = "no schema to check against"
                return .object(context)
            }
            let codec = codecs.codec(version.number, schema)
            // Reading a datum validates it: it fails with every problem the validator would report.
            let problems: [DatumProblem]
            var value: AvroValue?
            do throws(AvroJSONReadError) {
                value = try codec.reader.read(document)
                problems = []
            } catch {
                problems = error.problems
            }
            context["problems"] = .list(problems.prefix(20).map { .text($0.description) })
            context["hasProblems"] = .bool(!problems.isEmpty)
            if problems.isEmpty, let value {
                if let bytes = try? codec.encoder.encode(value) { context["wireSize"] = .text(SiteFormatting.bytes(bytes.count)) }
                context["typed"] = .utf8(DatumView(schema: schema, layout: .pretty).html(value, schema.root))
            }
            context["ok"] = .bool(problems.isEmpty == expectValid)
            context["result"] = switch (problems.isEmpty, expectValid) {
            case (true, true): "valid"
            case (false, false): "rejected, as expected"
            case (true, false): "accepted, but it should be rejected"
            case (false, true): "invalid"
            }
            return .object(context)
        }
    }
}

/// Each version's JSON reader and binary encoder, made on first use.
struct ExampleCodecs {
    private var byVersion: [Int: (reader: AvroJSONReader, encoder: AvroBinaryEncoder)] = [:]

    mutating func codec(_ version: Int, _ schema: AvroSchema) -> (reader: AvroJSONReader, encoder: AvroBinaryEncoder) {
        if let codec = byVersion[version] { return codec }
        let codec = (reader: AvroJSONReader(schema: schema), encoder: AvroBinaryEncoder(schema: schema))
        byVersion[version] = codec
        return codec
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
