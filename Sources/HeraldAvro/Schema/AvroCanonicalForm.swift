extension AvroSchema {
    /// The Parsing Canonical Form of the whole schema, as Java's `SchemaNormalization.toParsingForm` writes it.
    public var canonicalForm: String { canonicalForm(of: root) }

    /// The Parsing Canonical Form of the subgraph rooted at `id`.
    public func canonicalForm(of id: AvroNode.ID) -> String {
        String(decoding: canonicalFormBytes(of: id), as: UTF8.self)
    }

    /// The Parsing Canonical Form as UTF-8 bytes, the input of every fingerprint.
    public func canonicalFormBytes(of id: AvroNode.ID? = nil) -> [UInt8] {
        var out: [UInt8] = []
        // About 24 bytes per node, so that the buffer rarely grows.
        out.reserveCapacity(max(256, nodes.count * 24))
        var written = SeenNames(capacity: 0)
        appendCanonical(id ?? root, into: &out, written: &written)
        return out
    }

    private func appendCanonical(_ id: AvroNode.ID, into out: inout [UInt8], written: inout SeenNames) {
        guard id >= 0, id < nodes.count else { return }
        let type = nodes[id].type
        // A named type is written in full where the walk first meets it, and as its quoted full name afterwards.
        if let name = type.name?.fullName {
            if !written.insert(name) {
                JSONWriter.appendString(name, into: &out)
                return
            }
            out.append(contentsOf: #"{"name":"#.utf8)
            JSONWriter.appendString(name, into: &out)
        }
        switch type {
        case .null, .boolean, .int, .long, .float, .double, .bytes, .string:
            // The spec names need no escaping.
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: type.specName.utf8)
            out.append(UInt8(ascii: "\""))
        case .record(let record):
            out.append(contentsOf: #","type":"record","fields":["#.utf8)
            // By index, reading only the name and type: copying whole fields (doc, default, properties) costs more.
            for i in record.fields.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: #"{"name":"#.utf8)
                JSONWriter.appendString(record.fields[i].name, into: &out)
                out.append(contentsOf: #","type":"#.utf8)
                appendCanonical(record.fields[i].type, into: &out, written: &written)
                out.append(UInt8(ascii: "}"))
            }
            out.append(contentsOf: "]}".utf8)
        case .enumeration(let e):
            out.append(contentsOf: #","type":"enum","symbols":["#.utf8)
            for (i, symbol) in e.symbols.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(symbol, into: &out)
            }
            out.append(contentsOf: "]}".utf8)
        case .fixed(let fixed):
            out.append(contentsOf: #","type":"fixed","size":"#.utf8)
            out.append(contentsOf: String(fixed.size).utf8)
            out.append(UInt8(ascii: "}"))
        case .array(let items):
            out.append(contentsOf: #"{"type":"array","items":"#.utf8)
            appendCanonical(items, into: &out, written: &written)
            out.append(UInt8(ascii: "}"))
        case .map(let values):
            out.append(contentsOf: #"{"type":"map","values":"#.utf8)
            appendCanonical(values, into: &out, written: &written)
            out.append(UInt8(ascii: "}"))
        case .union(let branches):
            out.append(UInt8(ascii: "["))
            for (i, branch) in branches.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendCanonical(branch, into: &out, written: &written)
            }
            out.append(UInt8(ascii: "]"))
        }
    }
}
