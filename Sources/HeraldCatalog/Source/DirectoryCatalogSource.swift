import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A catalog in a directory on disk. Hidden files and folders (names starting with `.`) are skipped.
///
/// Walks with `opendir`/`readdir` and reads with `openat`/`read`: on catalogs of tens of thousands of files, URL-based
/// enumeration and resource values cost more than the checks themselves.
public struct DirectoryCatalogSource: CatalogSource {
    /// The catalog folder.
    public var directory: URL
    /// How diagnostics name the catalog folder.
    public var displayRoot: String
    /// Files larger than this are refused, so a stray binary cannot exhaust memory.
    public var maximumFileSize: Int

    public init(directory: URL, displayRoot: String, maximumFileSize: Int = 32 << 20) {
        self.directory = directory
        self.displayRoot = displayRoot
        self.maximumFileSize = maximumFileSize
    }

    /// Lists every non-hidden file under the folder and reads those the layout uses (`.avsc`, `.yaml`, `.yml`,
    /// `.json`); other files are listed with empty contents, since only their presence is reported.
    /// A file that cannot be read (too large, a dangling link, a folder named like a file) becomes an entry of
    /// `CatalogFiles.unreadable`, so the checker reports it where it is instead of giving up on the whole catalog.
    public func load() throws -> CatalogFiles {
        try load(reusing: nil).0
    }

    /// `load()`, taking over from `previous` the bytes of every file whose stamp (device, inode, size, modification
    /// and change times) is unchanged instead of reading it again; returns the stamps for the next load.
    public func load(reusing previous: FileStamps?) throws -> (CatalogFiles, FileStamps) {
        let started = FileStamps.now()
        let root = try checkedRoot()
        // Folder by folder, a level at a time, each folder listed and its layout files read while it is open, on
        // many threads at once: on a cold page cache loading waits on the disk, not the CPU, and a large catalog is
        // tens of thousands of folders and files.
        var next = FileStamps()
        var tree = FileStamps.Tree()
        try walk(from: [""], root: root, previous: previous, tree: &tree, stamps: &next, taken: started)
        next.tree = tree
        return (CatalogFiles(displayRoot: displayRoot, files: tree.files, unreadable: tree.unreadable), next)
    }

    /// The catalog folder's path, once it is known to be a folder.
    func checkedRoot() throws -> String {
        let root = directory.standardizedFileURL.path
        var status = stat()
        guard stat(root, &status) == 0 else {
            throw CatalogSourceError("catalog directory '\(displayRoot)' does not exist; pass the folder holding catalog.yaml with --catalog")
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
            throw CatalogSourceError("'\(displayRoot)' is a file, not a folder; pass the folder holding catalog.yaml with --catalog")
        }
        return root
    }

    /// Lists the folders of `level` and everything under them, a level at a time, each level's folders on many
    /// threads at once, into the tree and the stamps (a folder already in the tree is replaced with what is under it
    /// now); returns the folders listed. `previous` stamps let unchanged files go unread.
    @discardableResult
    func walk(from level: [String], root: String, previous: FileStamps?, tree: inout FileStamps.Tree, stamps: inout FileStamps,
              taken: Int64) throws -> [String] {
        var level = level
        var walked: [String] = []
        var depth = 0
        // Deeper than any sensible catalog: a guard against directory loops through bind mounts.
        while !level.isEmpty, depth < 64 {
            let listings = ParallelMap.mapBlocking(level) { [maximumFileSize] relative in
                Self.list(root: root, relative: relative, limit: maximumFileSize, previous: previous)
            }
            var deeper: [String] = []
            for (relative, listing) in zip(level, listings) {
                if let failure = listing.rootFailure { throw CatalogSourceError("cannot list the catalog folder (errno \(failure))") }
                if tree.folders[relative] != nil { Self.removeTree(relative, from: &tree, stamps: &stamps) }
                Self.add(listing, of: relative, to: &tree, stamps: &stamps, taken: taken)
                walked.append(relative)
                deeper += listing.folders
            }
            level = deeper
            depth += 1
        }
        return walked
    }

    /// Puts what listing one folder found into the tree and the stamps.
    static func add(_ listing: FolderListing, of relative: String, to tree: inout FileStamps.Tree, stamps: inout FileStamps, taken: Int64) {
        var listed = FileStamps.Listed(folders: listing.folders)
        listed.files.reserveCapacity(listing.files.count)
        for (path, result) in listing.files {
            listed.files.append(path)
            switch result {
            case .success(let data): tree.files[path] = data
            case .failure(let error):
                tree.unreadable[path] = UnreadableFile(error.kind, error.description)
                listed.unreadable.append(path)
            }
        }
        for (path, stamp, kept) in listing.stamps {
            if let data = tree.files[path] { stamps.entries[path] = FileStamps.Entry(stamp: stamp, data: data, taken: kept ?? taken) }
        }
        for (path, reason) in listing.unreadable {
            tree.unreadable[path] = reason
            listed.unreadable.append(path)
        }
        stamps.reused += listing.reused
        stamps.listed += 1
        tree.folders[relative] = listed
    }

    /// Whether the catalog layout reads a file with this path (by its extension).
    static func isLayoutFile(_ path: String) -> Bool {
        // The extensions hold no `/`, so the path's ending is its name's; compared as bytes, as this runs per file.
        let bytes = path.utf8
        return endsWith(bytes, ".avsc") || endsWith(bytes, ".yaml") || endsWith(bytes, ".yml") || endsWith(bytes, ".json")
    }

    /// Whether `bytes` end with the ASCII `suffix`.
    static func endsWith(_ bytes: String.UTF8View, _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard bytes.count >= count else { return false }
        var index = bytes.index(bytes.endIndex, offsetBy: -count)
        let start = suffix.utf8Start
        for offset in 0..<count {
            if bytes[index] != start[offset] { return false }
            index = bytes.index(after: index)
        }
        return true
    }

    /// Whether a folder's name says it should have been a file: `*.avsc`, `catalog.yaml`, `event.yaml`, or a
    /// `.json` under `examples/` (event folders themselves may legally end in `.json`, say `page.json`).
    static func isMistakenFolder(_ path: String) -> Bool {
        let bytes = path.utf8
        if endsWith(bytes, ".avsc") { return true }
        let name = bytes.lastIndex(of: UInt8(ascii: "/")).map { bytes[bytes.index(after: $0)...] } ?? bytes[...]
        if name.elementsEqual("catalog.yaml".utf8) || name.elementsEqual("event.yaml".utf8) { return true }
        guard endsWith(bytes, ".json") else { return false }
        // An `examples` folder above it (not the name itself).
        let parent = bytes[..<name.startIndex]
        return parent.split(separator: UInt8(ascii: "/")).contains { $0.elementsEqual("examples".utf8) }
    }

    /// What listing one folder found: its files, read when the layout uses them (others are listed with empty
    /// contents, since only their presence is reported), entries that cannot be read as files, and subfolders.
    struct FolderListing: Sendable {
        var files: [(String, Result<Data, ReadError>)] = []
        var unreadable: [(String, UnreadableFile)] = []
        var folders: [String] = []
        /// The stamps of the layout files read or taken over (with when the load that read them began).
        var stamps: [(String, FileStamps.Stamp, Int64?)] = []
        /// Layout files whose bytes were taken over.
        var reused = 0
        /// Layout files read (not taken over).
        var read: [String] = []
        /// Set when the catalog folder itself cannot be listed.
        var rootFailure: Int32?
    }

    /// Lists `root/relative`, skipping hidden entries, and reads its layout files relative to the open folder.
    /// Symbolic links to files are followed (wherever they point); links to folders are not, so a link cannot make
    /// a loop.
    static func list(root: String, relative: String, limit: Int, previous: FileStamps?) -> FolderListing {
        var listing = FolderListing()
        let descriptor = open(relative.isEmpty ? root : root + "/" + relative, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0, let handle = fdopendir(descriptor) else {
            let failure = errno
            if descriptor >= 0 { close(descriptor) }
            if relative.isEmpty {
                listing.rootFailure = failure
            } else {
                listing.unreadable.append((relative, UnreadableFile(.unlistableFolder, "is a folder that cannot be listed (errno \(failure))")))
            }
            return listing
        }
        defer { closedir(handle) }
        let folder = dirfd(handle)
        while let entry = readdir(handle) {
            let name = entry.entryName
            if name.hasPrefix(".") { continue }
            let child = relative.isEmpty ? name : relative + "/" + name
            let type = Int32(entry.pointee.d_type)
            var isDirectory = type == Int32(DT_DIR), isFile = type == Int32(DT_REG)
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                var status = stat()
                guard fstatat(folder, name, &status, 0) == 0 else {
                    if isLayoutFile(child) || type == Int32(DT_LNK) {
                        listing.unreadable.append((child, type == Int32(DT_LNK)
                            ? UnreadableFile(.danglingLink, "is a symbolic link to '\(linkTarget(root + "/" + child))', which does not exist")
                            : UnreadableFile(.failed, "cannot be read (errno \(errno))")))
                    }
                    continue
                }
                isDirectory = type == Int32(DT_UNKNOWN) && (status.st_mode & S_IFMT) == S_IFDIR
                isFile = (status.st_mode & S_IFMT) == S_IFREG
            }
            if isDirectory, isMistakenFolder(child) {
                // A folder named like a schema, manifest or example file is almost certainly meant to be that file.
                listing.unreadable.append((child, UnreadableFile(.folder, "is a folder, not a file")))
            } else if isDirectory {
                listing.folders.append(child)
            } else if isFile {
                guard isLayoutFile(child) else {
                    listing.files.append((child, .success(Data())))
                    continue
                }
                // Stamped before reading: a write during the read changes the stamp, so the next load reads again.
                var status = stat()
                let stamp = fstatat(folder, name, &status, 0) == 0 ? FileStamps.Stamp(status) : nil
                if let stamp, let known = previous?.unchanged(child, stamp: stamp) {
                    listing.files.append((child, .success(known.data)))
                    listing.reused += 1
                    listing.stamps.append((child, stamp, known.taken))
                } else {
                    listing.files.append((child, read(name, in: folder, limit: limit)))
                    listing.read.append(child)
                    if let stamp { listing.stamps.append((child, stamp, nil)) }
                }
            }
        }
        return listing
    }

    /// A byte count for messages: whole megabytes from 1 MB up.
    static func sizeText(_ bytes: Int) -> String { bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes" }

    /// Where a symbolic link points, as written.
    private static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return "?" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Why a file could not be read.
    struct ReadError: Error, CustomStringConvertible {
        var kind: UnreadableFile.Kind = .failed
        var description: String
    }

    private static func read(_ name: String, in folder: Int32, limit: Int) -> Result<Data, ReadError> {
        let descriptor = openat(folder, name, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return .failure(ReadError(description: errno == EACCES ? "cannot be read: permission denied" : "cannot be opened (errno \(errno))"))
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(ReadError(description: "cannot be examined (errno \(errno))")) }
        let size = Int(status.st_size)
        guard size <= limit else { return .failure(ReadError(kind: .tooLarge, description: "is \(Self.sizeText(size)), over the \(Self.sizeText(limit)) Herald reads")) }
        var data = Data(count: size)
        var total = 0
        let ok = data.withUnsafeMutableBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            while total < size {
                let count = systemRead(descriptor, base + total, size - total)
                if count < 0 { if errno == EINTR { continue }; return false }
                if count == 0 { break }
                total += count
            }
            return true
        }
        guard ok else { return .failure(ReadError(description: "cannot be read (errno \(errno))")) }
        if total < size { data.count = total }
        return .success(data)
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
