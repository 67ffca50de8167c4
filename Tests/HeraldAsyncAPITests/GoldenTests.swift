import Foundation
import HeraldAsyncAPI
import HeraldCatalog
import Testing
import HeraldTestSupport

/// The fixture catalog's full documents against the checked-in goldens. `HERALD_UPDATE_GOLDENS=1` rewrites them (Golden.swift).
@Suite struct GoldenTests {

    @Test(arguments: AsyncAPIVersion.allCases)
    func fixtureDocumentsMatchGoldens(version: AsyncAPIVersion) throws {
        let files = AsyncAPIGenerator(options: .init(version: version)).documents(for: try TestCatalogs.fixtureCatalog())
        let folder = TestCatalogs.resources.appendingPathComponent("golden/\(version.rawValue)")
        if Golden.updating {
            try? FileManager.default.removeItem(at: folder)
            for file in files {
                let url = folder.appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.bytes.write(to: url)
            }
            return Golden.recordRewrite(folder)
        }
        let expectedPaths = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
        #expect(files.map(\.path) == expectedPaths, "emitted files differ from the goldens in \(folder.path)")
        for file in files {
            try Golden.check(String(decoding: file.bytes, as: UTF8.self), against: folder.appendingPathComponent(file.path))
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
