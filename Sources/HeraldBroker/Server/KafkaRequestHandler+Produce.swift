import HeraldKafkaProtocol
import Logging
import NIOCore

extension KafkaRequestHandler {
    /// Produce: checks each partition's batches (CRC, shape, codec, size, validator), then appends them; a validator
    /// may route invalid records to a dead-letter topic, appended in the same step as the rest of their batch.
    func produce(_ request: ProduceRequest, version: Int16) -> ProduceResponse {
        // Under --fsync always, the batch is on stable storage before any response goes out.
        let sync = state.configuration.fsync == .always && request.acks != 0
        return ProduceResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { partition in
                func failure(_ error: ErrorCode, _ message: String, recordErrors: [ProduceResponse.RecordError] = []) -> ProduceResponse.Partition {
                    logger.notice("produce rejected", metadata: [
                        "topic": "\(topic.name)", "partition": "\(partition.index)", "error": "\(error)", "reason": "\(message)"])
                    return .init(index: partition.index, errorCode: error, recordErrors: recordErrors, errorMessage: message)
                }
                guard request.acks == 0 || request.acks == 1 || request.acks == -1 else {
                    return .init(index: partition.index, errorCode: .invalidRequiredAcks, errorMessage: "acks must be 0, 1 or -1")
                }
                guard let topicLimits = state.produceLimits(topic.name), partition.index >= 0, partition.index < topicLimits.partitions else {
                    return failure(.unknownTopicOrPartition, "unknown topic or partition")
                }
                let limits = RecordBatchLimits(maximumBatchBytes: topicLimits.maxBatchBytes)
                guard let blob = partition.records, blob.readableBytes > 0 else {
                    return failure(.corruptMessage, "no record batch")
                }
                let batches: [RecordBatch]
                do {
                    batches = try RecordBatch.parseAll(blob, limits: limits)
                } catch let error as RecordBatchError {
                    return failure(error.errorCode, error.description)
                } catch {
                    return failure(.corruptMessage, "\(error)")
                }
                // Check every batch before appending any, so a request is all-or-nothing per partition.
                var splits: [Int: (split: DeadLetterSplit, partition: TopicPartition)] = [:]
                for (index, batch) in batches.enumerated() {
                    if batch.header.attributes.isControl {
                        return failure(.invalidRecord, "batch \(index): control batches are written by the broker only")
                    }
                    if batch.header.attributes.isTransactional, request.transactionalId == nil {
                        return failure(.invalidRecord, "batch \(index): a transactional batch needs the request's transactional id")
                    }
                    guard let codec = batch.header.attributes.compression, codec == .none || codec == .gzip else {
                        return failure(.unsupportedCompressionType,
                                       "compression codec \(batch.header.attributes.compressionValue) is not supported (use none or gzip)")
                    }
                    let result: RecordValidationResult
                    do {
                        try batch.verify()
                        if topicLimits.compacted {
                            let records = try batch.records(limits: limits)
                            let keyless = records.indices.filter { records[$0].key == nil }
                            if !keyless.isEmpty {
                                let message = "Compacted topic cannot accept message without key in topic partition \(topic.name)-\(partition.index)."
                                return failure(.invalidRecord, message, recordErrors: keyless.map { .init(batchIndex: Int32($0), message: message) })
                            }
                        }
                        result = try validator.validate(topic: topic.name, partition: partition.index, batch: batch, limits: limits)
                    } catch let error as RecordBatchError {
                        return failure(error.errorCode, "batch \(index): \(error)")
                    } catch {
                        return failure(.corruptMessage, "batch \(index): \(error)")
                    }
                    switch result {
                    case .accepted:
                        break
                    case .rejected(let errors, let message):
                        return failure(.invalidRecord, message,
                                       recordErrors: errors.map { .init(batchIndex: $0.batchIndex, message: $0.message) })
                    case .deadLettered(let deadLetterTopic, let errors):
                        let (error, partitions) = state.ensureTopic(deadLetterTopic, autoCreate: true)
                        guard error == .noError, partitions > 0 else {
                            return failure(.invalidRecord, errors[0].message + " (dead-letter topic \(deadLetterTopic) is unavailable: \(error))",
                                           recordErrors: errors.map { .init(batchIndex: $0.batchIndex, message: $0.message) })
                        }
                        do {
                            let split = try DeadLetterSplit(batch, errors: errors, topic: topic.name, partition: partition.index, limits: limits)
                            splits[index] = (split, TopicPartition(deadLetterTopic, partition.index % partitions))
                        } catch {
                            return failure(.corruptMessage, "batch \(index): \(error)")
                        }
                        for error in errors {
                            logger.info("record dead-lettered", metadata: [
                                "topic": "\(topic.name)", "partition": "\(partition.index)", "deadLetterTopic": "\(deadLetterTopic)",
                                "reason": "\(error.message)"])
                        }
                    }
                }
                var baseOffset: Int64 = -1
                var logStart: Int64 = -1
                appending: for (index, batch) in batches.enumerated() {
                    let target = TopicPartition(topic.name, partition.index)
                    let outcome = if let routed = splits[index] {
                        state.append(routed.split.valid?.bytes, header: batch.header, to: target,
                                     deadLetters: (routed.split.deadLetters.bytes, routed.partition), sync: sync)
                    } else {
                        state.append(batch.bytes, header: batch.header, to: target, sync: sync)
                    }
                    switch outcome {
                    case .appended(let offset, let start), .duplicate(let offset, let start):
                        if baseOffset < 0 { baseOffset = offset }
                        logStart = start
                    case .failed(let error, let start):
                        if baseOffset >= 0 { break appending }
                        var result = failure(error, "\(error)")
                        result.logStartOffset = start
                        return result
                    }
                }
                return .init(index: partition.index, baseOffset: baseOffset, logStartOffset: logStart)
            })
        })
    }
}
