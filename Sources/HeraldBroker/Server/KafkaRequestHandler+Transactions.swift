import HeraldKafkaProtocol

extension KafkaRequestHandler {
    /// Kafka answers a stale epoch PRODUCER_FENCED only to request versions that know that code (KIP-588), and
    /// INVALID_PRODUCER_EPOCH to older ones.
    static func fencedError(_ error: ErrorCode, version: Int16, fencedSince: Int16) -> ErrorCode {
        error == .producerFenced && version < fencedSince ? .invalidProducerEpoch : error
    }

    func addPartitionsToTxn(_ request: AddPartitionsToTxnRequest, version: Int16) -> AddPartitionsToTxnResponse {
        let partitions = request.topics.flatMap { topic in topic.partitions.map { TopicPartition(topic.name, $0) } }
        let errors = state.addPartitionsToTransaction(request.transactionalId, producerId: request.producerId,
                                                      epoch: request.producerEpoch, partitions: partitions)
        let response = AddPartitionsToTxnResponse(results: request.topics.map { topic in
            .init(name: topic.name, results: topic.partitions.map { index in
                let error = errors[TopicPartition(topic.name, index)] ?? .unknownServerError
                return .init(partitionIndex: index, errorCode: Self.fencedError(error, version: version, fencedSince: 2))
            })
        })
        let first = response.results.lazy.flatMap(\.results).map(\.errorCode).first { $0 != .noError } ?? .noError
        logTransaction("AddPartitionsToTxn", request.transactionalId, first)
        return response
    }

    func txnOffsetCommit(_ request: TxnOffsetCommitRequest) -> TxnOffsetCommitResponse {
        let entries = request.topics.flatMap { topic in
            topic.partitions.map {
                BrokerState.OffsetCommitEntry(partition: TopicPartition(topic.name, $0.partitionIndex),
                                              offset: $0.committedOffset, metadata: $0.committedMetadata ?? "")
            }
        }
        var errors = state.commitTransactionalOffsets(request.transactionalId, producerId: request.producerId,
                                                      epoch: request.producerEpoch, group: request.groupId, entries: entries)[...]
        logTransaction("TxnOffsetCommit", request.transactionalId, errors.first { $0 != .noError } ?? .noError)
        return TxnOffsetCommitResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { partition in
                // A stale epoch: the group coordinator's answer is INVALID_PRODUCER_EPOCH at every version.
                let error = errors.popFirst() ?? .unknownServerError
                return .init(partitionIndex: partition.partitionIndex,
                             errorCode: error == .producerFenced ? .invalidProducerEpoch : error)
            })
        })
    }

    func logTransaction(_ call: String, _ transactionalId: String, _ error: ErrorCode) {
        logger.debug("transaction request", metadata: [
            "call": "\(call)", "transactionalId": "\(transactionalId)", "error": "\(error)"])
    }
}
