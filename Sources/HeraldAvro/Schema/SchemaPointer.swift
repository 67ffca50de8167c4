/// The JSON pointers of one parsed schema document, kept as steps (parent and token) and written out as text only
/// when asked for: a parse makes one for every node and field, while only the few a diagnostic reports are ever read.
///
/// Only the parser that creates a table appends to it, before the schema is returned; afterwards it is read-only,
/// which is what makes sharing it between threads safe.
final class SchemaPointerTable: @unchecked Sendable {
    /// One step: the index of its parent step (-1 straight under the document root) and its token, an array index
    /// (>= 0) or a member key as `-1 - SchemaPointerKey.rawValue`. One array of 8-byte steps keeps the table small,
    /// as a large catalog holds tens of thousands of schemas.
    struct Step {
        var parent: Int32
        var token: Int32
    }

    @exclusivity(unchecked) private var steps: [Step] = []

    /// A pointer given as text (sources made in code), returned for any step.
    private let literal: String?

    init(capacity: Int = 0) {
        literal = nil
        steps.reserveCapacity(capacity)
    }

    init(literal: String) {
        self.literal = literal
    }

    /// Appends a step below `parent` (nil for the root) and returns its index.
    /// Array indices past `Int32.max` are clamped: no document under the parser's input limits has such arrays.
    func append(parent: Int32?, token: Int) -> Int32 {
        steps.append(Step(parent: parent ?? -1, token: Int32(clamping: token)))
        return Int32(truncatingIfNeeded: steps.count - 1)
    }

    /// The pointer text of a step, `/fields/2/type` style.
    func text(_ step: Int32) -> String {
        if let literal { return literal }
        var chain: [Int32] = []
        var current = step
        while current >= 0, Int(current) < steps.count, chain.count <= steps.count {
            chain.append(steps[Int(current)].token)
            current = steps[Int(current)].parent
        }
        var text = ""
        for token in chain.reversed() {
            text += "/"
            if token >= 0 {
                text += String(token)
            } else {
                text += SchemaPointerKey(rawValue: -1 - Int(token))?.text ?? ""
            }
        }
        return text
    }
}

/// The member keys the parser steps through on its way down a schema document.
enum SchemaPointerKey: Int {
    case fields = 0
    case type
    case items
    case values

    var text: String {
        switch self {
        case .fields: "fields"
        case .type: "type"
        case .items: "items"
        case .values: "values"
        }
    }

    var token: Int { -1 - rawValue }
}

/// A position in a schema document while it is parsed: the document root, or a step of the parse's pointer table.
struct SchemaPointerID: Sendable {
    /// The step index; nil for the root (`""`).
    var step: Int32?

    static let root = SchemaPointerID(step: nil)
}
