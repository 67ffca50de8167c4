import HeraldAvro

/// The fixed schemas the datum targets read data against: every Avro type, recursion, nested unions, and logical
/// types, plus reader schemas that evolve them (added fields with defaults, promotions, enum defaults, aliases).
enum FuzzSchemas {
    static let everyType = """
    {"type":"record","name":"Everything","namespace":"fuzz","fields":[
      {"name":"n","type":"null"},{"name":"b","type":"boolean"},{"name":"i","type":"int"},{"name":"l","type":"long"},
      {"name":"f","type":"float"},{"name":"d","type":"double"},{"name":"by","type":"bytes"},{"name":"s","type":"string"},
      {"name":"fx","type":{"type":"fixed","name":"Four","size":4}},
      {"name":"e","type":{"type":"enum","name":"Colour","symbols":["RED","GREEN","BLUE"],"default":"RED"}},
      {"name":"a","type":{"type":"array","items":"long"}},
      {"name":"m","type":{"type":"map","values":["null","string"]}},
      {"name":"u","type":["null","int","string",{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"}]}]},
      {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
      {"name":"id","type":{"type":"string","logicalType":"uuid"}},
      {"name":"day","type":{"type":"int","logicalType":"date"}},
      {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
      {"name":"opt","type":["null","Inner"],"default":null}
    ]}
    """
    static let everyTypeEvolved = """
    {"type":"record","name":"Everything","namespace":"fuzz","fields":[
      {"name":"b","type":"boolean"},{"name":"i","type":"long"},{"name":"l","type":"double"},
      {"name":"f","type":"double"},{"name":"by","type":"string"},{"name":"s","type":"bytes"},
      {"name":"fx","type":{"type":"fixed","name":"Four","size":4}},
      {"name":"e","type":{"type":"enum","name":"Colour","symbols":["GREEN","RED"],"default":"RED"}},
      {"name":"a","type":{"type":"array","items":"double"}},
      {"name":"m","type":{"type":"map","values":["null","string","int"]}},
      {"name":"u","type":["null","long","string",{"type":"record","name":"Inner","fields":[{"name":"x","type":"int"},{"name":"y","type":"string","default":"y"}]}]},
      {"name":"added","type":{"type":"array","items":"string"},"default":["a"]},
      {"name":"renamed","aliases":["ts"],"type":"long"}
    ]}
    """
    static let linkedList = """
    {"type":"record","name":"Node","namespace":"fuzz","fields":[
      {"name":"value","type":"long"},{"name":"next","type":["null","Node"],"default":null},
      {"name":"children","type":{"type":"array","items":"Node"},"default":[]}]}
    """
    static let linkedListEvolved = """
    {"type":"record","name":"Node","namespace":"fuzz","fields":[
      {"name":"value","type":"double"},{"name":"next","type":["null","Node"],"default":null},
      {"name":"label","type":"string","default":""}]}
    """
    static let unions = """
    [{"type":"record","name":"A","namespace":"fuzz","fields":[{"name":"a","type":["int","string",{"type":"array","items":["null","A"]}]}]},
     {"type":"record","name":"B","namespace":"fuzz","fields":[{"name":"b","type":{"type":"map","values":"fuzz.A"}}]},
     "string","double","boolean","null"]
    """
    static let unionsEvolved = """
    ["null","string","double",{"type":"record","name":"A","namespace":"fuzz","fields":[{"name":"a","type":["int","string",{"type":"array","items":["null","A"]}]}]}]
    """
    static let event = """
    {"type":"record","name":"OrderPlaced","namespace":"com.example.order","fields":[
      {"name":"eventId","type":{"type":"string","logicalType":"uuid"}},
      {"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},
      {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[
        {"name":"sku","type":"string"},{"name":"quantity","type":"int"},
        {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}}]}}},
      {"name":"note","type":["null","string"],"default":null}]}
    """
    static let eventEvolved = """
    {"type":"record","name":"OrderPlaced","namespace":"com.example.order","fields":[
      {"name":"eventId","type":{"type":"string","logicalType":"uuid"}},
      {"name":"occurredAt","type":{"type":"long","logicalType":"timestamp-millis"}},
      {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[
        {"name":"sku","type":"string"},{"name":"quantity","type":"long"}]}}},
      {"name":"channel","type":"string","default":"web"}]}
    """

    /// Writer schemas with the reader each resolves to.
    static let pairs: [(writer: AvroSchema, reader: AvroSchema)] = [
        (parse(everyType), parse(everyTypeEvolved)),
        (parse(linkedList), parse(linkedListEvolved)),
        (parse(unions), parse(unionsEvolved)),
        (parse(event), parse(eventEvolved)),
    ]

    private static func parse(_ text: String) -> AvroSchema {
        let result = AvroSchemaParser().parse(text, file: nil)
        guard let schema = result.schema else { fatalError("fuzz schema does not parse: \(result.diagnostics)") }
        return schema
    }
}
