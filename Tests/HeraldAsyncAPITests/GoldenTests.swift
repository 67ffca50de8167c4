import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import Testing

/// The fixture catalog's full documents against the checked-in goldens. `HERALD_UPDATE_GOLDENS=1` rewrites them.
@Suite struct GoldenTests {
    static let update = ProcessInfo.processInfo.environment["HERALD_UPDATE_GOLDENS"] == "1"

    @Test(arguments: AsyncAPIVersion.allCases)
    func fixtureDocumentsMatchGoldens(version: AsyncAPIVersion) throws {
        let files = AsyncAPIGenerator(options: .init(version: version)).documents(for: try TestCatalogs.fixtureCatalog())
        let folder = TestCatalogs.resources.appendingPathComponent("golden/\(version.rawValue)")
        if Self.update {
            try? FileManager.default.removeItem(at: folder)
            for file in files {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.bytes.write(to: url)
            }
        }
        let expectedPaths = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
        #expect(files.map(\.path) == expectedPaths, "emitted files differ from the goldens in \(folder.path)")
        for file in files {
            let golden = try String(contentsOf: folder.appendingPathComponent(file.path), encoding: .utf8)
            let emitted = String(decoding: file.bytes, as: UTF8.self)
            #expect(emitted == golden, "\(file.path) differs from its golden; rerun with HERALD_UPDATE_GOLDENS=1 and review the diff")
        }
    }

    @Test func outputIsDeterministic() throws {
        let catalog = try TestCatalogs.fixtureCatalog()
        for version in AsyncAPIVersion.allCases {
            let first = AsyncAPIGenerator(options: .init(version: version)).documents(for: catalog)
            let second = AsyncAPIGenerator(options: .init(version: version)).documents(for: try TestCatalogs.fixtureCatalog())
            #expect(first == second)
        }
    }

    @Test func outputHasNoAbsolutePathsOrCatalogRoot() throws {
        let files = AsyncAPIGenerator().documents(for: try TestCatalogs.fixtureCatalog())
        for file in files {
            let text = String(decoding: file.bytes, as: UTF8.self)
            #expect(!text.contains(TestCatalogs.repository.path), "\(file.path) contains an absolute path")
            #expect(!text.contains("fixture-catalog/"), "\(file.path) contains a catalog file path")
        }
    }
}
