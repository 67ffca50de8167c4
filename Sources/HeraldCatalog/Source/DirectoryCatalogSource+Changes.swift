import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DirectoryCatalogSource {
    /// `load(reusing:)` told which paths changed since `previous` was taken: only the folders holding them (and
    /// folders created under them) are listed again, their files stat'ed and read when their stamps changed;
    /// everything else is taken over from `previous`. The files equal a full load's as long as `changed` names every
    /// path written, created, removed or renamed since (what inotify reports). `.unknown`, or stamps without the
    /// previous load's tree, make a full load.
    public func load(reusing previous: consuming FileStamps?, changed: ChangedPaths) throws -> (CatalogFiles, FileStamps) {
        guard case .only(let paths) = changed, previous?.tree != nil else { return try load(reusing: previous) }
        let started = FileStamps.now()
        let root = try checkedRoot()
        // Taken out of `previous`, so that updating them does not copy tens of thousands of entries.
        guard var next = previous.take(), var tree = next.tree.take() else { return try load(reusing: nil) }
        next.reused = 0
        next.listed = 0
        var rewritten: Set<String>? = []
        // A folder is listed again when a path directly in it changed, and a changed folder itself; a path whose
        // folder was never listed (created since, with its parents) lists the nearest folder that was. Paths under
        // hidden entries are not the catalog's.
        var dirty = Set<String>()
        for path in paths where !Self.isHidden(path) {
            if tree.folders[path] != nil { dirty.insert(path) }
            var parent = Self.parent(of: path)
            while let folder = parent, tree.folders[folder] == nil { parent = Self.parent(of: folder) }
            if let folder = parent { dirty.insert(folder) }
        }
        // A folder that is gone (or no longer a folder) is dropped by listing its parent.
        var settled = Set<String>()
        var pending = Array(dirty)
        while let folder = pending.popLast() {
            if folder.isEmpty || Self.isFolder(root + "/" + folder) {
                settled.insert(folder)
            } else if let parent = Self.parent(of: folder) {
                pending.append(parent)
            }
        }
        // Shallow first, so a folder removed or walked with its parent is not listed twice.
        let order = settled.sorted { ($0.utf8.count(where: { $0 == UInt8(ascii: "/") }), $0) < ($1.utf8.count(where: { $0 == UInt8(ascii: "/") }), $1) }
        var walked = Set<String>()
        for folder in order where !walked.contains(folder) && (folder.isEmpty || tree.folders[folder] != nil) {
            let listing = Self.list(root: root, relative: folder, limit: maximumFileSize, previous: next)
            if let failure = listing.rootFailure { throw CatalogSourceError("cannot list the catalog folder (errno \(failure))") }
            let old = tree.folders[folder] ?? FileStamps.Listed()
            if tree.folders[folder] == nil || !Self.sameNames(old, listing) {
                rewritten = nil
            } else {
                rewritten?.formUnion(listing.read)
            }
            Self.drop(old, from: &tree, stamps: &next)
            let now = Set(listing.folders)
            for sub in old.folders where !now.contains(sub) { Self.removeTree(sub, from: &tree, stamps: &next) }
            Self.add(listing, of: folder, to: &tree, stamps: &next, taken: started)
            let before = Set(old.folders)
            // Files in a folder that was not listed before were not read before.
            let added = listing.folders.filter { !before.contains($0) }
            walked.formUnion(try walk(from: added, root: root, previous: nil, tree: &tree, stamps: &next, taken: started))
        }
        let files = CatalogFiles(displayRoot: displayRoot, files: tree.files, unreadable: tree.unreadable)
        next.tree = tree
        next.rewritten = rewritten
        return (files, next)
    }

    /// Whether a folder's new listing names the same files, unreadable entries and subfolders as its last one.
    static func sameNames(_ old: FileStamps.Listed, _ new: FolderListing) -> Bool {
        var unreadable = new.unreadable.map(\.0)
        var files: [String] = []
        for (path, result) in new.files {
            if case .failure = result { unreadable.append(path) }
            files.append(path)
        }
        return Set(old.files) == Set(files) && Set(old.unreadable) == Set(unreadable) && Set(old.folders) == Set(new.folders)
    }

    /// Forgets what one listing contributed (not its subfolders' listings).
    static func drop(_ listed: FileStamps.Listed, from tree: inout FileStamps.Tree, stamps: inout FileStamps) {
        for path in listed.files {
            tree.files[path] = nil
            stamps.entries[path] = nil
        }
        for path in listed.unreadable { tree.unreadable[path] = nil }
    }

    /// Forgets a folder's listing and those of every folder under it.
    static func removeTree(_ folder: String, from tree: inout FileStamps.Tree, stamps: inout FileStamps) {
        guard let listed = tree.folders.removeValue(forKey: folder) else { return }
        drop(listed, from: &tree, stamps: &stamps)
        for sub in listed.folders { removeTree(sub, from: &tree, stamps: &stamps) }
    }

    /// The folder holding a relative path (`""` for the catalog folder's entries); nil for the catalog folder.
    static func parent(of path: String) -> String? {
        guard !path.isEmpty else { return nil }
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// Whether a relative path is or lies under an entry the load skips (a name starting with `.`).
    static func isHidden(_ path: String) -> Bool {
        path.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    /// Whether `path` is a folder (not a link to one: links to folders are not followed).
    static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
