import HeraldAvro
import HeraldCatalog

/// AsyncAPI 3.0.0 documents: one per service (the service is the application) and one for the whole catalog
/// (a topology: root channels, components, no root operations).
struct DocumentV3: Sendable {
    let parts: DocumentParts
    /// When streaming: the channel items and headers schemas rendered once for every document that lists them.
    var shared: SharedMembers?

    var catalog: ResolvedCatalog { parts.catalog }
    var topology: CatalogTopology { parts.topology }

    /// Channel items and headers schemas rendered once each: they are the same in every document listing them.
    struct SharedMembers: Sendable {
        /// By index into `topology.channels`, rendered as members of the root `channels`.
        var channels: [RenderedMember]
        /// By index into `topology.events`, rendered as members of `components.schemas`.
        var headers: [RenderedMember]
        /// Each service's operations by service ID: its own document and the catalog's list them.
        var operations: [String: [Operation]]

        init(_ builder: DocumentV3, services: [ServiceRoles]) {
            let topology = builder.topology
            channels = ParallelMap.map(topology.channels) { channel in
                RenderedMember(channel.id, .object(builder.channelItem(channel)), indent: 2)
            }
            headers = ParallelMap.map(topology.events) { event in
                RenderedMember(DocumentParts.headersSchemaID(event.name), builder.parts.headersSchema(event), indent: 4)
            }
            let lists = ParallelMap.map(services) { builder.operations(of: $0) }
            operations = Dictionary(zip(services.map(\.id), lists), uniquingKeysWith: { first, _ in first })
        }
    }

    /// The document of one service; when streaming, its channels and headers schemas are deferred to shared members.
    func service(_ roles: ServiceRoles) -> (root: JSONObject, deferred: [String: [DocumentOutline.Chunk]]) {
        var deferred: [String: [DocumentOutline.Chunk]] = [:]
        var root = JSONObject()
        root.set("asyncapi", .text(AsyncAPIVersion.v3_0_0.rawValue))
        root.set("id", .text(DocumentIdentity.serviceURN(catalog: catalog, service: roles.id)))
        let owner = roles.service.owner.flatMap { catalog.teams[$0.value] }
        var extensions = JSONObject()
        extensions.set("x-herald-service", .text(roles.id))
        if let team = roles.service.owner?.value { extensions.set("x-herald-owner", .text(team)) }
        root.set("info", .object(parts.info(
            title: roles.service.name?.value ?? roles.id, description: roles.infoDescription(topology), contact: owner,
            tags: roles.tags(topology), repository: roles.service.repository?.value, events: roles.events, extensions: extensions)))
        root.setObject("servers", parts.servers())
        root.set("defaultContentType", .text(DocumentParts.avroContentType))
        setChannels(roles.channels, in: &root, deferred: &deferred)
        let operations = self.operations(of: roles)
        if shared != nil, !operations.isEmpty {
            root.set("operations", DocumentOutline.placeholder)
            deferred["operations"] = DocumentOutline.chunks(of: operations, size: 512) { [self] slice in
                slice.map { .rendered(renderedOperation($0, key: $0.id, indent: 2)) }
            }
        } else {
            var members = MemberList()
            for operation in operations { members.set(operation.id, .object(self.operation(operation))) }
            root.setObject("operations", members.object)
        }
        root.set("components", .object(components(messages: roles.messages, operations: JSONObject(), deferred: &deferred)))
        return (root, deferred)
    }

    /// The root `channels`: built here, or deferred to the shared rendered items.
    /// `channels` are indices into `topology.channels`.
    private func setChannels(_ channels: [Int], in root: inout JSONObject, deferred: inout [String: [DocumentOutline.Chunk]]) {
        guard let shared, !channels.isEmpty else {
            root.setObject("channels", self.channels(channels.map { topology.channels[$0] }))
            return
        }
        root.set("channels", DocumentOutline.placeholder)
        deferred["channels"] = DocumentOutline.chunks(of: channels, size: 1024) { indices in
            indices.map { .rendered(shared.channels[$0]) }
        }
    }

    /// The topology document of the whole catalog. When streaming, its channels and component operations are
    /// deferred to chunks (see `DocumentOutline`).
    func catalogDocument(services: [ServiceRoles]) -> (root: JSONObject, deferred: [String: [DocumentOutline.Chunk]]) {
        var root = JSONObject()
        var deferred: [String: [DocumentOutline.Chunk]] = [:]
        root.set("asyncapi", .text(AsyncAPIVersion.v3_0_0.rawValue))
        root.set("id", .text(DocumentIdentity.catalogURN(catalog)))
        root.set("info", .object(catalogInfo()))
        root.setObject("servers", parts.servers())
        root.set("defaultContentType", .text(DocumentParts.avroContentType))
        setChannels(Array(topology.channels.indices), in: &root, deferred: &deferred)
        // What each service may do: component operations, keyed `<service>.<operation>`, pointing at root channels.
        var operations = MemberList()
        if parts.defersMessages {
            let acting = services.filter { roles in
                (roles.produces + roles.consumes).contains { topology.channelIndex(ofEvent: $0) != nil }
            }
            if !acting.isEmpty {
                deferred["components/operations"] = acting.map { roles in
                    { [self] in
                        self.operations(of: roles).map { .rendered(renderedOperation($0, key: roles.id + "." + $0.id, indent: 4)) }
                    }
                }
            }
        } else {
            for roles in services {
                for operation in self.operations(of: roles) { operations.set(roles.id + "." + operation.id, .object(self.operation(operation))) }
            }
        }
        var components = components(messages: topology.messages.indices, operations: operations.object, deferred: &deferred)
        if deferred["components/operations"] != nil {
            // Where the whole document has them: after `schemas` and `messages`, before `correlationIds`.
            var members = components.members
            let position = members.lastIndex { $0.key == "schemas" || $0.key == "messages" }.map { $0 + 1 } ?? 0
            members.insert((key: "operations", value: DocumentOutline.placeholder), at: position)
            components = JSONObject(members)
        }
        root.set("components", .object(components))
        return (root, deferred)
    }

    func catalogInfo() -> JSONObject {
        let tags = topology.tags(of: topology.events.indices)
        var extensions = JSONObject()
        extensions.set("x-herald-events", .integer(topology.events.count))
        return parts.info(
            title: catalog.manifest.title?.value ?? "Event catalog", description: catalog.manifest.description?.value, contact: nil,
            tags: tags, repository: nil, events: Array(topology.events.indices), extensions: extensions)
    }

    func channels(_ channels: [CatalogTopology.Channel]) -> JSONObject {
        var object = MemberList()
        for channel in channels { object.set(channel.id, .object(channelItem(channel))) }
        return object.object
    }

    /// One channel item: the same in every document listing the channel.
    func channelItem(_ channel: CatalogTopology.Channel) -> JSONObject {
        var item = JSONObject()
        item.set("address", .text(channel.address))
        for (key, value) in parts.channelText(channel).members { item.set(key, value) }
        var messages = JSONObject()
        for id in channel.messageIDs { messages.set(id, .reference("#/components/messages/" + id)) }
        item.setObject("messages", messages)
        item.set("bindings", .members([("kafka", .object(parts.channelBinding(channel)))]))
        for (key, value) in parts.channelExtensions(channel).members { item.set(key, value) }
        return item
    }

    /// One operation of a service: the names and references its object is written from.
    struct Operation: Sendable {
        /// The key in the service's `operations`: `send.<event>`, `receive.<event>` or `deadletter.<event>`.
        var id: String
        var action: String
        var channelID: String
        var event: String
        /// The event's messages on the channel, oldest first.
        var messageIDs: [String]
        var service: String
        var title: String
        var summary: String?
    }

    /// `send.<event>` per produced event, `receive.<event>` per consumed event, `deadletter.<event>` per consumed
    /// event with a DLQ, in that order, each sorted by event.
    func operations(of roles: ServiceRoles) -> [Operation] {
        if let known = shared?.operations[roles.id] { return known }
        let topology = topology
        var operations: [Operation] = []
        func add(_ kind: String, event index: Int, channel: Int?, title: String, summary: String?) {
            guard let channel else { return }
            let name = topology.events[index].name
            let channelID = topology.channels[channel].id
            // Every message of the event, unless two topics share a channel ID.
            let ids = (topology.messagesByEvent[name] ?? []).map { topology.messages[$0].id }
                .filter { topology.channels[channel].messageIDs.sortedContains($0) }
            operations.append(Operation(
                id: kind + "." + name, action: kind == "receive" ? "receive" : "send", channelID: channelID, event: name,
                messageIDs: ids, service: roles.id, title: title, summary: summary))
        }
        for index in roles.produces {
            let name = topology.events[index].name
            add("send", event: index, channel: topology.channelIndex(ofEvent: index),
                title: "Produce \(name)", summary: topology.events[index].manifest?.summary?.value)
        }
        for index in roles.consumes {
            let name = topology.events[index].name
            add("receive", event: index, channel: topology.channelIndex(ofEvent: index),
                title: "Consume \(name)", summary: topology.events[index].manifest?.summary?.value)
        }
        for index in roles.consumes {
            let name = topology.events[index].name
            add("deadletter", event: index, channel: topology.deadLetterChannelIndex(ofEvent: index),
                title: "Dead-letter \(name)", summary: "Forward a record of \(name) that failed on every retry.")
        }
        return operations
    }

    func operation(_ operation: Operation) -> JSONObject {
        var tree = JSONTreeBuilder()
        walkOperation(operation, into: &tree)
        return tree.object
    }

    /// The operation as a member of a map whose members sit at `indent`, rendered straight to both formats.
    func renderedOperation(_ operation: Operation, key: String, indent: Int) -> RenderedMember {
        RenderedMember(key, indent: indent) { walkOperation(operation, into: &$0) }
    }

    private func walkOperation<Sink: JSONEventSink>(_ operation: Operation, into sink: inout Sink) {
        sink.beginObject()
        sink.member("action", operation.action)
        sink.key("channel")
        sink.reference("#/channels/" + operation.channelID)
        sink.member("title", operation.title)
        sink.member("summary", text: operation.summary)
        if !operation.messageIDs.isEmpty {
            sink.key("messages")
            sink.beginArray()
            for id in operation.messageIDs { sink.reference("#/channels/\(operation.channelID)/messages/\(id)") }
            sink.endArray()
        }
        sink.key("bindings")
        sink.beginObject()
        sink.key("kafka")
        parts.walkOperationBinding(service: operation.service, receives: operation.action == "receive", into: &sink)
        sink.endObject()
        sink.member("x-herald-event", operation.event)
        sink.endObject()
    }

    /// `components` for the messages at these indices of `topology.messages` (ascending).
    func components<Indices: Collection<Int>>(
        messages indices: Indices, operations: JSONObject, deferred: inout [String: [DocumentOutline.Chunk]]
    ) -> JSONObject {
        var components = JSONObject()
        // Indices into `topology.events`, ascending: sorted by name.
        let events = Set(indices.map { topology.messages[$0].eventIndex }).sorted()
        if let shared, !events.isEmpty {
            components.set("schemas", DocumentOutline.placeholder)
            deferred["components/schemas"] = DocumentOutline.chunks(of: events, size: 1024) { events in
                events.map { .rendered(shared.headers[$0]) }
            }
        } else {
            components.setObject("schemas", parts.componentSchemas(events: events.map { topology.events[$0].name }))
        }
        components.setValue("messages", parts.componentMessages(indices))
        components.setObject("operations", operations)
        if !indices.isEmpty { components.setObject("correlationIds", parts.correlationIDs()) }
        return components
    }
}

/// Document IDs: URNs built from the catalog title and service ID.
enum DocumentIdentity {
    static func catalogURN(_ catalog: ResolvedCatalog) -> String { "urn:herald:" + slug(catalog.manifest.title?.value ?? "catalog") }

    static func serviceURN(catalog: ResolvedCatalog, service: String) -> String {
        catalogURN(catalog) + ":service:" + slug(service)
    }

    /// Lower-case letters and digits with single dashes between runs.
    static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9":
                if pendingDash, !out.isEmpty { out += "-" }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            default:
                pendingDash = true
            }
        }
        return out.isEmpty ? "catalog" : out
    }
}
