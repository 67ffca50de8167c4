import HeraldKafkaProtocol

extension BrokerState {
    /// CreatePartitions: grows a topic to `count` partitions (never shrinks).
    public func createPartitions(_ name: String, count: Int32, validateOnly: Bool) -> (ErrorCode, String?) {
        lock.withLock {
            guard var topic = topics[name] else { return (.unknownTopicOrPartition, "topic '\(name)' does not exist") }
            let current = Int32(topic.logs.count)
            guard count > current else {
                return (.invalidPartitions, "topic '\(name)' has \(current) partitions; the new count must be higher, not \(count)")
            }
            guard count <= 10_000 else { return (.invalidPartitions, "partitions must be at most 10000") }
            if validateOnly { return (.noError, nil) }
            do {
                for partition in current..<count {
                    topic.logs.append(PartitionLog())
                    topic.droppedSinceRewrite.append(0)
                    if let directory = dataDirectory {
                        topic.files?.append(try PartitionSegmentFile.openRecovering(
                            at: directory.segmentURL(topic: name, partition: partition)).file)
                    }
                }
                topics[name] = topic
                try persistTopicsLocked()
                logger.info("added partitions", metadata: ["topic": "\(name)", "partitions": "\(count)"])
                return (.noError, nil)
            } catch {
                logger.error("could not add partitions", metadata: ["topic": "\(name)", "error": "\(error)"])
                return (.unknownServerError, "could not add partitions: \(error)")
            }
        }
    }

    /// DeleteRecords: moves the log start offset to `offset` (-1: the high watermark); the new low watermark.
    public func deleteRecords(_ partition: TopicPartition, before offset: Int64) -> (ErrorCode, Int64) {
        lock.withLock {
            guard var topic = topics[partition.topic], partition.partition >= 0, Int(partition.partition) < topic.logs.count else {
                return (.unknownTopicOrPartition, -1)
            }
            let index = Int(partition.partition)
            let target = offset == -1 ? topic.logs[index].highWatermark : offset
            guard target >= 0, target <= topic.logs[index].highWatermark else {
                return (.offsetOutOfRange, topic.logs[index].logStartOffset)
            }
            let before = topic.logs[index].sizeInBytes
            topic.logs[index].advanceStart(to: target)
            if let file = topic.files?[index], before != topic.logs[index].sizeInBytes || target > 0 {
                do {
                    try file.rewrite(keeping: topic.logs[index].liveBatches.map(\.bytes))
                    try dataDirectory?.saveLogStart(topic.logs[index].logStartOffset, topic: partition.topic, partition: partition.partition)
                    topic.droppedSinceRewrite[index] = 0
                } catch {
                    logger.error("could not rewrite segment after DeleteRecords", metadata: ["topic": "\(partition.topic)", "error": "\(error)"])
                    return (.unknownServerError, topic.logs[index].logStartOffset)
                }
            }
            topics[partition.topic] = topic
            return (.noError, topic.logs[index].logStartOffset)
        }
    }

    /// A topic's configs, nil when it does not exist.
    public func topicConfig(_ name: String) -> TopicConfig? {
        lock.withLock { topics[name]?.config }
    }

    /// AlterConfigs (`replace`: every honoured config not named goes back to its default) and IncrementalAlterConfigs
    /// (only the named ones change; a nil value resets one). All or nothing per topic.
    public func alterTopicConfig(_ name: String, changes: [(name: String, value: String?)], replace: Bool,
                                 validateOnly: Bool) -> (ErrorCode, String?) {
        lock.withLock {
            guard var topic = topics[name] else { return (.unknownTopicOrPartition, "topic '\(name)' does not exist") }
            var config = replace ? TopicConfig() : topic.config
            for change in changes {
                if let problem = config.set(change.name, change.value) { return (.invalidConfig, problem) }
            }
            if validateOnly { return (.noError, nil) }
            topic.config = config
            topics[name] = topic
            // The next compaction pass follows the new settings over the whole log.
            compactionProgress = compactionProgress.filter { $0.key.topic != name }
            do { try persistTopicConfigsLocked() } catch {
                logger.error("could not persist topic configs", metadata: ["error": "\(error)"])
            }
            logger.info("topic configs changed", metadata: ["topic": "\(name)", "configs": "\(config)"])
            return (.noError, nil)
        }
    }

    /// The partition count and batch size limit a produce to `name` checks, and whether the topic is compacted
    /// (its records need keys); nil when the topic does not exist.
    public func produceLimits(_ name: String) -> (partitions: Int32, maxBatchBytes: Int, compacted: Bool)? {
        lock.withLock {
            topics[name].map { (Int32($0.logs.count), $0.config.maxMessageBytes ?? configuration.maxBatchBytes, $0.config.compacts) }
        }
    }

    func persistTopicConfigsLocked() throws {
        try dataDirectory?.saveTopicConfigs(topics.compactMapValues { $0.config == TopicConfig() ? nil : $0.config })
    }
}
