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
        var documents: [(stem: String, document: JSONValue)] = []
        forEachDocument(of: catalog) { documents.append(($0, $1)) }
        return documents
    }

    /// Builds the documents one at a time, in output order, so a caller can write each and let it go.
    private func forEachDocument(of catalog: ResolvedCatalog, _ body: (String, JSONValue) throws -> Void) rethrows {
        let topology = CatalogTopology.build(from: catalog)
        let parts = DocumentParts(catalog: catalog, topology: topology, version: options.version)
        let services = catalog.manifest.services.map(\.id.value).sorted().compactMap { id in
            catalog.services[id].map { ServiceRoles(service: $0, topology: topology, catalog: catalog) }
        }
        var seen = Set<String>()
        let unique = services.filter { seen.insert($0.id).inserted }
        switch options.version {
        case .v3_0_0:
            let builder = DocumentV3(parts: parts)
            try body("catalog", builder.catalogDocument(services: unique))
            for roles in unique { try body(Self.fileStem(service: roles.id), builder.service(roles)) }
        case .v2_6_0:
            let builder = DocumentV2(parts: parts)
            try body("catalog", builder.catalogDocument())
            for roles in unique { try body(Self.fileStem(service: roles.id), builder.service(roles)) }
        }
    }

    /// Every file: `asyncapi/<stem>.yaml` and `asyncapi/<stem>.json`, sorted by path.
    public func documents(for catalog: ResolvedCatalog) -> [EmittedFile] {
        var files: [EmittedFile] = []
        emitDocuments(for: catalog) { files.append(EmittedFile(path: $0, bytes: Data($1))) }
        return files.sorted { $0.path < $1.path }
    }

    /// The same files as `documents(for:)`, handed over one at a time as each is written (in output order, not
    /// sorted), so a caller can store each and let it go: a large catalog's documents run to gigabytes.
    /// Each file is a path and its UTF-8 bytes, not yet copied into `Data`.
    public func emitDocuments(for catalog: ResolvedCatalog, _ body: (_ path: String, _ bytes: [UInt8]) throws -> Void) rethrows {
        try forEachDocument(of: catalog) { stem, document in
            var yaml: [UInt8] = []
            YAMLWriter().write(document, into: &yaml)
            try body("asyncapi/\(stem).yaml", yaml)
            yaml = []
            var json: [UInt8] = []
            JSONWriter(style: .pretty).write(document, into: &json)
            json.append(UInt8(ascii: "\n"))
            try body("asyncapi/\(stem).json", json)
        }
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
