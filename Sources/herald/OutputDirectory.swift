import Foundation
import HeraldCatalog

/// The build output folder, replaced atomically: files go to a temporary folder beside it, which is then renamed
/// into place, so readers see either the previous output or the new one, never a half-written mix.
struct OutputDirectory {
    var url: URL
    /// Folders the output must neither be, hold, nor sit inside (the catalog): replacing the output deletes it.
    var protected: [URL] = []

    /// Why the output could not be written.
    struct WriteError: Error {
        var message: String
    }

    func replace(with files: [EmittedFile]) throws(WriteError) {
        var staging = try stage()
        do {
            for file in files { try staging.write(file) }
        } catch {
            staging.discard()
            throw error
        }
        try staging.publish()
    }

    /// Starts a replacement: a fresh staging folder beside the output, to write files into one at a time.
    func stage() throws(WriteError) -> Staging {
        if let refusal = refusal() { throw WriteError(message: refusal) }
        let fileManager = FileManager.default
        let target = url.standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent(".\(name).tmp-\(token)")
        let previous = parent.appendingPathComponent(".\(name).old-\(token)")
        do {
            try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
            try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw WriteError(message: "cannot create \(staging.path): \(error.localizedDescription)")
        }
        return Staging(target: target, staging: staging, previous: previous)
    }

    /// Output being written: files go into the staging folder, which `publish` renames into place.
    struct Staging {
        let target: URL
        let staging: URL
        let previous: URL
        /// Folders already created; each is created once, however many files it holds.
        private var created: Set<String> = []

        init(target: URL, staging: URL, previous: URL) {
            self.target = target
            self.staging = staging
            self.previous = previous
        }

        /// Writes one file into the staging folder; on failure the staging folder is removed.
        mutating func write(_ file: EmittedFile) throws(WriteError) {
            let destination = try prepare(file.path)
            do {
                try file.bytes.write(to: destination)
            } catch {
                discard()
                throw WriteError(message: "cannot write \(target.path): \(error.localizedDescription)")
            }
        }

        /// Writes one file from a byte buffer, without copying it into `Data` first (AsyncAPI documents run to
        /// hundreds of megabytes); on failure the staging folder is removed.
        mutating func write(path: String, bytes: [UInt8]) throws(WriteError) {
            let destination = try prepare(path)
            let descriptor = open(destination.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            var written = 0
            if descriptor >= 0 {
                while written < bytes.count {
                    let result = bytes.withUnsafeBytes { buffer in
                        Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                    }
                    if result < 0, errno == EINTR { continue }
                    if result <= 0 { break }
                    written += result
                }
            }
            let failure = descriptor < 0 || written < bytes.count ? String(cString: strerror(errno)) : nil
            if descriptor >= 0 { close(descriptor) }
            if let failure {
                discard()
                throw WriteError(message: "cannot write \(destination.path): \(failure)")
            }
        }

        /// The staging path of a file, its folder created; refuses paths that leave the output folder.
        private mutating func prepare(_ path: String) throws(WriteError) -> URL {
            guard OutputDirectory.isSafe(path) else {
                discard()
                throw WriteError(message: "refusing to write outside the output folder: \(path)")
            }
            let destination = staging.appendingPathComponent(path)
            let folder = destination.deletingLastPathComponent()
            do {
                if created.insert(folder.path).inserted {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                }
            } catch {
                discard()
                throw WriteError(message: "cannot write \(target.path): \(error.localizedDescription)")
            }
            return destination
        }

        /// Replaces the output with the staging folder: the old output is moved aside, then removed.
        func publish() throws(WriteError) {
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
        func discard() {
            try? FileManager.default.removeItem(at: staging)
        }
    }

    /// Why replacing `url` would destroy something that is not build output, or nil when it is safe: the output is
    /// replaced as a whole, so it must not be a file, the current folder or one above it, or overlap a protected one.
    func refusal() -> String? {
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
