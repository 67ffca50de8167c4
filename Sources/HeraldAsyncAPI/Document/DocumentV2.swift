import HeraldAvro
import HeraldCatalog

/// AsyncAPI 2.6.0 documents for tools still on 2.x. Channels are keyed by topic and hold the operations, whose
/// names are seen from the other side: a service's `subscribe` is what it produces, `publish` what it consumes.
struct DocumentV2: Sendable {
    let parts: DocumentParts

    var catalog: ResolvedCatalog { parts.catalog }
    var topology: CatalogTopology { parts.topology }

    /// The document of one service.
    func service(_ roles: ServiceRoles) -> JSONValue {
        var root = JSONObject()
        root.set("asyncapi", .text(AsyncAPIVersion.v2_6_0.rawValue))
        root.set("id", .text(DocumentIdentity.serviceURN(catalog: catalog, service: roles.id)))
        let owner = roles.service.owner.flatMap { catalog.teams[$0.value] }
        var extensions = JSONObject()
        extensions.set("x-herald-service", .text(roles.id))
        if let team = roles.service.owner?.value { extensions.set("x-herald-owner", .text(team)) }
        root.set("info", .object(parts.info(
            title: roles.service.name?.value ?? roles.id, description: roles.infoDescription(topology), contact: owner, tags: [],
            repository: nil, events: roles.events, extensions: extensions)))
        root.setArray("tags", roles.tags(topology).map(DocumentParts.tag))
        if let repository = roles.service.repository?.value, !repository.isEmpty {
            root.set("externalDocs", .members([("description", .text("Source repository")), ("url", .text(repository))]))
        }
        root.setObject("servers", parts.servers())
        root.set("defaultContentType", .text(DocumentParts.avroContentType))
        let produced = Set(roles.produces.map { topology.events[$0].name })
        let consumed = Set(roles.consumes.map { topology.events[$0].name })
        var channels = MemberList()
        for channel in roles.channels.map({ topology.channels[$0] }) {
            var item = channelItem(channel)
            if channel.deadLetterOf != nil {
                // The service forwards failed records of what it consumes.
                let ids = messageIDs(on: channel, events: consumed)
                item.setValue("subscribe", operation(
                    id: "deadletter." + channel.id, summary: "Forward records that failed on every retry.", messageIDs: ids,
                    service: roles.id, receives: false))
            } else {
                item.setValue("subscribe", operation(
                    id: "send." + channel.id, summary: "Produce to \(channel.address).", messageIDs: messageIDs(on: channel, events: produced),
                    service: roles.id, receives: false))
                item.setValue("publish", operation(
                    id: "receive." + channel.id, summary: "Consume from \(channel.address).", messageIDs: messageIDs(on: channel, events: consumed),
                    service: roles.id, receives: true))
            }
            channels.set(channel.address, .object(reorder(item)))
        }
        root.setObject("channels", channels.object)
        root.set("components", .object(components(messages: roles.messages)))
        return .object(root)
    }

    /// The whole catalog: every topic with a `subscribe` operation listing the records one can read from it.
    /// When streaming, its channels are deferred to chunks (see `DocumentOutline`).
    func catalogDocument() -> (root: JSONObject, deferred: [String: [DocumentOutline.Chunk]]) {
        var root = JSONObject()
        root.set("asyncapi", .text(AsyncAPIVersion.v2_6_0.rawValue))
        root.set("id", .text(DocumentIdentity.catalogURN(catalog)))
        var extensions = JSONObject()
        extensions.set("x-herald-events", .integer(topology.events.count))
        root.set("info", .object(parts.info(
            title: catalog.manifest.title?.value ?? "Event catalog", description: catalog.manifest.description?.value, contact: nil,
            tags: [], repository: nil, events: Array(topology.events.indices), extensions: extensions)))
        let tags = topology.tags(of: topology.events.indices)
        root.setArray("tags", tags.map(DocumentParts.tag))
        root.setObject("servers", parts.servers())
        root.set("defaultContentType", .text(DocumentParts.avroContentType))
        var deferred: [String: [DocumentOutline.Chunk]] = [:]
        if parts.defersMessages, !topology.channels.isEmpty {
            root.set("channels", DocumentOutline.placeholder)
            deferred["channels"] = DocumentOutline.chunks(of: topology.channels) { [self] slice in
                slice.map(catalogChannel).map { DeferredMember.value($0.0, $0.1) }
            }
        } else {
            var channels = MemberList()
            for channel in topology.channels {
                let (address, item) = catalogChannel(channel)
                channels.set(address, item)
            }
            root.setObject("channels", channels.object)
        }
        root.set("components", .object(components(messages: topology.messages.indices)))
        return (root, deferred)
    }

    /// A topic of the catalog document with the `subscribe` operation listing what one can read from it.
    private func catalogChannel(_ channel: CatalogTopology.Channel) -> (String, JSONValue) {
        var item = channelItem(channel)
        var subscribe = JSONObject()
        subscribe.set("operationId", .text("subscribe." + channel.id))
        subscribe.set("summary", .text("Records on \(channel.address)."))
        subscribe.setValue("message", messageField(channel.messageIDs))
        item.set("subscribe", .object(subscribe))
        return (channel.address, .object(reorder(item)))
    }

    private func channelItem(_ channel: CatalogTopology.Channel) -> JSONObject {
        var item = JSONObject()
        let text = parts.channelText(channel)
        // 2.6 channels have no title or summary: the description carries the summary as its first paragraph.
        let summary = text["summary"].flatMap { if case .string(let s) = $0 { s } else { nil } }
        let description = text["description"].flatMap { if case .string(let s) = $0 { s } else { nil } }
        item.setText("description", [summary, description].compactMap { $0 }.joined(separator: "\n\n"))
        item.set("bindings", .members([("kafka", .object(parts.channelBinding(channel)))]))
        for (key, value) in parts.channelExtensions(channel).members { item.set(key, value) }
        return item
    }

    /// Operations before bindings and extensions, as the spec lists the fields.
    private func reorder(_ item: JSONObject) -> JSONObject {
        let order = ["description", "subscribe", "publish", "bindings"]
        var out = JSONObject()
        for key in order { if let value = item[key] { out.set(key, value) } }
        for (key, value) in item.members where !order.contains(key) { out.set(key, value) }
        return out
    }

    private func messageIDs(on channel: CatalogTopology.Channel, events: Set<String>) -> [String] {
        channel.messageIDs.filter { id in topology.messages.binarySearchIndex(id: id).map { events.contains(topology.messages[$0].event.name) } ?? false }
    }

    private func operation(id: String, summary: String, messageIDs: [String], service: String, receives: Bool) -> JSONValue? {
        guard let message = messageField(messageIDs) else { return nil }
        var object = JSONObject()
        object.set("operationId", .text(id))
        object.set("summary", .text(summary))
        object.set("bindings", .members([("kafka", .object(parts.operationBinding(service: service, receives: receives)))]))
        object.set("message", message)
        return .object(object)
    }

    /// One message as a reference, several as `oneOf`.
    private func messageField(_ ids: [String]) -> JSONValue? {
        let refs = ids.map { JSONValue.reference("#/components/messages/" + $0) }
        switch refs.count {
        case 0: return nil
        case 1: return refs[0]
        default: return .members([("oneOf", .array(refs))])
        }
    }

    /// `components` for the messages at these indices of `topology.messages` (ascending).
    private func components<Indices: Collection<Int>>(messages indices: Indices) -> JSONObject {
        var components = JSONObject()
        let events = Set(indices.map { topology.messages[$0].eventIndex }).map { topology.events[$0].name }
        components.setObject("schemas", parts.componentSchemas(events: events))
        components.setValue("messages", parts.componentMessages(indices))
        if !indices.isEmpty { components.setObject("correlationIds", parts.correlationIDs()) }
        return components
    }
}
