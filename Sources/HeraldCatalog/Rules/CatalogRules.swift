import HeraldDiagnostics

/// The catalog's rules: one descriptor per rule ID, in one list that `herald rules`, docs/catalog.md and the checks share.
public enum CatalogRules {
    // MARK: syntax
    static let yamlSyntax = RuleDescriptor(
        id: "YAML_SYNTAX", category: .syntax, severity: .error,
        purpose: "catalog.yaml and event.yaml files must be well-formed YAML without duplicate keys.")
    static let exampleSyntax = RuleDescriptor(
        id: "EXAMPLE_SYNTAX", category: .syntax, severity: .error,
        purpose: "Example payloads must be well-formed JSON.")
    static let fileNotUTF8 = RuleDescriptor(
        id: "FILE_NOT_UTF8", category: .syntax, severity: .error,
        purpose: "Catalog text files must be UTF-8.")
    /// Public so the avro commands report unreadable input files under the same rule.
    public static let fileUnreadable = RuleDescriptor(
        id: "FILE_UNREADABLE", category: .syntax, severity: .error,
        purpose: "A file Herald reads must be a readable regular file (not a folder or a dangling link) of at most 32 MB.")

    /// Public so the CLI reports, in machine formats, why a run could not start (exit status 2).
    public static let couldNotRun = RuleDescriptor(
        id: "HERALD_COULD_NOT_RUN", category: .catalog, severity: .error,
        purpose: "Herald must be able to read the catalog folder and the --against base (exit status 2 otherwise); the message says what to fix.")

    /// Public so the site generator reports broken templates under it (`herald build` exits 1, nothing published).
    public static let templateInvalid = RuleDescriptor(
        id: "TEMPLATE_INVALID", category: .syntax, severity: .error,
        purpose: "Site templates must parse as Mustache and every partial and parent they name must exist; nothing is published otherwise.",
        hint: "Herald's own templates are available as herald/<name>; see docs/site.md (Templates).")

    // MARK: catalog structure
    static let catalogFileMissing = RuleDescriptor(
        id: "CATALOG_FILE_MISSING", category: .catalog, severity: .error,
        purpose: "The catalog root must hold a catalog.yaml declaring teams and services.",
        hint: "Create catalog.yaml with at least 'teams:' and 'services:'.")
    static let yamlUnknownKey = RuleDescriptor(
        id: "YAML_UNKNOWN_KEY", category: .catalog, severity: .warning,
        purpose: "Keys Herald does not know are reported so typos do not silently drop settings (prefix your own keys with x-).")
    static let yamlWrongType = RuleDescriptor(
        id: "YAML_WRONG_TYPE", category: .catalog, severity: .error,
        purpose: "Each catalog.yaml and event.yaml key must hold the kind of value it documents (text, list, mapping, number).")
    static let orphanFile = RuleDescriptor(
        id: "ORPHAN_FILE", category: .catalog, severity: .warning,
        purpose: "Files in an event folder must be event.yaml, versions, the key schema or examples; anything else is never checked.")
    static let schemaOutsideEvent = RuleDescriptor(
        id: "SCHEMA_OUTSIDE_EVENT", category: .catalog, severity: .error,
        purpose: "An .avsc file must belong to an event folder or types/, or nothing checks or publishes it.",
        hint: "Move it into an event folder as v<N>.avsc, or into types/ if it is a shared type.")

    // MARK: ownership and references
    static let teamUnknown = RuleDescriptor(
        id: "TEAM_UNKNOWN", category: .catalog, severity: .error,
        purpose: "Every team an event or service names must be declared under teams: in catalog.yaml.")
    static let serviceUnknown = RuleDescriptor(
        id: "SERVICE_UNKNOWN", category: .catalog, severity: .error,
        purpose: "Every producer and consumer must be a service declared under services: in catalog.yaml.")
    static let teamContactMissing = RuleDescriptor(
        id: "TEAM_CONTACT_MISSING", category: .catalog, severity: .warning,
        purpose: "A team needs an email or a Slack channel so consumers can reach it about a breaking change.")
    static let serviceOwnerMissing = RuleDescriptor(
        id: "SERVICE_OWNER_MISSING", category: .catalog, severity: .warning,
        purpose: "A service should name its owning team, so impact reports can name the teams a change hits.")
    static let serviceUnused = RuleDescriptor(
        id: "SERVICE_UNUSED", category: .catalog, severity: .warning,
        purpose: "A declared service that neither produces nor consumes any event is probably stale or misspelt.")
    static let summaryMissing = RuleDescriptor(
        id: "EVENT_SUMMARY_MISSING", category: .catalog, severity: .error,
        purpose: "Every event needs a one-line summary for the catalog and AsyncAPI.")
    static let ownerMissing = RuleDescriptor(
        id: "EVENT_OWNER_MISSING", category: .catalog, severity: .error,
        purpose: "Every event needs an owning team.")
    static let producerMissing = RuleDescriptor(
        id: "EVENT_PRODUCER_MISSING", category: .catalog, severity: .error,
        purpose: "Every event needs at least one producing service.")
    static let producerAlsoConsumer = RuleDescriptor(
        id: "PRODUCER_ALSO_CONSUMER", category: .catalog, severity: .warning,
        purpose: "A service consuming its own event is usually a copy-paste slip; list it once, as producer.")

    // MARK: event metadata
    static let eventNameInvalid = RuleDescriptor(
        id: "EVENT_NAME_INVALID", category: .catalog, severity: .error,
        purpose: "Event names are dot-separated lowercase parts, each starting with a letter ([a-z][a-z0-9_-]*).")
    static let eventNameShort = RuleDescriptor(
        id: "EVENT_NAME_SHORT", category: .catalog, severity: .warning,
        purpose: "Event names need at least two parts (entity.action); domain.entity.action is preferred.")
    static let eventNameDuplicate = RuleDescriptor(
        id: "EVENT_NAME_DUPLICATE", category: .catalog, severity: .error,
        purpose: "Two event folders must not have the same name.")
    static let eventStatusInvalid = RuleDescriptor(
        id: "EVENT_STATUS_INVALID", category: .catalog, severity: .error,
        purpose: "status must be active, deprecated or draft.")
    static let compatibilityModeUnknown = RuleDescriptor(
        id: "COMPATIBILITY_MODE_UNKNOWN", category: .catalog, severity: .error,
        purpose: "Compatibility modes must be one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.")
    static let volumeInvalid = RuleDescriptor(
        id: "VOLUME_INVALID", category: .catalog, severity: .error,
        purpose: "volume must be a rate such as 50000/day, ~50K/day, 2M/day, 30/s or 1.5K/h.")
    static let partitionsInvalid = RuleDescriptor(
        id: "PARTITIONS_INVALID", category: .catalog, severity: .error,
        purpose: "partitions must be a positive integer.")
    static let dlqPolicyInvalid = RuleDescriptor(
        id: "DLQ_POLICY_INVALID", category: .catalog, severity: .error,
        purpose: "A dlq policy needs retries 0-100, durations with a unit, a multiplier of at least 1 and max not below initial.")
    static let deliveryURLInvalid = RuleDescriptor(
        id: "DELIVERY_URL_INVALID", category: .catalog, severity: .error,
        purpose: "Each deliveries: entry of catalog.yaml maps a service to the absolute http:// or https:// URL herald serve POSTs its records to.")
    static let onInvalidUnknown = RuleDescriptor(
        id: "ON_INVALID_UNKNOWN", category: .catalog, severity: .error,
        purpose: "onInvalid must be reject (refuse the batch) or dlq (send invalid records to the dead-letter topic).")
    static let topicInvalid = RuleDescriptor(
        id: "TOPIC_NAME_INVALID", category: .catalog, severity: .error,
        purpose: "Topic names must be legal Kafka topic names: 1-249 characters of [a-zA-Z0-9._-], not '.' or '..'.")
    static let topicDuplicate = RuleDescriptor(
        id: "TOPIC_DUPLICATE", category: .catalog, severity: .error,
        purpose: "Two events must not share a topic; each topic carries one subject's schema versions.")
    static let keyInvalid = RuleDescriptor(
        id: "KEY_INVALID", category: .catalog, severity: .error,
        purpose: "key must be {type: <primitive>} or {schema: <file.avsc>} naming a file in the event folder that holds a valid schema.")
    static let idFieldMissing = RuleDescriptor(
        id: "ID_FIELD_MISSING", category: .catalog, severity: .error,
        purpose: "The latest version must have the event's idField (default eventId) so consumers can deduplicate.")
    static let idFieldNotString = RuleDescriptor(
        id: "ID_FIELD_NOT_STRING", category: .catalog, severity: .error,
        purpose: "The event's idField must be a non-optional string (uuid or plain).")

    // MARK: lifecycle
    static let supersedesUnknown = RuleDescriptor(
        id: "SUPERSEDES_UNKNOWN", category: .catalog, severity: .error,
        purpose: "supersedes must name another event of the catalog.")
    static let supersedesCycle = RuleDescriptor(
        id: "SUPERSEDES_CYCLE", category: .catalog, severity: .error,
        purpose: "supersedes links must not form a cycle (including an event superseding itself).")
    static let supersededNotDeprecated = RuleDescriptor(
        id: "SUPERSEDED_NOT_DEPRECATED", category: .catalog, severity: .error,
        purpose: "An event superseded by an active successor must be marked status: deprecated.")
    static let deprecatedWithoutSuccessor = RuleDescriptor(
        id: "DEPRECATED_WITHOUT_SUCCESSOR", category: .catalog, severity: .warning,
        purpose: "A deprecated event should have a successor that supersedes it, so consumers know where to move.")
    static let deprecatedEventConsumed = RuleDescriptor(
        id: "DEPRECATED_EVENT_CONSUMED", category: .catalog, severity: .warning,
        purpose: "Consumers still reading a deprecated event are listed so their teams can migrate.")

    // MARK: versions and examples
    static let versionsMissing = RuleDescriptor(
        id: "VERSIONS_MISSING", category: .catalog, severity: .error,
        purpose: "Every event needs at least v1.avsc.")
    static let versionNumberInvalid = RuleDescriptor(
        id: "VERSION_NUMBER_INVALID", category: .catalog, severity: .error,
        purpose: "Version files are named v<N>.avsc with N a positive integer without leading zeros.")
    static let versionSequenceGap = RuleDescriptor(
        id: "VERSION_SEQUENCE_GAP", category: .catalog, severity: .error,
        purpose: "Versions are numbered 1..N without gaps, as registry subject versions are.")
    static let versionNotRecord = RuleDescriptor(
        id: "VERSION_NOT_RECORD", category: .schema, severity: .error,
        purpose: "An event version's top-level schema must be a record.")
    static let exampleVersionUnknown = RuleDescriptor(
        id: "EXAMPLE_VERSION_UNKNOWN", category: .example, severity: .error,
        purpose: "Examples under examples/v<N>/ must name an existing version.")
    static let examplesMissing = RuleDescriptor(
        id: "EXAMPLES_MISSING", category: .example, severity: .note,
        purpose: "An event without examples documents less and tests nothing; add examples/*.json.")
    static let invalidExampleAccepted = RuleDescriptor(
        id: "INVALID_EXAMPLE_ACCEPTED", category: .example, severity: .error,
        purpose: "Every payload in examples/invalid/ must be rejected by the latest version.")

    // MARK: history (against a base revision)
    static let publishedVersionChanged = RuleDescriptor(
        id: "PUBLISHED_VERSION_CHANGED", category: .history, severity: .error,
        purpose: "A published version is immutable: its Parsing Canonical Form must not change (doc-only edits are fine).",
        hint: "Revert the change and add it as a new version instead.")
    static let publishedVersionDeleted = RuleDescriptor(
        id: "PUBLISHED_VERSION_DELETED", category: .history, severity: .error,
        purpose: "A published version must not be deleted; consumers may still read data written with it.")
    static let eventDeleted = RuleDescriptor(
        id: "EVENT_DELETED", category: .history, severity: .error,
        purpose: "A published event must not be deleted; deprecate it and give it a successor instead.")
    static let compatibilityLoosened = RuleDescriptor(
        id: "COMPATIBILITY_LOOSENED", category: .history, severity: .error,
        purpose: "Loosening an event's compatibility mode needs a notice: a new or changed compatibilityChangeReason in event.yaml.",
        hint: "Add 'compatibilityChangeReason: <why, and who agreed>' to event.yaml.")
    static let topicChanged = RuleDescriptor(
        id: "TOPIC_CHANGED", category: .history, severity: .error,
        purpose: "A published event's topic must not change; consumers subscribe by topic.")
    static let sharedTypeBreaksEvent = RuleDescriptor(
        id: "SHARED_TYPE_BREAKS_EVENT", category: .history, severity: .error,
        purpose: "A change to a shared type (types/*.avsc) must stay compatible, under each event's mode, for every published version using it.")

    /// Every rule a catalog check can report, in the order `herald rules` lists them (`couldNotRun` is the CLI's).
    public static let all: [RuleDescriptor] = [
        yamlSyntax, exampleSyntax, fileNotUTF8, fileUnreadable,
        catalogFileMissing, yamlUnknownKey, yamlWrongType, orphanFile, schemaOutsideEvent,
        teamUnknown, serviceUnknown, teamContactMissing, serviceOwnerMissing, serviceUnused,
        summaryMissing, ownerMissing, producerMissing, producerAlsoConsumer,
        eventNameInvalid, eventNameShort, eventNameDuplicate, eventStatusInvalid, compatibilityModeUnknown,
        volumeInvalid, partitionsInvalid, dlqPolicyInvalid, onInvalidUnknown, deliveryURLInvalid, topicInvalid, topicDuplicate, keyInvalid,
        idFieldMissing, idFieldNotString,
        supersedesUnknown, supersedesCycle, supersededNotDeprecated, deprecatedWithoutSuccessor, deprecatedEventConsumed,
        versionsMissing, versionNumberInvalid, versionSequenceGap, versionNotRecord,
        exampleVersionUnknown, examplesMissing, invalidExampleAccepted,
        publishedVersionChanged, publishedVersionDeleted, eventDeleted, compatibilityLoosened, topicChanged, sharedTypeBreaksEvent,
    ]
}
