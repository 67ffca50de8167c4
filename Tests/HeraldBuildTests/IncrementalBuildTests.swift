import Foundation
import HeraldBuild
import HeraldCatalog
import HeraldDiagnostics
import HeraldSite
import Testing

/// A build that reuses the previous one (`herald serve` after an edit) gives the same files and findings, byte for
/// byte, as a full build of the same catalog, after edits of every kind and in sequence.
@Suite(.serialized) struct IncrementalBuildTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of the bundled catalog and of Herald's templates, edited by the test.
    final class Workspace {
        let root: URL
        var catalog: URL { root.appendingPathComponent("catalog") }
        var templates: URL { root.appendingPathComponent("templates") }
        var memo = BuildMemo()
        var partialRuns = 0
        /// Whether builds are told the catalog paths changed since the last one, as `herald serve`'s watcher tells
        /// them (then only those folders are listed again), instead of listing the whole catalog.
        let tellsChanges: Bool
        /// The catalog paths written, created, renamed or removed since the last build, as inotify names them.
        var changed = Set<String>()

        init(tellsChanges: Bool = false) throws {
            self.tellsChanges = tellsChanges
            root = FileManager.default.temporaryDirectory.appendingPathComponent("herald-incremental-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: repository.appendingPathComponent("schemas"), to: catalog)
            try FileManager.default.copyItem(at: repository.appendingPathComponent("templates"), to: templates)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        var pipeline: CatalogBuild { CatalogBuild(catalog: catalog, displayRoot: "catalog", templates: templates) }

        func url(_ path: String) -> URL { catalog.appendingPathComponent(path) }

        func text(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

        /// Replaces a file the way editors save: a new file renamed over the old one.
        func write(_ path: String, _ text: String, in folder: URL? = nil) throws {
            let target = (folder ?? catalog).appendingPathComponent(path)
            if folder == nil {
                // Folders created for the file are changes too.
                var parts = path.split(separator: "/").dropLast().map(String.init)
                while !parts.isEmpty, !FileManager.default.fileExists(atPath: url(parts.joined(separator: "/")).path) {
                    touched(parts.joined(separator: "/"))
                    parts.removeLast()
                }
            }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).new")
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            if folder == nil { touched(path) }
        }

        /// Notes a catalog path as changed (with the temporary file an editor's save renames, which the load skips).
        func touched(_ path: String) {
            changed.insert(path)
            let name = path.split(separator: "/").last.map(String.init) ?? path
            changed.insert(String(path.dropLast(name.count)) + ".\(name).new")
        }

        func copyFolder(_ from: String, to: String) throws {
            try FileManager.default.copyItem(at: url(from), to: url(to))
            touched(to)
            // A new folder's contents: the watcher lists them once it sees the folder (`TreeNotifier`).
            for case let file as String in FileManager.default.enumerator(atPath: url(to).path) ?? FileManager.DirectoryEnumerator() {
                touched(to + "/" + file)
            }
        }

        func move(_ from: String, to: String) throws {
            try FileManager.default.moveItem(at: url(from), to: url(to))
            touched(from)
            touched(to)
        }

        func remove(_ path: String) throws {
            try FileManager.default.removeItem(at: url(path))
            touched(path)
        }

        func edit(_ path: String, _ change: (String) -> String) throws { try write(path, change(try text(path))) }

        /// Runs the incremental build and a full one, and expects the same outcome; returns the incremental run.
        @discardableResult
        func expectSameAsFullBuild(_ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> IncrementalRun {
            let (run, next) = pipeline.run(reusing: memo, changed: tellsChanges && memo.files != nil ? .only(changed) : .unknown)
            memo = next
            changed = []
            let full = MemoryOutput()
            switch (run.outcome, pipeline.run(into: full)) {
            case (.built(let generated, let warnings), .built(_, let fullWarnings)):
                if generated.isPartial { partialRuns += 1 }
                #expect(warnings == fullWarnings, "\(step): warnings", sourceLocation: sourceLocation)
                let expected = full.files
                #expect(Set(generated.files.keys) == Set(expected.keys), "\(step): paths", sourceLocation: sourceLocation)
                let differing = expected.keys.filter { generated.files[$0] != expected[$0] }.sorted()
                #expect(differing.isEmpty, "\(step): files differ: \(differing.prefix(5))", sourceLocation: sourceLocation)
            case (.failed(let found), .failed(let expected)):
                #expect(found == expected, "\(step): diagnostics", sourceLocation: sourceLocation)
            case (.built, .failed(let expected)):
                Issue.record("\(step): the incremental build built, the full one failed: \(expected.prefix(3))", sourceLocation: sourceLocation)
            case (.failed(let found), .built):
                Issue.record("\(step): the incremental build failed, the full one built: \(found.prefix(3))", sourceLocation: sourceLocation)
            }
            return run
        }
    }

    /// Deferred AsyncAPI documents: left out of a partial generation, then made apart, they equal a full build's.
    @Test func deferredDocumentsEqualTheFullBuilds() throws {
        let space = try Workspace()
        var (run, memo) = space.pipeline.run(reusing: BuildMemo(), defersDocuments: true)
        guard case .built(let first, _) = run.outcome else {
            Issue.record("the catalog did not build")
            return
        }
        #expect(first.pendingDocuments.isEmpty && first.files["asyncapi/catalog.yaml"] != nil)
        try space.edit("orders/order.placed.v2/event.yaml") { $0.replacingOccurrences(of: "summary: A customer signed an order for a new vehicle.", with: "summary: Deferred.") }
        (run, memo) = space.pipeline.run(reusing: memo, defersDocuments: true)
        guard case .built(let edited, _) = run.outcome, let site = memo.site else {
            Issue.record("the edited catalog did not build")
            return
        }
        #expect(edited.isPartial && edited.pendingDocuments.contains("asyncapi/catalog.yaml"))
        #expect(edited.pendingDocuments.allSatisfy { edited.files[$0] == nil })
        let documents = try space.pipeline.documents(for: site.catalog, cancelled: CancelFlag())
        memo.documentsMade(documents)
        let full = MemoryOutput()
        guard case .built = space.pipeline.run(into: full) else { return }
        #expect(memo.site?.files == full.files)
        #expect(memo.site?.pendingDocuments.isEmpty == true)

        let cancelled = CancelFlag()
        cancelled.cancel()
        #expect(throws: DocumentsCancelled.self) { try space.pipeline.documents(for: site.catalog, cancelled: cancelled) }
    }

    /// Each step as `herald serve` takes it: told the changed paths (`tellsChanges`), or listing everything.
    @Test(arguments: [false, true]) func editsOfEveryKindGiveTheFullBuildsFiles(tellsChanges: Bool) throws {
        let space = try Workspace(tellsChanges: tellsChanges)
        let first = space.expectSameAsFullBuild("first build")
        #expect(first.rechecked > 40 && first.reused == 0)

        // A summary shown on the event's page, its predecessor's, its services', team's and domain's, lists, search.
        try space.edit("orders/order.placed.v2/event.yaml") { $0.replacingOccurrences(of: "summary: A customer signed an order for a new vehicle.", with: "summary: Signed, edited.") }
        var run = space.expectSameAsFullBuild("summary edit")
        #expect(run.rechecked == 1)
        if tellsChanges {
            // One folder listed; no name added or removed, so the check puts the one file's bytes in place.
            #expect(space.memo.files?.listed == 1)
            // (Files written less than a second before the last load are read again too: the file clock is coarse.)
            let rewritten = space.memo.files?.rewritten ?? []
            #expect(rewritten.contains("orders/order.placed.v2/event.yaml"))
            #expect(rewritten.allSatisfy { $0.hasPrefix("orders/order.placed.v2/") })
        }
        guard case .built(let summaryEdit, _) = run.outcome else { return }
        #expect(summaryEdit.isPartial && summaryEdit.rendered < summaryEdit.files.count / 2)

        // The predecessor's summary shows on its successor's page.
        try space.edit("orders/order.placed/event.yaml") { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("summary:") ? "summary: The old order event, edited." : String($0) }.joined(separator: "\n")
        }
        space.expectSameAsFullBuild("predecessor summary edit")

        // A new schema version (the latest again: compatible).
        let latest = try space.text("orders/order.placed.v2/v2.avsc")
        try space.write("orders/order.placed.v2/v3.avsc", latest)
        space.expectSameAsFullBuild("new version")
        #expect(space.memo.files?.rewritten == nil, "a file added: the files are sorted again")

        // An example's contents.
        let example = "orders/order.placed.v2/examples/solstice-fleet.json"
        try space.edit(example) { $0.replacingOccurrences(of: "\"orderId\": \"", with: "\"orderId\": \"X") }
        space.expectSameAsFullBuild("example edit")

        // An error, then its fix: the failed build's findings equal a full check's; the fix builds what a full build does.
        let schema = try space.text("orders/order.placed.v2/v3.avsc")
        try space.write("orders/order.placed.v2/v3.avsc", "{ \"type\": \"record\", ")
        run = space.expectSameAsFullBuild("broken schema")
        guard case .failed = run.outcome else {
            Issue.record("a broken schema built")
            return
        }
        // Another event edited while the first is broken, then the fix: both edits show.
        try space.edit("orders/order.status.changed/event.yaml") { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("summary:") ? "summary: Edited while another event was broken." : String($0) }.joined(separator: "\n")
        }
        space.expectSameAsFullBuild("edit while broken")
        try space.write("orders/order.placed.v2/v3.avsc", schema)
        run = space.expectSameAsFullBuild("fix")
        guard case .built = run.outcome else {
            Issue.record("the fixed catalog did not build")
            return
        }

        // catalog.yaml: every event's context.
        try space.edit("catalog.yaml") { $0.replacingOccurrences(of: "title: ", with: "title: Edited ") }
        space.expectSameAsFullBuild("catalog.yaml edit")

        // A template.
        let template = space.templates.appendingPathComponent("event.mustache")
        try space.write("event.mustache", try String(contentsOf: template, encoding: .utf8) + "\n<!-- edited -->\n", in: space.templates)
        space.expectSameAsFullBuild("template edit")

        // A new event, renamed, then deleted.
        try space.copyFolder("orders/order.placed.v2", to: "orders/order.placed.copy")
        try space.edit("orders/order.placed.copy/event.yaml") { $0.replacingOccurrences(of: "topic: orders.order-placed.v2", with: "topic: orders.order-placed.copy") }
        space.expectSameAsFullBuild("added event")
        try space.move("orders/order.placed.copy", to: "orders/order.placed.moved")
        space.expectSameAsFullBuild("renamed event folder")
        // A whole domain folder renamed: every folder under it moves.
        try space.move("orders", to: "ordering")
        space.expectSameAsFullBuild("renamed domain folder")
        try space.move("ordering", to: "orders")
        space.expectSameAsFullBuild("domain folder renamed back")
        try space.remove("orders/order.placed.moved")
        space.expectSameAsFullBuild("deleted event")

        // Nothing changed: everything taken over.
        run = space.expectSameAsFullBuild("no change")
        #expect(run.rechecked == 0)
        #expect(space.partialRuns >= 4)
    }
}
