/// Kafka's default partitioner for keyed records, as the Java client has it (`Utils.murmur2`, then
/// `toPositive(hash) % partitions`): a key lands on the partition Java clients, kafka-python and librdkafka's
/// `murmur2_random` partitioner put it on.
public enum KeyPartitioner {
    /// The partition for a key among `partitions` (at least 1).
    public static func partition(forKey key: some Collection<UInt8>, partitions: Int32) -> Int32 {
        guard partitions > 1 else { return 0 }
        return Int32(bitPattern: murmur2(key) & 0x7fff_ffff) % partitions
    }

    /// Murmur2 with Kafka's seed 0x9747b28c; the result as the unsigned view of Java's int.
    public static func murmur2(_ key: some Collection<UInt8>) -> UInt32 {
        let data = Array(key)
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: data.count)
        let whole = data.count / 4
        for i in 0..<whole {
            let i4 = i * 4
            var k = UInt32(data[i4]) | UInt32(data[i4 + 1]) << 8 | UInt32(data[i4 + 2]) << 16 | UInt32(data[i4 + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = data.count & ~3
        switch data.count % 4 {
        case 3:
            h ^= UInt32(data[tail + 2]) << 16
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 2:
            h ^= UInt32(data[tail + 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 1:
            h ^= UInt32(data[tail])
            h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return h
    }
}
