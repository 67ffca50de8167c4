import NIOCore

/// One record of a v2 batch. Null and empty keys and values stay distinct.
public struct KafkaRecord: Hashable, Sendable {
    /// Record attributes (unused by Kafka, kept as read).
    public var attributes: Int8
    /// Milliseconds after the batch's baseTimestamp.
    public var timestampDelta: Int64
    /// The position after the batch's baseOffset; equal to the record's index in a valid batch.
    public var offsetDelta: Int32
    /// The key; nil is a null key.
    public var key: ByteBuffer?
    /// The value; nil is a null value (a tombstone).
    public var value: ByteBuffer?
    /// The headers, in order.
    public var headers: [KafkaRecordHeader]

    public init(attributes: Int8 = 0, timestampDelta: Int64 = 0, offsetDelta: Int32, key: ByteBuffer?,
                value: ByteBuffer?, headers: [KafkaRecordHeader] = []) {
        self.attributes = attributes
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// One record header: a string key and nullable bytes.
public struct KafkaRecordHeader: Hashable, Sendable {
    /// The header key.
    public var key: String
    /// The header value; nil is a null value.
    public var value: ByteBuffer?

    public init(key: String, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }
}

extension KafkaRecord {
    /// Reads `count` records from a (decompressed) records blob, checking each record's length and that its
    /// offsetDelta equals its index, and that nothing follows the last one. With `compactedUpTo` (a compacted
    /// batch's lastOffsetDelta, when it holds fewer records than offsets) the deltas must instead increase and
    /// stay within it: compaction removes records but keeps the offsets of those it keeps.
    static func parseAll(_ blob: ByteBuffer, count: Int, compactedUpTo lastOffsetDelta: Int32? = nil) throws -> [KafkaRecord] {
        var input = blob
        // Every record takes at least 7 bytes, so a count beyond that is corrupt before anything is allocated.
        guard count >= 0, count <= input.readableBytes / 7 else {
            throw RecordBatchError.malformedRecord(recordIndex: 0, reason: "record count \(count) exceeds the data")
        }
        var records: [KafkaRecord] = []
        records.reserveCapacity(count)
        for index in 0..<count {
            let record = try parse(from: &input, index: index)
            guard RecordsShape.offsetDeltaFits(record.offsetDelta, index: index, previous: records.last?.offsetDelta,
                                               compactedUpTo: lastOffsetDelta)
            else {
                throw RecordBatchError.offsetDeltaMismatch(recordIndex: index, offsetDelta: record.offsetDelta)
            }
            records.append(record)
        }
        if input.readableBytes > 0 { throw RecordBatchError.trailingRecordBytes(count: input.readableBytes) }
        return records
    }

    /// Reads one length-prefixed record.
    static func parse(from input: inout ByteBuffer, index: Int) throws -> KafkaRecord {
        func malformed(_ reason: String) -> RecordBatchError { .malformedRecord(recordIndex: index, reason: reason) }
        do {
            let length = Int(try input.readZigZagVarint("record length"))
            guard length >= 0, length <= input.readableBytes, var body = input.readSlice(length: length) else {
                throw malformed("length \(length) runs past the data")
            }
            let attributes: Int8 = try body.readKafkaInteger("attributes")
            let timestampDelta = try body.readZigZagVarlong("timestampDelta")
            let offsetDelta = try body.readZigZagVarint("offsetDelta")
            let key = try readVarintBytes(&body, "key", malformed)
            let value = try readVarintBytes(&body, "value", malformed)
            let headerCount = Int(try body.readZigZagVarint("header count"))
            guard headerCount >= 0, headerCount <= body.readableBytes / 2 else {
                throw malformed("header count \(headerCount) exceeds the data")
            }
            var headers: [KafkaRecordHeader] = []
            headers.reserveCapacity(headerCount)
            for _ in 0..<headerCount {
                guard let keyBytes = try readVarintBytes(&body, "header key", malformed) else {
                    throw malformed("a header key is null")
                }
                let headerValue = try readVarintBytes(&body, "header value", malformed)
                headers.append(KafkaRecordHeader(key: String(buffer: keyBytes), value: headerValue))
            }
            if body.readableBytes > 0 { throw malformed("\(body.readableBytes) bytes left inside the record") }
            return KafkaRecord(attributes: attributes, timestampDelta: timestampDelta, offsetDelta: offsetDelta,
                               key: key, value: value, headers: headers)
        } catch let error as KafkaProtocolError {
            throw malformed(error.description)
        }
    }

    /// Reads zig-zag-length-prefixed bytes; -1 is null.
    private static func readVarintBytes(
        _ body: inout ByteBuffer, _ field: String, _ malformed: (String) -> RecordBatchError
    ) throws -> ByteBuffer? {
        let length = Int(try body.readZigZagVarint(field))
        if length == -1 { return nil }
        guard length >= 0, let bytes = body.readSlice(length: length) else {
            throw malformed("\(field) length \(length) is invalid")
        }
        return bytes
    }

    /// The encoded size of the record body (without its length prefix).
    var bodySize: Int {
        var size = 1 + zigZagVarintSize(timestampDelta) + zigZagVarintSize(Int64(offsetDelta))
        size += Self.bytesSize(key) + Self.bytesSize(value) + zigZagVarintSize(Int64(headers.count))
        for header in headers {
            let keyLength = header.key.utf8.count
            size += zigZagVarintSize(Int64(keyLength)) + keyLength + Self.bytesSize(header.value)
        }
        return size
    }

    private static func bytesSize(_ bytes: ByteBuffer?) -> Int {
        guard let bytes else { return 1 }
        return zigZagVarintSize(Int64(bytes.readableBytes)) + bytes.readableBytes
    }

    /// Writes the record with its length prefix.
    func write(to buffer: inout ByteBuffer) {
        buffer.writeZigZagVarlong(Int64(bodySize))
        buffer.writeInteger(attributes)
        buffer.writeZigZagVarlong(timestampDelta)
        buffer.writeZigZagVarint(offsetDelta)
        Self.writeVarintBytes(key, to: &buffer)
        Self.writeVarintBytes(value, to: &buffer)
        buffer.writeZigZagVarint(Int32(truncatingIfNeeded: headers.count))
        for header in headers {
            buffer.writeZigZagVarint(Int32(truncatingIfNeeded: header.key.utf8.count))
            buffer.writeString(header.key)
            Self.writeVarintBytes(header.value, to: &buffer)
        }
    }

    private static func writeVarintBytes(_ bytes: ByteBuffer?, to buffer: inout ByteBuffer) {
        guard let bytes else {
            buffer.writeZigZagVarint(-1)
            return
        }
        buffer.writeZigZagVarint(Int32(truncatingIfNeeded: bytes.readableBytes))
        buffer.writeImmutableBuffer(bytes)
    }
}
