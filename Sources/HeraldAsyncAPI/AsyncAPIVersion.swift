/// The AsyncAPI versions Herald emits.
public enum AsyncAPIVersion: String, Sendable, Hashable, CaseIterable {
    /// AsyncAPI 3.0.0: operations at the root, channels with addresses, Multi Format Schema payloads, Kafka bindings 0.5.0.
    case v3_0_0 = "3.0.0"
    /// AsyncAPI 2.6.0 for tools that have not moved to 3: publish/subscribe inside channels, Kafka bindings 0.4.0.
    case v2_6_0 = "2.6.0"

    /// The Kafka binding version pinned on every binding object of this document version.
    var kafkaBindingVersion: String {
        switch self {
        case .v3_0_0: "0.5.0"
        case .v2_6_0: "0.4.0"
        }
    }
}
