import HeraldDiagnostics

/// One small unit of the catalog checks: the rule IDs it reports and the check itself, a pure function of the catalog.
public protocol CatalogRule: Sendable {
    /// The descriptors of the findings this unit reports.
    var descriptors: [RuleDescriptor] { get }
    /// The findings for `catalog`.
    func check(_ catalog: ResolvedCatalog) -> [Diagnostic]
}

extension CatalogRules {
    /// The units run on every resolved catalog, in order.
    public static let units: [any CatalogRule] = [
        ReferenceRule(), TeamContactRule(), ServiceOwnerRule(), ServiceUsageRule(), RequiredMetadataRule(), ProducerConsumerRule(),
        EventNameRule(), CompatibilityModeRule(), TopicRule(), KeyRule(), IDFieldRule(), LifecycleRule(), VersionSequenceRule(),
        CompatibilityRule(), ExampleRule(),
    ]
}
