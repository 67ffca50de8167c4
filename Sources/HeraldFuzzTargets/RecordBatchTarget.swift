import HeraldKafkaProtocol
import NIOCore

extension FuzzTarget {
    /// A records blob as a Produce request carries it: split into batches, each checksum verified, records read
    /// (gzip-decompressed when the attributes say so, checksum or not, so the fuzzer reaches the records), and the
    /// broker's allocation-free payload walk compared with the full read.
    public static let recordBatch = FuzzTarget(name: "record-batch") { bytes throws(FuzzFinding) in
        let limits = RecordBatchLimits(maximumBatchBytes: 1 << 20, maximumUncompressedBytes: 4 << 20)
        guard let batches = try? RecordBatch.parseAll(ByteBuffer(bytes: bytes), limits: limits) else { return }
        for batch in batches {
            _ = try? batch.verify()
            _ = batch.header.attributes
            _ = TransactionMarker(controlBatch: batch.bytes)
            let records = try? batch.records(limits: limits)
            let shapeChecked = (try? batch.checkRecords(limits: limits)) != nil
            var payloads: [(key: [UInt8]?, value: [UInt8]?)] = []
            let walked = (try? batch.forEachPayload(limits: limits) { payload in
                payloads.append((payload.key.map { Array($0) }, payload.value.map { Array($0) }))
            }) != nil
            guard shapeChecked == (records != nil), walked == (records != nil) else {
                throw FuzzFinding("read \(records != nil), shape check \(shapeChecked), payload walk \(walked) disagree")
            }
            if let records {
                guard shapeChecked else { throw FuzzFinding("records read but their shape check failed") }
                guard walked, payloads.count == records.count else {
                    throw FuzzFinding("records read (\(records.count)) but the payload walk gave \(walked ? payloads.count : -1)")
                }
                for (record, payload) in zip(records, payloads) {
                    guard record.key.map({ Array($0.readableBytesView) }) == payload.key,
                          record.value.map({ Array($0.readableBytesView) }) == payload.value
                    else { throw FuzzFinding("record \(record.offsetDelta): the payload walk disagrees with the read") }
                }
                var template = batch.header
                template.attributes = RecordBatchAttributes(rawValue: batch.header.attributes.rawValue & ~0x07)
                // A compacted batch (fewer records than offsets) keeps its lastOffsetDelta, so its gaps stay valid.
                guard let rebuilt = try? RecordBatch(records: records, header: template,
                                                     lastOffsetDelta: batch.header.lastOffsetDelta),
                      (try? rebuilt.records(limits: limits)) == records
                else { throw FuzzFinding("records read do not rebuild into a batch with the same records") }
            }
        }
    }
}
