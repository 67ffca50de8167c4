import HeraldKafkaProtocol
import Testing
@testable import HeraldBroker

@Suite struct ProducerStateTableTests {
    let key = ProducerStateTable.Key(producerId: 7, topic: "t", partition: 0)

    @Test func sequencesAdvanceAndRetriesGetTheOriginalOffset() {
        var table = ProducerStateTable()
        #expect(table.check(key, epoch: 0, firstSequence: 0, lastSequence: 4) == .append)
        table.recordAppend(key, epoch: 0, firstSequence: 0, lastSequence: 4, baseOffset: 100)
        #expect(table.check(key, epoch: 0, firstSequence: 5, lastSequence: 9) == .append)
        table.recordAppend(key, epoch: 0, firstSequence: 5, lastSequence: 9, baseOffset: 105)
        #expect(table.check(key, epoch: 0, firstSequence: 0, lastSequence: 4) == .duplicate(baseOffset: 100))
        #expect(table.check(key, epoch: 0, firstSequence: 5, lastSequence: 9) == .duplicate(baseOffset: 105))
        #expect(table.check(key, epoch: 0, firstSequence: 12, lastSequence: 12) == .reject(.outOfOrderSequenceNumber))
        #expect(table.check(key, epoch: 0, firstSequence: 10, lastSequence: 10) == .append)
    }

    @Test func onlyTheLastFiveBatchesAreRemembered() {
        var table = ProducerStateTable()
        for i in Int32(0)..<7 { table.recordAppend(key, epoch: 0, firstSequence: i, lastSequence: i, baseOffset: Int64(i)) }
        #expect(table.entries[key]?.recent.count == 5)
        #expect(table.check(key, epoch: 0, firstSequence: 1, lastSequence: 1) == .reject(.outOfOrderSequenceNumber))
        #expect(table.check(key, epoch: 0, firstSequence: 2, lastSequence: 2) == .duplicate(baseOffset: 2))
    }

    @Test func epochRules() {
        var table = ProducerStateTable()
        table.recordAppend(key, epoch: 3, firstSequence: 0, lastSequence: 9, baseOffset: 0)
        #expect(table.check(key, epoch: 2, firstSequence: 10, lastSequence: 10) == .reject(.invalidProducerEpoch))
        #expect(table.check(key, epoch: 4, firstSequence: 10, lastSequence: 10) == .reject(.outOfOrderSequenceNumber))
        #expect(table.check(key, epoch: 4, firstSequence: 0, lastSequence: 2) == .append)
        table.recordAppend(key, epoch: 4, firstSequence: 0, lastSequence: 2, baseOffset: 10)
        #expect(table.entries[key]?.epoch == 4)
        #expect(table.check(key, epoch: 4, firstSequence: 3, lastSequence: 3) == .append)
        #expect(table.check(key, epoch: 3, firstSequence: 10, lastSequence: 10) == .reject(.invalidProducerEpoch))
    }

    @Test func unknownProducersAndNonIdempotentBatchesAreAccepted() {
        let table = ProducerStateTable()
        #expect(table.check(key, epoch: 0, firstSequence: 57, lastSequence: 60) == .append)
        let plain = ProducerStateTable.Key(producerId: -1, topic: "t", partition: 0)
        #expect(table.check(plain, epoch: -1, firstSequence: -1, lastSequence: -1) == .append)
    }

    @Test func rejectedBatchesDoNotAdvanceState() {
        var table = ProducerStateTable()
        table.recordAppend(key, epoch: 0, firstSequence: 0, lastSequence: 0, baseOffset: 0)
        let before = table
        // The caller only records a batch that was appended; a validation failure records nothing.
        #expect(table.check(key, epoch: 0, firstSequence: 1, lastSequence: 1) == .append)
        #expect(table.entries == before.entries)
        #expect(table.check(key, epoch: 0, firstSequence: 1, lastSequence: 1) == .append)
    }

    @Test func sequenceWrapsAtInt32Max() {
        var table = ProducerStateTable()
        table.recordAppend(key, epoch: 0, firstSequence: Int32.max - 1, lastSequence: Int32.max, baseOffset: 0)
        #expect(table.check(key, epoch: 0, firstSequence: 0, lastSequence: 3) == .append)
    }

    @Test func restoringFromHeadersEndsWhereRecordingTheAppendsEnded() {
        let batches: [(pid: Int64, epoch: Int16, first: Int32, count: Int32, offset: Int64)] = [
            (7, 0, 0, 3, 0), (8, 0, 0, 1, 3), (-1, -1, -1, 2, 4), (7, 0, 3, 2, 6), (7, 1, 0, 1, 8),
            (7, 1, 1, 1, 9), (7, 1, 2, 1, 10), (7, 1, 3, 1, 11), (7, 1, 4, 1, 12), (7, 1, 5, 1, 13), (8, 0, 1, 4, 14),
        ]
        var recorded = ProducerStateTable()
        var headers: [RecordBatchHeader] = []
        for batch in batches {
            var header = RecordBatchHeader()
            header.baseOffset = batch.offset
            header.producerId = batch.pid
            header.producerEpoch = batch.epoch
            header.baseSequence = batch.first
            header.lastOffsetDelta = batch.count - 1
            header.recordCount = batch.count
            headers.append(header)
            recorded.recordAppend(.init(producerId: batch.pid, topic: "t", partition: 0), epoch: batch.epoch,
                                  firstSequence: header.baseSequence, lastSequence: header.lastSequence, baseOffset: batch.offset)
        }
        var restored = ProducerStateTable()
        restored.restore(topic: "t", partition: 0, from: headers)
        #expect(restored.entries == recorded.entries)
        #expect(restored.entries[key]?.epoch == 1)
        #expect(restored.entries[key]?.recent.map(\.baseOffset) == [9, 10, 11, 12, 13])
        #expect(restored.entries.count == 2)
    }
}
