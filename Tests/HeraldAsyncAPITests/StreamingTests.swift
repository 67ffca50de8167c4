import Foundation
import HeraldAsyncAPI
import HeraldAvro
import HeraldCatalog
import Testing

/// The streamed documents (messages rendered once and shared between documents) against the whole document trees
/// written in one piece: byte for byte the same, for both formats and both AsyncAPI versions.
@Suite struct StreamingTests {
    @Test(arguments: AsyncAPIVersion.allCases)
    func streamedDocumentsEqualWholeTrees(version: AsyncAPIVersion) throws {
        for catalog in [try TestCatalogs.fixtureCatalog(), try TestCatalogs.bundledCatalog()] {
            let generator = AsyncAPIGenerator(options: .init(version: version))
            let streamed = Dictionary(uniqueKeysWithValues: generator.documents(for: catalog).map { ($0.path, $0.bytes) })
            let whole = generator.documentValues(for: catalog)
            #expect(streamed.count == whole.count * 2)
            #expect(generator.documentPaths(for: catalog).sorted() == streamed.keys.sorted())
            for (stem, document) in whole {
                var json: [UInt8] = []
                JSONWriter(style: .compact).write(document, into: &json)
                json.append(UInt8(ascii: "\n"))
                var yaml: [UInt8] = []
                YAMLWriter().write(document, into: &yaml)
                #expect(streamed["asyncapi/\(stem).json"] == Data(json), "asyncapi/\(stem).json differs from the whole tree")
                #expect(streamed["asyncapi/\(stem).yaml"] == Data(yaml), "asyncapi/\(stem).yaml differs from the whole tree")
            }
        }
    }

    /// A document with no messages at all (a service that neither produces nor consumes) has no split point.
    @Test func documentsWithoutMessagesAreWhole() throws {
        let catalog = try TestCatalogs.fixtureCatalog()
        let generator = AsyncAPIGenerator()
        for (stem, document) in generator.documentValues(for: catalog) where document[["components", "messages"]] == nil {
            let file = generator.documents(for: catalog).first { $0.path == "asyncapi/\(stem).json" }
            let parsed = try JSONParser().parse(String(decoding: file?.bytes ?? Data(), as: UTF8.self)).plain
            #expect(parsed == document)
        }
    }

    /// A failing sink stops the stream with its error.
    @Test func sinkFailureStopsTheStream() throws {
        struct Full: Error {}
        final class FullSink: DocumentSink {
            func write(_ bytes: [UInt8]) throws { throw Full() }
            func close() throws {}
        }
        #expect(throws: Full.self) {
            try AsyncAPIGenerator().stream(try TestCatalogs.fixtureCatalog()) { _ in FullSink() }
        }
    }
}
