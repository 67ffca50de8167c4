"""confluent-kafka's SchemaRegistryClient, AvroSerializer and AvroDeserializer against herald broker's registry."""
import json
import pathlib
import subprocess
import uuid

import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.serialization import MessageField, SerializationContext

from registry_fixtures import catalog_registry, empty_registry  # noqa: F401

ROOT = pathlib.Path(__file__).resolve().parents[2]

V1 = json.dumps({"type": "record", "name": "Order", "namespace": "com.example", "fields": [
    {"name": "id", "type": "string"},
]})
V2 = json.dumps({"type": "record", "name": "Order", "namespace": "com.example", "fields": [
    {"name": "id", "type": "string"},
    {"name": "note", "type": ["null", "string"], "default": None},
]})
# A required field without a default: not BACKWARD compatible with V1.
BREAKING = json.dumps({"type": "record", "name": "Order", "namespace": "com.example", "fields": [
    {"name": "id", "type": "string"},
    {"name": "amount", "type": "long"},
]})


def test_register_lookup_get_by_id_and_versions(empty_registry):
    client = SchemaRegistryClient({"url": empty_registry.registry_url})
    first = client.register_schema("orders-value", Schema(V1, "AVRO"))
    assert first == 1
    # Registering the same schema again changes nothing.
    assert client.register_schema("orders-value", Schema(V1, "AVRO")) == first
    second = client.register_schema("orders-value", Schema(V2, "AVRO"))
    assert second == 2

    found = client.lookup_schema("orders-value", Schema(V2, "AVRO"))
    assert (found.schema_id, found.version, found.subject) == (second, 2, "orders-value")
    assert json.loads(client.get_schema(first).schema_str) == json.loads(V1)
    assert client.get_subjects() == ["orders-value"]
    assert client.get_versions("orders-value") == [1, 2]
    latest = client.get_latest_version("orders-value")
    assert (latest.version, latest.schema_id) == (2, second)
    assert client.get_version("orders-value", 1).schema_id == first
    assert client.get_schema_types() == ["AVRO"]
    assert client.get_subjects_by_schema_id(second) == ["orders-value"]

    # The same schema under another subject keeps its ID.
    assert client.register_schema("audit-value", Schema(V1, "AVRO")) == first
    versions = client.get_schema_versions(first)
    assert sorted((v.subject, v.version) for v in versions) == [("audit-value", 1), ("orders-value", 1)]


def test_incompatible_registration_is_refused_with_409(empty_registry):
    client = SchemaRegistryClient({"url": empty_registry.registry_url})
    client.register_schema("orders-value", Schema(V1, "AVRO"))
    assert client.test_compatibility("orders-value", Schema(V2, "AVRO")) is True
    assert client.test_compatibility("orders-value", Schema(BREAKING, "AVRO")) is False
    with pytest.raises(SchemaRegistryError) as refused:
        client.register_schema("orders-value", Schema(BREAKING, "AVRO"))
    assert refused.value.http_status_code == 409
    assert refused.value.error_code == 409
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in refused.value.error_message
    assert "'amount'" in refused.value.error_message
    assert client.get_versions("orders-value") == [1]


def test_compatibility_config_and_modes(empty_registry):
    client = SchemaRegistryClient({"url": empty_registry.registry_url})
    client.register_schema("orders-value", Schema(V1, "AVRO"))
    assert client.get_compatibility() == "BACKWARD"
    with pytest.raises(SchemaRegistryError) as missing:
        client.get_compatibility("orders-value")
    assert missing.value.error_code == 40408
    assert client.set_compatibility("orders-value", "NONE") == {"compatibility": "NONE"}
    assert client.get_compatibility("orders-value") == "NONE"
    # NONE lets the breaking version in.
    assert client.register_schema("orders-value", Schema(BREAKING, "AVRO")) > 0
    client.set_compatibility(level="FULL_TRANSITIVE")
    assert client.get_compatibility() == "FULL_TRANSITIVE"
    assert client.get_global_mode() == "READWRITE"
    assert client.update_global_mode("READONLY") == "READONLY"
    with pytest.raises(SchemaRegistryError) as readonly:
        client.register_schema("other-value", Schema(V1, "AVRO"))
    assert readonly.value.error_code == 42205
    client.update_global_mode("READWRITE")


def test_soft_then_permanent_delete(empty_registry):
    client = SchemaRegistryClient({"url": empty_registry.registry_url})
    client.register_schema("orders-value", Schema(V1, "AVRO"))
    client.register_schema("orders-value", Schema(V2, "AVRO"))
    assert client.delete_version("orders-value", 2) == 2
    assert client.get_versions("orders-value") == [1]
    with pytest.raises(SchemaRegistryError) as not_soft:
        client.delete_subject("orders-value", permanent=True)
    assert not_soft.value.error_code == 40405
    assert client.delete_subject("orders-value") == [1]
    assert client.get_subjects() == []
    assert client.get_subjects(deleted=True) == ["orders-value"]
    assert client.delete_subject("orders-value", permanent=True) == [1, 2]
    assert client.get_subjects(deleted=True) == []
    with pytest.raises(SchemaRegistryError) as gone:
        client.get_versions("orders-value")
    assert gone.value.error_code == 40401


def test_references_resolve_for_registration_and_deserialization(empty_registry):
    client = SchemaRegistryClient({"url": empty_registry.registry_url})
    money = json.dumps({"type": "record", "name": "Money", "namespace": "com.example.common", "fields": [
        {"name": "amountMinor", "type": "long"}, {"name": "currency", "type": "string"}]})
    client.register_schema("com.example.common.Money", Schema(money, "AVRO"))
    order = json.dumps({"type": "record", "name": "Priced", "namespace": "com.example", "fields": [
        {"name": "id", "type": "string"}, {"name": "total", "type": "com.example.common.Money"}]})
    refs = [SchemaReference("com.example.common.Money", "com.example.common.Money", 1)]
    order_id = client.register_schema("priced-value", Schema(order, "AVRO", refs))
    fetched = client.get_schema(order_id)
    assert [(r.name, r.subject, r.version) for r in fetched.references] == [
        ("com.example.common.Money", "com.example.common.Money", 1)]
    assert client.get_referenced_by("com.example.common.Money", 1) == [order_id]
    with pytest.raises(SchemaRegistryError) as referenced:
        client.delete_subject("com.example.common.Money")
    assert referenced.value.error_code == 42206

    # The serializer resolves the references it is given; the deserializer fetches them by ID.
    serializer = AvroSerializer(client, Schema(order, "AVRO", refs), conf={"auto.register.schemas": False, "use.latest.version": True})
    deserializer = AvroDeserializer(client)
    ctx = SerializationContext("priced", MessageField.VALUE)
    value = {"id": "o-1", "total": {"amountMinor": 4200, "currency": "EUR"}}
    data = serializer(value, ctx)
    assert data[0] == 0 and int.from_bytes(data[1:5], "big") == order_id
    assert deserializer(data, ctx) == value


def test_avro_serializer_produce_consume_deserializer(empty_registry):
    url = empty_registry.registry_url
    client = SchemaRegistryClient({"url": url})
    topic = f"orders.{uuid.uuid4().hex[:8]}"
    serializer = AvroSerializer(client, V2)
    deserializer = AvroDeserializer(client)
    values = [{"id": f"o-{i}", "note": None if i % 2 else f"note {i}"} for i in range(5)]
    producer = Producer({"bootstrap.servers": empty_registry.bootstrap})
    for value in values:
        producer.produce(topic, value=serializer(value, SerializationContext(topic, MessageField.VALUE)))
    assert producer.flush(15) == 0
    # The serializer registered the schema under the topic's value subject.
    assert client.get_versions(f"{topic}-value") == [1]

    consumer = Consumer({"bootstrap.servers": empty_registry.bootstrap, "group.id": "g-" + topic,
                         "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    seen = []
    try:
        for _ in range(60):
            message = consumer.poll(0.5)
            if message is None or message.error():
                if len(seen) == len(values):
                    break
                continue
            seen.append(deserializer(message.value(), SerializationContext(topic, MessageField.VALUE)))
            if len(seen) == len(values):
                break
    finally:
        consumer.close()
    assert seen == values


def test_catalog_subjects_are_preloaded_and_serializable(catalog_registry, herald_bin):
    client = SchemaRegistryClient({"url": catalog_registry.registry_url})
    subjects = client.get_subjects()
    assert "vehicle.configured-value" in subjects
    assert "com.examplemotors.common.Money" in subjects
    latest = client.get_latest_version("vehicle.configured-value")
    assert latest.version == len(client.get_versions("vehicle.configured-value"))
    assert {r.subject for r in latest.schema.references} >= {"com.examplemotors.common.Money"}
    # A catalog example framed with the registry's ID (encoded by Herald from the catalog files) decodes in
    # AvroDeserializer, which needs the shared types it fetches through the references.
    event = ROOT / "schemas" / "configuration" / "vehicle.configured"
    example = event / "examples" / "aurora-ev-web-cash.json"
    framed = subprocess.run(
        [herald_bin, "avro", "encode", "--schema", str(event / f"v{latest.version}.avsc"),
         "--types", str(ROOT / "schemas" / "types"), "--confluent-id", str(latest.schema_id), str(example)],
        capture_output=True, check=True).stdout
    decoded = AvroDeserializer(client)(framed, SerializationContext("vehicle.configured", MessageField.VALUE))
    expected = json.loads(example.read_text())
    assert str(decoded["eventId"]) == expected["eventId"]
    assert decoded["configurationCode"] == expected["configurationCode"]
    # Schema IDs follow the documented rule: the same catalog always gets the same IDs.
    assert client.get_schema(1).schema_str


def test_serializer_against_the_catalog_uses_the_catalog_ids(catalog_registry):
    """What a newcomer does: AvroSerializer with the subject's latest version, produce, consume, deserialize; and
    auto-registering the catalog schema with its references resolved finds the catalog version instead of adding one."""
    client = SchemaRegistryClient({"url": catalog_registry.registry_url})
    latest = client.get_latest_version("vehicle.configured-value")
    example = ROOT / "schemas" / "configuration" / "vehicle.configured" / "examples" / "aurora-ev-web-cash.json"
    value = json.loads(example.read_text())
    ctx = SerializationContext("vehicle.configured", MessageField.VALUE)
    serializer = AvroSerializer(client, None, conf={"auto.register.schemas": False, "use.latest.version": True})
    data = serializer(value, ctx)
    assert data[0] == 0 and int.from_bytes(data[1:5], "big") == latest.schema_id

    producer = Producer({"bootstrap.servers": catalog_registry.bootstrap})
    producer.produce("vehicle.configured", value=data)
    assert producer.flush(15) == 0
    consumer = Consumer({"bootstrap.servers": catalog_registry.bootstrap, "group.id": "newcomer",
                         "auto.offset.reset": "earliest"})
    consumer.subscribe(["vehicle.configured"])
    try:
        message = None
        for _ in range(60):
            message = consumer.poll(0.5)
            if message is not None and not message.error():
                break
        assert message is not None and not message.error()
        decoded = AvroDeserializer(client)(message.value(), ctx)
    finally:
        consumer.close()
    assert str(decoded["eventId"]) == value["eventId"]
    assert decoded["configurationCode"] == value["configurationCode"]

    resolved = SchemaRegistryClient({"url": catalog_registry.registry_url}).get_schema(latest.schema_id, fmt="resolved")
    assert resolved.references == []
    assert client.register_schema("vehicle.configured-value", Schema(resolved.schema_str, "AVRO")) == latest.schema_id
    assert client.get_versions("vehicle.configured-value")[-1] == latest.version
