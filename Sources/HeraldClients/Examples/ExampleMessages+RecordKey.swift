import HeraldAvro
import HeraldCatalog

/// Why a record key could not be made for a datum.
public struct RecordKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension ExampleMessages {
    /// The key `publish-examples` would give a record carrying `datum` (the event ID, or the key schema's record
    /// built from the datum's fields); nil bytes when the datum has no string event ID.
    public func recordKey(for event: ResolvedEvent, datum: JSONValue, ids: SchemaIDs) throws(RecordKeyError) -> (bytes: [UInt8]?, description: String) {
        switch makeKey(event, json: datum, ids: ids) {
        case .success(let key): return key
        case .failure(let problem): throw RecordKeyError(message: problem.message)
        }
    }
}
