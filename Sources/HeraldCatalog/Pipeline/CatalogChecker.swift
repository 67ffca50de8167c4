import HeraldDiagnostics

/// `herald check` as a function: files → parsed → resolved → checked, optionally against a base revision.
public struct CatalogChecker: Sendable {
    /// Turns warnings into errors.
    public var strict: Bool
    /// Keep the resolved catalog, with every version's schema and canonical form, in the result, for stages that
    /// publish it (`herald build`), so the catalog is parsed and resolved once.
    public var keepsCatalog: Bool

    public init(strict: Bool = false, keepsCatalog: Bool = false) {
        self.strict = strict
        self.keepsCatalog = keepsCatalog
    }

    /// Checks `files`; with `base`, also checks the changes since that revision.
    /// The files are consumed: their bytes are released once parsed, which matters on catalogs of many thousand events.
    public func check(_ files: consuming CatalogFiles, against base: consuming CatalogFiles? = nil) -> CheckResult {
        let parsed = CatalogParser().parse(files)
        let catalog = CatalogResolver(
            eventRules: CatalogRules.eventUnits, retainsAllSchemas: keepsCatalog, computesCanonicalForms: keepsCatalog || base != nil,
            dropsOlderSchemaSources: keepsCatalog
        ).resolve(parsed)
        var history: [Diagnostic] = []
        if let baseFiles = base.take() {
            let baseCatalog = CatalogResolver(retainsAllSchemas: false).resolve(CatalogParser().parse(baseFiles))
            history = HistoryCheck().check(catalog, against: baseCatalog)
        }
        return finish(catalog, history: history)
    }

    /// The catalog-wide rules over a resolved catalog, then the findings deduplicated and sorted.
    func finish(_ catalog: ResolvedCatalog, history: [Diagnostic] = []) -> CheckResult {
        var diagnostics = catalog.diagnostics
        for unit in CatalogRules.units { diagnostics += unit.check(catalog) }
        diagnostics += history
        if strict {
            diagnostics = diagnostics.map { diagnostic in
                var diagnostic = diagnostic
                if diagnostic.severity == .warning { diagnostic.severity = .error }
                return diagnostic
            }
        }
        return CheckResult(
            diagnostics: Self.deduplicated(diagnostics).sortedForOutput(), events: catalog.events.count,
            versions: catalog.events.reduce(0) { $0 + $1.versions.count }, examples: catalog.events.reduce(0) { $0 + $1.examples.count },
            catalog: keepsCatalog ? catalog : nil)
    }

    /// The same finding reached twice (e.g. a shared type's error seen from two events) is printed once.
    static func deduplicated(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.filter { seen.insert($0).inserted }
    }
}
