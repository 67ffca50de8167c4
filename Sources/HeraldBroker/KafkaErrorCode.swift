/// Kafka protocol error codes the broker answers with (a subset of Apache Kafka's `Errors`).
public enum KafkaErrorCode: Int16, Sendable, Hashable, Error {
    case none = 0
    case offsetOutOfRange = 1
    case corruptMessage = 2
    case unknownTopicOrPartition = 3
    case messageTooLarge = 10
    case coordinatorNotAvailable = 15
    case notCoordinator = 16
    case invalidTopic = 17
    case illegalGeneration = 22
    case inconsistentGroupProtocol = 23
    case invalidGroupId = 24
    case unknownMemberId = 25
    case invalidSessionTimeout = 26
    case rebalanceInProgress = 27
    case unsupportedVersion = 35
    case topicAlreadyExists = 36
    case invalidPartitions = 37
    case invalidReplicationFactor = 38
    case invalidRequest = 42
    case outOfOrderSequenceNumber = 45
    case invalidProducerEpoch = 47
    case transactionalIdAuthorizationFailed = 53
    case unknownServerError = -1
    case unsupportedCompressionType = 76
    case memberIdRequired = 79
    case invalidRecord = 87
}
