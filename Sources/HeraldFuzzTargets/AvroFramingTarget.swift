import HeraldAvro

extension FuzzTarget {
    /// A Kafka record value as the broker sees it: Confluent-framed (schema ID picks one of the fixed schemas) or
    /// single-object-encoded (the fingerprint must name one of them), then the Avro body checked and decoded.
    public static let avroFraming = FuzzTarget(name: "avro-framing") { bytes throws(FuzzFinding) in
        if let (id, body) = try? ConfluentFrame.parse(bytes) {
            let schema = FuzzSchemas.pairs[Int(id % UInt32(FuzzSchemas.pairs.count))].writer
            try checkBody(Array(body), schema: schema)
            guard ConfluentFrame.encode(schemaID: id, body: Array(body)) == bytes else {
                throw FuzzFinding("Confluent frame does not encode back to its bytes")
            }
        }
        if let (fingerprint, body) = try? SingleObjectFrame.parse(bytes) {
            guard let pair = FuzzSchemas.pairs.first(where: { $0.writer.rabinFingerprint == fingerprint }) else { return }
            try checkBody(Array(body), schema: pair.writer)
            guard SingleObjectFrame.encode(schema: pair.writer, body: Array(body)) == bytes else {
                throw FuzzFinding("single-object frame does not encode back to its bytes")
            }
        }
    }

    static func checkBody(_ body: [UInt8], schema: AvroSchema) throws(FuzzFinding) {
        let decoder = AvroBinaryDecoder(schema: schema)
        let checked = body.withUnsafeBytes { decoder.diagnose($0) }
        let decoded = try? decoder.decode(body)
        guard (checked == nil) == (decoded != nil) else {
            throw FuzzFinding("the datum check and the decoder disagree on a framed body")
        }
    }
}
