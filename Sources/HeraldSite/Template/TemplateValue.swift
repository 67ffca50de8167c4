/// A value a Mustache template renders: the site's page contexts are built from these, so rendering never casts.
///
/// Falsy for sections: `false`, `.missing` and an empty list; everything else (an empty string and zero too) is truthy.
enum TemplateValue: Sendable {
    /// Text, HTML-escaped by `{{name}}` and written as is by `{{{name}}}`.
    case text(String)
    /// Text already encoded as UTF-8 (a rendered page body), treated exactly like `.text`.
    case utf8([UInt8])
    /// A whole number, printed in decimal.
    case number(Int)
    /// A flag: `true` renders a section once in the same context, `false` skips it.
    case bool(Bool)
    /// A list: a section renders once per item, with the item as the context.
    case list([TemplateValue])
    /// Named values, looked up by `{{name}}` and `{{a.b}}`.
    case object([String: TemplateValue])
    /// No value: renders nothing, and a section over it is skipped.
    case missing

    /// `.text(value)` or, for nil, `false` (the contexts' way of saying "absent").
    static func optional(_ value: String?) -> TemplateValue { value.map(TemplateValue.text) ?? .bool(false) }

    /// The member `name` of an object; nil for anything else or an absent member.
    func member(_ name: String) -> TemplateValue? {
        if case .object(let members) = self { return members[name] }
        return nil
    }

    /// Whether a section over this value renders (`{{#name}}`) or its inverse does (`{{^name}}`).
    var isTruthy: Bool {
        switch self {
        case .bool(let flag): flag
        case .list(let items): !items.isEmpty
        case .missing: false
        case .text, .utf8, .number, .object: true
        }
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    init(stringLiteral value: String) { self = .text(value) }
    /// A literal flag.
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .number(value) }
    init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    /// A literal object; a repeated key keeps its last value.
    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
