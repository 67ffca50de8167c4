import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A catalog in a directory on disk. Hidden files and folders (names starting with `.`) are skipped.
///
/// Walks with `opendir`/`readdir` and reads with `open`/`read`: on catalogs of tens of thousands of files, URL-based
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

    /// Lists and reads every non-hidden regular file under the folder.
    public func load() throws -> CatalogFiles {
        let root = directory.standardizedFileURL.path
        var status = stat()
        guard stat(root, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw CatalogSourceError("catalog directory '\(displayRoot)' does not exist")
        }
        var relativePaths: [String] = []
        try Self.walk(root: root, relative: "", into: &relativePaths, depth: 0)
        relativePaths.sort()
        let limit = maximumFileSize
        // Read in parallel: on large catalogs the per-file open/read dominates loading.
        let contents = ParallelMap.map(relativePaths) { relative in Self.read(root + "/" + relative, limit: limit) }
        var files: [String: Data] = [:]
        files.reserveCapacity(relativePaths.count)
        for (path, result) in zip(relativePaths, contents) {
            switch result {
            case .success(let data): files[path] = data
            case .failure(let error): throw CatalogSourceError("\(displayRoot.isEmpty ? path : displayRoot + "/" + path): \(error.description)")
            }
        }
        return CatalogFiles(displayRoot: displayRoot, files: files)
    }

    /// Collects regular files under `root/relative`, skipping hidden entries; symbolic links are followed for files only.
    private static func walk(root: String, relative: String, into paths: inout [String], depth: Int) throws {
        // Deeper than any sensible catalog: a guard against directory loops through bind mounts.
        guard depth < 64 else { return }
        let absolute = relative.isEmpty ? root : root + "/" + relative
        guard let handle = opendir(absolute) else { throw CatalogSourceError("cannot list \(absolute)") }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name.hasPrefix(".") { continue }
            let child = relative.isEmpty ? name : relative + "/" + name
            let type = Int32(entry.pointee.d_type)
            var isDirectory = type == Int32(DT_DIR), isFile = type == Int32(DT_REG)
            if type == Int32(DT_UNKNOWN) || type == Int32(DT_LNK) {
                var status = stat()
                guard stat(root + "/" + child, &status) == 0 else { continue }
                // Links to files are read; links to folders are not followed, so a link cannot make a loop.
                isDirectory = type == Int32(DT_UNKNOWN) && (status.st_mode & S_IFMT) == S_IFDIR
                isFile = (status.st_mode & S_IFMT) == S_IFREG
            }
            if isDirectory {
                try walk(root: root, relative: child, into: &paths, depth: depth + 1)
            } else if isFile {
                paths.append(child)
            }
        }
    }

    /// Why a file could not be read.
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    private static func read(_ path: String, limit: Int) -> Result<Data, ReadError> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(ReadError(description: "cannot open (errno \(errno))")) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(ReadError(description: "cannot stat")) }
        let size = Int(status.st_size)
        guard size <= limit else { return .failure(ReadError(description: "larger than \(limit >> 20) MB")) }
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
        guard ok else { return .failure(ReadError(description: "read failed (errno \(errno))")) }
        if total < size { data.count = total }
        return .success(data)
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#elseif canImport(Darwin)
private let systemRead = Darwin.read
#endif
