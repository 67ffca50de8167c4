import HeraldKafkaProtocol

/// How far compaction got in one partition, so the next pass knows how much is dirty.
struct CompactionProgress: Sendable {
    /// Everything below this offset was cleaned by the last pass.
    var cleanedUpTo: Int64 = 0
    /// When the first tombstone the last pass kept expires.
    var nextTombstoneExpiryMs: Int64?
}

extension BrokerState {
    /// Compacts every partition of every topic whose `cleanup.policy` includes `compact` and that is due: the bytes
    /// appended since its last pass are at least `min.cleanable.dirty.ratio` of its cleanable bytes, or a tombstone
    /// it kept has expired. Called periodically; returns the records removed.
    @discardableResult
    public func compactLogs() -> Int {
        lock.withLock {
            let now = clock()
            var removed = 0
            for name in topics.keys.sorted() where topics[name]?.config.compacts == true {
                guard var topic = topics[name] else { continue }
                for index in topic.logs.indices {
                    removed += compactLocked(&topic, index: index, topicName: name, nowMs: now)
                }
                topics[name] = topic
            }
            return removed
        }
    }

    private func compactLocked(_ topic: inout Topic, index: Int, topicName: String, nowMs: Int64) -> Int {
        let config = topic.config
        let log = topic.logs[index]
        let live = log.liveBatches
        let end = LogCompaction.cleanableEnd(live, lastStableOffset: log.lastStableOffset, nowMs: nowMs,
                                             minCompactionLagMs: config.minCompactionLagMs ?? 0)
        let partition = TopicPartition(topicName, Int32(index))
        var progress = compactionProgress[partition] ?? CompactionProgress()
        let cleanable = live.prefix { $0.baseOffset < end }
        guard !cleanable.isEmpty else { return 0 }
        var total = 0
        var dirty = 0
        for batch in cleanable {
            total += batch.size
            if batch.baseOffset >= progress.cleanedUpTo { dirty += batch.size }
        }
        let ratio = config.minCleanableDirtyRatio ?? TopicConfig.defaultMinCleanableDirtyRatio
        let tombstonesDue = progress.nextTombstoneExpiryMs.map { $0 <= nowMs } ?? false
        guard (dirty > 0 && Double(dirty) >= ratio * Double(total)) || tombstonesDue else { return 0 }

        let policy = LogCompaction.Policy(deleteRetentionMs: config.deleteRetentionMs ?? TopicConfig.defaultDeleteRetentionMs)
        let result = LogCompaction.compact(cleanable, aborted: log.transactions.aborted, policy: policy, nowMs: nowMs)
        progress.cleanedUpTo = end
        progress.nextTombstoneExpiryMs = result.nextTombstoneExpiryMs
        compactionProgress[partition] = progress
        guard result.removedRecords > 0 else { return 0 }
        topic.logs[index].replaceBatches(before: end, with: result.batches)
        if let file = topic.files?[index] {
            do {
                try file.rewrite(keeping: topic.logs[index].liveBatches.map(\.bytes))
                try dataDirectory?.saveLogStart(topic.logs[index].logStartOffset, topic: topicName, partition: Int32(index))
                topic.droppedSinceRewrite[index] = 0
            } catch {
                logger.error("could not rewrite segment after compaction", metadata: ["topic": "\(topicName)", "error": "\(error)"])
            }
        }
        logger.debug("compacted partition", metadata: [
            "topic": "\(topicName)", "partition": "\(index)", "removedRecords": "\(result.removedRecords)",
            "cleanedUpTo": "\(end)", "bytes": "\(topic.logs[index].sizeInBytes)"])
        return result.removedRecords
    }
}
