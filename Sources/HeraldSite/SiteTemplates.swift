import Foundation

/// The site's Mustache templates and static assets, read from a `templates/` directory.
public struct SiteTemplates: Sendable {
    /// Template sources by name (file name without `.mustache`).
    public var templates: [String: String]
    /// Static files copied verbatim, by path relative to the output root (`assets/site.css`, `favicon.svg`).
    public var assets: [String: Data]

    /// Templates and assets already in memory (tests, embedders).
    public init(templates: [String: String], assets: [String: Data]) {
        self.templates = templates
        self.assets = assets
    }

    /// The pages every templates directory must provide.
    public static let requiredTemplates = ["layout", "home", "event", "service", "team", "domain", "list", "graph", "not-found"]

    /// Reads `*.mustache` from `directory` and every other file under it as an asset (keeping its relative path).
    public static func load(from directory: URL) throws -> SiteTemplates {
        let fileManager = FileManager.default
        guard let enumerator = fileManager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw SiteError("cannot read the templates directory \(directory.path)")
        }
        var templates: [String: String] = [:], assets: [String: Data] = [:]
        let base = directory.standardizedFileURL.resolvingSymlinksInPath().path
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard full.hasPrefix(base + "/") else { continue }
            let relative = String(full.dropFirst(base.count + 1))
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            let data = try Data(contentsOf: url)
            if relative.hasSuffix(".mustache") {
                guard let text = String(data: data, encoding: .utf8) else { throw SiteError("\(relative) is not UTF-8") }
                let name = String(relative.dropLast(".mustache".count)).replacingOccurrences(of: "/", with: "-")
                templates[name] = text
            } else {
                assets[relative] = data
            }
        }
        let missing = requiredTemplates.filter { templates[$0] == nil }
        if !missing.isEmpty {
            throw SiteError("the templates directory \(directory.path) lacks \(missing.map { $0 + ".mustache" }.joined(separator: ", "))")
        }
        return SiteTemplates(templates: templates, assets: assets)
    }

    /// The parsed templates, each usable as a partial of the others; throws naming a template that does not parse.
    func library() throws -> TemplateLibrary { try TemplateLibrary(sources: templates) }
}

/// Why a site could not be rendered (unreadable or broken templates).
public struct SiteError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in a sentence.
    public var description: String
    /// An error with this description.
    public init(_ description: String) { self.description = description }
}
