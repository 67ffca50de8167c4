import HeraldDiagnostics

/// One small unit of the catalog checks: the rule IDs it reports and the check itself, a pure function of the catalog.
public protocol CatalogRule: Sendable {
    /// The descriptors of the findings this unit reports.
    var descriptors: [RuleDescriptor] { get }
    /// The findings for `catalog`.
    func check(_ catalog: ResolvedCatalog) -> [Diagnostic]
}

/// A unit of the checks that needs every version of one event parsed: it runs per event, in parallel, while the
/// resolver has them in memory.
public protocol EventRule: Sendable {
    /// The descriptors of the findings this unit reports.
    var descriptors: [RuleDescriptor] { get }
    /// The findings for one event.
    func check(_ event: ResolvedEvent, context: EventRuleContext) -> [Diagnostic]
}

/// What an event rule may know beyond the event itself.
public struct EventRuleContext: Sendable {
    /// The event's consumers, their teams and its volume.
    public var impact: Impact
}

extension CatalogRules {
    /// The units run on every resolved catalog, in order.
    public static let units: [any CatalogRule] = [
        ReferenceRule(), TeamContactRule(), ServiceOwnerRule(), ServiceUsageRule(), RequiredMetadataRule(), ProducerConsumerRule(),
        EventNameRule(), CompatibilityModeRule(), TopicRule(), KeyRule(), IDFieldRule(), LifecycleRule(), VersionSequenceRule(),
    ]

    /// The units run per event during resolution.
    public static let eventUnits: [any EventRule] = [VersionRecordRule(), CompatibilityRule(), ExampleRule()]
}
