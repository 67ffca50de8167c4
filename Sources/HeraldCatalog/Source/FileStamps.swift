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

    /// When the load began (nanoseconds since 1970).
    var taken: Int64
    var entries: [String: (Stamp, Data)] = [:]

    /// Stamps that reuse nothing.
    public init() { taken = 0 }

    init(taken: Int64) { self.taken = taken }

    /// Files whose bytes the next load may take over.
    public var count: Int { entries.count }
    /// Files of this load whose bytes were taken over from the previous one.
    public internal(set) var reused = 0

    /// The bytes read for `path` when its stamp is still `stamp`. A file changed less than a second before the
    /// load began is read again: the kernel's file clock is coarser than its wall clock, so a second write in the
    /// same tick could leave the stamp as it was.
    func unchanged(_ path: String, stamp: Stamp) -> Data? {
        guard let (known, data) = entries[path], known == stamp else { return nil }
        let margin: Int64 = 1_000_000_000
        guard stamp.modified < taken - margin, stamp.changed < taken - margin else { return nil }
        return data
    }

    /// The wall clock in nanoseconds since 1970 (file times are on it).
    static func now() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
