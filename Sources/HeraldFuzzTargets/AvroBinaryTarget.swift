import HeraldAvro

extension FuzzTarget {
    /// Avro binary data decoded with one of the fixed writer schemas (selector low bits), directly or resolved to
    /// its evolved reader schema (selector bit 7). The allocation-free produce-time check must agree with the
    /// decoder, and a decoded value must encode to bytes that decode and encode to the same bytes again.
    public static let avroBinary = FuzzTarget(name: "avro-binary") { bytes throws(FuzzFinding) in
        let input = FuzzInput(bytes)
        let pair = FuzzSchemas.pairs[Int(input.selector & 0x7F) % FuzzSchemas.pairs.count]
        let body = Array(input.rest)
        let decoder = AvroBinaryDecoder(schema: pair.writer)
        if input.selector & 0x80 != 0 {
            let resolving: AvroResolvingDecoder
            do { resolving = try AvroResolvingDecoder(writer: pair.writer, reader: pair.reader) } catch {
                throw FuzzFinding("fixed schema pair does not resolve: \(error)")
            }
            // Resolution may refuse data the writer's schema accepts (a union branch the reader lacks), so only
            // what it returns is checked.
            guard let value = try? resolving.decode(body) else { return }
            try roundTrip(value, schema: pair.reader)
            return
        }
        let (checked, passed) = body.withUnsafeBytes { buffer in
            let passed: Bool
            do { _ = try decoder.checkWhole(buffer, rootField: 0); passed = true } catch { passed = false }
            return (decoder.diagnose(buffer), passed)
        }
        guard passed == (checked == nil) else {
            throw FuzzFinding("the produce-time check (\(passed)) and its diagnosis (\(String(describing: checked))) disagree")
        }
        let value: AvroValue
        do { value = try decoder.decode(body) } catch {
            guard checked != nil else { throw FuzzFinding("decode failed (\(error)) but the datum check passed") }
            return
        }
        guard checked == nil else { throw FuzzFinding("decode succeeded but the datum check failed: \(checked!)") }
        try roundTrip(value, schema: pair.writer)
    }

    static func roundTrip(_ value: AvroValue, schema: AvroSchema) throws(FuzzFinding) {
        let encoder = AvroBinaryEncoder(schema: schema)
        do {
            let once = try encoder.encode(value)
            let again = try AvroBinaryDecoder(schema: schema).decode(once)
            let twice = try encoder.encode(again)
            guard once == twice else { throw FuzzFinding("binary round trip is not stable") }
            _ = try AvroJSONWriter(schema: schema, encoding: .plain).write(value)
        } catch let finding as FuzzFinding {
            throw finding
        } catch {
            throw FuzzFinding("a decoded value does not encode and decode again: \(error)")
        }
    }
}
