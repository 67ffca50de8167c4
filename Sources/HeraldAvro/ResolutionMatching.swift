/// The shallow "do these two schemas match" test of schema resolution (spec: Schema Resolution), used to
/// pick union branches and to refuse impossible plans.
enum ResolutionMatching {
    /// A writer type that the reader type can read by promotion (`int` → `long`, `string` → `bytes`, …).
    static func promotes(writer: AvroType, reader: AvroType) -> Bool {
        switch (writer, reader) {
        case (.int, .long), (.int, .float), (.int, .double), (.long, .float), (.long, .double), (.float, .double),
             (.string, .bytes), (.bytes, .string):
            true
        default: false
        }
    }

    /// Named types match when their short names are equal or the writer's full name is one of the reader's aliases.
    static func namesMatch(writer: AvroName, reader: AvroName, readerAliases: [String]) -> Bool {
        writer.name == reader.name || readerAliases.contains(writer.fullName)
    }

    /// Whether the writer node can be read as the reader node without looking inside records or collections.
    static func matches(writer: AvroType, reader: AvroType) -> Bool {
        switch (writer, reader) {
        case (.null, .null), (.boolean, .boolean), (.int, .int), (.long, .long), (.float, .float), (.double, .double),
             (.bytes, .bytes), (.string, .string), (.array, .array), (.map, .map):
            return true
        case (.record(let w), .record(let r)): return namesMatch(writer: w.name, reader: r.name, readerAliases: r.aliases)
        case (.enumeration(let w), .enumeration(let r)): return namesMatch(writer: w.name, reader: r.name, readerAliases: r.aliases)
        case (.fixed(let w), .fixed(let r)): return w.size == r.size && namesMatch(writer: w.name, reader: r.name, readerAliases: r.aliases)
        default: return promotes(writer: writer, reader: reader)
        }
    }
}
