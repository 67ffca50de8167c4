import Foundation
import HeraldCatalog
import HeraldDiagnostics

/// The site's Mustache templates and static assets: Herald's own, with a user's folder laid over them.
public struct SiteTemplates: Sendable {
    /// Template sources by name (file name without `.mustache`); Herald's own are also under `herald/<name>`.
    public var templates: [String: String]
    /// Static files copied verbatim, by path relative to the output root (`assets/site.css`, `favicon.svg`).
    public var assets: [String: Data]
    /// The file each template was read from, as diagnostics show it; templates given in memory have none.
    public var files: [String: String]

    /// Templates and assets already in memory (tests, embedders).
    public init(templates: [String: String], assets: [String: Data], files: [String: String] = [:]) {
        self.templates = templates
        self.assets = assets
        self.files = files
    }

    /// The pages every set of templates must provide.
    public static let requiredTemplates = ["layout", "home", "event", "service", "team", "domain", "list", "graph", "not-found"]

    /// The prefix under which Herald's own templates stay reachable when a user's template of the same name replaces
    /// them: `{{<herald/layout}}…{{/herald/layout}}`.
    public static let builtInPrefix = "herald/"

    /// A folder of templates and the path diagnostics show for it.
    public struct Folder: Sendable {
        public var url: URL
        public var displayPath: String

        public init(url: URL, displayPath: String? = nil) {
            self.url = url
            self.displayPath = displayPath ?? url.path
        }
    }

    /// Reads one folder as Herald's own templates (no overlay).
    public static func load(from directory: URL) throws -> SiteTemplates {
        try load(builtIn: Folder(url: directory), overlay: nil)
    }

    /// Herald's own templates (`builtIn`) with the user's (`overlay`) over them: a template or asset in the overlay
    /// replaces Herald's of the same name or path, anything it lacks comes from Herald's, and every one of Herald's
    /// templates is also available as `herald/<name>` for the overlay's templates to include or inherit from. Throws
    /// `SiteError` for an unreadable folder or missing pages, `SiteTemplateError` for templates that do not parse or
    /// name a partial or parent that does not exist.
    public static func load(builtIn: Folder?, overlay: Folder?) throws -> SiteTemplates {
        var merged = SiteTemplates(templates: [:], assets: [:])
        if let builtIn {
            let own = try read(builtIn)
            for (name, text) in own.templates {
                merged.templates[name] = text
                merged.templates[builtInPrefix + name] = text
                merged.files[name] = own.files[name]
                merged.files[builtInPrefix + name] = own.files[name]
            }
            merged.assets = own.assets
        }
        if let overlay {
            let user = try read(overlay)
            merged.templates.merge(user.templates) { _, users in users }
            merged.files.merge(user.files) { _, users in users }
            merged.assets.merge(user.assets) { _, users in users }
        }
        let missing = requiredTemplates.filter { merged.templates[$0] == nil }
        if !missing.isEmpty {
            let folders = [builtIn, overlay].compactMap { $0?.displayPath }.joined(separator: " and ")
            throw SiteError("the templates (\(folders)) lack \(missing.map { $0 + ".mustache" }.joined(separator: ", "))")
        }
        let problems = merged.validate()
        if !problems.isEmpty { throw SiteTemplateError(diagnostics: problems) }
        return merged
    }

    /// One folder's `*.mustache` files (a file in a subfolder `a/b.mustache` is the template `a-b`) and, as assets,
    /// every other file under it (keeping its relative path); hidden files and folders are skipped.
    static func read(_ folder: Folder) throws -> SiteTemplates {
        let directory = folder.url
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue,
              let enumerator = fileManager.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw SiteError("cannot read the templates directory \(folder.displayPath)")
        }
        var found = SiteTemplates(templates: [:], assets: [:])
        let base = directory.standardizedFileURL.resolvingSymlinksInPath().path
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard full.hasPrefix(base + "/") else { continue }
            let relative = String(full.dropFirst(base.count + 1))
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            // Through a handle: Data(contentsOf:) leaks a 4 KiB buffer per empty file on Linux, and `herald serve`
            // reads the templates again on every change.
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let data = try handle.readToEnd() ?? Data()
            let shown = folder.displayPath.hasSuffix("/") ? folder.displayPath + relative : folder.displayPath + "/" + relative
            if relative.hasSuffix(".mustache") {
                guard let text = String(data: data, encoding: .utf8) else { throw SiteError("\(shown) is not UTF-8") }
                let name = String(relative.dropLast(".mustache".count)).replacingOccurrences(of: "/", with: "-")
                found.templates[name] = text
                found.files[name] = shown
            } else {
                found.assets[relative] = data
            }
        }
        return found
    }

    /// Every template that does not parse, and every partial or parent tag naming a template that does not exist,
    /// as errors at the tag's line and column. Empty when the templates can render the site.
    public func validate() -> [Diagnostic] {
        var problems: [Diagnostic] = []
        var parseable: [String: String] = [:]
        // Herald's own templates under their second name are reported once, under the first.
        for name in templates.keys.sorted() {
            guard let text = templates[name] else { continue }
            do throws(TemplateSyntaxError) {
                _ = try TemplateParser(text).parse()
                parseable[name] = text
            } catch {
                if name.hasPrefix(Self.builtInPrefix), templates[String(name.dropFirst(Self.builtInPrefix.count))] == text { continue }
                problems.append(diagnostic(name, line: error.line, column: error.column, error.message))
            }
        }
        guard let library = try? TemplateLibrary(parsing: parseable) else { return problems }
        for reference in library.unknownReferences() where templates[reference.name] == nil {
            let template = reference.template
            if template.hasPrefix(Self.builtInPrefix), templates[String(template.dropFirst(Self.builtInPrefix.count))] == templates[template] {
                continue
            }
            let tag = reference.isParent ? "{{<\(reference.name)}}" : "{{>\(reference.name)}}"
            problems.append(diagnostic(template, line: reference.at.line, column: reference.at.column,
                                       "\(tag) names no template (\(reference.isParent ? "parent" : "partial")): there is no \(reference.name).mustache"))
        }
        return problems.sortedForOutput()
    }

    private func diagnostic(_ template: String, line: Int, column: Int, _ message: String) -> Diagnostic {
        Diagnostic(SiteTemplateError.rule, message: "template \(template): \(message)",
                   location: SourceLocation(file: files[template] ?? "\(template).mustache", line: line, column: column))
    }

    /// The parsed templates, each usable as a partial of the others; throws naming a template that does not parse.
    func library() throws -> TemplateLibrary { try TemplateLibrary(sources: templates) }
}

/// Templates that cannot render the site: each problem as an error diagnostic at its file, line and column.
public struct SiteTemplateError: Error, Sendable, CustomStringConvertible {
    /// The rule template problems are reported under.
    public static let rule = CatalogRules.templateInvalid

    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String {
        diagnostics.map { "\($0.location?.description ?? "<template>"): \($0.message)" }.joined(separator: "\n")
    }
}

/// Why a site could not be rendered (unreadable or broken templates).
public struct SiteError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in a sentence.
    public var description: String
    /// An error with this description.
    public init(_ description: String) { self.description = description }
}
