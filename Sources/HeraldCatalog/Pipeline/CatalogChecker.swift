import HeraldDiagnostics

/// `herald check` as a function: files → parsed → resolved → checked, optionally against a base revision.
public struct CatalogChecker: Sendable {
    /// Turns warnings into errors.
    public var strict: Bool

    public init(strict: Bool = false) { self.strict = strict }

    /// Checks `files`; with `base`, also checks the changes since that revision.
    public func check(_ files: CatalogFiles, against base: CatalogFiles? = nil) -> CheckResult {
        let catalog = CatalogResolver().resolve(CatalogParser().parse(files))
        var diagnostics = catalog.diagnostics
        for unit in CatalogRules.units { diagnostics += unit.check(catalog) }
        if let base {
            let baseCatalog = CatalogResolver().resolve(CatalogParser().parse(base))
            diagnostics += HistoryCheck().check(catalog, against: baseCatalog)
        }
        if strict {
            diagnostics = diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                if diagnostic.severity == .warning { diagnostic.severity = .error }
                return diagnostic
            }
        }
        return CheckResult(
            diagnostics: Self.deduplicated(diagnostics).sortedForOutput(), events: catalog.events.count,
            versions: catalog.events.reduce(0) { $0 + $1.versions.count }, examples: catalog.events.reduce(0) { $0 + $1.examples.count })
    }

    /// The same finding reached twice (e.g. a shared type's error seen from two events) is printed once.
    static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }
    }
}
