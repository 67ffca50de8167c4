#if canImport(Glibc)
import Glibc
import HeraldCatalog

/// Change notification for folder trees through Linux inotify: a watch on every folder under the roots (folders
/// created later are watched as they appear), so an edit is known as soon as it is written, without scanning the tree.
///
/// Not thread-safe: one thread waits on it at a time. Symbolic links to folders are not followed (as
/// `TreeFingerprint`).
public final class TreeNotifier: @unchecked Sendable {
    /// What one wait saw.
    public enum Batch: Equatable, Sendable {
        /// Nothing changed before the timeout.
        case quiet
        /// These paths changed (sorted, unique); folders created under a watched one are watched from now on.
        case changed([String])
        /// The kernel dropped events (its queue overflowed) or a root went away: anything may have changed.
        case overflowed
    }

    private let descriptor: Int32
    /// The folders watched with everything under them, as given.
    public let roots: [String]
    /// Folder by watch descriptor.
    private var folders: [Int32: String] = [:]

    /// Watches every folder under `roots` (absent roots are skipped); nil when inotify cannot be used here (no
    /// instance left, or the watch limit is reached), so the caller polls instead.
    public init?(roots: [String]) {
        let descriptor = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
        self.roots = roots
        for root in roots {
            guard watchTree(root) else { return nil }
        }
    }

    deinit { close(descriptor) }

    /// The number of folders watched.
    public var watchCount: Int { folders.count }

    /// Waits up to `timeout` milliseconds for a change; once one arrives, keeps collecting until `quiet` milliseconds
    /// pass without another (an editor's save is a burst of creates, writes and renames: one batch), or `limit`
    /// milliseconds after the first change at the latest.
    public func wait(timeout: Int32, quiet: Int32 = 30, limit: Int32 = 500) -> Batch {
        var changed = Set<String>()
        var overflowed = false
        guard poll(timeout) else { return .quiet }
        var waited: Int32 = 0
        repeat {
            read(into: &changed, overflowed: &overflowed)
            let start = Self.milliseconds()
            let more = poll(quiet)
            waited += Int32(clamping: Self.milliseconds() - start)
            if !more { break }
        } while waited < limit
        if overflowed {
            // Folders created while events were dropped have no watch yet: walk the roots again (existing watches are
            // kept; adding one twice returns the same descriptor).
            for root in roots { watchTree(root) }
            return .overflowed
        }
        return changed.isEmpty ? .quiet : .changed(changed.sorted())
    }

    /// Adds a watch on `path` and every folder under it; false when the kernel refuses one (the watch limit).
    @discardableResult
    private func watchTree(_ path: String) -> Bool {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { return true }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
            | IN_DELETE_SELF | IN_MOVE_SELF) | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW)
        let watch = inotify_add_watch(descriptor, path, mask)
        guard watch >= 0 else { return errno != ENOSPC && errno != ENOMEM }
        folders[watch] = path
        guard let directory = opendir(path) else { return true }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            guard entry.pointee.d_type == DT_DIR || entry.pointee.d_type == DT_UNKNOWN else { continue }
            let name = entry.entryName
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        for name in names where !watchTree(path + "/" + name) { return false }
        return true
    }

    /// Whether events are ready within `milliseconds`.
    private func poll(_ milliseconds: Int32) -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = Glibc.poll(&request, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            return ready > 0
        }
    }

    /// Drains the queue: the paths events name, new folders watched, the watches the kernel dropped forgotten.
    private func read(into changed: inout Set<String>, overflowed: inout Bool) {
        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            let count = Glibc.read(descriptor, buffer, size)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                let nameStart = buffer + offset + MemoryLayout<inotify_event>.size
                let nameLength = Int(event.len)
                let name = nameLength == 0 ? "" : String(cString: nameStart.assumingMemoryBound(to: CChar.self))
                offset += MemoryLayout<inotify_event>.size + nameLength
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    overflowed = true
                    continue
                }
                guard let folder = folders[event.wd] else { continue }
                if event.mask & UInt32(IN_IGNORED) != 0 {
                    folders[event.wd] = nil
                    if roots.contains(folder) { overflowed = true }
                    continue
                }
                let path = name.isEmpty ? folder : folder + "/" + name
                changed.insert(path)
                if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    // Files may have landed in the new folder before its watch: they count as changed too.
                    if !watchTree(path) { overflowed = true }
                    collect(under: path, into: &changed)
                }
                if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0, roots.contains(folder) { overflowed = true }
            }
        }
    }

    /// Every path under `path` (a folder just created, whose contents no event named).
    private func collect(under path: String, into changed: inout Set<String>) {
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        var names: [(String, Bool)] = []
        while let entry = readdir(directory) {
            let name = entry.entryName
            if name == "." || name == ".." { continue }
            names.append((name, entry.pointee.d_type == DT_DIR))
        }
        for (name, isFolder) in names {
            changed.insert(path + "/" + name)
            if isFolder { collect(under: path + "/" + name, into: &changed) }
        }
    }

    private static func milliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
    }
}
#endif
