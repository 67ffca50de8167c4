import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import Testing

/// `OutputDirectory.stage(reusingUnchanged:)`: a rebuild takes over unchanged files (same inode, same modification
/// time), writes changed ones, drops files no longer produced, and leaves the old output whole when it fails.
@Suite struct IncrementalOutputTests {
    static let old = Date(timeIntervalSince1970: 1_000_000_000)

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-incremental-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Publishes `files` (whole) and `streamed` (in 3-byte pieces) into `out`, reusing unchanged files.
    @discardableResult
    func build(_ out: URL, _ files: [String: String], streamed: [String: String] = [:]) throws -> OutputDirectory.Staging {
        let staging = try OutputDirectory(url: out).stage(reusingUnchanged: true)
        for (path, text) in files { try staging.write(EmittedFile(path: path, text: text)) }
        for (path, text) in streamed {
            let file = try staging.open(path: path)
            var bytes = Array(text.utf8)[...]
            while !bytes.isEmpty {
                try file.write(Array(bytes.prefix(3)))
                bytes = bytes.dropFirst(3)
            }
            try file.close()
        }
        try staging.publish()
        return staging
    }

    func stamp(_ out: URL, _ paths: [String]) throws {
        for path in paths {
            try FileManager.default.setAttributes([.modificationDate: Self.old], ofItemAtPath: out.appendingPathComponent(path).path)
        }
    }

    func modified(_ out: URL, _ path: String) throws -> Date {
        try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path).path)[.modificationDate] as? Date ?? .distantPast
    }

    func text(_ out: URL, _ path: String) throws -> String {
        // A handle, not String(contentsOf:), which leaks 4 KiB per empty file on Linux.
        let handle = try FileHandle(forReadingFrom: out.appendingPathComponent(path))
        defer { try? handle.close() }
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }

    func listing(_ folder: URL) throws -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
    }

    @Test func unchangedFilesKeepTheirModificationTimeChangedOnesAreRewrittenGoneOnesRemoved() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site")
        let first = try build(out, ["index.html": "home", "events/a.html": "event a", "events/b.html": "event b", "old.html": "gone soon"])
        #expect(first.reusedCount == 0 && first.writtenCount == 4)
        try stamp(out, ["index.html", "events/a.html", "events/b.html"])
        let second = try build(out, ["index.html": "home", "events/a.html": "event a, edited", "events/b.html": "event b", "new.html": "new"])
        #expect(second.reusedCount == 2 && second.writtenCount == 2)
        #expect(try modified(out, "index.html") == Self.old)
        #expect(try modified(out, "events/b.html") == Self.old)
        #expect(try modified(out, "events/a.html") > Self.old)
        #expect(try text(out, "events/a.html") == "event a, edited")
        #expect(try listing(out) == ["events", "events/a.html", "events/b.html", "index.html", "new.html"])
        // Nothing is left beside the output.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["site"])
    }

    @Test func aFileOfTheSameSizeWithOtherBytesIsRewritten() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site")
        try build(out, ["a.txt": "abcdef"])
        try stamp(out, ["a.txt"])
        let second = try build(out, ["a.txt": "abcxef"])
        #expect(second.reusedCount == 0)
        #expect(try text(out, "a.txt") == "abcxef")
        #expect(try modified(out, "a.txt") > Self.old)
    }

    @Test func streamedDocumentsAreComparedPieceByPiece() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site")
        let documents = ["same.yaml": "asyncapi: 3.0.0\ninfo: same\n", "middle.yaml": "asyncapi: 3.0.0\ninfo: one\n",
                         "longer.yaml": "asyncapi: 3.0.0\n", "shorter.yaml": "asyncapi: 3.0.0\ninfo: x\n", "empty.yaml": ""]
        try build(out, [:], streamed: documents)
        try stamp(out, Array(documents.keys))
        let edited = ["same.yaml": "asyncapi: 3.0.0\ninfo: same\n", "middle.yaml": "asyncapi: 3.0.0\ninfo: two\n",
                      "longer.yaml": "asyncapi: 3.0.0\ninfo: more\n", "shorter.yaml": "asyncapi: 3.0.0\n", "empty.yaml": "",
                      "fresh.yaml": "new\n"]
        let second = try build(out, [:], streamed: edited)
        #expect(second.reusedCount == 2 && second.writtenCount == 4)
        for (path, expected) in edited { #expect(try text(out, path) == expected, "\(path)") }
        #expect(try modified(out, "same.yaml") == Self.old)
        #expect(try modified(out, "empty.yaml") == Self.old)
        for path in ["middle.yaml", "longer.yaml", "shorter.yaml"] { #expect(try modified(out, path) > Self.old, "\(path)") }
    }

    @Test func aFailedRebuildLeavesTheOldOutputWhole() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site")
        try build(out, ["index.html": "home", "events/a.html": "event a"])
        let staging = try OutputDirectory(url: out).stage(reusingUnchanged: true)
        try staging.write(EmittedFile(path: "index.html", text: "home"))
        try staging.write(EmittedFile(path: "events/a.html", text: "half"))
        #expect(throws: OutputDirectory.WriteError.self) { try staging.write(EmittedFile(path: "../escape.html", text: "no")) }
        // The refused path discarded the staging folder; the output is the first build's.
        #expect(try text(out, "index.html") == "home")
        #expect(try text(out, "events/a.html") == "event a")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["site"])
    }

    @Test func aSymbolicLinkInTheOldOutputIsNotReused() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site")
        try build(out, ["index.html": "home"])
        try Data("secret".utf8).write(to: folder.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("a.txt").path, withDestinationPath: "../secret.txt")
        let second = try build(out, ["index.html": "home", "a.txt": "secret"])
        #expect(second.reusedCount == 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent("a.txt").path)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
    }
}
