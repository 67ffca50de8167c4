import Foundation
import NIOCore
import Testing
@testable import HeraldBroker

@Suite struct SegmentFileTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-broker-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func scanStopsAtATornTail() {
        var log = PartitionLog()
        var file = ByteBuffer()
        for _ in 0..<3 {
            let stored = try! log.append(makeBatch(records: 2), appendTimeMs: 0)
            var framed = SegmentFormat.frame(stored.bytes)
            file.writeBuffer(&framed)
        }
        let whole = file.readableBytes
        let scan = SegmentFormat.scan(file)
        #expect(scan.batches.count == 3 && scan.validLength == whole)
        let torn = file.getSlice(at: 0, length: whole - 7)!
        let tornScan = SegmentFormat.scan(torn)
        #expect(tornScan.batches.count == 2)
        #expect(tornScan.validLength == whole / 3 * 2)
        // A content check (the CRC in the broker) also ends the scan.
        let checked = SegmentFormat.scan(file) { $0.getInteger(at: 0, as: Int64.self) != 2 }
        #expect(checked.batches.count == 1)
    }

    @Test func recoveryTruncatesTheTornTailAndAppendsContinue() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t/0.log")
        var log = PartitionLog()
        do {
            let (file, batches, _) = try PartitionSegmentFile.openRecovering(at: url)
            #expect(batches.isEmpty)
            for _ in 0..<2 { try file.append(log.append(makeBatch(records: 3), appendTimeMs: 0).bytes) }
            try file.sync()
            file.close()
        }
        // Simulate a crash in the middle of a write.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0, 0, 0, 90, 1, 2, 3]))
        try handle.close()

        let (file, batches, truncated) = try PartitionSegmentFile.openRecovering(at: url)
        #expect(batches.count == 2)
        #expect(truncated == 7)
        var recovered = PartitionLog()
        for batch in batches { try recovered.restore(batch, appendTimeMs: 0) }
        #expect(recovered.highWatermark == 6)
        try file.append(recovered.append(makeBatch(records: 1), appendTimeMs: 0).bytes)
        try file.sync()
        file.close()
        let (_, again, cut) = try PartitionSegmentFile.openRecovering(at: url)
        #expect(again.count == 3 && cut == 0)
    }

    @Test func rewriteKeepsOnlyRetainedBatches() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t/0.log")
        var log = PartitionLog()
        let (file, _, _) = try PartitionSegmentFile.openRecovering(at: url)
        for _ in 0..<4 { try file.append(log.append(makeBatch(), appendTimeMs: 0).bytes) }
        log.applyRetention(RetentionPolicy(maxBytes: makeBatch().readableBytes), nowMs: 0)
        try file.rewrite(keeping: log.liveBatches.map(\.bytes))
        try file.append(log.append(makeBatch(), appendTimeMs: 0).bytes)
        file.close()
        let (_, batches, _) = try PartitionSegmentFile.openRecovering(at: url)
        #expect(batches.map { $0.getInteger(at: 0, as: Int64.self) } == [3, 4])
    }

    @Test func dataDirectoryRoundTripsMetadata() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try BrokerDataDirectory(root: dir)
        #expect(try data.loadTopics().isEmpty)
        #expect(try data.loadNextProducerId() == 1)
        try data.saveTopics(["orders": 3, "a.b": 1])
        var offsets = CommittedOffsets()
        offsets.commit(group: "g", topic: "orders", partition: 2, position: .init(offset: 42, metadata: "m"))
        try data.saveOffsets(offsets)
        try data.saveNextProducerId(17)
        let reopened = try BrokerDataDirectory(root: dir)
        #expect(try reopened.loadTopics() == ["orders": 3, "a.b": 1])
        #expect(try reopened.loadOffsets() == offsets)
        #expect(try reopened.loadNextProducerId() == 17)
    }
}
