import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import Testing

/// `OutputDirectory.stage(reusingUnchanged:)`: a rebuild leaves unchanged files untouched (same inode, same
/// modification time), replaces changed ones, drops files no longer produced, and leaves the old output whole when it
/// fails.
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

    func inode(_ out: URL, _ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path).path)[.systemFileNumber] as? Int ?? -1
    }

    @Test func foldersNoLongerMadeGoAndAFileAndAFolderMayTradePlaces() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site")
        try build(out, ["index.html": "home", "events/gone/index.html": "gone", "events/kept/index.html": "kept",
                        "was-folder/x.html": "x", "was-file": "file"])
        let kept = try inode(out, "events/kept/index.html")
        try build(out, ["index.html": "home", "events/kept/index.html": "kept", "was-folder": "now a file", "was-file/y.html": "y"])
        #expect(try listing(out) == ["events", "events/kept", "events/kept/index.html", "index.html", "was-file", "was-file/y.html", "was-folder"])
        #expect(try text(out, "was-folder") == "now a file")
        #expect(try text(out, "was-file/y.html") == "y")
        #expect(try inode(out, "events/kept/index.html") == kept)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["site"])
    }

    @Test func theManifestRecordsWhatIsOnDiskAndARetainedFileIsNotRemoved() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("site")
        let first = try build(out, ["index.html": "home", "events/a.html": "event a"], streamed: ["asyncapi/catalog.yaml": "asyncapi: 3.0.0\n"])
        let manifest = first.manifest
        #expect(manifest.records.keys.sorted() == ["asyncapi/catalog.yaml", "events/a.html", "index.html"])
        #expect(manifest.records["index.html"]?.digest == ContentDigest.of(Data("home".utf8)))
        #expect(manifest.records["asyncapi/catalog.yaml"]?.digest == ContentDigest.of(Data("asyncapi: 3.0.0\n".utf8)))
        #expect(manifest.differences(under: out).isEmpty)
        // A partial rebuild writes the home page only and keeps the rest as recorded.
        let staging = try OutputDirectory(url: out).stage(reusingUnchanged: true, known: manifest)
        try staging.write(EmittedFile(path: "index.html", text: "home, edited"))
        staging.retain(manifest.records)
        try staging.publish()
        #expect(try text(out, "events/a.html") == "event a")
        #expect(try text(out, "asyncapi/catalog.yaml") == "asyncapi: 3.0.0\n")
        #expect(try text(out, "index.html") == "home, edited")
        #expect(staging.manifest.differences(under: out).isEmpty)
        #expect(staging.manifest.records["index.html"]?.digest == ContentDigest.of(Data("home, edited".utf8)))
        // A file edited by hand, deleted or added no longer matches the records.
        try Data("tampered".utf8).write(to: out.appendingPathComponent("events/a.html"))
        try FileManager.default.removeItem(at: out.appendingPathComponent("index.html"))
        try Data("extra".utf8).write(to: out.appendingPathComponent("extra.html"))
        #expect(staging.manifest.differences(under: out) == ["events/a.html", "extra.html", "index.html"])
    }
}

@Suite struct ContentDigestTests {
    @Test func piecesOfAnySizeGiveTheDigestOfTheWhole() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = ContentDigest.of(Data(bytes))
        for size in [1, 3, 7, 8, 9, 64, 999] {
            var digest = ContentDigest()
            var rest = bytes[...]
            while !rest.isEmpty {
                digest.update(Array(rest.prefix(size)))
                rest = rest.dropFirst(size)
            }
            #expect(digest.hex == whole, "pieces of \(size)")
        }
        #expect(whole.count == 32)
    }

    @Test func differentBytesGiveDifferentDigests() {
        var seen = Set<String>()
        let inputs: [[UInt8]] = [[], [0], [0, 0], [1], Array(repeating: 0, count: 8), Array(repeating: 0, count: 9), Array("abc".utf8), Array("abd".utf8)]
        for input in inputs { seen.insert(ContentDigest.of(Data(input))) }
        #expect(seen.count == inputs.count)
    }
}
