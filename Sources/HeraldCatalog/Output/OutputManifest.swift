import Foundation

/// What one build left in the output folder: per file, its size, modification time and inode as `stat` saw them
/// once it was in place, and the digest of the bytes written. The next build trusts a file whose `stat` still
/// says the same (a file edited or deleted by hand no longer matches, and is written again).
public struct OutputManifest: Sendable, Equatable {
    public var records: [String: OutputRecord]

    public init(records: [String: OutputRecord] = [:]) { self.records = records }

    /// The paths where the folder under `root` differs from the records: files missing or no longer what their
    /// record says (by `lstat`), and entries no record names (a file added by hand, a link, a folder where a file was).
    public func differences(under root: URL) -> [String] {
        var found = Set<String>()
        var differences: [String] = []
        Self.walk(root.standardizedFileURL.path, "", records: records, found: &found, differences: &differences)
        for path in records.keys where !found.contains(path) { differences.append(path) }
        return differences.sorted()
    }

    private static func walk(_ root: String, _ relative: String, records: [String: OutputRecord], found: inout Set<String>,
                             differences: inout [String]) {
        guard let handle = opendir(relative.isEmpty ? root : root + "/" + relative) else { return }
        defer { closedir(handle) }
        let folder = dirfd(handle)
        while let entry = readdir(handle) {
            let name = entry.entryName
            if name == "." || name == ".." { continue }
            let child = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            guard fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else {
                differences.append(child)
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                walk(root, child, records: records, found: &found, differences: &differences)
            case S_IFREG:
                if let record = records[child], OutputRecord(status, digest: record.digest).sameFile(as: record) {
                    found.insert(child)
                } else {
                    differences.append(child)
                    if records[child] != nil { found.insert(child) }
                }
            default:
                differences.append(child)
            }
        }
    }
}

/// One file of the output as it was left.
public struct OutputRecord: Sendable, Equatable, Codable {
    public var size: Int64
    /// Nanoseconds since 1970.
    public var modified: Int64
    public var inode: UInt64
    /// `ContentDigest` of the bytes.
    public var digest: String

    public init(size: Int64, modified: Int64, inode: UInt64, digest: String) {
        self.size = size
        self.modified = modified
        self.inode = inode
        self.digest = digest
    }

    init(_ status: stat, digest: String) {
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        inode = UInt64(status.st_ino)
        self.digest = digest
    }

    /// Whether both describe the same file on disk (the digest is not compared: `stat` cannot see it).
    public func sameFile(as other: OutputRecord) -> Bool {
        size == other.size && modified == other.modified && inode == other.inode
    }
}
