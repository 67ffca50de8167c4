import Foundation
import HeraldCatalog
import HeraldSite

/// Where the site templates come from: Herald's own (the `templates/` folder beside the binary, as in a release
/// tarball, or in the Herald checkout the binary was built in), with the user's folder laid over them: `--templates`,
/// else `templates/` in the current directory when it holds a `.mustache` file.
enum TemplateLocation {
    /// The folders to read, Herald's own first; a user's folder that is Herald's own is not read twice.
    struct Folders {
        var builtIn: URL?
        var overlay: URL?

        /// Every folder read, for watching.
        var all: [URL] { [builtIn, overlay].compactMap { $0 } }
    }

    static func folders(_ option: String?) throws -> Folders {
        let fileManager = FileManager.default
        let builtIn = ownTemplates()
        var overlay: URL?
        if let option {
            overlay = URL(fileURLWithPath: option)
        } else {
            let local = URL(fileURLWithPath: "templates")
            let names = (try? fileManager.contentsOfDirectory(atPath: local.path)) ?? []
            if names.contains(where: { $0.hasSuffix(".mustache") }) { overlay = local }
        }
        if let chosen = overlay, let builtIn, realPath(chosen) == realPath(builtIn) { overlay = nil }
        guard builtIn != nil || overlay != nil else { throw SiteError("no templates directory found; pass --templates DIR") }
        return Folders(builtIn: builtIn, overlay: overlay)
    }

    /// The templates a build renders with: Herald's own with the user's over them.
    static func load(_ option: String?) throws -> SiteTemplates {
        let folders = try folders(option)
        return try SiteTemplates.load(
            builtIn: folders.builtIn.map { SiteTemplates.Folder(url: $0, displayPath: DisplayPath.relative($0.path)) },
            overlay: folders.overlay.map { SiteTemplates.Folder(url: $0, displayPath: DisplayPath.relative($0.path)) })
    }

    /// Herald's own templates: the first `templates/` folder holding `layout.mustache` beside the binary or up to
    /// five folders above it.
    private static func ownTemplates() -> URL? {
        var directory = executable().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("templates")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("layout.mustache").path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    private static func realPath(_ url: URL) -> String { url.standardizedFileURL.resolvingSymlinksInPath().path }

    /// The running binary's real path: /proc/self/exe where there is one, since argv[0] is a bare name when the
    /// binary is found on PATH; argv[0] otherwise.
    private static func executable() -> URL {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }
}
