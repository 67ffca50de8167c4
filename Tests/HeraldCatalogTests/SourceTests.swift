import Foundation
import Testing
@testable import HeraldCatalog

/// A scratch directory removed when the test ends.
final class ScratchDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("herald-catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ path: String, _ text: String) throws {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-c", "user.email=test@example.com", "-c", "user.name=Test", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = url
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CatalogSourceError("git \(arguments) failed") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@Suite struct SourceTests {
    @Test func directorySourceReadsFilesRelativeToRootAndSkipsHidden() throws {
        let scratch = try ScratchDirectory()
        try scratch.write("schemas/catalog.yaml", "title: x\n")
        try scratch.write("schemas/a/b/event.yaml", "summary: s\n")
        try scratch.write("schemas/.hidden/x.avsc", "{}")
        try scratch.write("schemas/a/.DS_Store", "junk")
        let files = try DirectoryCatalogSource(directory: scratch.url.appendingPathComponent("schemas"), displayRoot: "schemas").load()
        #expect(files.sortedPaths == ["a/b/event.yaml", "catalog.yaml"])
        #expect(files.files["catalog.yaml"] == Data("title: x\n".utf8))
        #expect(files.displayPath("catalog.yaml") == "schemas/catalog.yaml")
    }

    @Test func directorySourceRefusesMissingDirectory() throws {
        let scratch = try ScratchDirectory()
        #expect(throws: CatalogSourceError.self) {
            try DirectoryCatalogSource(directory: scratch.url.appendingPathComponent("nope"), displayRoot: "nope").load()
        }
    }

    @Test func gitSourceReadsARevisionWithoutCheckout() throws {
        let scratch = try ScratchDirectory()
        try scratch.git("init", "-q")
        try scratch.write("README", "outside the catalog\n")
        try scratch.write("schemas/catalog.yaml", "title: old\n")
        try scratch.write("schemas/a/event.yaml", "summary: s\n")
        try scratch.write("schemas/bin.dat", "\u{0}\u{1}\n\n")
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "one")
        let first = try scratch.git("rev-parse", "HEAD")
        try scratch.write("schemas/catalog.yaml", "title: new\n")
        try scratch.write("schemas/b/event.yaml", "summary: t\n")
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "two")
        try scratch.write("schemas/catalog.yaml", "title: uncommitted\n")

        let schemas = scratch.url.appendingPathComponent("schemas")
        let old = try GitCatalogSource(directory: schemas, revision: first, displayRoot: "schemas").load()
        #expect(old.sortedPaths == ["a/event.yaml", "bin.dat", "catalog.yaml"])
        #expect(old.files["catalog.yaml"] == Data("title: old\n".utf8))
        #expect(old.files["bin.dat"] == Data("\u{0}\u{1}\n\n".utf8))
        let head = try GitCatalogSource(directory: schemas, revision: "HEAD", displayRoot: "schemas").load()
        #expect(head.files["catalog.yaml"] == Data("title: new\n".utf8))
        #expect(head.files.count == 4)
        #expect(throws: CatalogSourceError.self) {
            try GitCatalogSource(directory: schemas, revision: "no-such-branch", displayRoot: "schemas").load()
        }
        #expect(throws: CatalogSourceError.self) {
            try GitCatalogSource(directory: schemas, revision: "--output=/tmp/x", displayRoot: "schemas").load()
        }
    }

    @Test func gitSourceReadsLinksToCatalogFilesAsTheirTargets() throws {
        let scratch = try ScratchDirectory()
        try scratch.git("init", "-q")
        try scratch.write("schemas/a/v1.avsc", "\"string\"\n")
        try scratch.write("outside.avsc", "\"long\"\n")
        let folder = scratch.url.appendingPathComponent("schemas/a")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("v2.avsc").path, withDestinationPath: "v1.avsc")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("v3.avsc").path, withDestinationPath: "./v2.avsc")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("v4.avsc").path, withDestinationPath: "../../outside.avsc")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("v5.avsc").path, withDestinationPath: "gone.avsc")
        try scratch.git("add", "-A")
        try scratch.git("commit", "-qm", "links")
        let files = try GitCatalogSource(directory: scratch.url.appendingPathComponent("schemas"), revision: "HEAD", displayRoot: "schemas").load()
        #expect(files.sortedPaths == ["a/v1.avsc", "a/v2.avsc", "a/v3.avsc"])
        #expect(files.files["a/v3.avsc"] == Data("\"string\"\n".utf8))
    }
}
