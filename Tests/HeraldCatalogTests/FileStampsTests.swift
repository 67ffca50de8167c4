import Foundation
import Glibc
import HeraldCatalog
import Testing

/// A load that reuses the previous one's bytes reads again exactly the files that changed.
@Suite struct FileStampsTests {
    @Test func unchangedFilesAreTakenOverAndChangedOnesReadAgain() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("herald-stamps-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("orders/order.placed"), withIntermediateDirectories: true)
        let manifest = root.appendingPathComponent("orders/order.placed/event.yaml")
        try Data("summary: one\n".utf8).write(to: manifest)
        try Data("title: t\n".utf8).write(to: root.appendingPathComponent("catalog.yaml"))
        let source = DirectoryCatalogSource(directory: root, displayRoot: "catalog")

        // Files changed within a second of a load are read again by the next (the file clock is coarse).
        let (_, fresh) = try source.load(reusing: nil)
        let (_, racy) = try source.load(reusing: fresh)
        #expect(racy.reused == 0)
        Thread.sleep(forTimeInterval: 1.2)
        let (_, settled) = try source.load(reusing: racy)
        let (files, stamps) = try source.load(reusing: settled)
        #expect(stamps.reused == 2)
        #expect(files.files["orders/order.placed/event.yaml"] == Data("summary: one\n".utf8))

        // Same size, modification time put back: the change time still tells.
        var status = stat()
        #expect(stat(manifest.path, &status) == 0)
        try Data("summary: two\n".utf8).write(to: manifest)
        var times = [status.st_atim, status.st_mtim]
        #expect(utimensat(AT_FDCWD, manifest.path, &times, 0) == 0)
        let (edited, after) = try source.load(reusing: stamps)
        #expect(edited.files["orders/order.placed/event.yaml"] == Data("summary: two\n".utf8))
        #expect(after.reused == 1)
    }
}
