import Foundation
import HeraldCatalog

/// The build output folder, replaced atomically: files go to a temporary folder beside it, which is then renamed
/// into place, so readers see either the previous output or the new one, never a half-written mix.
struct OutputDirectory {
    var url: URL

    /// Why the output could not be written.
    struct WriteError: Error {
        var message: String
    }

    func replace(with files: [EmittedFile]) throws(WriteError) {
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
        do {
            for file in files {
                guard Self.isSafe(file.path) else { throw WriteError(message: "refusing to write outside the output folder: \(file.path)") }
                let destination = staging.appendingPathComponent(file.path)
                try fileManager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.bytes.write(to: destination)
            }
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
        } catch let error as WriteError {
            try? fileManager.removeItem(at: staging)
            throw error
        } catch {
            try? fileManager.removeItem(at: staging)
            throw WriteError(message: "cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    /// A relative path without empty, `.` or `..` components.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
