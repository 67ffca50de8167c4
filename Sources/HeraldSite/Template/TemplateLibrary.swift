/// Parsed Mustache templates by name, each usable as a partial or parent of the others, rendered straight into UTF-8
/// bytes.
struct TemplateLibrary: Sendable {
    /// Partials, parents and block overrides nested deeper than this render nothing: a template including itself
    /// unconditionally stops here.
    static let maximumPartialDepth = 64

    private var templates: [String: ParsedTemplate] = [:]

    /// Parses every source; a template that does not parse is named in the error with its line and column.
    init(sources: [String: String]) throws(SiteError) {
        do throws(TemplateError) {
            try self.init(parsing: sources)
        } catch {
            throw SiteError("template \(error.template).mustache does not parse: \(error.syntax)")
        }
    }

    /// Parses every source (sources with the same text are parsed once); throws the first template, by name, that
    /// does not parse.
    init(parsing sources: [String: String]) throws(TemplateError) {
        var parsed: [String: ParsedTemplate] = [:]
        for name in sources.keys.sorted() {
            guard let text = sources[name] else { continue }
            if let known = parsed[text] {
                templates[name] = known
                continue
            }
            do throws(TemplateSyntaxError) {
                let template = try TemplateParser(text).parse()
                parsed[text] = template
                templates[name] = template
            } catch {
                throw TemplateError(template: name, syntax: error)
            }
        }
    }

    /// Every partial and parent tag naming a template the library lacks, by template name, in source order.
    func unknownReferences() -> [(template: String, name: String, isParent: Bool, at: TemplatePosition)] {
        var found: [(template: String, name: String, isParent: Bool, at: TemplatePosition)] = []
        func walk(_ nodes: [TemplateNode], in template: String) {
            for node in nodes {
                switch node {
                case .text, .variable: continue
                case .section(_, _, let children): walk(children, in: template)
                case .block(_, let block): walk(block.nodes, in: template)
                case .partial(let name, _, let position):
                    if templates[name] == nil { found.append((template, name, false, position)) }
                case .parent(let name, let overrides, _, let position):
                    if templates[name] == nil { found.append((template, name, true, position)) }
                    for key in overrides.keys.sorted() { walk(overrides[key]?.nodes ?? [], in: template) }
                }
            }
        }
        for name in templates.keys.sorted() { walk(templates[name]?.nodes ?? [], in: name) }
        return found.sorted { ($0.template, $0.at.line, $0.at.column) < ($1.template, $1.at.line, $1.at.column) }
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

/// A template that does not parse, by name.
struct TemplateError: Error, Sendable {
    var template: String
    var syntax: TemplateSyntaxError
}

/// The context stack of one rendering.
private struct RenderState {
    let library: TemplateLibrary
    var stack: [TemplateValue]
    /// The blocks the enclosing parent tags pass down; the outermost definition of a name wins.
    var overrides: [String: TemplateBlock] = [:]

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
            case .partial(let name, let ownIndent, _):
                guard depth < TemplateLibrary.maximumPartialDepth, let partial = library.template(name) else { continue }
                // A standalone partial indents every line it writes by its own indentation on top of ours; an inline
                // one starts mid-line and is not indented.
                var partialPending = ownIndent != nil
                let partialIndent = ownIndent.map { indent + $0 } ?? []
                render(partial.nodes, indent: partialIndent, pendingIndent: &partialPending, depth: depth + 1, into: &out)
            case .parent(let name, let blocks, let ownIndent, _):
                guard depth < TemplateLibrary.maximumPartialDepth, let parent = library.template(name) else { continue }
                let outer = overrides
                overrides = blocks.merging(outer) { _, outermost in outermost }
                var parentPending = ownIndent != nil
                let parentIndent = ownIndent.map { indent + $0 } ?? []
                render(parent.nodes, indent: parentIndent, pendingIndent: &parentPending, depth: depth + 1, into: &out)
                overrides = outer
            case .block(let name, let block):
                guard let override = overrides[name] else {
                    render(block.nodes, indent: indent, pendingIndent: &pendingIndent, depth: depth, into: &out)
                    continue
                }
                guard depth < TemplateLibrary.maximumPartialDepth else { continue }
                if override.indentation == nil, block.indentation == nil {
                    render(override.nodes, indent: indent, pendingIndent: &pendingIndent, depth: depth + 1, into: &out)
                    continue
                }
                // Standalone blocks: the content loses the indentation it was defined with and takes this block's.
                var content: [UInt8] = []
                var contentPending = false
                render(override.nodes, indent: [], pendingIndent: &contentPending, depth: depth + 1, into: &content)
                let reindented = Self.reindent(content, removing: override.indentation ?? [], adding: block.indentation ?? [])
                if indent.isEmpty {
                    out.append(contentsOf: reindented)
                } else {
                    Self.appendIndented(reindented, indent: indent, pendingIndent: &pendingIndent, into: &out)
                }
            }
        }
    }

    /// `text` with `removing` taken off the start of each line that begins with it and `adding` put before each line.
    static func reindent(_ text: [UInt8], removing: [UInt8], adding: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + adding.count * 8)
        var lineStart = text.startIndex
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? text.endIndex
            var line = text[lineStart..<lineEnd]
            if !removing.isEmpty, line.starts(with: removing) { line = line.dropFirst(removing.count) }
            out.append(contentsOf: adding)
            out.append(contentsOf: line)
            lineStart = lineEnd
        }
        return out
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
