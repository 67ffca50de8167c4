import Foundation
import Testing
@testable import HeraldServer

/// What the watcher sees change under a folder.
@Suite struct TreeFingerprintTests {
    func folder() throws -> URL { try watchedFolder("fingerprint") }

    @Test func sameTreeScansEqual() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(TreeFingerprint.scan([root.path]) == TreeFingerprint.scan([root.path]))
    }

    @Test func sizeChangeAdditionAndRemovalAreSeen() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let before = TreeFingerprint.scan([root.path])
        try Data("summary: two words\n".utf8).write(to: root.appendingPathComponent("orders/event.yaml"))
        let edited = TreeFingerprint.scan([root.path])
        #expect(edited.changes(since: before).contains(root.path + "/orders/event.yaml"))
        try Data("{}".utf8).write(to: root.appendingPathComponent("orders/v1.avsc"))
        let added = TreeFingerprint.scan([root.path])
        #expect(added.changes(since: edited).contains(root.path + "/orders/v1.avsc"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("orders/v1.avsc"))
        #expect(TreeFingerprint.scan([root.path]).changes(since: added).contains(root.path + "/orders/v1.avsc"))
    }

    @Test func missingRootScansEmpty() {
        #expect(TreeFingerprint.scan(["/nonexistent/herald-\(UUID().uuidString)"]) == TreeFingerprint())
    }
}
