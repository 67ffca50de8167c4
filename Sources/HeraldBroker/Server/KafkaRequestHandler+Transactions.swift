import HeraldKafkaProtocol

extension KafkaRequestHandler {
    /// Kafka answers a stale epoch PRODUCER_FENCED only to request versions that know that code (KIP-588), and
    /// INVALID_PRODUCER_EPOCH to older ones.
    static func fencedError(_ error: ErrorCode, version: Int16, fencedSince: Int16) -> ErrorCode {
        error == .producerFenced && version < fencedSince ? .invalidProducerEpoch : error
    }

    /// InitProducerId: a transactional id goes to the coordinator (v3+ may name the producer id and epoch to bump);
    /// an idempotent producer always gets a fresh producer id at epoch 0, as Kafka answers, also when it asks for a
    /// bump. A producer id without an epoch or the reverse is INVALID_REQUEST.
    func initProducerId(_ request: InitProducerIdRequest, version: Int16) -> InitProducerIdResponse {
        guard (request.producerId == -1) == (request.producerEpoch == -1) else {
            return InitProducerIdResponse(errorCode: .invalidRequest, producerId: -1, producerEpoch: -1)
        }
        let expected = request.producerId == -1 ? nil : (producerId: request.producerId, epoch: request.producerEpoch)
        guard let transactionalId = request.transactionalId else {
            return InitProducerIdResponse(producerId: state.allocateProducerId(), producerEpoch: 0)
        }
        var response = state.initTransactionalProducer(transactionalId, timeoutMs: request.transactionTimeoutMs, expected: expected)
        response.errorCode = Self.fencedError(response.errorCode, version: version, fencedSince: 4)
        logTransaction("InitProducerId", transactionalId, response.errorCode)
        return response
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
                                                      epoch: request.producerEpoch, group: request.groupId,
                                                      memberId: request.memberId, generation: request.generationId,
                                                      entries: entries)[...]
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

    func listTransactions(_ request: ListTransactionsRequest) -> ListTransactionsResponse {
        let known = Set(["Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort",
                         "Dead", "PrepareEpochFence"])
        var response = ListTransactionsResponse()
        response.unknownStateFilters = request.stateFilters.filter { !known.contains($0) }
        let states = Set(request.stateFilters)
        let producers = Set(request.producerIdFilters)
        response.transactionStates = state.allTransactions()
            .filter { states.isEmpty || states.contains($0.state.kafkaName) }
            .filter { producers.isEmpty || producers.contains($0.producerId) }
            .map { .init(transactionalId: $0.transactionalId, producerId: $0.producerId, transactionState: $0.state.kafkaName) }
        return response
    }

    func describeTransactions(_ request: DescribeTransactionsRequest) -> DescribeTransactionsResponse {
        var response = DescribeTransactionsResponse()
        response.transactionStates = request.transactionalIds.map { id in
            var entry = DescribeTransactionsResponse.State()
            entry.transactionalId = id
            guard let txn = state.transaction(id) else {
                entry.errorCode = .transactionalIdNotFound
                return entry
            }
            entry.transactionState = txn.state.kafkaName
            entry.transactionTimeoutMs = txn.timeoutMs
            entry.producerId = txn.producerId
            entry.producerEpoch = txn.epoch
            if txn.state == .ongoing || txn.state == .prepareCommit || txn.state == .prepareAbort {
                entry.transactionStartTimeMs = txn.startedMs
                let byTopic = Dictionary(grouping: txn.partitions, by: \.topic)
                entry.topics = byTopic.keys.sorted().map { topic in
                    .init(topic: topic, partitions: (byTopic[topic] ?? []).map(\.partition).sorted())
                }
            }
            return entry
        }
        return response
    }

    func describeProducers(_ request: DescribeProducersRequest) -> DescribeProducersResponse {
        var response = DescribeProducersResponse()
        response.topics = request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitionIndexes.map { index in
                var result = DescribeProducersResponse.Partition()
                result.partitionIndex = index
                guard let producers = state.activeProducers(TopicPartition(topic.name, index)) else {
                    result.errorCode = .unknownTopicOrPartition
                    result.errorMessage = "unknown topic or partition"
                    return result
                }
                result.activeProducers = producers.map { producer in
                    var entry = DescribeProducersResponse.Producer()
                    entry.producerId = producer.producerId
                    entry.producerEpoch = Int32(producer.epoch)
                    entry.lastSequence = producer.lastSequence
                    entry.currentTxnStartOffset = producer.transactionStartOffset
                    return entry
                }
                return result
            })
        }
        return response
    }

    func logTransaction(_ call: String, _ transactionalId: String, _ error: ErrorCode) {
        logger.debug("transaction request", metadata: [
            "call": "\(call)", "transactionalId": "\(transactionalId)", "error": "\(error)"])
    }
}
