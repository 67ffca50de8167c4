import HeraldAvro

/// The compatibility modes a catalog may name: Confluent's, as `CompatibilityMode` parses them.
enum CatalogCompatibility {
    static let names = CompatibilityMode.allCases.map(\.rawValue)

    /// The canonical name for a mode written in any case (or with `-` for `_`), or nil when unknown.
    static func mode(named name: String) -> String? { CompatibilityMode(parsing: name)?.rawValue }
}
