import HeraldAvro
import HeraldDiagnostics
import Yams

/// The outcome of parsing one YAML file: the root node, or the syntax diagnostic that stopped it.
public struct YAMLParseResult: Sendable {
    /// The document's root; nil when the text did not parse or was empty.
    public var root: YAMLNode?
    public var diagnostics: [Diagnostic]
}

/// Parses YAML text into a positioned `YAMLNode` tree using Yams' node API.
public struct YAMLDocumentParser: Sendable {
    /// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 64) { self.maximumDepth = maximumDepth }

    /// Parses `text`; `file` is the path diagnostics report.
    public func parse(_ text: String, file: String) -> YAMLParseResult {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return YAMLParseResult(root: nil, diagnostics: [syntaxDiagnostic(error, file: file)])
        } catch {
            return YAMLParseResult(root: nil, diagnostics: [Diagnostic(
                CatalogRules.yamlSyntax, message: "\(file) is not valid YAML: \(error)", location: SourceLocation(file: file, line: 1, column: 1))])
        }
        guard let composed else { return YAMLParseResult(root: nil, diagnostics: []) }
        var diagnostics: [Diagnostic] = []
        let root = convert(composed, depth: 0, file: file, diagnostics: &diagnostics)
        return YAMLParseResult(root: root, diagnostics: diagnostics)
    }

    private func position(_ mark: Mark?) -> TextPosition {
        TextPosition(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private func convert(_ node: Node, depth: Int, file: String, diagnostics: inout [Diagnostic]) -> YAMLNode {
        let at = position(node.mark)
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
            return YAMLNode(position: at, value: .sequence(sequence.map { convert($0, depth: depth + 1, file: file, diagnostics: &diagnostics) }))
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
                    value: convert(value, depth: depth + 1, file: file, diagnostics: &diagnostics)))
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
