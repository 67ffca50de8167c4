import NIOCore

/// Builds magic-2 batch bytes with the header fields storage reads; the record bytes are filler.
func makeBatch(records: Int32 = 1, baseTimestamp: Int64 = 1_000, maxTimestamp: Int64? = nil, payloadBytes: Int = 20,
               producerId: Int64 = -1, epoch: Int16 = -1, baseSequence: Int32 = -1, baseOffset: Int64 = 0) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeInteger(baseOffset)
    buffer.writeInteger(Int32(49 + payloadBytes))
    buffer.writeInteger(Int32(-1))           // partition leader epoch
    buffer.writeInteger(Int8(2))             // magic
    buffer.writeInteger(UInt32(0))           // crc (not checked by storage)
    buffer.writeInteger(Int16(0))            // attributes
    buffer.writeInteger(records - 1)         // last offset delta
    buffer.writeInteger(baseTimestamp)
    buffer.writeInteger(maxTimestamp ?? baseTimestamp)
    buffer.writeInteger(producerId)
    buffer.writeInteger(epoch)
    buffer.writeInteger(baseSequence)
    buffer.writeInteger(records)
    buffer.writeRepeatingByte(0x61, count: payloadBytes)
    return buffer
}
