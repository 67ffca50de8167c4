import Foundation
import Testing
@testable import HeraldAvro

/// The Apache Avro data files: container blocks and a single-object message, against our codec.
@Suite struct DatumConformanceTests {
    func schema(_ relative: String) throws -> AvroSchema {
        let result = AvroSchemaParser().parse(try ConformanceData.text(relative), file: relative)
        return try #require(result.schema, "\(result.diagnostics)")
    }

    func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: ConformanceData.root.appendingPathComponent(relative)))
    }

    /// The data blocks of an object container file (codec null): each block's object count and bytes.
    func containerBlocks(_ file: [UInt8]) throws -> [(count: Int, data: [UInt8])] {
        try #require(file.count > 4 && Array(file[0..<4]) == Array("Obj".utf8) + [1])
        var metadata = SchemaBuilder()
        let bytesNode = metadata.add(.bytes)
        let map = metadata.add(.map(values: bytesNode))
        var blocks: [(Int, [UInt8])] = []
        try file.withUnsafeBytes { buffer in
            var offset = 4
            let header = try AvroBinaryDecoder(schema: metadata.schema(root: map)).decode(buffer, at: &offset)
            guard case .map(let entries) = header else { Issue.record("header is not a map"); return }
            let codec = entries.first { $0.key == "avro.codec" }.map { String(decoding: $0.value.bytesValue, as: UTF8.self) } ?? "null"
            try #require(codec == "null")
            let sync = Array(buffer[offset..<offset + 16])
            offset += 16
            var cursor = BinaryCursor(buffer, offset: offset)
            while cursor.remaining > 0 {
                let count = Int(try cursor.readLong())
                let size = Int(try cursor.readLong())
                let data = Array(cursor.take(size))
                #expect(Array(try cursor.takeFixed(16)) == sync)
                blocks.append((count, data))
            }
        }
        return blocks
    }

    @Test(.needsShared(ConformanceData.folder))
    func weatherEncodesToTheContainerBlock() throws {
        let schema = try schema("schemas/weather.avsc")
        let reader = AvroJSONReader(schema: schema)
        let encoder = AvroBinaryEncoder(schema: schema)
        var joined: [UInt8] = []
        var values: [AvroValue] = []
        for line in try ConformanceData.text("data/weather.json").split(separator: "\n") where !line.isEmpty {
            let value = try reader.read(try JSONParser().parse(String(line)))
            values.append(value)
            try encoder.encode(value, into: &joined)
        }
        let blocks = try containerBlocks(try bytes("data/weather.avro"))
        try #require(blocks.count == 1)
        #expect(blocks[0].count == values.count)
        #expect(blocks[0].data == joined)

        let decoder = AvroBinaryDecoder(schema: schema)
        var decoded: [AvroValue] = []
        try blocks[0].data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count { decoded.append(try decoder.decode(buffer, at: &offset)) }
        }
        #expect(decoded == values)
    }

    @Test(.needsShared(ConformanceData.folder),
          arguments: ["simple", "withUnion"])
    func commonSchemaContainersDecode(name: String) throws {
        let schema = try schema("common-schemas/\(name)/schema.json")
        let decoder = AvroBinaryDecoder(schema: schema)
        let encoder = AvroBinaryEncoder(schema: schema)
        let blocks = try containerBlocks(try bytes("common-schemas/\(name)/data.avro"))
        #expect(!blocks.isEmpty)
        for block in blocks {
            var values: [AvroValue] = []
            try block.data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    var checked = offset
                    try decoder.check(buffer, at: &checked)
                    values.append(try decoder.decode(buffer, at: &offset))
                    #expect(checked == offset)
                }
            }
            #expect(values.count == block.count)
            var reencoded: [UInt8] = []
            for value in values { try encoder.encode(value, into: &reencoded) }
            #expect(reencoded == block.data)
            // Every datum also survives both JSON readings.
            for value in values {
                for encoding in AvroJSONEncoding.allCases {
                    let text = try AvroJSONWriter(schema: schema, encoding: encoding).text(value)
                    #expect(try AvroJSONReader(schema: schema, encoding: encoding).read(try JSONParser().parse(text)) == value, "\(text)")
                }
            }
        }
    }

    @Test(.needsShared(ConformanceData.folder))
    func singleObjectMessageDecodes() throws {
        let schema = try schema("messageV1/test_schema.avsc")
        let message = try bytes("messageV1/test_message.bin")
        let (fingerprint, body) = try SingleObjectFrame.parse(message)
        #expect(fingerprint == schema.rabinFingerprint)
        let value = try AvroBinaryDecoder(schema: schema).decode(body)
        #expect(try AvroJSONWriter(schema: schema).text(value) == #"{"id":42,"name":"Bill","tags":["dog_lover","cat_hater"]}"#)
        #expect(SingleObjectFrame.encode(schema: schema, body: try AvroBinaryEncoder(schema: schema).encode(value)) == message)
    }
}

extension AvroValue {
    /// The payload of a bytes value, empty for others (test convenience).
    var bytesValue: [UInt8] {
        if case .bytes(let b) = self { return b }
        return []
    }
}
