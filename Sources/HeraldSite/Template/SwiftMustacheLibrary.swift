import Mustache

/// The site's templates rendered by hummingbird-project/swift-mustache instead of Herald's own engine, with the same
/// names, contexts and output bytes handed over; chosen with `HERALD_TEMPLATE_ENGINE=swift-mustache` to compare the
/// two on the same catalog in the same binary.
struct SwiftMustacheLibrary: Sendable {
    private var library = MustacheLibrary()

    init(sources: [String: String]) throws(SiteError) {
        for name in sources.keys.sorted() {
            guard let text = sources[name] else { continue }
            do {
                try library.register(text, named: name)
            } catch {
                throw SiteError("template \(name).mustache does not parse: \(error)")
            }
        }
    }

    func contains(_ name: String) -> Bool { library.getTemplate(named: name) != nil }

    func render(_ name: String, _ context: TemplateValue, into out: inout [UInt8]) {
        guard let text = library.render(context, withTemplate: name) else { return }
        out.append(contentsOf: text.utf8)
    }
}

/// swift-mustache looks values up through `MustacheParent` and renders `Bool`, arrays and strings natively: members are
/// handed over as those, objects and absent values as themselves.
extension TemplateValue: MustacheParent, MustacheCustomRenderable {
    func child(named name: String) -> Any? {
        guard case .object(let members) = self, let member = members[name] else { return nil }
        switch member {
        case .text(let text): return text
        case .utf8(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .number(let number): return number
        case .bool(let flag): return flag
        case .list(let items): return items
        case .object, .missing: return member
        }
    }

    var renderText: String {
        switch self {
        case .text(let text): text
        case .utf8(let bytes): String(decoding: bytes, as: UTF8.self)
        case .number(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .list, .object, .missing: ""
        }
    }

    var isNull: Bool { if case .missing = self { true } else { false } }
}

/// The engine one rendering uses: Herald's own or swift-mustache.
enum PageTemplates: Sendable {
    case own(TemplateLibrary)
    case swiftMustache(SwiftMustacheLibrary)

    /// Herald's own engine unless the environment names swift-mustache.
    static func make(sources: [String: String], environment: [String: String]) throws(SiteError) -> PageTemplates {
        if environment["HERALD_TEMPLATE_ENGINE"] == "swift-mustache" {
            return .swiftMustache(try SwiftMustacheLibrary(sources: sources))
        }
        return .own(try TemplateLibrary(sources: sources))
    }

    func contains(_ name: String) -> Bool {
        switch self {
        case .own(let library): library.contains(name)
        case .swiftMustache(let library): library.contains(name)
        }
    }

    func render(_ name: String, _ context: TemplateValue, into out: inout [UInt8]) {
        switch self {
        case .own(let library): library.render(name, context, into: &out)
        case .swiftMustache(let library): library.render(name, context, into: &out)
        }
    }
}
