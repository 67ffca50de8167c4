import Foundation
import HeraldCatalog
import Testing

/// A load told which paths changed (`ChangedPaths.only`) lists only their folders and still gives a full load's files.
@Suite struct ChangedPathsLoadTests {
    final class Tree {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("herald-changed-\(UUID().uuidString)")
        var source: DirectoryCatalogSource { DirectoryCatalogSource(directory: root, displayRoot: "catalog") }
        var stamps: FileStamps?
        var changed = Set<String>()

        init() throws { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: root) }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            changed.insert(path)
        }

        func folder(_ path: String) throws {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(path), withIntermediateDirectories: true)
            changed.insert(path)
        }

        func move(_ from: String, _ to: String) throws {
            try FileManager.default.moveItem(at: root.appendingPathComponent(from), to: root.appendingPathComponent(to))
            changed.formUnion([from, to])
        }

        func remove(_ path: String) throws {
            try FileManager.default.removeItem(at: root.appendingPathComponent(path))
            changed.insert(path)
        }

        /// Loads told the changes, and expects a full load's files; returns the folders listed.
        @discardableResult
        func expectFullLoad(_ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Int {
            let (files, next) = try source.load(reusing: stamps, changed: stamps == nil ? .unknown : .only(changed))
            stamps = next
            changed = []
            let full = try source.load()
            #expect(files.files == full.files, "\(step): files", sourceLocation: sourceLocation)
            #expect(files.unreadable == full.unreadable, "\(step): unreadable", sourceLocation: sourceLocation)
            return next.listed
        }
    }

    @Test func changedPathsGiveAFullLoadsFiles() throws {
        let tree = try Tree()
        try tree.write("catalog.yaml", "title: t\n")
        for index in 0..<20 {
            try tree.write("domain\(index % 4)/event\(index)/event.yaml", "summary: \(index)\n")
            try tree.write("domain\(index % 4)/event\(index)/v1.avsc", "\"string\"")
            try tree.write("domain\(index % 4)/event\(index)/examples/one.json", "\"x\"")
        }
        let total = try tree.expectFullLoad("first load")
        #expect(total == 1 + 4 + 20 * 2)

        try tree.write("domain1/event1/event.yaml", "summary: edited\n")
        #expect(try tree.expectFullLoad("one file edited") == 1)

        try tree.write("domain2/event2/v2.avsc", "\"int\"")
        try tree.write("domain2/event2/notes.txt", "not read, only listed")
        try tree.write("domain2/.hidden.yaml", "skipped")
        try tree.expectFullLoad("files added")

        try tree.folder("domain3/new/examples/deeper")
        try tree.write("domain3/new/event.yaml", "summary: new\n")
        try tree.write("domain3/new/examples/deeper/a.json", "1")
        try tree.expectFullLoad("nested folders added")

        try tree.move("domain0", "renamed")
        try tree.expectFullLoad("folder renamed")

        try tree.remove("domain1/event5")
        try tree.remove("domain2/event2/v2.avsc")
        try tree.expectFullLoad("folder and file removed")

        // A folder named like a file, and a file where a folder was.
        try tree.folder("domain3/event3/v9.avsc")
        try tree.remove("domain3/event7/examples")
        try tree.write("domain3/event7/examples", "now a file")
        try tree.expectFullLoad("mistaken folder, folder replaced by a file")

        // A change the load is told of only through a folder's own path.
        try FileManager.default.removeItem(at: tree.root.appendingPathComponent("renamed/event4"))
        tree.changed.insert("renamed/event4")
        try tree.expectFullLoad("folder gone, named alone")

        // Changes under hidden folders are not the catalog's; nothing else is listed for them.
        try tree.write(".git/objects/x", "y")
        #expect(try tree.expectFullLoad("hidden folder") == 0)

        try tree.expectFullLoad("no change")
    }
}
