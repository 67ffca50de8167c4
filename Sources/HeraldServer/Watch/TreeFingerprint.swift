#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HeraldCatalog

/// The modification time, size and kind of every entry under some folders: two scans differ when a file was
/// written, added, removed or renamed. Symbolic links are recorded as links (not followed).
public struct TreeFingerprint: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var seconds: Int
        var nanoseconds: Int
        var size: Int64
        var mode: UInt32
    }

    private(set) var entries: [String: Entry] = [:]

    /// Scans `roots` (absent roots scan as empty).
    public static func scan(_ roots: [String]) -> TreeFingerprint {
        var fingerprint = TreeFingerprint()
        for root in roots { fingerprint.walk(root) }
        return fingerprint
    }

    /// Paths added, removed or changed between `self` and `other`, sorted.
    public func changes(since other: TreeFingerprint) -> [String] {
        Set(entries.keys).union(other.entries.keys).filter { entries[$0] != other.entries[$0] }.sorted()
    }

    private mutating func walk(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        entries[path] = Entry(seconds: Int(status.st_mtim.tv_sec), nanoseconds: Int(status.st_mtim.tv_nsec),
                              size: Int64(status.st_size), mode: UInt32(status.st_mode))
        guard (status.st_mode & S_IFMT) == S_IFDIR, let directory = opendir(path) else { return }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = entry.entryName
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        for name in names { walk(path + "/" + name) }
    }
}
