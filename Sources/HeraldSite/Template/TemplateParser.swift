/// A parsed Mustache template: text, variables, sections, partials, parents and blocks, with standalone lines already
/// removed.
struct ParsedTemplate: Sendable {
    /// The template's nodes in order.
    var nodes: [TemplateNode]
}

/// One piece of a parsed template.
indirect enum TemplateNode: Sendable {
    /// Literal text (UTF-8).
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (not escaped).
    case variable(TemplateName, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
    case section(TemplateName, inverted: Bool, [TemplateNode])
    /// `{{>name}}`; `indentation` is the whitespace before a standalone partial tag (nil when not standalone).
    case partial(String, indentation: [UInt8]?, at: TemplatePosition)
    /// `{{<name}}…{{/name}}`: the template `name` rendered with these blocks overriding its own; everything else
    /// between the tags is ignored.
    case parent(String, overrides: [String: TemplateBlock], indentation: [UInt8]?, at: TemplatePosition)
    /// `{{$name}}default{{/name}}`: the content a parent tag passes for `name`, else the default.
    case block(String, TemplateBlock)
}

/// The content of a block tag: its nodes and, when its opening tag stands alone on its line, the indentation of its
/// content (its first line's leading whitespace, else the tag's), which is taken off where the block is defined and
/// put back where it is expanded.
struct TemplateBlock: Sendable {
    var nodes: [TemplateNode]
    var indentation: [UInt8]?
}

/// Where a tag starts: 1-based line and column (in characters).
struct TemplatePosition: Sendable, Hashable {
    var line: Int
    var column: Int
}

/// A variable name: `.` (the current item) or dot-separated parts.
struct TemplateName: Sendable, Hashable {
    /// The parts of `a.b.c`; empty for the implicit iterator `.`.
    var parts: [String]
}

/// Why a template does not parse, with the 1-based line and column of the offending tag.
struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible {
    var line: Int
    var column: Int
    var message: String
    var description: String { "line \(line), column \(column): \(message)" }
}

/// Parses Mustache source following the spec: variables, sections, inverted sections, comments, partials, set
/// delimiters, dotted names, the implicit iterator and template inheritance (parents and blocks); a line holding only
/// whitespace and one section, inverted, closing, comment, partial, parent, block or delimiter tag is removed from the
/// output ("standalone"), and so is a line holding only parent and block tags and the tags closing them (a block
/// opened and closed on one line keeps its line end). Lambdas are not supported and are reported as errors.
struct TemplateParser {
    /// Sections may nest this deep.
    static let maximumSectionDepth = 100

    private let source: [UInt8]

    init(_ text: String) { source = Array(text.utf8) }

    /// A tag or a run of text on one line (text runs end at, and include, a newline).
    private enum Token {
        case text(Range<Int>)
        case tag(Tag)
    }

    private struct Tag {
        /// The sigil: `#`, `^`, `/`, `!`, `>`, `<`, `$`, `=`, `{`, `&`, or 0 for a plain variable.
        var kind: UInt8
        var content: String
        var offset: Int
        var standaloneKind: Bool { kind == UInt8(ascii: "#") || kind == UInt8(ascii: "^") || kind == UInt8(ascii: "/")
            || kind == UInt8(ascii: "!") || kind == UInt8(ascii: ">") || kind == UInt8(ascii: "=")
            || isInheritance }
        var isInheritance: Bool { kind == UInt8(ascii: "<") || kind == UInt8(ascii: "$") }
    }

    func parse() throws(TemplateSyntaxError) -> ParsedTemplate {
        let tokens = try tokenize()
        var (kept, indentation) = removeStandaloneLines(tokens)
        var position = 0
        let nodes = try build(&kept, indentation: &indentation, position: &position, closing: nil, depth: 0)
        return ParsedTemplate(nodes: nodes)
    }

    // MARK: Tokens

    private func tokenize() throws(TemplateSyntaxError) -> [Token] {
        var tokens: [Token] = []
        var open: [UInt8] = Array("{{".utf8), close: [UInt8] = Array("}}".utf8)
        var position = 0
        let count = source.count
        while position < count {
            let tagStart = find(open, from: position) ?? count
            var lineStart = position
            var index = position
            while index < tagStart {
                if source[index] == UInt8(ascii: "\n") {
                    tokens.append(.text(lineStart..<(index + 1)))
                    lineStart = index + 1
                }
                index += 1
            }
            if lineStart < tagStart { tokens.append(.text(lineStart..<tagStart)) }
            guard tagStart < count else { break }
            var contentStart = tagStart + open.count
            var kind: UInt8 = 0
            if contentStart < count {
                switch source[contentStart] {
                case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "/"), UInt8(ascii: "!"), UInt8(ascii: ">"),
                     UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "&"), UInt8(ascii: "{"):
                    kind = source[contentStart]
                    contentStart += 1
                default: break
                }
            }
            // The closing delimiter of `{{{name}}}` and `{{=a b=}}` carries one more character.
            var terminator = close
            if kind == UInt8(ascii: "{") { terminator = [UInt8(ascii: "}")] + close }
            if kind == UInt8(ascii: "=") { terminator = [UInt8(ascii: "=")] + close }
            guard let contentEnd = find(terminator, from: contentStart) else {
                throw error(at: tagStart, "unclosed tag: no \(String(decoding: terminator, as: UTF8.self)) after it")
            }
            let content = String(decoding: source[contentStart..<contentEnd], as: UTF8.self)
            position = contentEnd + terminator.count
            if kind == UInt8(ascii: "{") { kind = UInt8(ascii: "&") }
            if kind == UInt8(ascii: "=") {
                let parts = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
                guard parts.count == 2, !parts.contains(where: { $0.contains("=") }) else {
                    throw error(at: tagStart, "a delimiter tag needs two delimiters without '=': {{=<% %>=}}")
                }
                open = Array(parts[0].utf8)
                close = Array(parts[1].utf8)
            }
            tokens.append(.tag(Tag(kind: kind, content: content, offset: tagStart)))
        }
        return tokens
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= source.count else { return nil }
        var index = start
        let last = source.count - needle.count
        while index <= last {
            if source[index] == first {
                var match = true
                for offset in 1..<max(1, needle.count) where source[index + offset] != needle[offset] {
                    match = false
                    break
                }
                if match { return index }
            }
            index += 1
        }
        return nil
    }

    // MARK: Standalone lines

    /// Drops the whitespace and newline around tags alone on their line; returns the kept tokens and, by token
    /// position in the kept list, the indentation of standalone partial, parent and block tags.
    private func removeStandaloneLines(_ tokens: [Token]) -> ([Token], [Int: [UInt8]]) {
        var kept: [Token] = []
        var indentation: [Int: [UInt8]] = [:]
        // The kinds of the open sections, parents and blocks, to tell what a closing tag closes.
        var open: [UInt8] = []
        var lineStart = 0
        while lineStart < tokens.count {
            var lineEnd = lineStart
            // A line runs to the first text token ending in a newline (inclusive), or to the end.
            while lineEnd < tokens.count {
                if case .text(let range) = tokens[lineEnd], source[range.upperBound - 1] == UInt8(ascii: "\n") {
                    lineEnd += 1
                    break
                }
                lineEnd += 1
            }
            let line = tokens[lineStart..<lineEnd]
            var tags: [Tag] = [], blank = true, leading: [UInt8] = [], beforeTag = true
            // Whether every tag on the line opens or closes a parent or a block.
            var onlyInheritance = true
            for token in line {
                switch token {
                case .tag(let tag):
                    tags.append(tag)
                    beforeTag = false
                    switch tag.kind {
                    case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "<"), UInt8(ascii: "$"):
                        open.append(tag.kind)
                        if !tag.isInheritance { onlyInheritance = false }
                    case UInt8(ascii: "/"):
                        let closed = open.popLast()
                        if closed != UInt8(ascii: "<"), closed != UInt8(ascii: "$") { onlyInheritance = false }
                    default:
                        onlyInheritance = false
                    }
                case .text(let range):
                    for byte in source[range] where !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
                        || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")) {
                        blank = false
                    }
                    if beforeTag { leading += source[range] }
                }
            }
            // `\r` only counts as part of a `\r\n` line end.
            let clean = blank && Self.onlyLineEndCarriageReturns(line, source)
            let single = tags.count == 1 && tags[0].standaloneKind
            let inheritance = tags.count > 1 && onlyInheritance
            if clean, single || inheritance {
                if tags.count == 2, tags[0].kind == UInt8(ascii: "$"), tags[1].kind == UInt8(ascii: "/") {
                    // `{{$name}}{{/name}}` alone on a line: its indentation goes, its line end stays.
                    indentation[kept.count] = leading
                    var afterTags = false
                    for token in line {
                        if case .tag = token { afterTags = true }
                        if afterTags { kept.append(token) }
                    }
                } else {
                    for tag in tags {
                        if tag.kind == UInt8(ascii: ">") || tag.isInheritance { indentation[kept.count] = leading }
                        kept.append(.tag(tag))
                    }
                }
            } else {
                kept += line
            }
            lineStart = lineEnd
        }
        return (kept, indentation)
    }

    private static func onlyLineEndCarriageReturns(_ line: ArraySlice<Token>, _ source: [UInt8]) -> Bool {
        for token in line {
            guard case .text(let range) = token else { continue }
            for index in range where source[index] == UInt8(ascii: "\r") {
                if index + 1 >= range.upperBound || source[index + 1] != UInt8(ascii: "\n") { return false }
            }
        }
        return true
    }

    // MARK: Tree

    private func build(_ tokens: inout [Token], indentation: inout [Int: [UInt8]], position: inout Int,
                       closing: (name: String, offset: Int, sigil: Character)?, depth: Int) throws(TemplateSyntaxError) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        func appendText(_ bytes: ArraySlice<UInt8>) {
            if case .text(let previous)? = nodes.last {
                nodes[nodes.count - 1] = .text(previous + bytes)
            } else {
                nodes.append(.text(Array(bytes)))
            }
        }
        while position < tokens.count {
            let token = tokens[position]
            let index = position
            position += 1
            switch token {
            case .text(let range): appendText(source[range])
            case .tag(let tag):
                let name = trimmed(tag.content)
                switch tag.kind {
                case UInt8(ascii: "!"), UInt8(ascii: "="): continue
                case UInt8(ascii: "#"), UInt8(ascii: "^"):
                    let parsedName = try variableName(name, at: tag.offset)
                    // Parsing and rendering recurse per level: a bound keeps a hostile template from exhausting the stack.
                    guard depth < Self.maximumSectionDepth else {
                        throw error(at: tag.offset, "sections are nested deeper than \(Self.maximumSectionDepth) levels")
                    }
                    let children = try build(&tokens, indentation: &indentation, position: &position, closing: (name, tag.offset, Character(UnicodeScalar(tag.kind))),
                                             depth: depth + 1)
                    nodes.append(.section(parsedName, inverted: tag.kind == UInt8(ascii: "^"), children))
                case UInt8(ascii: "/"):
                    guard let closing else { throw error(at: tag.offset, "{{/\(name)}} closes no open section") }
                    guard closing.name == name else {
                        throw error(at: tag.offset, "{{/\(name)}} does not close {{\(closing.sigil)\(closing.name)}}")
                    }
                    return nodes
                case UInt8(ascii: ">"):
                    guard !name.isEmpty else { throw error(at: tag.offset, "a partial tag needs a name") }
                    nodes.append(.partial(name, indentation: indentation[index], at: location(of: tag.offset)))
                case UInt8(ascii: "<"), UInt8(ascii: "$"):
                    guard !name.isEmpty else { throw error(at: tag.offset, "a parent or block tag needs a name") }
                    guard depth < Self.maximumSectionDepth else {
                        throw error(at: tag.offset, "sections are nested deeper than \(Self.maximumSectionDepth) levels")
                    }
                    let children = try build(&tokens, indentation: &indentation, position: &position, closing: (name, tag.offset, Character(UnicodeScalar(tag.kind))),
                                             depth: depth + 1)
                    if tag.kind == UInt8(ascii: "$") {
                        nodes.append(.block(name, TemplateBlock(nodes: children, indentation: indentation[index].map {
                            Self.contentIndentation(children) ?? $0
                        })))
                    } else {
                        // Only the blocks directly inside a parent tag count; its other content is ignored.
                        var overrides: [String: TemplateBlock] = [:]
                        for case .block(let blockName, let block) in children where overrides[blockName] == nil {
                            overrides[blockName] = block
                        }
                        nodes.append(.parent(name, overrides: overrides, indentation: indentation[index], at: location(of: tag.offset)))
                    }
                case UInt8(ascii: "&"):
                    nodes.append(.variable(try variableName(name, at: tag.offset), escaped: false))
                default:
                    nodes.append(.variable(try variableName(name, at: tag.offset), escaped: true))
                }
            }
        }
        if let closing { throw error(at: closing.offset, "{{\(closing.sigil)\(closing.name)}} is never closed") }
        return nodes
    }

    /// The leading spaces and tabs of a block's first line, when the block starts with text.
    private static func contentIndentation(_ nodes: [TemplateNode]) -> [UInt8]? {
        guard case .text(let bytes)? = nodes.first else { return nil }
        return Array(bytes.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
    }

    private func trimmed(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }

    private func variableName(_ name: String, at offset: Int) throws(TemplateSyntaxError) -> TemplateName {
        if name == "." { return TemplateName(parts: []) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !name.isEmpty, !parts.contains(where: \.isEmpty) else { throw error(at: offset, "'\(name)' is not a valid name") }
        return TemplateName(parts: parts)
    }

    private func error(at offset: Int, _ message: String) -> TemplateSyntaxError {
        let place = location(of: offset)
        return TemplateSyntaxError(line: place.line, column: place.column, message: message)
    }

    private func location(of offset: Int) -> TemplatePosition {
        var line = 1, column = 1
        for byte in source[..<min(offset, source.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return TemplatePosition(line: line, column: column)
    }
}
