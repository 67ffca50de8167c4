import HeraldAvro
import HeraldDiagnostics

/// Reads typed fields out of a YAML mapping, collecting diagnostics for unknown keys and wrong shapes.
///
/// Keys starting with `x-` are user extensions and never reported.
struct YAMLFieldReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ position: TextPosition) -> SourceLocation {
        SourceLocation(file: file, line: position.line, column: position.column)
    }

    /// The members of a mapping by key; reports unknown keys (with a did-you-mean hint) and a non-mapping node.
    mutating func mapping(_ node: YAMLNode, describing what: String, known: [String]) -> [String: YAMLMember]? {
        if node.isNull { return [:] }
        guard case .mapping(let members) = node.value else {
            wrongShape(node, expected: "a mapping", describing: what)
            return nil
        }
        var byKey: [String: YAMLMember] = [:]
        for member in members {
            if !known.contains(member.key), !member.key.hasPrefix("x-") {
                diagnostics.append(Diagnostic(
                    CatalogRules.yamlUnknownKey,
                    message: "unknown key '\(member.key)' in \(what)",
                    hint: NameSuggestion.hint(for: member.key, in: known) ?? "Known keys: \(known.joined(separator: ", ")); prefix your own keys with 'x-'.",
                    location: location(member.keyPosition)))
                continue
            }
            byKey[member.key] = member
        }
        return byKey
    }

    mutating func wrongShape(_ node: YAMLNode, expected: String, describing what: String) {
        diagnostics.append(Diagnostic(
            CatalogRules.yamlWrongType,
            message: "\(what) must be \(expected), found \(node.shapeName)",
            location: location(node.position)))
    }

    /// A non-empty string scalar; numbers and booleans are taken as their text.
    mutating func string(_ member: YAMLMember?, describing what: String) -> Located<String>? {
        guard let member, !member.value.isNull else { return nil }
        guard case .scalar(let text, _) = member.value.value else {
            wrongShape(member.value, expected: "a text", describing: what)
            return nil
        }
        return Located(text, at: location(member.value.position))
    }

    /// A list of strings; a single scalar counts as a one-element list.
    mutating func stringList(_ member: YAMLMember?, describing what: String) -> [Located<String>] {
        guard let member, !member.value.isNull else { return [] }
        switch member.value.value {
        case .scalar(let text, _):
            return [Located(text, at: location(member.value.position))]
        case .sequence(let items):
            var result: [Located<String>] = []
            for item in items {
                guard case .scalar(let text, _) = item.value, !item.isNull else {
                    wrongShape(item, expected: "a name", describing: "each entry of \(what)")
                    continue
                }
                result.append(Located(text, at: location(item.position)))
            }
            return result
        case .mapping:
            wrongShape(member.value, expected: "a name or a list of names", describing: what)
            return []
        }
    }

    /// An integer scalar.
    mutating func integer(_ member: YAMLMember?, describing what: String) -> Located<Int>? {
        guard let text = string(member, describing: what) else { return nil }
        guard let value = Int(text.value.replacingOccurrences(of: "_", with: "")) else {
            diagnostics.append(Diagnostic(
                CatalogRules.yamlWrongType, message: "\(what) must be an integer, found '\(text.value)'", location: text.location))
            return nil
        }
        return Located(value, at: text.location)
    }

    /// A number scalar.
    mutating func number(_ member: YAMLMember?, describing what: String) -> Located<Double>? {
        guard let text = string(member, describing: what) else { return nil }
        guard let value = Double(text.value), value.isFinite else {
            diagnostics.append(Diagnostic(
                CatalogRules.yamlWrongType, message: "\(what) must be a number, found '\(text.value)'", location: text.location))
            return nil
        }
        return Located(value, at: text.location)
    }

    /// A boolean scalar (`true`/`false`, YAML 1.2 spelling, any case).
    mutating func boolean(_ member: YAMLMember?, describing what: String) -> Located<Bool>? {
        guard let text = string(member, describing: what) else { return nil }
        switch text.value.lowercased() {
        case "true": return Located(true, at: text.location)
        case "false": return Located(false, at: text.location)
        default:
            diagnostics.append(Diagnostic(
                CatalogRules.yamlWrongType, message: "\(what) must be true or false, found '\(text.value)'", location: text.location))
            return nil
        }
    }
}
