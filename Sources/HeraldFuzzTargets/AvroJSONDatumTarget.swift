import HeraldAvro

extension FuzzTarget {
    /// A JSON document read as a datum of one of the fixed schemas. The selector byte picks the schema (low bits)
    /// and the encoding (bit 7: Avro's JSON encoding, else plain JSON). Reading and validating must agree, and a
    /// value read must write back to JSON that reads as the same value.
    public static let avroJSONDatum = FuzzTarget(name: "avro-json-datum") { bytes throws(FuzzFinding) in
        let input = FuzzInput(bytes)
        let pair = FuzzSchemas.pairs[Int(input.selector & 0x7F) % FuzzSchemas.pairs.count]
        let schema = input.selector & 0x40 == 0 ? pair.writer : pair.reader
        let encoding: AvroJSONEncoding = input.selector & 0x80 == 0 ? .plain : .avroJSON
        let node: JSONNode
        do { node = try JSONParser().parse(Array(input.rest)) } catch { return }
        let validator = AvroValidator(schema: schema, encoding: encoding)
        let problems = validator.validate(node)
        let reader = AvroJSONReader(schema: schema, encoding: encoding)
        let value: AvroValue
        do {
            value = try reader.read(node)
        } catch {
            guard !problems.isEmpty else { throw FuzzFinding("read failed but validation found no problem: \(error)") }
            guard !validator.isValid(node) else { throw FuzzFinding("isValid is true for a datum that does not read") }
            return
        }
        guard problems.isEmpty else { throw FuzzFinding("read succeeded but validation found \(problems)") }
        let written: JSONValue
        do { written = try AvroJSONWriter(schema: schema, encoding: .avroJSON).write(value) } catch {
            throw FuzzFinding("a value read from JSON does not write as Avro JSON: \(error)")
        }
        do {
            let back = try AvroJSONReader(schema: schema, encoding: .avroJSON).read(written)
            let once = try AvroBinaryEncoder(schema: schema).encode(value)
            let twice = try AvroBinaryEncoder(schema: schema).encode(back)
            guard once == twice else { throw FuzzFinding("Avro JSON round trip changed the value: \(written)") }
        } catch let finding as FuzzFinding {
            throw finding
        } catch {
            throw FuzzFinding("Avro JSON written from a value does not read back or encode: \(error)")
        }
    }
}
