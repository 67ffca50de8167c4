/// Short programs that consume and produce one event, filled in from the catalog. The Python consumer is run against
/// `herald broker` by the interop tests (`Tests/Interop/test_site_usage.py`). `topic` and `group` may be the marks of
/// `SnippetTemplate`; `group` is then filled in with `literalContent(_:)` of the real one.
struct UsageSnippets {
    let topic: String
    let bootstrap: String
    let registry: String
    let group: String
    let key: UsageKey.Writing

    /// A Python string literal (the values come from YAML and may hold quotes or backslashes).
    private func py(_ text: String) -> String { "\"" + Self.literalContent(text) + "\"" }
    /// A Java string literal.
    private func java(_ text: String) -> String { py(text) }
    /// A POSIX shell word.
    private func sh(_ text: String) -> String {
        text.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@".contains($0) } ? text
            : "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// The inside of a double-quoted Python or Java string literal holding `text`.
    static func literalContent(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    var pythonConsumer: String {
        var lines = [
            "from confluent_kafka import Consumer",
            "from confluent_kafka.schema_registry import SchemaRegistryClient",
            "from confluent_kafka.schema_registry.avro import AvroDeserializer",
            "from confluent_kafka.serialization import MessageField, SerializationContext",
            "",
            "registry = SchemaRegistryClient({\"url\": \(py(registry))})",
            "value_deserializer = AvroDeserializer(registry)",
        ]
        if key == .avro { lines.append("key_deserializer = AvroDeserializer(registry)") }
        lines += [
            "consumer = Consumer({",
            "    \"bootstrap.servers\": \(py(bootstrap)),",
            "    \"group.id\": \(py(group)),",
            "    \"auto.offset.reset\": \"earliest\",",
            "})",
            "consumer.subscribe([\(py(topic))])",
            "try:",
            "    while True:",
            "        message = consumer.poll(1.0)",
            "        if message is None:",
            "            continue",
            "        if message.error():",
            "            raise RuntimeError(message.error())",
        ]
        switch key {
        case .avro:
            lines.append("        key = key_deserializer(message.key(), SerializationContext(message.topic(), MessageField.KEY))")
        case .string:
            lines.append("        key = message.key().decode() if message.key() is not None else None")
        case .bytes:
            lines.append("        key = message.key()")
        }
        lines += [
            "        event = value_deserializer(message.value(), SerializationContext(message.topic(), MessageField.VALUE))",
            "        print(key, event)",
            "finally:",
            "    consumer.close()",
        ]
        return lines.joined(separator: "\n")
    }

    private var javaKey: (type: String, deserializer: String, serializer: String, imports: [String]) {
        switch key {
        case .avro: ("GenericRecord", "KafkaAvroDeserializer", "KafkaAvroSerializer", [])
        case .string: ("String", "StringDeserializer", "StringSerializer",
                       ["org.apache.kafka.common.serialization.StringDeserializer", "org.apache.kafka.common.serialization.StringSerializer"])
        case .bytes: ("byte[]", "ByteArrayDeserializer", "ByteArraySerializer",
                                 ["org.apache.kafka.common.serialization.ByteArrayDeserializer", "org.apache.kafka.common.serialization.ByteArraySerializer"])
        }
    }

    var javaConsumer: String {
        let key = javaKey
        let imports = ["io.confluent.kafka.serializers.KafkaAvroDeserializer", "java.time.Duration", "java.util.List",
                       "java.util.Properties", "org.apache.avro.generic.GenericRecord",
                       "org.apache.kafka.clients.consumer.ConsumerConfig", "org.apache.kafka.clients.consumer.ConsumerRecord",
                       "org.apache.kafka.clients.consumer.KafkaConsumer"] + key.imports.filter { $0.hasSuffix("Deserializer") }
        let lines = imports.sorted().map { "import \($0);" } + [
            "",
            "Properties props = new Properties();",
            "props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, \(java(bootstrap)));",
            "props.put(ConsumerConfig.GROUP_ID_CONFIG, \(java(group)));",
            "props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, \"earliest\");",
            "props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, \(key.deserializer).class);",
            "props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class);",
            "props.put(\"schema.registry.url\", \(java(registry)));",
            "",
            "try (KafkaConsumer<\(key.type), GenericRecord> consumer = new KafkaConsumer<>(props)) {",
            "    consumer.subscribe(List.of(\(java(topic))));",
            "    while (true) {",
            "        for (ConsumerRecord<\(key.type), GenericRecord> record : consumer.poll(Duration.ofSeconds(1))) {",
            "            System.out.println(record.key() + \" \" + record.value());",
            "        }",
            "    }",
            "}",
        ]
        return lines.joined(separator: "\n")
    }

    /// kcat decodes Avro only when built with libserdes (`kcat -V` lists `avro`).
    /// The topic goes in as it is: Kafka topic names are letters, digits, `.`, `_` and `-`.
    var kcatConsumer: String {
        var words = ["kcat", "-C", "-b", sh(bootstrap), "-t", topic, "-r", sh(registry), "-s", "value=avro"]
        if key == .avro { words += ["-s", "key=avro"] }
        words += ["-o", "beginning", "-f", "'%k %s\\n'"]
        return words.joined(separator: " ")
    }

    var pythonProducer: String {
        var lines = [
            "from confluent_kafka import Producer",
            "from confluent_kafka.schema_registry import SchemaRegistryClient",
            "from confluent_kafka.schema_registry.avro import AvroSerializer",
            "from confluent_kafka.serialization import MessageField, SerializationContext",
            "",
            "registry = SchemaRegistryClient({\"url\": \(py(registry))})",
            "# The registered latest version, never one the producer registers itself.",
            "value_serializer = AvroSerializer(registry, conf={\"auto.register.schemas\": False, \"use.latest.version\": True})",
        ]
        if key == .avro {
            lines.append("key_serializer = AvroSerializer(registry, conf={\"auto.register.schemas\": False, \"use.latest.version\": True})")
        }
        lines += [
            "producer = Producer({\"bootstrap.servers\": \(py(bootstrap))})",
            "",
            "event = {...}  # a dict shaped like the schema; see the examples",
        ]
        let keyExpression: String
        switch key {
        case .avro:
            lines.append("key = {...}  # a dict shaped like the key schema")
            keyExpression = "key_serializer(key, SerializationContext(\(py(topic)), MessageField.KEY))"
        case .string: keyExpression = "event[\"eventId\"]"
        case .bytes: keyExpression = "None"
        }
        lines += [
            "producer.produce(\(py(topic)), key=\(keyExpression),",
            "                 value=value_serializer(event, SerializationContext(\(py(topic)), MessageField.VALUE)))",
            "producer.flush()",
        ]
        return lines.joined(separator: "\n")
    }

    var javaProducer: String {
        let key = javaKey
        let keyNote = switch self.key {
        case .string: "key: the event ID"
        case .avro: "key: a GenericRecord of the key schema"
        case .bytes: "key: the key's bytes, or null"
        }
        var imports = ["io.confluent.kafka.serializers.KafkaAvroSerializer", "java.util.Properties",
                       "org.apache.avro.generic.GenericRecord", "org.apache.kafka.clients.producer.KafkaProducer",
                       "org.apache.kafka.clients.producer.ProducerConfig", "org.apache.kafka.clients.producer.ProducerRecord"]
        imports += key.imports.filter { $0.hasSuffix("Serializer") && !$0.hasSuffix("Deserializer") }
        let lines = imports.sorted().map { "import \($0);" } + [
            "",
            "Properties props = new Properties();",
            "props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, \(java(bootstrap)));",
            "props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, \(key.serializer).class);",
            "props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class);",
            "props.put(\"schema.registry.url\", \(java(registry)));",
            "// Write with the registered latest version; never register from a producer.",
            "props.put(\"auto.register.schemas\", false);",
            "props.put(\"use.latest.version\", true);",
            "",
            "// event: a GenericRecord of the schema; \(keyNote)",
            "try (KafkaProducer<\(key.type), GenericRecord> producer = new KafkaProducer<>(props)) {",
            "    producer.send(new ProducerRecord<>(\(java(topic)), key, event));",
            "}",
        ]
        return lines.joined(separator: "\n")
    }
}
