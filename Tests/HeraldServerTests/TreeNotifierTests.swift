#if canImport(Glibc)
import Foundation
import Glibc
import Testing
@testable import HeraldServer

/// What the inotify watcher reports for edits under a folder.
@Suite struct TreeNotifierTests {
    func folder() throws -> URL { try watchedFolder("notifier") }

    /// The paths of the next batch (several waits, since a loaded machine may deliver late).
    func changes(_ notifier: TreeNotifier) -> [String]? {
        for _ in 0..<20 {
            switch notifier.wait(timeout: 250) {
            case .quiet: continue
            case .changed(let paths): return paths
            case .overflowed: return nil
            }
        }
        return []
    }

    @Test func nothingChangedIsQuiet() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notifier = try #require(TreeNotifier(roots: [root.path]))
        #expect(notifier.watchCount == 2)
        #expect(notifier.wait(timeout: 50) == .quiet)
    }

    @Test func createModifyRenameAndDeleteAreReported() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notifier = try #require(TreeNotifier(roots: [root.path]))
        let manifest = root.appendingPathComponent("orders/event.yaml")

        try Data("summary: two\n".utf8).write(to: manifest)
        #expect(changes(notifier)?.contains(manifest.path) == true)

        let schema = root.appendingPathComponent("orders/v1.avsc")
        try Data("{}".utf8).write(to: schema)
        #expect(changes(notifier)?.contains(schema.path) == true)

        // An editor's save: a new file renamed over the old one, reported as one batch.
        let temporary = root.appendingPathComponent("orders/.event.yaml.swp")
        try Data("summary: three\n".utf8).write(to: temporary)
        #expect(rename(temporary.path, manifest.path) == 0)
        let saved = changes(notifier)
        #expect(saved?.contains(manifest.path) == true && saved?.contains(temporary.path) == true)
        #expect(notifier.wait(timeout: 50) == .quiet)

        try FileManager.default.removeItem(at: schema)
        #expect(changes(notifier) == [schema.path])
    }

    @Test func aNewFolderIsWatchedAndItsFirstFilesReported() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notifier = try #require(TreeNotifier(roots: [root.path]))
        let added = root.appendingPathComponent("billing/invoice.sent")
        try FileManager.default.createDirectory(at: added, withIntermediateDirectories: true)
        try Data("summary: sent\n".utf8).write(to: added.appendingPathComponent("event.yaml"))
        let first = changes(notifier) ?? []
        #expect(first.contains(root.appendingPathComponent("billing").path))
        // Written before or after the watch on the new folder was added: reported either way, now or in the next batch.
        let file = added.appendingPathComponent("event.yaml").path
        if !first.contains(file) { #expect(changes(notifier)?.contains(file) == true) }
        #expect(notifier.watchCount == 4)

        // A file written later in the new folder is seen through its own watch.
        try Data("{}".utf8).write(to: added.appendingPathComponent("v1.avsc"))
        #expect(changes(notifier)?.contains(added.appendingPathComponent("v1.avsc").path) == true)
    }

    @Test func removingARootOverflows() throws {
        let root = try folder()
        let notifier = try #require(TreeNotifier(roots: [root.path]))
        try FileManager.default.removeItem(at: root)
        #expect(changes(notifier) == nil)
    }
}
#endif
