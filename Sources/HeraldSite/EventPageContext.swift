import HeraldAvro
import HeraldCatalog

/// Builds the Mustache context of an event page.
extension SiteRenderer {
    func eventContext(_ index: Int) -> [String: Any] {
        let event = catalog.events[index]
        let manifest = event.manifest
        let root = "../"
        var context: [String: Any] = [
            "root": root,
            "name": event.name,
            "summary": manifest?.summary?.value ?? false,
            "description": manifest?.description.map { markdown.render($0.value) } ?? false,
            "topic": event.topic,
            "compatibility": event.compatibility,
            "idField": manifest?.idField?.value ?? "eventId",
            "partitions": manifest?.partitions.map { String($0.value) } ?? false,
            "tags": manifest?.tags.map(\.value) ?? [],
            "folder": event.folder,
        ]
        context["domain"] = domainLink(ofEvent: index)
        if let owner = manifest?.owner?.value {
            var team = teamLink(owner)
            let declared = catalog.teams[owner]
            team["email"] = declared?.email?.value ?? false
            team["slack"] = declared?.slack?.value ?? false
            context["owner"] = team
        } else {
            context["owner"] = false
        }
        let producers = manifest?.producers.map { serviceLink($0.value) } ?? []
        let consumers = manifest?.consumers.map { serviceLink($0.value) } ?? []
        context["producers"] = producers
        context["consumers"] = consumers
        context["hasConsumers"] = !consumers.isEmpty
        if let volume = manifest?.volume?.value {
            context["volume"] = ["text": volume.text, "perDay": SiteFormatting.grouped(volume.perDay) + " per day"] as [String: Any]
        } else {
            context["volume"] = false
        }
        let status = manifest?.effectiveStatus ?? .active
        context["status"] = status.rawValue
        context["isDeprecated"] = status == .deprecated
        context["isDraft"] = status == .draft
        context["supersedes"] = manifest?.supersedes.map { eventLink(named: $0.value) } ?? false
        let successors = (siteIndex.supersededBy[event.name] ?? []).map { eventLink($0) }
        context["supersededBy"] = successors
        context["hasSupersededBy"] = !successors.isEmpty
        context["key"] = keyDescription(event)
        context["dlq"] = dlqContext(event)

        let versions = versionContexts(event, slug: siteIndex.eventSlugs[index])
        context["versions"] = versions
        context["versionCount"] = versions.count
        context["latestVersion"] = event.latest.map { "v\($0.number)" } ?? false
        let examples = exampleContexts(event)
        context["examples"] = examples
        context["hasExamples"] = !examples.isEmpty
        let asyncAPIDocuments = asyncAPILinks(forEvent: event.name)
        context["asyncapi"] = asyncAPIDocuments
        context["hasAsyncapi"] = !asyncAPIDocuments.isEmpty
        context["graph"] = eventGraph(index).svg(root: root, title: "Producers and consumers of \(event.name)")
        return context
    }

    func keyDescription(_ event: ResolvedEvent) -> Any {
        switch event.manifest?.key {
        case .type(let type)?: return type.value
        case .schema(let file)?:
            if let schema = event.keySchema { return SchemaTypeDescription.describe(schema, schema.root) + " (\(file.value))" }
            return file.value
        case nil: return false
        }
    }

    func dlqContext(_ event: ResolvedEvent) -> Any {
        let policy = (event.manifest?.dlq ?? DLQPolicy()).merged(over: catalog.manifest.defaults.dlq)
        if policy.enabled == false { return ["enabled": false] as [String: Any] }
        var backoff: Any = false
        if let b = policy.backoff {
            var parts: [String] = []
            if let initial = b.initialMilliseconds { parts.append("starting at " + SiteFormatting.duration(milliseconds: initial)) }
            if let multiplier = b.multiplier { parts.append("×" + (multiplier == multiplier.rounded() ? String(Int(multiplier)) : String(multiplier)) + " each retry") }
            if let max = b.maxMilliseconds { parts.append("at most " + SiteFormatting.duration(milliseconds: max)) }
            if !parts.isEmpty { backoff = parts.joined(separator: ", ") }
        }
        return [
            "enabled": true,
            "topic": policy.topic ?? event.topic + ".dlq",
            "retries": policy.retries.map(String.init) ?? false,
            "backoff": backoff,
            "alert": policy.alert ?? false,
        ] as [String: Any]
    }

    /// Versions newest first, each with its tree, its diff to the one before and its compatibility verdict.
    func versionContexts(_ event: ResolvedEvent, slug: String) -> [[String: Any]] {
        let mode = CompatibilityMode(parsing: event.compatibility) ?? .backward
        var contexts: [[String: Any]] = []
        var parsedSoFar: [VersionedSchema] = []
        var previous: ResolvedVersion?
        let latestNumber = event.latest?.number
        for version in event.versions {
            var context: [String: Any] = [
                "number": version.number,
                "isLatest": version.number == latestNumber,
                "avsc": "schemas/\(slug)/v\(version.number).avsc",
                "tree": false, "fingerprint": false, "changes": [[String: Any]](), "hasChanges": false,
                "isFirst": previous == nil, "noChanges": false, "verdict": false,
            ]
            if let schema = version.schema {
                // Only the latest version gets a tree: older ones are told by their diffs and their .avsc files,
                // which keeps pages of long histories small.
                if version.number == latestNumber {
                    var tree = SchemaTreeView(schema: schema, anchorPrefix: "v\(version.number)")
                    context["tree"] = tree.html()
                    context["fingerprint"] = String(schema.rabinFingerprint, radix: 16).leftPadded(to: 16)
                }
                if let previousSchema = previous?.schema {
                    let changes = SchemaDiff().changes(from: previousSchema, to: schema).map {
                        ["kind": $0.kind.rawValue, "path": $0.path, "detail": $0.detail] as [String: Any]
                    }
                    context["changes"] = changes
                    context["hasChanges"] = !changes.isEmpty
                    context["noChanges"] = changes.isEmpty
                    context["previous"] = previous.map { "v\($0.number)" } ?? false
                }
                if !parsedSoFar.isEmpty {
                    let verdict = CompatibilityChecker.check(
                        mode: mode, new: VersionedSchema(version: version.number, schema: schema), previous: parsedSoFar)
                    context["verdict"] = verdictContext(verdict, mode: mode)
                }
                parsedSoFar.append(VersionedSchema(version: version.number, schema: schema))
            }
            previous = version
            contexts.append(context)
        }
        return contexts.reversed()
    }

    func verdictContext(_ verdict: CompatibilityVerdict, mode: CompatibilityMode) -> [String: Any] {
        var problems: [[String: Any]] = []
        for failure in verdict.failures {
            for problem in failure.incompatibilities {
                problems.append([
                    "against": "v\(failure.olderVersion)",
                    "direction": failure.direction.rawValue,
                    "type": problem.type.rawValue,
                    "location": problem.location,
                    "explanation": problem.explanation,
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
        return ["compatible": verdict.isCompatible, "summary": summary, "problems": problems, "hasProblems": !problems.isEmpty,
                "mode": mode.rawValue]
    }

    /// Each example with its validation result and, when it encodes, its Avro binary size.
    func exampleContexts(_ event: ResolvedEvent) -> [[String: Any]] {
        event.examples.map { example in
            let file = example.source.file.split(separator: "/").last.map(String.init) ?? example.source.file
            var context: [String: Any] = ["file": file, "json": HTMLText.escape(example.source.text), "problems": [String](), "hasProblems": false, "wireSize": false]
            let schema: AvroSchema?
            let expectValid: Bool
            switch example.kind {
            case .latest:
                context["label"] = event.latest.map { "v\($0.number) (latest)" } ?? "latest"
                schema = event.latest?.schema
                expectValid = true
            case .pinned(let number):
                context["label"] = "v\(number)"
                schema = event.versions.first { $0.number == number }?.schema
                expectValid = true
            case .invalid:
                context["label"] = "must be rejected"
                schema = event.latest?.schema
                expectValid = false
            }
            guard let document = example.document else {
                context["ok"] = !expectValid
                context["result"] = "not valid JSON"
                return context
            }
            guard let schema else {
                context["ok"] = false
                context["result"] = "no schema to check against"
                return context
            }
            let problems = AvroValidator.validate(document, against: schema)
            context["problems"] = problems.prefix(20).map(\.description)
            context["hasProblems"] = !problems.isEmpty
            if problems.isEmpty {
                if let value = try? AvroJSONReader(schema: schema).read(document),
                   let bytes = try? AvroBinaryEncoder(schema: schema).encode(value) {
                    context["wireSize"] = SiteFormatting.bytes(bytes.count)
                }
            }
            context["ok"] = problems.isEmpty == expectValid
            context["result"] = switch (problems.isEmpty, expectValid) {
            case (true, true): "valid"
            case (false, false): "rejected, as expected"
            case (true, false): "accepted, but it should be rejected"
            case (false, true): "invalid"
            }
            return context
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
