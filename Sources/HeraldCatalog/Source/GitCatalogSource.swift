import Foundation

/// A catalog as committed at a git revision, read without a checkout: one `git ls-tree -r` to list the blobs,
/// then one `git cat-file --batch` process streaming all of them.
public struct GitCatalogSource: CatalogSource {
    /// The catalog directory in the working tree; git runs there, so paths are relative to it.
    public var directory: URL
    /// A revision git understands (`main`, `HEAD~1`, a commit ID).
    public var revision: String
    /// How diagnostics name the catalog folder (the working-tree one).
    public var displayRoot: String
    /// The git binary.
    public var gitExecutable: String

    public init(directory: URL, revision: String, displayRoot: String, gitExecutable: String = "/usr/bin/git") {
        self.directory = directory
        self.revision = revision
        self.displayRoot = displayRoot
        self.gitExecutable = gitExecutable
    }

    /// Lists the revision's blobs under the folder and reads them all through one `git cat-file --batch`.
    public func load() throws -> CatalogFiles {
        guard !revision.hasPrefix("-") else { throw CatalogSourceError("'\(revision)' is not a git revision") }
        try verifyRevision()
        let listing = try run(["ls-tree", "-r", "-z", revision, "--", "."], input: nil, failure: "cannot read revision '\(revision)'")
        var entries: [(path: String, object: String, isLink: Bool)] = []
        for record in listing.split(separator: 0) {
            // "<mode> SP <type> SP <object> TAB <path>"
            guard let tab = record.firstIndex(of: 9) else { continue }
            let header = String(decoding: record[record.startIndex..<tab], as: UTF8.self).split(separator: " ")
            let path = String(decoding: record[(tab + 1)...], as: UTF8.self)
            guard header.count == 3, header[1] == "blob" else { continue }
            if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            // A link's blob holds its target path; it is resolved against the catalog's files below.
            entries.append((path, String(header[2]), header[0] == "120000"))
        }
        guard !entries.isEmpty else { return CatalogFiles(displayRoot: displayRoot, files: [:]) }
        let request = Data(entries.map { $0.object + "\n" }.joined().utf8)
        let output = try run(["cat-file", "--batch"], input: request, failure: "cannot read objects of \(revision)")
        var files: [String: Data] = [:], links: [String: String] = [:]
        var cursor = output.startIndex
        for entry in entries {
            guard let newline = output[cursor...].firstIndex(of: 10) else { throw CatalogSourceError("truncated git cat-file output") }
            let header = String(decoding: output[cursor..<newline], as: UTF8.self).split(separator: " ")
            guard header.count == 3, let size = Int(header[2]), size >= 0, newline + 1 + size <= output.endIndex else {
                throw CatalogSourceError("unexpected git cat-file output for \(entry.path)")
            }
            let data = output.subdata(in: (newline + 1)..<(newline + 1 + size))
            if entry.isLink { links[entry.path] = String(decoding: data, as: UTF8.self) } else { files[entry.path] = data }
            cursor = newline + 1 + size + 1
        }
        // Links to files of the catalog are read as their targets, as the directory source does; links leaving the
        // catalog folder or pointing nowhere are not part of the base.
        for (path, target) in links {
            var current = path, text = target
            for _ in 0..<8 {
                guard let resolved = Self.resolve(text, from: current) else { break }
                if let data = files[resolved] { files[path] = data; break }
                guard let next = links[resolved] else { break }
                current = resolved
                text = next
            }
        }
        return CatalogFiles(displayRoot: displayRoot, files: files)
    }

    /// The catalog-relative path a relative link target names, seen from the link at `path`; nil outside the catalog.
    static func resolve(_ target: String, from path: String) -> String? {
        guard !target.hasPrefix("/") else { return nil }
        var parts = path.split(separator: "/").dropLast().map(String.init)
        for part in target.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// Distinguishes "no repository" from "no such revision", each with what to do, before reading anything.
    private func verifyRevision() throws {
        do {
            _ = try run(["rev-parse", "--git-dir"], input: nil, failure: "")
        } catch {
            throw CatalogSourceError(
                "'\(displayRoot)' is not inside a git repository, so --against '\(revision)' cannot be read as a revision; "
                    + "run herald in a git checkout, or pass the base catalog as a folder (--against path/to/base/schemas)")
        }
        do {
            _ = try run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"], input: nil, failure: "")
        } catch {
            throw CatalogSourceError(
                "'\(revision)' is not a commit, branch or tag in this repository (and no folder of that name exists); "
                    + "check the name with 'git branch -a', fetch it first ('git fetch'), or pass an existing folder")
        }
    }

    private func run(_ arguments: [String], input: Data?, failure: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gitExecutable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        do { try process.run() } catch { throw CatalogSourceError("cannot run git: \(error)") }
        // Feed stdin from another thread so a full stdout pipe cannot deadlock the writer.
        let writer = stdin.fileHandleForWriting
        let feed = Thread {
            if let input { try? writer.write(contentsOf: input) }
            try? writer.close()
        }
        feed.start()
        let errors = ErrorOutput()
        let errorReader = Thread { errors.finish(stderr.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorData = errors.wait()
        guard process.terminationStatus == 0 else {
            let detail = String(decoding: errorData.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CatalogSourceError(detail.isEmpty ? failure : "\(failure): \(detail)")
        }
        return data
    }
}

/// git's standard error, handed from the reader thread to the caller under a condition (polling the thread's
/// `isFinished` gave no ordering between the reader's write and the caller's read: a data race under TSan).
private final class ErrorOutput: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func finish(_ data: Data) {
        condition.lock()
        self.data = data
        condition.signal()
        condition.unlock()
    }

    /// Blocks until the reader thread has called `finish`.
    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data ?? Data()
    }
}
