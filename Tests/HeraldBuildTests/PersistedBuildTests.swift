import Foundation
import HeraldAsyncAPI
import HeraldBuild
import HeraldCatalog
import HeraldDiagnostics
import Testing

/// `herald build` into an output an earlier build filled, with the state it kept (`PersistedBuild`): after edits of
/// every kind the output equals a fresh full build's byte for byte, files that did not change keep their modification
/// time, nothing is done when nothing changed, and a corrupt cache, an output edited by hand or a failed build never
/// give wrong output.
@Suite(.serialized) struct PersistedBuildTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let old = Date(timeIntervalSince1970: 1_000_000_000)

    /// A copy of the bundled catalog and of Herald's templates, an output folder and a cache folder.
    final class Workspace {
        let root: URL
        var catalog: URL { root.appendingPathComponent("catalog") }
        var templates: URL { root.appendingPathComponent("templates") }
        var out: URL { root.appendingPathComponent("site") }
        var cache: BuildCache { BuildCache.beside(out) }
        let version: AsyncAPIVersion

        init(version: AsyncAPIVersion = .v3_0_0) throws {
            self.version = version
            root = FileManager.default.temporaryDirectory.appendingPathComponent("herald-persisted-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: repository.appendingPathComponent("schemas"), to: catalog)
            try FileManager.default.copyItem(at: repository.appendingPathComponent("templates"), to: templates)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func build(into out: URL? = nil, cache: BuildCache?? = .none) throws -> PersistedBuild.Outcome {
            let pipeline = CatalogBuild(catalog: catalog, displayRoot: "catalog", templates: templates, asyncAPIVersion: version)
            let target = out ?? self.out
            return try PersistedBuild(pipeline: pipeline, output: OutputDirectory(url: target, protected: [catalog]),
                                      cache: cache ?? BuildCache.beside(target), heraldVersion: "test").run()
        }

        /// Replaces a file the way editors save: a new file renamed over the old one.
        func write(_ path: String, _ text: String, in folder: URL? = nil) throws {
            let target = (folder ?? catalog).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).new")
            try Data(text.utf8).write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        }

        func text(_ path: String) throws -> String { try String(contentsOf: catalog.appendingPathComponent(path), encoding: .utf8) }

        func edit(_ path: String, _ change: (String) -> String) throws { try write(path, change(try text(path))) }

        func editSummary(_ path: String, _ summary: String) throws {
            try edit(path) { text in
                text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasPrefix("summary:") ? "summary: \(summary)" : String($0) }.joined(separator: "\n")
            }
        }

        /// Every file under `folder` by relative path.
        static func files(_ folder: URL) -> [String: Data] {
            var files: [String: Data] = [:]
            for case let path as String in FileManager.default.enumerator(atPath: folder.path)?.allObjects ?? [] {
                var isDirectory: ObjCBool = false
                let url = folder.appendingPathComponent(path)
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    files[path] = FileManager.default.contents(atPath: url.path)
                }
            }
            return files
        }

        /// Sets every output file's modification time far back, so a rewrite shows.
        func ageOutput() throws {
            for path in Self.files(out).keys {
                try FileManager.default.setAttributes([.modificationDate: PersistedBuildTests.old], ofItemAtPath: out.appendingPathComponent(path).path)
            }
            // The ages are the build's own doing here: record them as the state's, as if the build had left them.
            if var state = cache.read() {
                for path in state.outputs.keys {
                    var status = stat()
                    if lstat(out.appendingPathComponent(path).path, &status) == 0 {
                        state.outputs[path]?.modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
                    }
                }
                try cache.write(state)
            }
        }

        func modified(_ path: String) throws -> Date {
            try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(path).path)[.modificationDate] as? Date ?? .distantPast
        }

        /// Builds into the output with the cache, and freshly into an empty folder without one; expects the same files
        /// and the same findings. Returns the rebuild's outcome.
        @discardableResult
        func expectSameAsFreshBuild(_ step: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> PersistedBuild.Outcome {
            let outcome = try build()
            let fresh = root.appendingPathComponent("fresh-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: fresh) }
            let full = try build(into: fresh, cache: .some(nil))
            switch (outcome, full) {
            case (.built(let built), .built(let expected)):
                #expect(built.report.diagnostics == expected.report.diagnostics, "\(step): findings", sourceLocation: sourceLocation)
            case (.unchanged(let state), .built(let expected)):
                #expect(state.diagnostics == expected.report.diagnostics, "\(step): findings", sourceLocation: sourceLocation)
            case (.failed(let found), .failed(let expected)):
                #expect(found.diagnostics == expected.diagnostics, "\(step): findings", sourceLocation: sourceLocation)
                return outcome
            default:
                Issue.record("\(step): the rebuild gave \(outcome), the fresh build \(full)", sourceLocation: sourceLocation)
                return outcome
            }
            let rebuilt = Self.files(out), expected = Self.files(fresh)
            #expect(Set(rebuilt.keys) == Set(expected.keys), "\(step): paths", sourceLocation: sourceLocation)
            let differing = expected.keys.filter { rebuilt[$0] != expected[$0] }.sorted()
            #expect(differing.isEmpty, "\(step): files differ: \(differing.prefix(5))", sourceLocation: sourceLocation)
            return outcome
        }
    }

    @Test(arguments: [AsyncAPIVersion.v3_0_0, .v2_6_0])
    func rebuildsAfterEditsOfEveryKindEqualAFreshBuild(version: AsyncAPIVersion) throws {
        let space = try Workspace(version: version)
        var partial = 0
        func expectBuilt(_ outcome: PersistedBuild.Outcome, _ step: String) -> PersistedBuild.Built? {
            guard case .built(let built) = outcome else {
                Issue.record("\(step): did not build: \(outcome)")
                return nil
            }
            if built.generated.isPartial { partial += 1 }
            return built
        }
        let first = expectBuilt(try space.expectSameAsFreshBuild("first build"), "first build")
        #expect(first?.generated.isPartial == false && first?.written == first?.files)

        // Nothing changed: nothing is checked or written.
        try space.ageOutput()
        guard case .unchanged = try space.expectSameAsFreshBuild("no change") else {
            Issue.record("a build with no change did something")
            return
        }
        #expect(try space.modified("index.html") == Self.old)

        // A summary: a partial build; pages it does not reach keep their time, its own page is rewritten.
        try space.editSummary("orders/order.placed.v2/event.yaml", "Signed, edited.")
        let edit = expectBuilt(try space.expectSameAsFreshBuild("summary edit"), "summary edit")
        #expect(edit?.generated.isPartial == true && edit?.rechecked == 1)
        #expect(try space.modified("events/order.placed.v2.html") > Self.old)
        #expect(try space.modified("events/vehicle.configured.html") == Self.old)
        #expect(try space.modified("assets/site.css") == Self.old)
        // The AsyncAPI documents describing the event are made again; a service that does not touch it keeps its
        // files as they were (not even rewritten with the same bytes).
        #expect(try space.modified("asyncapi/catalog.yaml") > Self.old)
        #expect(try space.modified("asyncapi/order-service.json") > Self.old)
        #expect(try space.modified("asyncapi/inventory-service.yaml") == Self.old)
        #expect(try space.modified("asyncapi/inventory-service.json") == Self.old)

        // The event moved to another topic: the documents describing it are made again, the others kept.
        try space.edit("orders/order.placed.v2/event.yaml") {
            $0.replacingOccurrences(of: "topic: orders.order-placed.v2", with: "topic: orders.order-placed.moved")
        }
        let moved = expectBuilt(try space.expectSameAsFreshBuild("topic moved"), "topic moved")
        #expect(moved?.generated.isPartial == true)
        #expect(try space.modified("asyncapi/inventory-service.yaml") == Self.old)
        try space.edit("orders/order.placed.v2/event.yaml") {
            $0.replacingOccurrences(of: "topic: orders.order-placed.moved", with: "topic: orders.order-placed.v2")
        }
        _ = expectBuilt(try space.expectSameAsFreshBuild("topic moved back"), "topic moved back")

        try space.editSummary("orders/order.placed/event.yaml", "The old order event, edited.")
        _ = expectBuilt(try space.expectSameAsFreshBuild("predecessor summary edit"), "predecessor summary edit")

        let latest = try space.text("orders/order.placed.v2/v2.avsc")
        try space.write("orders/order.placed.v2/v3.avsc", latest)
        _ = expectBuilt(try space.expectSameAsFreshBuild("new version"), "new version")

        try space.edit("orders/order.placed.v2/examples/solstice-fleet.json") { $0.replacingOccurrences(of: "\"orderId\": \"", with: "\"orderId\": \"X") }
        _ = expectBuilt(try space.expectSameAsFreshBuild("example edit"), "example edit")

        try space.edit("catalog.yaml") { $0.replacingOccurrences(of: "title: ", with: "title: Edited ") }
        _ = expectBuilt(try space.expectSameAsFreshBuild("catalog.yaml edit"), "catalog.yaml edit")

        let template = space.templates.appendingPathComponent("event.mustache")
        try space.write("event.mustache", try String(contentsOf: template, encoding: .utf8) + "\n<!-- edited -->\n", in: space.templates)
        _ = expectBuilt(try space.expectSameAsFreshBuild("template edit"), "template edit")

        let added = space.catalog.appendingPathComponent("orders/order.placed.copy")
        try FileManager.default.copyItem(at: space.catalog.appendingPathComponent("orders/order.placed.v2"), to: added)
        try space.edit("orders/order.placed.copy/event.yaml") { $0.replacingOccurrences(of: "topic: orders.order-placed.v2", with: "topic: orders.order-placed.copy") }
        _ = expectBuilt(try space.expectSameAsFreshBuild("added event"), "added event")
        try FileManager.default.removeItem(at: added)
        _ = expectBuilt(try space.expectSameAsFreshBuild("deleted event"), "deleted event")

        // A warning's event edited: its findings come from the rules run again, the others' from the cache.
        try space.editSummary("orders/order.status.changed/event.yaml", "Edited again.")
        _ = expectBuilt(try space.expectSameAsFreshBuild("second summary edit"), "second summary edit")
        #expect(partial >= 3)
    }

    @Test func aCorruptOrForeignCacheGivesAFullBuild() throws {
        let space = try Workspace()
        _ = try space.build()
        for garbage in ["{ not json", "{\"format\": 99}", ""] {
            try space.editSummary("orders/order.placed.v2/event.yaml", "Edited \(garbage.count).")
            try Data(garbage.utf8).write(to: space.cache.file)
            guard case .built(let built) = try space.expectSameAsFreshBuild("cache \(garbage)") else {
                Issue.record("a corrupt cache did not give a build")
                continue
            }
            #expect(!built.generated.isPartial && built.rechecked > 40)
            #expect(space.cache.read() != nil)
        }
        // Another Herald version's state is not used either.
        try space.editSummary("orders/order.placed.v2/event.yaml", "Edited for another version.")
        let pipeline = CatalogBuild(catalog: space.catalog, displayRoot: "catalog", templates: space.templates)
        let other = try PersistedBuild(pipeline: pipeline, output: OutputDirectory(url: space.out), cache: space.cache, heraldVersion: "other").run()
        guard case .built(let built) = other else {
            Issue.record("another version's build did not build")
            return
        }
        #expect(!built.generated.isPartial && built.rechecked > 40)
    }

    @Test func anOutputFileEditedDeletedOrAddedByHandIsPutRight() throws {
        let space = try Workspace()
        _ = try space.build()
        try Data("tampered".utf8).write(to: space.out.appendingPathComponent("index.html"))
        try FileManager.default.removeItem(at: space.out.appendingPathComponent("events/vehicle.configured.html"))
        try Data("stray".utf8).write(to: space.out.appendingPathComponent("stray.html"))
        // A document of a service no edit reaches, edited by hand keeping its size, and another one deleted.
        let document = space.out.appendingPathComponent("asyncapi/inventory-service.yaml")
        var bytes = try Data(contentsOf: document)
        bytes[bytes.count / 2] = bytes[bytes.count / 2] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        try bytes.write(to: document)
        try FileManager.default.removeItem(at: space.out.appendingPathComponent("asyncapi/pricing.json"))
        guard case .built = try space.expectSameAsFreshBuild("output edited by hand") else {
            Issue.record("an output edited by hand was taken as up to date")
            return
        }
        guard case .unchanged = try space.build() else {
            Issue.record("the repaired output was not up to date")
            return
        }
    }

    @Test func aFailedBuildLeavesTheOutputAndTheCacheAsTheyWere() throws {
        let space = try Workspace()
        _ = try space.build()
        try space.ageOutput()
        let output = Workspace.files(space.out)
        let state = try Data(contentsOf: space.cache.file)
        try space.write("orders/order.placed.v2/v3.avsc", "{ \"type\": \"record\", ")
        guard case .failed(let report) = try space.build() else {
            Issue.record("a broken schema built")
            return
        }
        #expect(report.diagnostics.hasErrors)
        #expect(Workspace.files(space.out) == output)
        #expect(try Data(contentsOf: space.cache.file) == state)
        #expect(try space.modified("index.html") == Self.old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: space.root.path).sorted() == [".herald-cache", "catalog", "site", "templates"])
        // Fixed again: nothing changed since the last good build.
        try FileManager.default.removeItem(at: space.catalog.appendingPathComponent("orders/order.placed.v2/v3.avsc"))
        guard case .unchanged = try space.build() else {
            Issue.record("the fixed catalog was rebuilt")
            return
        }
    }
}
