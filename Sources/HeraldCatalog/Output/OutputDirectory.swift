import Foundation

/// The build output folder, replaced atomically: files go to a temporary folder beside it, which is then renamed
/// into place, so readers see either the previous output or the new one, never a half-written mix.
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

    /// Starts a replacement: a fresh staging folder beside the output, to write files into one at a time.
    ///
    /// With `reusingUnchanged`, a file whose bytes equal the current output's file at the same path is not written:
    /// that file is hard-linked into the staging folder, so it keeps its inode and modification time once the new
    /// output is swapped in (deploy tools then upload only what changed). Files the new output lacks go with the old.
    public func stage(reusingUnchanged: Bool = false) throws(WriteError) -> Staging {
        if let refusal = refusal() { throw WriteError(message: refusal) }
        let fileManager = FileManager.default
        let target = url.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        Self.recoverAbandoned(parent: parent, name: name, target: target)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(name).tmp-\(token)")
        let previous = parent.appendingPathComponent(".\(name).old-\(token)")
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw WriteError(message: "cannot create \(staging.path): \(error.localizedDescription)")
        }
        return Staging(target: target, staging: staging, previous: previous, reusesUnchanged: reusingUnchanged)
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

    /// Output being written: files go into the staging folder, which `publish` renames into place. Files may be
    /// written from several threads at once.
    public final class Staging: @unchecked Sendable {
        public let target: URL
        public let staging: URL
        public let previous: URL
        /// Folders of the output made so far (relative, "" for the root) with a descriptor open on each: files are
        /// opened relative to their folder, so 10,000 files do not each walk the whole path. Only the first
        /// `maximumOpenFolders` keep one (a site has a folder per event, and descriptors are limited, often to 1,024);
        /// files in the others are opened by their full path (`AT_FDCWD` and an absolute name).
        private var folders: [String: Int32] = [:]
        /// Folders made without a descriptor kept open.
        private var madeFolders: Set<String> = []
        static let maximumOpenFolders = 64
        /// The same for the current output's folders, when unchanged files are reused (-1: no such folder); as many
        /// again keep a descriptor.
        private var currentFolders: [String: Int32] = [:]
        private let lock = NSLock()
        private let stagingPath: String
        private let reusesUnchanged: Bool
        private var counts = (reused: 0, written: 0)

        init(target: URL, staging: URL, previous: URL, reusesUnchanged: Bool = false) {
            self.target = target
            self.staging = staging
            self.previous = previous
            self.reusesUnchanged = reusesUnchanged
            stagingPath = staging.path
        }

        deinit { closeFolders() }

        /// Files taken over unchanged from the current output, and files written, so far.
        public var reusedCount: Int { lock.withLock { counts.reused } }
        public var writtenCount: Int { lock.withLock { counts.written } }

        func count(reused: Bool) {
            lock.withLock { if reused { counts.reused += 1 } else { counts.written += 1 } }
        }

        public func write(_ file: EmittedFile) throws(WriteError) {
            if reusesUnchanged {
                let place = try prepare(file.path)
                if let current = currentPlace(file.path, folder: place.folderPath, name: place.fileName),
                   file.bytes.withUnsafeBytes({
                       UnchangedFile.link(current.folder, current.name, to: place.folder, place.name, ifEqualTo: $0)
                   }) {
                    count(reused: true)
                    return
                }
            }
            count(reused: false)
            let (descriptor, shown) = try create(file.path)
            var failure = file.bytes.withUnsafeBytes { StagedFile.writeAll($0, to: descriptor) }
            if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
            if let failure { throw fail("cannot write \(shown): \(failure)") }
        }

        public func open(path: String) throws(WriteError) -> StagedFile {
            let (descriptor, shown) = try create(path)
            guard reusesUnchanged else {
                count(reused: false)
                return StagedFile(descriptor: descriptor, path: shown)
            }
            let place = try prepare(path)
            let currentFile = currentPlace(path, folder: place.folderPath, name: place.fileName)
            let current = currentFile.map { UnchangedFile.open($0.folder, $0.name) } ?? -1
            return StagedFile(descriptor: descriptor, path: shown, comparingWith: current, in: currentFile?.folder ?? -1,
                              currentName: currentFile?.name ?? "", folder: place.folder, name: place.name, staging: self)
        }

        /// Where the current output's file `path` is: its folder's descriptor and its name, or `AT_FDCWD` and its
        /// full path beyond the first `maximumOpenFolders`; nil when the output has no such folder.
        private func currentPlace(_ path: String, folder: String, name: String) -> (folder: Int32, name: String)? {
            lock.lock()
            defer { lock.unlock() }
            if let descriptor = currentFolders[folder] { return descriptor >= 0 ? (descriptor, name) : nil }
            let folderPath = folder.isEmpty ? target.path : target.path + "/" + folder
            if currentFolders.count >= Self.maximumOpenFolders { return (AT_FDCWD, target.path + "/" + path) }
            let descriptor = Foundation.open(folderPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            currentFolders[folder] = descriptor
            return descriptor >= 0 ? (descriptor, name) : nil
        }

        /// A new file of the output, open for writing, and its path for messages.
        private func create(_ path: String) throws(WriteError) -> (descriptor: Int32, shown: String) {
            let place = try prepare(path)
            let descriptor = openat(place.folder, place.name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw fail("cannot write \(place.shown): \(String(cString: strerror(errno)))") }
            return (descriptor, place.shown)
        }

        /// Discards the staging folder and describes why.
        private func fail(_ message: String) -> WriteError {
            discard()
            return WriteError(message: message)
        }

        /// The folder descriptor and file name of a file (`AT_FDCWD` and the full path for a folder without a kept
        /// descriptor), its folder created; refuses paths that leave the output folder.
        private func prepare(_ path: String) throws(WriteError) -> (folder: Int32, folderPath: String, name: String, fileName: String, shown: String) {
            guard OutputDirectory.isSafe(path) else {
                discard()
                throw WriteError(message: "refusing to write outside the output folder: \(path)")
            }
            let slash = path.lastIndex(of: "/")
            let folder = slash.map { String(path[..<$0]) } ?? ""
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            let shown = stagingPath + "/" + path
            switch folderDescriptor(folder) {
            case .success(let descriptor?): return (descriptor, folder, name, name, shown)
            case .success(nil): return (AT_FDCWD, folder, shown, name, shown)
            case .failure(let error):
                discard()
                throw error
            }
        }

        /// The descriptor of a folder of the output, made and opened the first time it is asked for; nil for a folder
        /// made beyond the first `maximumOpenFolders`.
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

        /// Replaces the output with the staging folder: the old output is moved aside, then removed.
        public func publish() throws(WriteError) {
            closeFolders()
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
    static func components(_ url: URL) -> [String] {
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
/// reuses unchanged files, the pieces are first compared with the current output's file instead of written: while
/// they match nothing is written, and if the whole file matches it is hard-linked in its place at `close`. At the
/// first difference the matching prefix is copied from the current file and writing goes on as usual.
public final class StagedFile: @unchecked Sendable {
    private var descriptor: Int32
    public let path: String
    /// The current output's file while every byte so far matched it (-1 once not comparing).
    private var current: Int32 = -1
    private var matched = 0
    private var folder: Int32 = -1
    private var currentFolder: Int32 = -1
    private var currentName = ""
    private var name = ""
    private weak var staging: OutputDirectory.Staging?

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    init(descriptor: Int32, path: String, comparingWith current: Int32, in currentFolder: Int32, currentName: String,
         folder: Int32, name: String, staging: OutputDirectory.Staging) {
        self.currentName = currentName
        self.descriptor = descriptor
        self.path = path
        self.current = current
        self.currentFolder = currentFolder
        self.folder = folder
        self.name = name
        self.staging = staging
        if current < 0 { staging.count(reused: false) }
    }

    public func write(_ bytes: [UInt8]) throws {
        guard descriptor >= 0 else { throw OutputDirectory.WriteError(message: "cannot write \(path): already closed") }
        if current >= 0 {
            if bytes.withUnsafeBytes({ UnchangedFile.readMatches(current, $0) }) {
                matched += bytes.count
                return
            }
            try diverge()
        }
        if let failure = bytes.withUnsafeBytes({ Self.writeAll($0, to: descriptor) }) {
            throw OutputDirectory.WriteError(message: "cannot write \(path): \(failure)")
        }
    }

    public func close() throws {
        guard descriptor >= 0 else { return }
        if current >= 0 {
            if UnchangedFile.isAtEnd(current) {
                // Every byte matched: the empty staged file makes way for a link to the current one.
                _ = Foundation.close(descriptor)
                descriptor = -1
                if unlinkat(folder, name, 0) == 0, linkat(currentFolder, currentName, folder, name, 0) == 0 {
                    _ = Foundation.close(current)
                    current = -1
                    staging?.count(reused: true)
                    return
                }
                descriptor = openat(folder, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else {
                    throw OutputDirectory.WriteError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
                }
            }
            try diverge()
        }
        let result = Foundation.close(descriptor)
        descriptor = -1
        if result != 0 { throw OutputDirectory.WriteError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
    }

    /// Stops comparing: the bytes matched so far are copied from the current file into the staged one.
    private func diverge() throws {
        let source = current
        current = -1
        defer { _ = Foundation.close(source) }
        staging?.count(reused: false)
        if let failure = UnchangedFile.copyPrefix(of: source, count: matched, to: descriptor) {
            throw OutputDirectory.WriteError(message: "cannot write \(path): \(failure)")
        }
    }

    deinit {
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
