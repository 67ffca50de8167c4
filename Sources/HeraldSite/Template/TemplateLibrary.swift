/// Parsed Mustache templates by name, each usable as a partial of the others, rendered straight into UTF-8 bytes.
struct TemplateLibrary: Sendable {
    /// Partials nested deeper than this render nothing: a template including itself unconditionally stops here.
    static let maximumPartialDepth = 64

    private var templates: [String: ParsedTemplate] = [:]

    /// Parses every source; a template that does not parse is named in the error with its line and column.
    init(sources: [String: String]) throws(SiteError) {
        for name in sources.keys.sorted() {
            guard let text = sources[name] else { continue }
            do {
                templates[name] = try TemplateParser(text).parse()
            } catch {
                throw SiteError("template \(name).mustache does not parse: \(error)")
            }
        }
    }

    /// Whether a template of this name exists.
    func contains(_ name: String) -> Bool { templates[name] != nil }

    /// Renders the template `name` with `context` at the bottom of the context stack, appending to `out`.
    func render(_ name: String, _ context: TemplateValue, into out: inout [UInt8]) {
        guard let template = templates[name] else { return }
        var state = RenderState(library: self, stack: [context])
        var pendingIndent = false
        state.render(template.nodes, indent: [], pendingIndent: &pendingIndent, depth: 0, into: &out)
    }

    /// The template `name` rendered with `context`.
    func render(_ name: String, _ context: TemplateValue) -> [UInt8] {
        var out: [UInt8] = []
        render(name, context, into: &out)
        return out
    }

    fileprivate func template(_ name: String) -> ParsedTemplate? { templates[name] }
}

/// The context stack of one rendering.
private struct RenderState {
    let library: TemplateLibrary
    var stack: [TemplateValue]

    /// Renders `nodes`; `indent` (a standalone partial's indentation) starts every line of their literal text,
    /// `pendingIndent` says a line has started and its indentation is not written yet.
    mutating func render(_ nodes: [TemplateNode], indent: [UInt8], pendingIndent: inout Bool, depth: Int, into out: inout [UInt8]) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                if indent.isEmpty {
                    out.append(contentsOf: bytes)
                } else {
                    Self.appendIndented(bytes, indent: indent, pendingIndent: &pendingIndent, into: &out)
                }
            case .variable(let name, let escaped):
                let value = lookup(name)
                if pendingIndent, !indent.isEmpty {
                    out.append(contentsOf: indent)
                    pendingIndent = false
                }
                Self.write(value, escaped: escaped, into: &out)
            case .section(let name, let inverted, let children):
                let value = lookup(name)
                if inverted {
                    if !value.isTruthy { render(children, indent: indent, pendingIndent: &pendingIndent, depth: depth, into: &out) }
                    continue
                }
                switch value {
                case .bool(true):
                    render(children, indent: indent, pendingIndent: &pendingIndent, depth: depth, into: &out)
                case .bool(false), .missing:
                    break
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        render(children, indent: indent, pendingIndent: &pendingIndent, depth: depth, into: &out)
                        stack.removeLast()
                    }
                case .text, .utf8, .number, .object:
                    stack.append(value)
                    render(children, indent: indent, pendingIndent: &pendingIndent, depth: depth, into: &out)
                    stack.removeLast()
                }
            case .partial(let name, let ownIndent):
                guard depth < TemplateLibrary.maximumPartialDepth, let partial = library.template(name) else { continue }
                // A standalone partial indents every line it writes by its own indentation on top of ours; an inline
                // one starts mid-line and is not indented.
                var partialPending = ownIndent != nil
                let partialIndent = ownIndent.map { indent + $0 } ?? []
                render(partial.nodes, indent: partialIndent, pendingIndent: &partialPending, depth: depth + 1, into: &out)
            }
        }
    }

    /// The value of `name`: its first part is looked up from the top of the stack down, the rest inside it.
    func lookup(_ name: TemplateName) -> TemplateValue {
        guard let first = name.parts.first else { return stack.last ?? .missing }
        var found: TemplateValue?
        var index = stack.count - 1
        while index >= 0 {
            if case .object(let members) = stack[index], let member = members[first] {
                found = member
                break
            }
            index -= 1
        }
        guard var value = found else { return .missing }
        for part in name.parts.dropFirst() {
            guard let member = value.member(part) else { return .missing }
            value = member
        }
        return value
    }

    static func write(_ value: TemplateValue, escaped: Bool, into out: inout [UInt8]) {
        switch value {
        case .text(let text):
            if escaped { HTMLText.appendEscaped(text, to: &out) } else { out.append(contentsOf: text.utf8) }
        case .utf8(let bytes):
            if escaped {
                bytes.withUnsafeBufferPointer { HTMLText.appendEscaped($0, to: &out) }
            } else {
                out.append(contentsOf: bytes)
            }
        case .number(let number): out.append(contentsOf: String(number).utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .list, .object, .missing: break
        }
    }

    static func appendIndented(_ bytes: [UInt8], indent: [UInt8], pendingIndent: inout Bool, into out: inout [UInt8]) {
        var start = 0
        for index in bytes.indices {
            if pendingIndent {
                out.append(contentsOf: indent)
                pendingIndent = false
            }
            if bytes[index] == UInt8(ascii: "\n") {
                out.append(contentsOf: bytes[start...index])
                start = index + 1
                pendingIndent = true
            }
        }
        if start < bytes.count { out.append(contentsOf: bytes[start...]) }
    }
}
