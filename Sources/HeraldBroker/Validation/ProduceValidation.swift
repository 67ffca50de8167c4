import HeraldCatalog

/// The composition of produce-time validation: what `herald broker` hands its Kafka service.
public enum ProduceValidation {
    /// A validator of `catalog`'s contracts against `source` (the registry's live state); accepts everything when
    /// validation is off, when there is no catalog, or when there is no source of schemas.
    public static func validator(catalog: ResolvedCatalog?, source: (any ProduceSchemaSource)?, enabled: Bool = true) -> any ProduceValidator {
        guard enabled, let catalog, let source else { return AcceptAllRecords() }
        return ContractValidator(contracts: TopicContract.contracts(from: catalog), source: source)
    }
}
