import Foundation

/// A catalog in a directory on disk. Hidden files and folders (names starting with `.`) are skipped.
public struct DirectoryCatalogSource: CatalogSource {
    public var directory: URL
    public var displayRoot: String
    /// Files larger than this are refused, so a stray binary cannot exhaust memory.
    public var maximumFileSize: Int

    public init(directory: URL, displayRoot: String, maximumFileSize: Int = 32 << 20) {
        self.directory = directory
        self.displayRoot = displayRoot
        self.maximumFileSize = maximumFileSize
    }

    public func load() throws -> CatalogFiles {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CatalogSourceError("catalog directory '\(displayRoot)' does not exist")
        }
        let rootPath = directory.standardizedFileURL.path
        var relativePaths: [String] = []
        guard let enumerator = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey], options: [.skipsHiddenFiles])
        else { throw CatalogSourceError("cannot list '\(displayRoot)'") }
        for case let url as URL in enumerator {
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values?.isRegularFile == true else { continue }
            if let size = values?.fileSize, size > maximumFileSize {
                throw CatalogSourceError("\(url.path) is larger than \(maximumFileSize >> 20) MB")
            }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(rootPath + "/") else { continue }
            relativePaths.append(String(path.dropFirst(rootPath.count + 1)))
        }
        relativePaths.sort()
        // Read in parallel: on large catalogs the per-file open/read dominates loading.
        let contents = ParallelMap.map(relativePaths) { relative -> Data? in
            try? Data(contentsOf: directory.appendingPathComponent(relative), options: .mappedIfSafe)
        }
        var files: [String: Data] = [:]
        files.reserveCapacity(relativePaths.count)
        for (path, data) in zip(relativePaths, contents) {
            guard let data else { throw CatalogSourceError("cannot read \(displayRoot)/\(path)") }
            files[path] = data
        }
        return CatalogFiles(displayRoot: displayRoot, files: files)
    }
}
