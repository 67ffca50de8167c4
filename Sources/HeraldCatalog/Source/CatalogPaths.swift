import Foundation

extension DirectoryCatalogSource {
    /// The catalog named on the command line (`--catalog`), shown in diagnostics as `DisplayPath.relative(path)`.
    public init(path: String) throws {
        guard !path.isEmpty else {
            throw CatalogSourceError("--catalog is empty; name the catalog folder (the default is 'schemas')")
        }
        self.init(directory: URL(fileURLWithPath: path), displayRoot: DisplayPath.relative(path))
    }
}

/// The base catalog that changes are compared with (`--against`): a folder holding it, or a git revision of the
/// repository the catalog lives in.
public enum BaseCatalogSource {
    /// A folder when `reference` names one that exists; an error when it looks like a path (`./`, `/`, `~`, a trailing
    /// `/`) but names nothing or a file; otherwise a git revision, read from the repository around `catalog`.
    public static func resolve(_ reference: String, catalog: DirectoryCatalogSource) throws -> any CatalogSource {
        guard !reference.isEmpty else {
            throw CatalogSourceError("--against is empty; name a git revision (e.g. main) or a base catalog folder")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CatalogSourceError("--against '\(reference)' is a file; pass a git revision or the folder holding the base catalog")
            }
            return DirectoryCatalogSource(directory: URL(fileURLWithPath: reference), displayRoot: DisplayPath.relative(reference))
        }
        if ["/", "./", "../", "~"].contains(where: { reference.hasPrefix($0) }) || reference.hasSuffix("/") {
            throw CatalogSourceError("--against folder '\(reference)' does not exist; check the path, or name a git revision (e.g. main)")
        }
        return GitCatalogSource(directory: catalog.directory, revision: reference, displayRoot: catalog.displayRoot)
    }
}

/// Paths as diagnostics print them: relative to the current directory when possible, always without `.` parts.
public enum DisplayPath {
    public static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if absolute == cwd { return "." }
        if absolute.hasPrefix(cwd.hasSuffix("/") ? cwd : cwd + "/") {
            return String(absolute.dropFirst(cwd.hasSuffix("/") ? cwd.count : cwd.count + 1))
        }
        return normalised(path)
    }

    /// `../schemas/./` → `../schemas`, `a/b/../c` → `a/c`: lexically, keeping leading `..` parts.
    public static func normalised(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", isAbsolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return isAbsolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }
}
