import HeraldDiagnostics

/// Reads `onInvalid: reject | dlq` (an event's, or the catalog default).
enum InvalidRecordActionReader {
    static func read(_ member: YAMLMember?, describing what: String, reader: inout YAMLFieldReader) -> Located<InvalidRecordAction>? {
        guard let text = reader.string(member, describing: what) else { return nil }
        guard let action = InvalidRecordAction(rawValue: text.value) else {
            let names = InvalidRecordAction.allCases.map(\.rawValue)
            reader.diagnostics.append(Diagnostic(
                CatalogRules.onInvalidUnknown, message: "\(what) '\(text.value)' is not one of \(names.joined(separator: ", "))",
                hint: NameSuggestion.hint(for: text.value, in: names) ?? "Write reject (refuse the batch) or dlq (send invalid records to the dead-letter topic).",
                location: text.location))
            return nil
        }
        return Located(action, at: text.location)
    }
}
