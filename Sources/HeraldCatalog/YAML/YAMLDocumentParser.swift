import HeraldAvro
import HeraldDiagnostics
import Yams

/// The outcome of parsing one YAML file: the root node, or the syntax diagnostic that stopped it.
public struct YAMLParseResult: Sendable {
    /// The document's root; nil when the text did not parse or was empty.
    public var root: YAMLNode?
    /// Syntax findings (at most one stops parsing).
    public var diagnostics: [Diagnostic]
}

/// Parses YAML text into a positioned `YAMLNode` tree using Yams' node API.
public struct YAMLDocumentParser: Sendable {
    /// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
    public var maximumDepth: Int
    /// More values than this, or than two per byte of the document if that is more, are refused: aliases repeated
    /// inside aliases ("billion laughs") would otherwise expand a few hundred bytes into billions of nodes, while a
    /// document without aliases never holds more values than it has bytes.
    public var maximumNodes: Int

    public init(maximumDepth: Int = 64, maximumNodes: Int = 100_000) {
        self.maximumDepth = maximumDepth
        self.maximumNodes = maximumNodes
    }

    /// Parses `text`; `file` is the path diagnostics report.
    public func parse(_ text: String, file: String) -> YAMLParseResult {
        let composed: Node?
        do {
            // No implicit tag resolution (the readers interpret scalars per key; the regex resolver is slow), an empty
            // constructor (composing never constructs values, and the default one builds its tables on every call), and
            // an explicit encoding (the default one reads the environment on every call).
            composed = try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8)
        } catch let error as YamlError {
            return YAMLParseResult(root: nil, diagnostics: [syntaxDiagnostic(error, file: file)])
        } catch {
            return YAMLParseResult(root: nil, diagnostics: [Diagnostic(
                CatalogRules.yamlSyntax, message: "\(file) is not valid YAML: \(error)", location: SourceLocation(file: file, line: 1, column: 1))])
        }
        guard let composed else { return YAMLParseResult(root: nil, diagnostics: []) }
        var diagnostics: [Diagnostic] = []
        let limit = max(maximumNodes, 2 * text.utf8.count)
        var budget = limit
        let root = convert(composed, depth: 0, budget: &budget, file: file, diagnostics: &diagnostics)
        if budget < 0 {
            let at = position(composed.mark)
            return YAMLParseResult(root: nil, diagnostics: [Diagnostic(
                CatalogRules.yamlSyntax, message: "YAML expands to more than \(limit) values through its aliases",
                hint: "Aliases (*name) that repeat anchors holding other aliases multiply; write the values out or drop the aliases.",
                location: SourceLocation(file: file, line: at.line, column: at.column))])
        }
        return YAMLParseResult(root: root, diagnostics: diagnostics)
    }

    private func position(_ mark: Mark?) -> TextPosition {
        TextPosition(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private func convert(_ node: Node, depth: Int, budget: inout Int, file: String, diagnostics: inout [Diagnostic]) -> YAMLNode {
        let at = position(node.mark)
        budget -= 1
        if budget < 0 { return YAMLNode(position: at, value: .scalar("", quoted: false)) }
        if depth > maximumDepth {
            diagnostics.append(Diagnostic(
                CatalogRules.yamlSyntax, message: "YAML nesting is deeper than \(maximumDepth) levels",
                location: SourceLocation(file: file, line: at.line, column: at.column)))
            return YAMLNode(position: at, value: .scalar("", quoted: false))
        }
        switch node {
        case .scalar(let scalar):
            return YAMLNode(position: at, value: .scalar(scalar.string, quoted: scalar.style != .plain))
        case .sequence(let sequence):
            return YAMLNode(position: at, value: .sequence(sequence.map { convert($0, depth: depth + 1, budget: &budget, file: file, diagnostics: &diagnostics) }))
        case .mapping(let mapping):
            var members: [YAMLMember] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    let keyAt = position(key.mark)
                    diagnostics.append(Diagnostic(
                        CatalogRules.yamlSyntax, message: "a mapping key must be a plain name, not \(key.mapping != nil ? "a mapping" : "a list")",
                        location: SourceLocation(file: file, line: keyAt.line, column: keyAt.column)))
                    continue
                }
                members.append(YAMLMember(
                    key: keyScalar.string, keyPosition: position(key.mark),
                    value: convert(value, depth: depth + 1, budget: &budget, file: file, diagnostics: &diagnostics)))
            }
            return YAMLNode(position: at, value: .mapping(members))
        case .alias:
            // Yams resolves anchors while composing; an unresolved alias is treated as an empty value.
            return YAMLNode(position: at, value: .scalar("", quoted: false))
        }
    }

    private func syntaxDiagnostic(_ error: YamlError, file: String) -> Diagnostic {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> Diagnostic {
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return Diagnostic(CatalogRules.yamlSyntax, message: message, location: SourceLocation(file: file, line: mark.line, column: mark.column))
        }
        switch error {
        case .scanner(let context, let problem, let mark, _): return located(problem, context, mark)
        case .parser(let context, let problem, let mark, _): return located(problem, context, mark)
        case .composer(let context, let problem, let mark, _): return located(problem, context, mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                CatalogRules.yamlSyntax, message: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in a mapping",
                hint: "Each key may appear once per mapping; remove or merge the duplicates.",
                location: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        case .reader(let problem, _, _, _):
            return Diagnostic(CatalogRules.yamlSyntax, message: "unreadable YAML: \(problem)", location: SourceLocation(file: file, line: 1, column: 1))
        default:
            return Diagnostic(CatalogRules.yamlSyntax, message: "invalid YAML: \(error)", location: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}
