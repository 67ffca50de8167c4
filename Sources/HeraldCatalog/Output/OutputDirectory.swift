import Foundation

/// The build output folder. A first build (or one that does not reuse) writes every file into a staging folder
/// beside the output, which is then renamed into place: readers see no output or the whole of it. A rebuild into an
/// existing folder (`reusingUnchanged`) compares each file with the one in place and stages only those whose bytes
/// differ; publishing renames each of them over its old version (every file is whole at any moment, old or new) and
/// then removes the files the build no longer makes. Unchanged files are never touched, so they keep their inode and
/// modification time, and deploy tools upload only what changed. A build that fails before `publish` leaves the
/// output exactly as it was.
public struct OutputDirectory: Sendable {
    public var url: URL
    /// Folders the output must neither be, hold, nor sit inside (the catalog): replacing the output deletes it.
    public var protected: [URL]

    public init(url: URL, protected: [URL] = []) {
        self.url = url
        self.protected = protected
    }

    /// Why the output could not be written.
    public struct WriteError: Error, Sendable {
        public var message: String
    }

    /// Starts writing the output: a fresh staging folder beside it, to write files into one at a time.
    ///
    /// With `reusingUnchanged` and an existing output folder, the build updates it in place instead of replacing it:
    /// a file whose bytes equal the current file at the same path is not written at all. `known` is what the folder
    /// holds, exactly (the caller checked with `OutputManifest.differences(under:)`): it spares reading a current file
    /// whose `stat` and digest say it is the same, and walking the folder for files no longer made.
    public func stage(reusingUnchanged: Bool = false, known: OutputManifest? = nil) throws(WriteError) -> Staging {
        if let refusal = refusal() { throw WriteError(message: refusal) }
        let fileManager = FileManager.default
        let target = url.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        Self.recoverAbandoned(parent: parent, name: name, target: target)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(name).tmp-\(token)")
        let previous = parent.appendingPathComponent(".\(name).old-\(token)")
        var isDirectory: ObjCBool = false
        let updates = reusingUnchanged && fileManager.fileExists(atPath: target.path, isDirectory: &isDirectory) && isDirectory.boolValue
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw WriteError(message: "cannot create \(staging.path): \(error.localizedDescription)")
        }
        return Staging(target: target, staging: staging, previous: previous, updatesInPlace: updates, known: updates ? known : nil)
    }

    /// Cleans up after builds that were killed: their staging folders (`.<name>.tmp-<pid>-…`) are removed, and an
    /// output moved aside (`.<name>.old-<pid>-…`) is put back when the output itself is missing (the build died between
    /// the two renames), removed otherwise. Folders of a process still running are left alone.
    static func recoverAbandoned(parent: URL, name: String, target: URL) {
        let fileManager = FileManager.default
        guard let entries = try? fileManager.contentsOfDirectory(atPath: parent.path) else { return }
        for entry in entries.sorted() {
            for (kind, prefix) in [("tmp", ".\(name).tmp-"), ("old", ".\(name).old-")] where entry.hasPrefix(prefix) {
                guard let pid = Int32(entry.dropFirst(prefix.count).prefix { $0 != "-" }), !isRunning(pid) else { continue }
                let folder = parent.appendingPathComponent(entry)
                if kind == "old", !fileManager.fileExists(atPath: target.path) {
                    try? fileManager.moveItem(at: folder, to: target)
                } else {
                    try? fileManager.removeItem(at: folder)
                }
            }
        }
    }

    /// Whether a process with this ID exists (one we may not signal counts as running).
    static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// Output being written: files go into the staging folder (all of them, or in place of an existing output only
    /// those that changed), which `publish` moves into place. Files may be written from several threads at once.
    public final class Staging: @unchecked Sendable {
        public let target: URL
        public let staging: URL
        public let previous: URL
        /// Whether the existing output is updated file by file (else replaced as a whole, or made).
        public let updatesInPlace: Bool
        /// Folders of the staging folder made so far (relative, "" for the root) with a descriptor open on each:
        /// files are opened relative to their folder, so 10,000 files do not each walk the whole path. Only the first
        /// `maximumOpenFolders` keep one (a site has a folder per event, and descriptors are limited, often to 1,024);
        /// files in the others are opened by their full path (`AT_FDCWD` and an absolute name).
        private var folders: [String: Int32] = [:]
        /// Folders made without a descriptor kept open.
        private var madeFolders: Set<String> = []
        static let maximumOpenFolders = 64
        /// The same for the current output's folders, when it is updated in place (-1: no such folder); as many again
        /// keep a descriptor.
        private var currentFolders: [String: Int32] = [:]
        private let lock = NSLock()
        private let stagingPath: String
        private let known: OutputManifest?
        private var counts = (reused: 0, written: 0)
        /// Every file of the new output, as it is (or will be, once published) on disk.
        private var records: [String: OutputRecord] = [:]
        /// Files staged in place of an existing output's, moved over it by `publish`.
        private var changed: [String] = []
        /// Compare buffers no thread is using.
        private var buffers: [UnsafeMutableRawBufferPointer] = []

        init(target: URL, staging: URL, previous: URL, updatesInPlace: Bool = false, known: OutputManifest? = nil) {
            self.target = target
            self.staging = staging
            self.previous = previous
            self.updatesInPlace = updatesInPlace
            self.known = known
            stagingPath = staging.path
        }

        deinit {
            closeFolders()
            for buffer in buffers { buffer.deallocate() }
        }

        /// Files left as they were in the current output, and files written, so far.
        public var reusedCount: Int { lock.withLock { counts.reused } }
        public var writtenCount: Int { lock.withLock { counts.written } }

        /// What the output holds once published (what `publish` left, after it ran).
        public var manifest: OutputManifest { lock.withLock { OutputManifest(records: records) } }

        /// Keeps files of the existing output this build did not generate again (their pages were not affected),
        /// as `manifest` recorded them; without this, `publish` removes every file not written.
        public func retain(_ kept: [String: OutputRecord]) {
            lock.withLock {
                for (path, record) in kept where records[path] == nil { records[path] = record }
            }
        }

        /// Notes a file of the new output: left as it was (`reused`) or written to the staging folder.
        func note(_ path: String, _ record: OutputRecord, reused: Bool) {
            lock.withLock {
                records[path] = record
                if reused {
                    counts.reused += 1
                } else {
                    counts.written += 1
                    if updatesInPlace { changed.append(path) }
                }
            }
        }

        public func write(_ file: EmittedFile) throws(WriteError) {
            guard OutputDirectory.isSafe(file.path) else { throw fail("refusing to write outside the output folder: \(file.path)") }
            let digest = ContentDigest.of(file.bytes)
            if updatesInPlace, let record = unchanged(file.path, file.bytes, digest: digest) {
                note(file.path, record, reused: true)
                return
            }
            let (descriptor, shown) = try create(file.path)
            var failure = file.bytes.withUnsafeBytes { StagedFile.writeAll($0, to: descriptor) }
            var status = stat()
            if failure == nil, fstat(descriptor, &status) != 0 { failure = String(cString: strerror(errno)) }
            if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
            if let failure { throw fail("cannot write \(shown): \(failure)") }
            note(file.path, OutputRecord(status, digest: digest), reused: false)
        }

        /// The record of the current output's file at `path` when its bytes are exactly `bytes`, else nil.
        private func unchanged(_ path: String, _ bytes: Data, digest: String) -> OutputRecord? {
            guard let place = currentPlace(path) else { return nil }
            let descriptor = UnchangedFile.open(place.folder, place.name)
            guard descriptor >= 0 else { return nil }
            defer { _ = close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, Int(status.st_size) == bytes.count else { return nil }
            let record = OutputRecord(status, digest: digest)
            if let previous = known?.records[path], previous.digest == digest, previous.sameFile(as: record) { return record }
            let buffer = borrowBuffer()
            defer { returnBuffer(buffer) }
            let same = bytes.withUnsafeBytes { UnchangedFile.readMatches(descriptor, $0, buffer: buffer) } && UnchangedFile.isAtEnd(descriptor)
            return same ? record : nil
        }

        func borrowBuffer() -> UnsafeMutableRawBufferPointer {
            lock.withLock { buffers.popLast() } ?? UnsafeMutableRawBufferPointer.allocate(byteCount: UnchangedFile.chunk, alignment: 16)
        }

        func returnBuffer(_ buffer: UnsafeMutableRawBufferPointer) {
            lock.withLock { buffers.append(buffer) }
        }

        /// A file written in pieces (an AsyncAPI document); when the output is updated in place, compared with the
        /// current file as it goes and staged only from the first difference on.
        public func open(path: String) throws(WriteError) -> StagedFile {
            guard OutputDirectory.isSafe(path) else { throw fail("refusing to write outside the output folder: \(path)") }
            guard updatesInPlace else {
                let (descriptor, shown) = try create(path)
                return StagedFile(descriptor: descriptor, path: path, shown: shown, staging: self)
            }
            let current = currentPlace(path).map { UnchangedFile.open($0.folder, $0.name) } ?? -1
            return StagedFile(comparingWith: current, path: path, shown: stagingPath + "/" + path, staging: self)
        }

        /// Where the current output's file `path` is: its folder's descriptor and its name, or `AT_FDCWD` and its
        /// full path beyond the first `maximumOpenFolders`; nil when the output has no such folder.
        private func currentPlace(_ path: String) -> (folder: Int32, name: String)? {
            let (folder, name) = Self.split(path)
            lock.lock()
            defer { lock.unlock() }
            if let descriptor = currentFolders[folder] { return descriptor >= 0 ? (descriptor, name) : nil }
            let folderPath = folder.isEmpty ? target.path : target.path + "/" + folder
            if currentFolders.count >= Self.maximumOpenFolders { return (AT_FDCWD, target.path + "/" + path) }
            let descriptor = Foundation.open(folderPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            currentFolders[folder] = descriptor
            return descriptor >= 0 ? (descriptor, name) : nil
        }

        static func split(_ path: String) -> (folder: String, name: String) {
            let slash = path.lastIndex(of: "/")
            return (slash.map { String(path[..<$0]) } ?? "", slash.map { String(path[path.index(after: $0)...]) } ?? path)
        }

        /// A new file in the staging folder, open for writing, and its path for messages.
        func create(_ path: String) throws(WriteError) -> (descriptor: Int32, shown: String) {
            let (folder, name) = Self.split(path)
            let shown = stagingPath + "/" + path
            let place: (Int32, String)
            switch folderDescriptor(folder) {
            case .success(let descriptor?): place = (descriptor, name)
            case .success(nil): place = (AT_FDCWD, shown)
            case .failure(let error):
                discard()
                throw error
            }
            let descriptor = openat(place.0, place.1, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw fail("cannot write \(shown): \(String(cString: strerror(errno)))") }
            return (descriptor, shown)
        }

        /// Discards the staging folder and describes why.
        func fail(_ message: String) -> WriteError {
            discard()
            return WriteError(message: message)
        }

        /// The descriptor of a folder of the staging folder, made and opened the first time it is asked for; nil for
        /// a folder made beyond the first `maximumOpenFolders`.
        private func folderDescriptor(_ folder: String) -> Result<Int32?, WriteError> {
            lock.lock()
            defer { lock.unlock() }
            if let descriptor = folders[folder] { return .success(descriptor) }
            if madeFolders.contains(folder) { return .success(nil) }
            let url = folder.isEmpty ? staging : staging.appendingPathComponent(folder, isDirectory: true)
            // One mkdir when the parent exists (the usual case); FileManager makes missing parents.
            if mkdir(url.path, 0o755) != 0, errno != EEXIST {
                do {
                    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                } catch {
                    return .failure(WriteError(message: "cannot write \(target.path): \(error.localizedDescription)"))
                }
            }
            if folders.count >= Self.maximumOpenFolders {
                madeFolders.insert(folder)
                return .success(nil)
            }
            let descriptor = Foundation.open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else {
                return .failure(WriteError(message: "cannot write \(url.path): \(String(cString: strerror(errno)))"))
            }
            folders[folder] = descriptor
            return .success(descriptor)
        }

        /// Closes the folder descriptors; only once no file is being opened any more (publishing, or deinit), since a
        /// closed descriptor's number can be reused.
        private func closeFolders() {
            lock.lock()
            defer { lock.unlock() }
            for descriptor in folders.values { _ = close(descriptor) }
            for descriptor in currentFolders.values where descriptor >= 0 { _ = close(descriptor) }
            folders = [:]
            madeFolders = []
            currentFolders = [:]
        }

        /// Puts the new output in place: the staging folder replaces the output as a whole, or, when updating in
        /// place, each changed file is renamed over its old version and the files no longer made are removed.
        public func publish() throws(WriteError) {
            closeFolders()
            if updatesInPlace {
                try publishInPlace()
                return
            }
            let fileManager = FileManager.default
            do {
                var isDirectory: ObjCBool = false
                let exists = fileManager.fileExists(atPath: target.path, isDirectory: &isDirectory)
                if exists { try fileManager.moveItem(at: target, to: previous) }
                do {
                    try fileManager.moveItem(at: staging, to: target)
                } catch {
                    if exists { try? fileManager.moveItem(at: previous, to: target) }
                    throw error
                }
                if exists { try? fileManager.removeItem(at: previous) }
            } catch {
                discard()
                throw WriteError(message: "cannot write \(target.path): \(error.localizedDescription)")
            }
        }

        private func publishInPlace() throws(WriteError) {
            let (moves, keep) = lock.withLock { (changed.sorted(), records) }
            let root = target.path
            for path in moves {
                let from = stagingPath + "/" + path, to = root + "/" + path
                if rename(from, to) == 0 { continue }
                // A folder where the file goes, or a file (or nothing) where its folder goes: clear the way once.
                let (folder, _) = Self.split(path)
                if !folder.isEmpty { Self.makeFolders(root: root, folder) }
                if let kind = try? FileManager.default.attributesOfItem(atPath: to)[.type] as? FileAttributeType, kind == .typeDirectory {
                    try? FileManager.default.removeItem(atPath: to)
                }
                guard rename(from, to) == 0 else {
                    throw fail("cannot write \(to): \(String(cString: strerror(errno)))")
                }
                // Where a folder was replaced, inode and times are the file's own: rename keeps them.
            }
            // The records of moved files stand: rename keeps a file's inode and modification time.
            if let known {
                // The output held exactly the known files (the caller checked): the stale ones are those no longer made.
                for path in known.records.keys.sorted() where keep[path] == nil {
                    _ = unlink(root + "/" + path)
                    var folder = Self.split(path).folder
                    while !folder.isEmpty, rmdir(root + "/" + folder) == 0 { folder = Self.split(folder).folder }
                }
            } else {
                Self.removeStale(root: root, relative: "", keep: keep)
            }
            discard()
        }

        /// Makes `folder` (relative to `root`) and its parents, removing a file that stands where a folder goes.
        private static func makeFolders(root: String, _ folder: String) {
            var path = root
            for component in folder.split(separator: "/") {
                path += "/" + component
                var status = stat()
                if lstat(path, &status) == 0 {
                    if (status.st_mode & S_IFMT) == S_IFDIR { continue }
                    _ = unlink(path)
                }
                _ = mkdir(path, 0o755)
            }
        }

        /// Removes every entry under `root/relative` that is not a file of `keep` (nor a folder holding one);
        /// whether the folder is empty afterwards.
        @discardableResult
        private static func removeStale(root: String, relative: String, keep: [String: OutputRecord]) -> Bool {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let handle = opendir(folder) else { return false }
            var names: [(String, Bool)] = []
            while let entry = readdir(handle) {
                let name = entry.entryName
                if name == "." || name == ".." { continue }
                names.append((name, entry.pointee.d_type == UInt8(DT_DIR)))
            }
            closedir(handle)
            var empty = true
            for (name, isFolder) in names {
                let child = relative.isEmpty ? name : relative + "/" + name
                if isFolder {
                    if removeStale(root: root, relative: child, keep: keep) {
                        _ = rmdir(root + "/" + child)
                    } else {
                        empty = false
                    }
                } else if keep[child] == nil {
                    _ = unlink(root + "/" + child)
                } else {
                    empty = false
                }
            }
            return empty
        }

        /// Removes the staging folder, leaving the output as it was.
        public func discard() {
            try? FileManager.default.removeItem(at: staging)
        }
    }

    /// Why replacing `url` would destroy something that is not build output, or nil when it is safe: the output is
    /// replaced as a whole, so it must not be a file, the current folder or one above it, or overlap a protected one.
    public func refusal() -> String? {
        let target = Self.components(url)
        let shown = url.relativePath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            return "--out \(shown) is a file; the output must be a folder (it is replaced as a whole)"
        }
        let current = Self.components(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        if current.starts(with: target) {
            return "--out \(shown) is the current folder or one above it; replacing it would delete your files. Choose a folder of its own, such as site"
        }
        for folder in protected {
            let other = Self.components(folder)
            if other.starts(with: target) || target.starts(with: other) {
                return "--out \(shown) overlaps the catalog \(folder.relativePath); replacing it would delete catalog files. Choose a folder outside the catalog, such as site"
            }
        }
        return nil
    }

    /// The path components of a URL with `.`/`..` and symbolic links resolved, for comparing folders.
    public static func components(_ url: URL) -> [String] {
        url.standardizedFileURL.resolvingSymlinksInPath().pathComponents.filter { $0 != "/" }
    }

    /// A relative path without empty, `.` or `..` components.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}

/// A staged file written in pieces; the build discards the whole staging folder when a write fails.
///
/// The AsyncAPI generator streams documents into these (HeraldAsyncAPI makes it a `DocumentSink`). When the output
/// is updated in place, the pieces are first compared with the current output's file instead of written: while they
/// match nothing is written, and if the whole file matches it is left as it is. At the first difference the file is
/// staged, the matching prefix copied from the current file, and writing goes on as usual.
public final class StagedFile: @unchecked Sendable {
    /// The staged file (-1 while comparing, and once closed).
    private var descriptor: Int32
    /// The path in the output.
    public let path: String
    /// The path for messages.
    private let shown: String
    /// The current output's file while every byte so far matched it (-1 once not comparing).
    private var current: Int32 = -1
    private var matched = 0
    private var closed = false
    private var digest = ContentDigest()
    private var buffer: UnsafeMutableRawBufferPointer?
    private let staging: OutputDirectory.Staging

    /// A file staged from its first byte.
    init(descriptor: Int32, path: String, shown: String, staging: OutputDirectory.Staging) {
        self.descriptor = descriptor
        self.path = path
        self.shown = shown
        self.staging = staging
    }

    /// A file compared with `current` (the current output's file, -1 when there is none) until it differs.
    init(comparingWith current: Int32, path: String, shown: String, staging: OutputDirectory.Staging) {
        descriptor = -1
        self.path = path
        self.shown = shown
        self.current = current
        self.staging = staging
    }

    public func write(_ bytes: [UInt8]) throws {
        guard !closed else { throw OutputDirectory.WriteError(message: "cannot write \(shown): already closed") }
        bytes.withUnsafeBytes { digest.update($0) }
        if descriptor < 0 {
            if current >= 0 {
                if buffer == nil { buffer = staging.borrowBuffer() }
                if bytes.withUnsafeBytes({ UnchangedFile.readMatches(current, $0, buffer: buffer!) }) {
                    matched += bytes.count
                    return
                }
            }
            try diverge()
        }
        if let failure = bytes.withUnsafeBytes({ Self.writeAll($0, to: descriptor) }) {
            throw staging.fail("cannot write \(shown): \(failure)")
        }
    }

    public func close() throws {
        guard !closed else { return }
        closed = true
        releaseBuffer()
        if descriptor < 0 {
            var status = stat()
            if current >= 0, UnchangedFile.isAtEnd(current), fstat(current, &status) == 0 {
                // Every byte matched: the current file stays as it is.
                _ = Foundation.close(current)
                current = -1
                staging.note(path, OutputRecord(status, digest: digest.hex), reused: true)
                return
            }
            try diverge()
        }
        var status = stat()
        var failure: String?
        if fstat(descriptor, &status) != 0 { failure = String(cString: strerror(errno)) }
        if Foundation.close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        descriptor = -1
        if let failure { throw staging.fail("cannot write \(shown): \(failure)") }
        staging.note(path, OutputRecord(status, digest: digest.hex), reused: false)
    }

    /// Stops comparing: the file is staged and the bytes matched so far copied into it from the current file.
    private func diverge() throws {
        let source = current
        current = -1
        defer { if source >= 0 { _ = Foundation.close(source) } }
        descriptor = try staging.create(path).descriptor
        if source >= 0, let failure = UnchangedFile.copyPrefix(of: source, count: matched, to: descriptor) {
            throw staging.fail("cannot write \(shown): \(failure)")
        }
    }

    private func releaseBuffer() {
        if let buffer { staging.returnBuffer(buffer) }
        buffer = nil
    }

    deinit {
        releaseBuffer()
        if descriptor >= 0 { _ = Foundation.close(descriptor) }
        if current >= 0 { _ = Foundation.close(current) }
    }

    /// Writes every byte, retrying short writes and interruptions; the reason on failure.
    static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> String? {
        var written = 0
        while written < buffer.count {
            let result = Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if result < 0, errno == EINTR { continue }
            if result < 0 { return String(cString: strerror(errno)) }
            if result == 0 { return "no space written" }
            written += result
        }
        return nil
    }
}
