import Foundation
import HeraldAsyncAPI
import HeraldAvro
import HeraldCatalog

/// The catalogs the tests generate documents from, located from this file's path.
enum TestCatalogs {
    /// The repository root.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// This target's resources in the source tree (goldens are rewritten there).
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources")
    static let fixture = resources.appendingPathComponent("fixture-catalog")
    static let bundled = repository.appendingPathComponent("schemas")

    static func resolve(_ directory: URL, displayRoot: String) throws -> ResolvedCatalog {
        let files = try DirectoryCatalogSource(directory: directory, displayRoot: displayRoot).load()
        return CatalogResolver().resolve(CatalogParser().parse(files))
    }

    static func fixtureCatalog() throws -> ResolvedCatalog { try resolve(fixture, displayRoot: "fixture-catalog") }
    static func bundledCatalog() throws -> ResolvedCatalog { try resolve(bundled, displayRoot: "schemas") }

    /// The documents of a catalog as parsed JSON, by file path.
    static func jsonDocuments(_ catalog: ResolvedCatalog, version: AsyncAPIVersion) throws -> [(path: String, value: JSONValue)] {
        try AsyncAPIGenerator(options: .init(version: version)).documents(for: catalog)
            .filter { $0.path.hasSuffix(".json") }
            .map { ($0.path, try JSONParser().parse(String(decoding: $0.bytes, as: UTF8.self)).plain) }
    }
}

/// Reading into JSON values without ceremony.
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    subscript(path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var intValue: Int? { if case .number(let n) = self { n.int64.map(Int.init) } else { nil } }
}
