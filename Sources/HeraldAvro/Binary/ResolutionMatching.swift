/// The shallow "do these two schemas match" test of schema resolution, built from `SchemaMatching` so the
/// resolving decoder and the compatibility checker agree on names and promotions.
enum ResolutionMatching {
    /// A writer type that the reader type reads by promotion (`int` → `long`, `string` → `bytes`, …).
    static func promotes(writer: AvroType, reader: AvroType) -> Bool {
        SchemaMatching.isPromotion(writer: writer, reader: reader)
    }

    /// Whether the writer node can be read as the reader node without looking inside records or collections.
    static func matches(writer: AvroType, reader: AvroType) -> Bool {
        switch (writer, reader) {
        case (.record, .record), (.enumeration, .enumeration):
            return SchemaMatching.namesMatch(reader: reader, writer: writer)
        case (.fixed(let w), .fixed(let r)):
            return w.size == r.size && SchemaMatching.namesMatch(reader: reader, writer: writer)
        case (.union, _), (_, .union):
            return false
        default:
            return SchemaMatching.sameKind(writer, reader) || SchemaMatching.isPromotion(writer: writer, reader: reader)
        }
    }
}
