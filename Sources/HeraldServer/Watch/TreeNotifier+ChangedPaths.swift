#if canImport(Glibc)
import Foundation
import HeraldCatalog

extension TreeNotifier {
    /// The paths of a `.changed` batch that lie under `root` (one of the roots, as given), relative to it: what the
    /// catalog load is told. Paths under the other roots are left out (the templates are read whole by every build).
    /// A change of `root` itself is `.unknown`, and so is any path outside it when one root lies inside another (a
    /// folder watched through two roots is named after one of them only).
    public func changes(_ paths: [String], under root: String) -> ChangedPaths {
        var relative = Set<String>()
        let prefix = root + "/"
        for path in paths {
            if path == root { return .unknown }
            if path.hasPrefix(prefix) {
                relative.insert(String(path.dropFirst(prefix.count)))
            } else if rootsOverlap {
                return .unknown
            }
        }
        return .only(relative)
    }

    /// Whether one root lies inside another (or is the same folder), after resolving links.
    var rootsOverlap: Bool {
        let resolved = roots.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().standardizedFileURL.path }
        for (i, a) in resolved.enumerated() {
            for (j, b) in resolved.enumerated() where i != j && (a == b || a.hasPrefix(b.hasSuffix("/") ? b : b + "/")) { return true }
        }
        return false
    }
}
#endif
