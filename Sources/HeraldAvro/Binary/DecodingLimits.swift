/// Bounds on what a decoder accepts from untrusted bytes; every one is checked before memory is reserved.
public struct DecodingLimits: Sendable, Hashable {
    /// The deepest nesting of records, arrays, maps and unions a datum may have.
    public var maxDepth: Int
    /// The most array items and map entries one datum may hold, summed over all its collections.
    public var maxCollectionItems: Int
    /// The longest string, in bytes.
    public var maxStringLength: Int
    /// The longest bytes value.
    public var maxBytesLength: Int

    /// Limits; the defaults are `DecodingLimits.default`.
    public init(maxDepth: Int = 128, maxCollectionItems: Int = 1_000_000, maxStringLength: Int = 16 << 20, maxBytesLength: Int = 64 << 20) {
        self.maxDepth = maxDepth
        self.maxCollectionItems = maxCollectionItems
        self.maxStringLength = maxStringLength
        self.maxBytesLength = maxBytesLength
    }

    /// Safe defaults for data from the network: depth 128, one million items, 16 MiB strings, 64 MiB bytes.
    public static let `default` = DecodingLimits()
}
