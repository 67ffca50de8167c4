import HeraldKafkaProtocol
import Logging
import NIOCore

extension KafkaRequestHandler {
    /// Produce: checks each partition's batches (CRC, shape, codec, size, validator), then appends them.
    func produce(_ request: ProduceRequest, version: Int16) -> ProduceResponse {
        let limits = RecordBatchLimits(maximumBatchBytes: state.configuration.maxBatchBytes)
        let sync = request.acks == -1
        let inspectsRecords = validator.inspectsRecords
        return ProduceResponse(topics: request.topics.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { partition in
                func failure(_ error: ErrorCode, _ message: String, recordErrors: [ProduceResponse.RecordError] = []) -> ProduceResponse.Partition {
                    logger.notice("produce rejected", metadata: [
                        "topic": "\(topic.name)", "partition": "\(partition.index)", "error": "\(error)", "reason": "\(message)"])
                    return .init(index: partition.index, errorCode: error, recordErrors: recordErrors, errorMessage: message)
                }
                if request.transactionalId != nil {
                    return failure(.transactionalIdAuthorizationFailed, "transactions are not supported")
                }
                guard request.acks == 0 || request.acks == 1 || request.acks == -1 else {
                    return .init(index: partition.index, errorCode: .invalidRequiredAcks, errorMessage: "acks must be 0, 1 or -1")
                }
                guard state.partitionCount(topic.name).map({ partition.index >= 0 && partition.index < $0 }) == true else {
                    return failure(.unknownTopicOrPartition, "unknown topic or partition")
                }
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
                for (index, batch) in batches.enumerated() {
                    if batch.header.attributes.isTransactional || batch.header.attributes.isControl {
                        return failure(.transactionalIdAuthorizationFailed, "transactional batches are not supported")
                    }
                    guard let codec = batch.header.attributes.compression, codec == .none || codec == .gzip else {
                        return failure(.unsupportedCompressionType,
                                       "compression codec \(batch.header.attributes.compressionValue) is not supported (use none or gzip)")
                    }
                    let records: [KafkaRecord]
                    do {
                        try batch.verify()
                        if inspectsRecords {
                            records = try batch.records(limits: limits)
                        } else {
                            try batch.checkRecords(limits: limits)
                            continue
                        }
                    } catch let error as RecordBatchError {
                        return failure(error.errorCode, "batch \(index): \(error)")
                    } catch {
                        return failure(.corruptMessage, "batch \(index): \(error)")
                    }
                    switch validator.validate(topic: topic.name, partition: partition.index, records: records) {
                    case .accepted:
                        break
                    case .rejected(let errors, let message):
                        return failure(.invalidRecord, message,
                                       recordErrors: errors.map { .init(batchIndex: $0.batchIndex, message: $0.message) })
                    }
                }
                var baseOffset: Int64 = -1
                var logStart: Int64 = -1
                appending: for batch in batches {
                    switch state.append(batch.bytes, header: batch.header, to: TopicPartition(topic.name, partition.index), sync: sync) {
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
