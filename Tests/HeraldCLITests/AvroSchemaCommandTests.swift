import Foundation
import Testing

@Suite struct AvroSchemaCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func temporaryFolder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("herald-cli-\(UUID().uuidString)")
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    @Test func canonicalFromStdinAndFile() throws {
        let input = #"{"type":"record","name":"R","namespace":"n","doc":"d","fields":[{"name":"a","type":{"type":"long","logicalType":"timestamp-millis"},"default":0}]}"#
        let result = try HeraldBinary.run(["avro", "canonical", "-"], stdin: Data(input.utf8))
        #expect(result.status == 0)
        #expect(result.stdout == #"{"name":"n.R","type":"record","fields":[{"name":"a","type":"long"}]}"# + "\n")
        #expect(result.stderr.isEmpty)
        let dir = try temporaryFolder(["r.avsc": input])
        defer { try? FileManager.default.removeItem(at: dir) }
        let fromFile = try HeraldBinary.run(["avro", "canonical", "r.avsc"], cwd: dir)
        #expect(fromFile.stdout == result.stdout)
    }

    @Test func fingerprintFormatsAndAlgorithms() throws {
        let string = Data(#""string""#.utf8)
        #expect(try HeraldBinary.run(["avro", "fingerprint", "-"], stdin: string).stdout == "c70345637248018f\n")
        #expect(try HeraldBinary.run(["avro", "fingerprint", "--format", "decimal", "-"], stdin: string).stdout == "-8142146995180207161\n")
        #expect(try HeraldBinary.run(["avro", "fingerprint", "--algorithm", "md5", "-"], stdin: Data(#""int""#.utf8)).stdout
            == "ef524ea1b91e73173d938ade36c1db32\n")
        #expect(try HeraldBinary.run(["avro", "fingerprint", "--algorithm", "sha256", "-"], stdin: Data(#""int""#.utf8)).stdout
            == "3f2b87a9fe7cc9b13835598c3981cd45e3e355309e5090aa0933d7becb6fba45\n")
        let bad = try HeraldBinary.run(["avro", "fingerprint", "--algorithm", "md5", "--format", "decimal", "-"], stdin: string)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("only defined for --algorithm rabin"))
        let unknown = try HeraldBinary.run(["avro", "fingerprint", "--algorithm", "crc32", "-"], stdin: string)
        #expect(unknown.status == 2)
    }

    @Test func invalidSchemasPrintDiagnosticsAndExit2() throws {
        let dir = try temporaryFolder(["bad.avsc": "{\"type\":\"record\",\"name\":\"R\",\"fields\":[\n  {\"name\":\"a\",\"type\":\"Nope\"},\n  {\"name\":\"b\",\"type\":\"int\",\"default\":\"x\"}]}"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try HeraldBinary.run(["avro", "canonical", "bad.avsc"], cwd: dir)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == """
            bad.avsc:2:22: error: unknown type "Nope" [AVRO_UNKNOWN_TYPE]
            bad.avsc:3:38: error: invalid default for field 'b': "x" is not a valid int [AVRO_INVALID_DEFAULT]

            """)
        let syntax = try HeraldBinary.run(["avro", "fingerprint", "-"], stdin: Data("{\"type\": }".utf8))
        #expect(syntax.status == 2)
        #expect(syntax.stderr == "<stdin>:1:10: error: unexpected '}'; expected a JSON value [JSON_SYNTAX]\n")
        let missing = try HeraldBinary.run(["avro", "canonical", "does-not-exist.avsc"], cwd: dir)
        #expect(missing.status == 2)
    }

    @Test func warningsDoNotStopTheCommand() throws {
        let result = try HeraldBinary.run(["avro", "canonical", "-"], stdin: Data(#"{"type":"long","logicalType":"date"}"#.utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "\"long\"\n")
        #expect(result.stderr.contains("warning:") && result.stderr.contains("[AVRO_INVALID_LOGICAL_TYPE]"))
    }

    @Test func typesFolderResolvesSharedNames() throws {
        let dir = try temporaryFolder([
            "types/Money.avsc": #"{"type":"record","name":"Money","namespace":"com.example.common","fields":[{"name":"cents","type":"long"},{"name":"currency","type":"com.example.common.Currency"}]}"#,
            "types/Currency.avsc": #"{"type":"enum","name":"com.example.common.Currency","symbols":["EUR"]}"#,
            "event.avsc": #"{"type":"record","name":"com.example.Paid","fields":[{"name":"amount","type":"com.example.common.Money"}]}"#,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let without = try HeraldBinary.run(["avro", "canonical", "event.avsc"], cwd: dir)
        #expect(without.status == 2)
        #expect(without.stderr.contains("[AVRO_UNKNOWN_TYPE]"))
        let with = try HeraldBinary.run(["avro", "canonical", "event.avsc", "--types", "types"], cwd: dir)
        #expect(with.status == 0)
        #expect(with.stdout == #"{"name":"com.example.Paid","type":"record","fields":[{"name":"amount","type":{"name":"com.example.common.Money","type":"record","fields":[{"name":"cents","type":"long"},{"name":"currency","type":{"name":"com.example.common.Currency","type":"enum","symbols":["EUR"]}}]}}]}"# + "\n")
        let notAFolder = try HeraldBinary.run(["avro", "canonical", "event.avsc", "--types", "nope"], cwd: dir)
        #expect(notAFolder.status == 2)
    }

    @Test func catalogSchemaWithTheBundledTypes() throws {
        let result = try HeraldBinary.run(["avro", "fingerprint", "schemas/orders/order.placed/v1.avsc", "--types", "schemas/types"], cwd: Self.repo)
        #expect(result.status == 0, "\(result.stderr)")
        // CRC-64-AVRO of the canonical form with the bundled types inlined (fastavro agrees: Tests/Interop).
        #expect(result.stdout == "31a03c2ad15f8bd8\n")
    }
}
