import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files one `DirectoryCatalogSource` load read, with what `stat` said of each, so the next load of the same
/// folder takes over the bytes of the files that did not change instead of reading them again.
public struct FileStamps: Sendable {
    /// What identifies one version of a file's contents without reading it.
    struct Stamp: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var changed: Int64

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
            changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
        }
    }

    /// One file's bytes as a load read them.
    struct Entry: Sendable {
        var stamp: Stamp
        var data: Data
        /// When the load that read them began (nanoseconds since 1970).
        var taken: Int64
    }

    /// What listing one folder contributed to the load: paths relative to the catalog folder.
    struct Listed: Sendable {
        var files: [String] = []
        var unreadable: [String] = []
        var folders: [String] = []
    }

    /// The whole result of the last load, kept so that a load told which paths changed (`ChangedPaths.only`) lists
    /// only the folders holding them and takes the rest over.
    struct Tree: Sendable {
        var files: [String: Data] = [:]
        var unreadable: [String: UnreadableFile] = [:]
        /// Every folder listed, by path relative to the catalog folder (`""` is the catalog folder).
        var folders: [String: Listed] = [:]
    }

    var entries: [String: Entry] = [:]
    var tree: Tree?

    /// Stamps that reuse nothing.
    public init() {}

    /// Files whose bytes the next load may take over.
    public var count: Int { entries.count }
    /// Files of this load whose bytes were taken over from the previous one.
    public internal(set) var reused = 0
    /// Folders this load listed (every folder of the catalog, unless it was told which paths changed).
    public internal(set) var listed = 0
    /// When this load was told which paths changed and found the same names as the previous load in every folder
    /// it listed (no file, folder or unreadable entry added or removed): the files it read again. Nil otherwise.
    public internal(set) var rewritten: Set<String>?

    /// The bytes read for `path` when its stamp is still `stamp`. A file changed less than a second before the
    /// load began is read again: the kernel's file clock is coarser than its wall clock, so a second write in the
    /// same tick could leave the stamp as it was.
    func unchanged(_ path: String, stamp: Stamp) -> Entry? {
        guard let known = entries[path], known.stamp == stamp else { return nil }
        let margin: Int64 = 1_000_000_000
        guard stamp.modified < known.taken - margin, stamp.changed < known.taken - margin else { return nil }
        return known
    }

    /// The wall clock in nanoseconds since 1970 (file times are on it).
    static func now() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
