import Foundation
import HeraldAvro
import HeraldCatalog

/// `herald build`'s AsyncAPI stage: resolved catalog → one document per service and one for the catalog, each as
/// YAML and JSON under `asyncapi/`.
public struct AsyncAPIGenerator: Sendable {
    /// What to emit.
    public struct Options: Sendable, Hashable {
        public var version: AsyncAPIVersion

        public init(version: AsyncAPIVersion = .v3_0_0) { self.version = version }
    }

    public var options: Options

    public init(options: Options = .init()) { self.options = options }

    /// The documents as values, keyed by file stem (`catalog`, then each service ID), in output order.
    public func documentValues(for catalog: ResolvedCatalog) -> [(stem: String, document: JSONValue)] {
        let topology = CatalogTopology.build(from: catalog)
        let parts = DocumentParts(catalog: catalog, topology: topology, version: options.version)
        return forEachDocument(parts).map { ($0.stem, .object($0.materialized())) }
    }

    /// Every file's path, in output order: `asyncapi/<stem>.yaml` and `.json` for the catalog, then each service.
    /// Only the catalog's services are needed for this, not its topology.
    public func documentPaths(for catalog: ResolvedCatalog) -> [String] {
        let stems = ["catalog"] + Self.serviceIDs(of: catalog).map { Self.fileStem(service: $0) }
        return stems.flatMap { stem in DocumentFormat.allCases.map { "asyncapi/\(stem).\($0.fileExtension)" } }
    }

    /// The IDs of the services with a document, sorted, each once.
    private static func serviceIDs(of catalog: ResolvedCatalog) -> [String] {
        var seen = Set<String>()
        return catalog.manifest.services.map(\.id.value).sorted().filter { seen.insert($0).inserted && catalog.services[$0] != nil }
    }

    /// The services with a document, sorted by ID, each once; their roles are gathered on every core.
    private static func services(of catalog: ResolvedCatalog, topology: CatalogTopology) -> [ServiceRoles] {
        let services = serviceIDs(of: catalog).compactMap { catalog.services[$0] }
        return ParallelMap.map(services) { ServiceRoles(service: $0, topology: topology) }
    }

    /// The documents built from these parts, catalog first, each with its messages in `components.messages` unless
    /// `parts.defersMessages`.
    private func forEachDocument(_ parts: DocumentParts) -> [DocumentOutline] {
        Self.documents(parts).map { outline(of: $0, parts, shared: nil) }
    }

    /// Which documents there are: the catalog's, then each service's.
    private enum Document: Sendable {
        case catalog([ServiceRoles])
        case service(ServiceRoles)
    }

    private static func documents(_ parts: DocumentParts) -> [Document] {
        let services = Self.services(of: parts.catalog, topology: parts.topology)
        return [.catalog(services)] + services.map(Document.service)
    }

    /// `shared` (AsyncAPI 3.0 only) holds the members every document renders alike, when streaming.
    private func outline(of document: Document, _ parts: DocumentParts, shared: DocumentV3.SharedMembers?) -> DocumentOutline {
        let topology = parts.topology
        switch (document, options.version) {
        case (.catalog(let services), .v3_0_0):
            let (root, deferred) = DocumentV3(parts: parts, shared: shared).catalogDocument(services: services)
            return DocumentOutline(stem: "catalog", root: root, messages: Array(topology.messages.indices), deferred: deferred)
        case (.catalog, .v2_6_0):
            let (root, deferred) = DocumentV2(parts: parts).catalogDocument()
            return DocumentOutline(stem: "catalog", root: root, messages: Array(topology.messages.indices), deferred: deferred)
        case (.service(let roles), .v3_0_0):
            let (root, deferred) = DocumentV3(parts: parts, shared: shared).service(roles)
            return DocumentOutline(
                stem: Self.fileStem(service: roles.id), root: root, messages: roles.messages, deferred: deferred)
        case (.service(let roles), .v2_6_0):
            return serviceOutline(roles, DocumentV2(parts: parts).service(roles), topology)
        }
    }

    private func serviceOutline(_ roles: ServiceRoles, _ value: JSONValue, _ topology: CatalogTopology) -> DocumentOutline {
        guard case .object(let root) = value else { return DocumentOutline(stem: Self.fileStem(service: roles.id), root: JSONObject(), messages: []) }
        return DocumentOutline(stem: Self.fileStem(service: roles.id), root: root, messages: roles.messages)
    }

    /// Every file: `asyncapi/<stem>.yaml` and `asyncapi/<stem>.json`, sorted by path.
    public func documents(for catalog: ResolvedCatalog) -> [EmittedFile] {
        let sinks = SinkCollection()
        // In-memory sinks do not throw.
        try? stream(catalog) { path in sinks.open(path) }
        return sinks.files.sorted { $0.path < $1.path }
    }

    /// Writes the same files as `documents(for:)` through sinks `open` makes (one per file path, all open at once;
    /// `open` is called from several threads),
    /// without holding any whole document: a large catalog's documents run to gigabytes. Each message object is
    /// rendered once, in parallel, and its bytes go to every document that lists it. Files are complete when this
    /// returns; on a throw, some may be partial.
    ///
    /// `select` is shown every document's `DocumentReach` first and answers the stems of those to write (nil: all);
    /// the others are neither built nor written. With `reuse`, unchanged messages' entries are read from the last
    /// build's catalog document instead of rendered. Returns the reaches and where the catalog's entries went.
    @discardableResult
    public func stream(_ catalog: ResolvedCatalog, select: @Sendable ([DocumentReach]) -> Set<String>? = { _ in nil },
                       reuse: MessageEntryReuse? = nil,
                       open: @escaping @Sendable (_ path: String) throws -> any DocumentSink) throws -> StreamedDocuments {
        let topology = CatalogTopology.build(from: catalog)
        let parts = DocumentParts(catalog: catalog, topology: topology, version: options.version, defersMessages: true)
        let services = Self.services(of: parts.catalog, topology: parts.topology)
        let all = [Document.catalog(services)] + services.map(Document.service)
        var folders: [String: String] = [:]
        for event in topology.events { folders[event.name] = event.folder }
        let reaches = all.map { reach(of: $0, topology, folders: folders) }
        let chosen = select(reaches)
        let documents = zip(all, reaches).filter { chosen?.contains($0.1.stem) ?? true }.map(\.0)
        guard !documents.isEmpty else { return StreamedDocuments(reaches: reaches, catalogEntries: nil) }
        let shared = options.version == .v3_0_0 ? DocumentV3.SharedMembers(DocumentV3(parts: parts), services: services) : nil
        let entries = try DocumentStreamWriter(parts: parts, documentCount: documents.count, outline: { [self] index in
            outline(of: documents[index], parts, shared: shared)
        }, reuse: MessageEntrySource(reuse)).write(open: open)
        return StreamedDocuments(reaches: reaches, catalogEntries: entries)
    }

    /// What `stream` wrote.
    public struct StreamedDocuments: Sendable {
        /// Every document's reach, written or not.
        public var reaches: [DocumentReach]
        /// Where the catalog document's message entries lie in its files; nil when it was not written.
        public var catalogEntries: MessageEntrySpans?
    }

    /// The folders of the events a document describes: the catalog's, every event; a service's, the events it
    /// produces and consumes and every event on the channels it touches (their messages, dead-letter topics).
    private func reach(of document: Document, _ topology: CatalogTopology, folders: [String: String]) -> DocumentReach {
        switch document {
        case .catalog:
            return DocumentReach(stem: "catalog", folders: Set(folders.values).sorted())
        case .service(let roles):
            var names = Set((roles.produces + roles.consumes).map { topology.events[$0].name })
            for channel in roles.channels { names.formUnion(topology.channels[channel].events) }
            for message in roles.messages { names.insert(topology.messages[message].event.name) }
            return DocumentReach(stem: Self.fileStem(service: roles.id), folders: Set(names.compactMap { folders[$0] }).sorted())
        }
    }

    /// The files of a document with this stem, YAML then JSON.
    public static func paths(stem: String) -> [String] {
        DocumentFormat.allCases.map { "asyncapi/\(stem).\($0.fileExtension)" }
    }

    /// A service's file name: its ID, made safe for a path, never `catalog` (that is the catalog document's).
    static func fileStem(service: String) -> String {
        var stem = String(String.UnicodeScalarView(service.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": scalar
            default: "_"
            }
        }))
        if stem.hasPrefix(".") { stem = "_" + stem.dropFirst() }
        return stem == "catalog" ? "catalog-service" : stem
    }
}
