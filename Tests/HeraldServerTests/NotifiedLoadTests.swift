#if canImport(Glibc)
import Foundation
import HeraldCatalog
import Testing
@testable import HeraldServer

/// The catalog load told only what inotify reported (`TreeNotifier.changes(_:under:)`) reads what a full load reads.
@Suite struct NotifiedLoadTests {
    @Test func aLoadToldTheNotifiersPathsEqualsAFullLoad() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("herald-notified-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let catalog = base.appendingPathComponent("catalog"), templates = base.appendingPathComponent("templates")
        let manager = FileManager.default
        for index in 0..<6 {
            try manager.createDirectory(at: catalog.appendingPathComponent("d\(index % 2)/e\(index)/examples"), withIntermediateDirectories: true)
            try Data("summary: \(index)\n".utf8).write(to: catalog.appendingPathComponent("d\(index % 2)/e\(index)/event.yaml"))
            try Data("\"string\"".utf8).write(to: catalog.appendingPathComponent("d\(index % 2)/e\(index)/v1.avsc"))
        }
        try manager.createDirectory(at: templates, withIntermediateDirectories: true)
        let notifier = try #require(TreeNotifier(roots: [catalog.path, templates.path]))
        let source = DirectoryCatalogSource(directory: catalog, displayRoot: "catalog")
        var (_, stamps) = try source.load(reusing: nil)

        /// Waits for the notifier's next batch, loads with what it names, and compares with a full load.
        func expectFullLoad(_ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            var changed: ChangedPaths?
            for _ in 0..<40 where changed == nil {
                switch notifier.wait(timeout: 250) {
                case .quiet: continue
                case .changed(let paths): changed = notifier.changes(paths, under: catalog.path)
                case .overflowed: changed = .unknown
                }
            }
            let told = try #require(changed, "\(step): no change reported", sourceLocation: sourceLocation)
            #expect(told != .unknown, "\(step)", sourceLocation: sourceLocation)
            let (files, next) = try source.load(reusing: stamps, changed: told)
            stamps = next
            let full = try source.load()
            #expect(files.files == full.files, "\(step): files", sourceLocation: sourceLocation)
            #expect(files.unreadable == full.unreadable, "\(step): unreadable", sourceLocation: sourceLocation)
        }

        // An editor's save: a new file renamed over the old one.
        let temporary = catalog.appendingPathComponent("d0/e0/.event.yaml.swp")
        try Data("summary: edited\n".utf8).write(to: temporary)
        #expect(rename(temporary.path, catalog.appendingPathComponent("d0/e0/event.yaml").path) == 0)
        try expectFullLoad("save")
        #expect(stamps.listed == 1)

        try manager.copyItem(at: catalog.appendingPathComponent("d1/e1"), to: catalog.appendingPathComponent("d1/copy"))
        try expectFullLoad("folder copied in")
        try manager.moveItem(at: catalog.appendingPathComponent("d1"), to: catalog.appendingPathComponent("moved"))
        try expectFullLoad("folder renamed")
        try Data("summary: after the rename\n".utf8).write(to: catalog.appendingPathComponent("moved/copy/event.yaml"))
        try expectFullLoad("edit in the renamed folder")
        try manager.removeItem(at: catalog.appendingPathComponent("moved/e3"))
        try expectFullLoad("folder removed")

        // A template edit names nothing under the catalog.
        try Data("x".utf8).write(to: templates.appendingPathComponent("page.mustache"))
        var told: ChangedPaths?
        for _ in 0..<40 where told == nil {
            if case .changed(let paths) = notifier.wait(timeout: 250) { told = notifier.changes(paths, under: catalog.path) }
        }
        #expect(told == .only([]))
        #expect(notifier.changes([catalog.path], under: catalog.path) == .unknown)
    }

    @Test func nestedRootsMakeOutsidePathsUnknown() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("herald-nested-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let catalog = base.appendingPathComponent("catalog"), link = base.appendingPathComponent("link")
        try FileManager.default.createDirectory(at: catalog.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: catalog)
        // The templates inside the catalog, reached through a link: their folder is named after the templates root.
        let notifier = try #require(TreeNotifier(roots: [catalog.path, link.appendingPathComponent("templates").path]))
        #expect(notifier.changes([link.appendingPathComponent("templates/x").path], under: catalog.path) == .unknown)
        #expect(notifier.changes([catalog.appendingPathComponent("templates/x").path], under: catalog.path) == .only(["templates/x"]))
        let apart = try #require(TreeNotifier(roots: [catalog.appendingPathComponent("templates").path, base.appendingPathComponent("other").path]))
        #expect(apart.changes([base.appendingPathComponent("other/x").path], under: catalog.appendingPathComponent("templates").path) == .only([]))
    }
}
#endif
