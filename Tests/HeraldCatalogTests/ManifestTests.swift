import Foundation
import HeraldAvro
import HeraldDiagnostics
import Testing
@testable import HeraldCatalog

@Suite struct VolumeTests {
    @Test(arguments: [
        ("50000/day", 50000), ("~50K/day", 50000), ("2M/day", 2_000_000), ("30/s", 2_592_000), ("1.5K/h", 36000),
        ("10/min", 14400), ("1 000/day", 1000), ("7/week", 1), ("1B/day", 1_000_000_000), ("0/day", 0), ("3/days", 3),
    ])
    func parsesRates(text: String, perDay: Int) throws {
        let volume = try EventVolume.parse(text).get()
        #expect(volume.perDay == perDay)
        #expect(volume.isApproximate == text.hasPrefix("~"))
    }

    @Test func refusesMalformedRates() {
        #expect(EventVolume.parse("50000") == .failure(.missingUnit))
        #expect(EventVolume.parse("") == .failure(.empty))
        #expect(EventVolume.parse("lots/day") == .failure(.badNumber("lots")))
        #expect(EventVolume.parse("5/fortnight") == .failure(.unknownUnit("fortnight")))
        #expect(EventVolume.parse("-5/day") == .failure(.badNumber("-5")))
        #expect(EventVolume.parse("1e300/s") == .failure(.badNumber("1e300")))
        #expect(EventVolume.parse("99999999999999B/s") == .failure(.tooLarge))
        #expect(EventVolume.parse("5/day/s") == .failure(.missingUnit))
    }

    @Test func durations() {
        #expect(DLQPolicy.milliseconds("500ms") == 500)
        #expect(DLQPolicy.milliseconds("1s") == 1000)
        #expect(DLQPolicy.milliseconds("1m") == 60000)
        #expect(DLQPolicy.milliseconds("1.5h") == 5_400_000)
        #expect(DLQPolicy.milliseconds("10") == nil)
        #expect(DLQPolicy.milliseconds("s") == nil)
    }
}

@Suite struct NameSuggestionTests {
    @Test func suggestsCloseNames() {
        #expect(NameSuggestion.closest(to: "consumer", in: ["consumers", "producer"]) == "consumers")
        #expect(NameSuggestion.closest(to: "prodcuer", in: ["consumers", "producer"]) == "producer")
        #expect(NameSuggestion.closest(to: "pricng", in: ["pricing", "crm", "analytics"]) == "pricing")
        #expect(NameSuggestion.closest(to: "xyz", in: ["pricing", "crm"]) == nil)
        #expect(NameSuggestion.closest(to: "crm", in: ["crm"]) == nil)
    }
}

@Suite struct YAMLReadingTests {
    @Test func keepsPositionsOfKeysAndValues() throws {
        let text = "summary: Hello\nowner: team-a\nconsumers:\n  - a\n  - b\nproducer: [p1, p2]\n"
        let parsed = YAMLDocumentParser().parse(text, file: "e/event.yaml")
        let root = try #require(parsed.root)
        #expect(parsed.diagnostics.isEmpty)
        let (manifest, diagnostics) = EventManifestReader.read(root, file: "e/event.yaml")
        #expect(diagnostics.isEmpty)
        #expect(manifest.owner?.location == SourceLocation(file: "e/event.yaml", line: 2, column: 8))
        #expect(manifest.consumers.map(\.value) == ["a", "b"])
        #expect(manifest.consumers[1].location.line == 5)
        #expect(manifest.consumers[1].location.column == 5)
        #expect(manifest.producers.map(\.value) == ["p1", "p2"])
        #expect(manifest.producers[1].location.column == 16)
    }

    @Test func reportsSyntaxErrorsWithPosition() {
        let parsed = YAMLDocumentParser().parse("summary: [unclosed\nowner: x\n", file: "f.yaml")
        #expect(parsed.root == nil)
        #expect(parsed.diagnostics.map(\.rule) == ["YAML_SYNTAX"])
        #expect((parsed.diagnostics.first?.location?.line ?? 0) >= 1)
    }

    @Test func reportsDuplicateKeys() {
        let parsed = YAMLDocumentParser().parse("owner: a\nowner: b\n", file: "f.yaml")
        #expect(parsed.diagnostics.map(\.rule) == ["YAML_SYNTAX"])
        #expect(parsed.diagnostics.first?.message.contains("'owner'") == true)
    }

    @Test func unknownKeysGetDidYouMean() throws {
        let root = try #require(YAMLDocumentParser().parse("summary: s\nconsumer: [a]\nx-custom: 1\n", file: "f.yaml").root)
        let (_, diagnostics) = EventManifestReader.read(root, file: "f.yaml")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.rule == "YAML_UNKNOWN_KEY")
        #expect(diagnostics.first?.hint == "Did you mean 'consumers'?")
        #expect(diagnostics.first?.location == SourceLocation(file: "f.yaml", line: 2, column: 1))
    }

    @Test func readsKeyForms() throws {
        func key(_ yaml: String) throws -> (EventKey?, [String]) {
            let root = try #require(YAMLDocumentParser().parse(yaml, file: "f.yaml").root)
            let (manifest, diagnostics) = EventManifestReader.read(root, file: "f.yaml")
            return (manifest.key, diagnostics.map(\.rule))
        }
        guard case (.type(let t)?, []) = try key("key: {type: string}\n") else { Issue.record("type form"); return }
        #expect(t.value == "string")
        guard case (.schema(let s)?, []) = try key("key:\n  schema: key.avsc\n") else { Issue.record("schema form"); return }
        #expect(s.value == "key.avsc")
        #expect(try key("key: {type: string, schema: k.avsc}\n").1 == ["KEY_INVALID"])
        #expect(try key("key: {}\n").1 == ["KEY_INVALID"])
    }

    @Test func readsCatalogManifest() throws {
        let text = """
        title: T
        defaults:
          compatibility: FULL
          dlq: { retries: 3, backoff: { initial: 1s, multiplier: 2, max: 1m }, alert: true }
        teams:
          a-team: { name: A, email: a@example.com }
        services:
          svc: { name: Svc, owner: a-team }
        """
        let root = try #require(YAMLDocumentParser().parse(text, file: "catalog.yaml").root)
        let (manifest, diagnostics) = CatalogManifestReader.read(root, file: "catalog.yaml")
        #expect(diagnostics.isEmpty)
        #expect(manifest.defaults.compatibility?.value == "FULL")
        #expect(manifest.defaults.dlq == DLQPolicy(retries: 3, backoff: .init(initialMilliseconds: 1000, multiplier: 2, maxMilliseconds: 60000), alert: true))
        #expect(manifest.teams.map(\.id.value) == ["a-team"])
        #expect(manifest.services.first?.owner?.value == "a-team")
        #expect(manifest.services.first?.owner?.location == SourceLocation(file: "catalog.yaml", line: 8, column: 28))
    }

    @Test func readsDeliveriesAndReportsBadEntriesWithTheirLocation() throws {
        let text = """
        services:
          pricing: { name: Pricing }
          crm: { name: CRM }
        deliveries:
          pricing: http://127.0.0.1:9000/events
          crm: ftp://example.com/x
          analytics:
          billing: [http://a]
          search: "https://"
        """
        let root = try #require(YAMLDocumentParser().parse(text, file: "catalog.yaml").root)
        let (manifest, diagnostics) = CatalogManifestReader.read(root, file: "catalog.yaml")
        #expect(manifest.deliveries.map(\.service.value) == ["pricing"])
        #expect(manifest.deliveries.first?.url.value == "http://127.0.0.1:9000/events")
        #expect(manifest.deliveries.first?.url.location == SourceLocation(file: "catalog.yaml", line: 5, column: 12))
        #expect(diagnostics.map(\.rule) == ["DELIVERY_URL_INVALID", "DELIVERY_URL_INVALID", "YAML_WRONG_TYPE", "DELIVERY_URL_INVALID"])
        #expect(diagnostics.map { $0.location?.line ?? 0 } == [6, 7, 8, 9])
        #expect(diagnostics[0].message == "deliveries.crm: 'ftp://example.com/x' is not an http:// or https:// URL")
        #expect(diagnostics[1].message == "deliveries.analytics has no URL")
        #expect(diagnostics[3].message == "deliveries.search: 'https://' has no host")
    }

    @Test func aDeliveryToAnUndeclaredServiceIsReported() throws {
        let text = """
        teams:
          a-team: { name: A, email: a@example.com }
        services:
          pricing: { name: Pricing, owner: a-team }
        deliveries:
          pricng: http://127.0.0.1:9000/events
        """
        let root = try #require(YAMLDocumentParser().parse(text, file: "catalog.yaml").root)
        let (manifest, _) = CatalogManifestReader.read(root, file: "catalog.yaml")
        var catalog = CatalogResolver().resolve(CatalogParser().parse(CatalogFiles(displayRoot: "schemas", files: [:])))
        catalog.manifest = manifest
        catalog.hasManifest = true
        catalog.services = ["pricing": manifest.services[0]]
        catalog.teams = ["a-team": manifest.teams[0]]
        let found = ReferenceRule().check(catalog)
        #expect(found.map(\.rule) == ["SERVICE_UNKNOWN"])
        #expect(found.first?.message == "delivery target 'pricng' is not a service in catalog.yaml")
        #expect(found.first?.hint?.contains("pricing") == true)
        #expect(found.first?.location?.line == 6)
    }

    @Test func hostileNestingIsRefused() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let parsed = YAMLDocumentParser().parse("a: " + deep, file: "f.yaml")
        #expect(parsed.diagnostics.contains { $0.rule == "YAML_SYNTAX" })
    }

    /// Nested aliases ("billion laughs") would expand to 10^10 values; parsing must stop at the node budget.
    @Test func aliasExpansionIsRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [" + Array(repeating: previous, count: 10).joined(separator: ", ") + "]\n"
        }
        let parsed = YAMLDocumentParser().parse(yaml, file: "f.yaml")
        #expect(parsed.root == nil)
        #expect(parsed.diagnostics.map(\.rule) == ["YAML_SYNTAX"])
        #expect(parsed.diagnostics.first?.message.contains("expands to more than") == true)
        #expect(parsed.diagnostics.first?.location?.file == "f.yaml")
        // A large document without aliases is not mistaken for an expansion.
        let many = (0..<150_000).map { "k\($0): \($0)\n" }.joined()
        #expect(YAMLDocumentParser().parse(many, file: "f.yaml").diagnostics.isEmpty)
        // A few aliases stay fine.
        let small = YAMLDocumentParser().parse("base: &b {x: 1}\none: *b\ntwo: *b\n", file: "f.yaml")
        #expect(small.diagnostics.isEmpty)
        #expect(small.root != nil)
    }
}
