"""Produce-time validation seen by real clients: records that break the catalog's contract are refused with
INVALID_RECORD (or dead-lettered with `onInvalid: dlq`), the producers keep working, and no consumer ever sees a
refused record. The broker serves its Schema Registry API preloaded from a copy of the bundled catalog."""
import json
import pathlib
import shutil
import struct
import subprocess
import uuid

import pytest
from confluent_kafka import Consumer, KafkaError, Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from kafka import KafkaProducer
from kafka.errors import KafkaError as KafkaPythonError

from brokerproc import BrokerProcess

ROOT = pathlib.Path(__file__).resolve().parents[2]
ORDER_TOPIC = "orders.order-placed.v2"
ORDER_EXAMPLE = ROOT / "schemas/orders/order.placed.v2/examples/solstice-fleet.json"
DLQ_EVENT = "configuration/vehicle.configured"
DLQ_TOPIC = "vehicle.configured"
DLQ_EXAMPLE = ROOT / "schemas/configuration/vehicle.configured/examples/aurora-ev-web-cash.json"
TIMEOUT = 30


@pytest.fixture(scope="module")
def broker(herald_bin, tmp_path_factory):
    """A broker over a copy of the bundled catalog in which vehicle.configured says `onInvalid: dlq`."""
    tmp = tmp_path_factory.mktemp("validation")
    catalog = tmp / "schemas"
    shutil.copytree(ROOT / "schemas", catalog)
    event_yaml = catalog / DLQ_EVENT / "event.yaml"
    event_yaml.write_text(event_yaml.read_text() + "onInvalid: dlq\n")
    proc = BrokerProcess(herald_bin, tmp / "broker.log", extra_args=["--catalog", str(catalog)]).start()
    try:
        yield proc
    finally:
        assert proc.stop() == 0
        log = proc.log()
        # The shutdown report counts what was refused and dead-lettered per topic.
        assert f"topic={ORDER_TOPIC}" in log and "produce validation" in log


def registry(broker):
    return SchemaRegistryClient({"url": broker.registry_url})


def serializer(broker):
    return AvroSerializer(registry(broker), None, conf={"auto.register.schemas": False, "use.latest.version": True})


def encoded(broker, topic, example):
    """The example serialized by confluent-kafka's AvroSerializer with the latest registered version's ID."""
    value = json.loads(pathlib.Path(example).read_text())
    return serializer(broker)(value, SerializationContext(topic, MessageField.VALUE))


def latest_id(broker, subject):
    return registry(broker).get_latest_version(subject).schema_id


def framed(schema_id, body):
    return b"\x00" + struct.pack(">I", schema_id) + body


def confluent_produce(broker, topic, values, **config):
    """Produces each value in its own batch; returns the delivery error (or None) of each."""
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 0, "batch.num.messages": 1, **config})
    results = []
    for value in values:
        producer.produce(topic, value, callback=lambda err, msg: results.append(err))
        producer.flush(TIMEOUT)
    assert len(results) == len(values)
    return results


def consume_all(broker, topic, expected):
    """Every record of the topic, waiting until at least `expected` arrived and a quiet moment passed."""
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": f"check-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    records = []
    try:
        quiet = 0
        while quiet < 3 or len(records) < expected:
            message = consumer.poll(1.0)
            if message is None:
                quiet += 1
                if quiet > TIMEOUT:
                    break
                continue
            assert message.error() is None, message.error()
            records.append(message)
            quiet = 0
    finally:
        consumer.close()
    return records


def test_kcat_plain_text_is_refused_and_kcat_keeps_working(broker, tmp_path):
    text = tmp_path / "plain.txt"
    text.write_bytes(b"hello, not avro")
    valid = tmp_path / "valid.avro"
    valid.write_bytes(encoded(broker, ORDER_TOPIC, ORDER_EXAMPLE))
    # kcat sends each file as one message; one message per batch, so each is judged on its own.
    done = subprocess.run(["kcat", "-P", "-b", broker.bootstrap, "-t", ORDER_TOPIC, "-p", "1", "-X", "linger.ms=0",
                           "-X", "batch.num.messages=1", "-X", "max.in.flight=1", str(text), str(valid)],
                          capture_output=True, timeout=TIMEOUT)
    stderr = done.stderr.decode(errors="replace")
    failures = [line for line in stderr.splitlines() if "Delivery failed" in line]
    assert len(failures) == 1, stderr
    assert "Broker failed to validate record" in failures[0]
    assert "no Confluent framing (first byte 0x68: looks like text)" in broker.log()
    out = subprocess.run(["kcat", "-C", "-b", broker.bootstrap, "-t", ORDER_TOPIC, "-p", "1", "-o", "beginning", "-e", "-J"],
                         capture_output=True, timeout=TIMEOUT).stdout.decode(errors="replace")
    values = [json.loads(line)["payload"] for line in out.splitlines() if line.startswith("{")]
    assert len(values) == 1 and "hello" not in values[0]


def test_kafka_python_valid_id_with_garbage_avro_is_refused(broker):
    schema_id = latest_id(broker, f"{ORDER_TOPIC}-value")
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, retries=0, linger_ms=0)
    try:
        # A string length that runs past the end: garbage under a registered schema.
        garbage = framed(schema_id, b"\x48" + b"\xff" * 3)
        with pytest.raises(KafkaPythonError) as refused:
            producer.send(ORDER_TOPIC, garbage, partition=2).get(timeout=TIMEOUT)
        assert "87" in repr(refused.value) or "InvalidRecord" in type(refused.value).__name__ or "INVALID_RECORD" in repr(refused.value)
        # The same producer keeps working.
        valid = encoded(broker, ORDER_TOPIC, ORDER_EXAMPLE)
        producer.send(ORDER_TOPIC, valid, partition=2).get(timeout=TIMEOUT)
    finally:
        producer.close()
    assert f"record 0: $.eventId: expected string of length 36, found end of data at byte 5 (3 bytes left) (schema id {schema_id})" in broker.log()
    values = [m.value() for m in consume_all(broker, ORDER_TOPIC, 2) if m.partition() == 2]
    assert values == [valid]


def test_idempotent_confluent_kafka_unknown_id_is_refused_and_the_producer_continues(broker):
    valid = encoded(broker, ORDER_TOPIC, ORDER_EXAMPLE)
    unknown = framed(731, valid[5:])
    results = confluent_produce(broker, ORDER_TOPIC, [valid, unknown, valid, valid], **{"enable.idempotence": True})
    assert results[0] is None and results[2] is None and results[3] is None
    assert results[1] is not None and results[1].code() == KafkaError.INVALID_RECORD
    ids = ", ".join(str(i) for i in registered_ids(broker, f"{ORDER_TOPIC}-value"))
    assert f"schema id 731 is not registered under {ORDER_TOPIC}-value (registered: {ids})" in broker.log()


def test_avro_serializer_records_pass_and_no_consumer_sees_a_refused_record(broker):
    value = json.loads(ORDER_EXAMPLE.read_text())
    data = encoded(broker, ORDER_TOPIC, ORDER_EXAMPLE)
    results = confluent_produce(broker, ORDER_TOPIC, [data, b'{"eventId": "x"}', data])
    assert results[0] is None and results[2] is None
    assert results[1] is not None and results[1].code() == KafkaError.INVALID_RECORD
    records = consume_all(broker, ORDER_TOPIC, 1)
    # Everything stored is framed under a registered ID and deserializes to the example.
    deserializer = AvroDeserializer(registry(broker))
    ids = set(registered_ids(broker, f"{ORDER_TOPIC}-value"))
    for record in records:
        payload = record.value()
        assert payload[0] == 0 and struct.unpack(">I", payload[1:5])[0] in ids
        decoded = deserializer(payload, SerializationContext(ORDER_TOPIC, MessageField.VALUE))
        assert str(decoded["eventId"]) == value["eventId"]
    assert all(b"hello" not in r.value() and not r.value().startswith(b"{") for r in records)


def registered_ids(broker, subject):
    client = registry(broker)
    return sorted(client.get_version(subject, version).schema_id for version in client.get_versions(subject))


def test_dlq_takes_invalid_records_with_headers_and_the_produce_succeeds(broker):
    valid = encoded(broker, DLQ_TOPIC, DLQ_EXAMPLE)
    garbage = b'{"eventId": "not avro"}'
    results = confluent_produce(broker, DLQ_TOPIC, [valid, garbage], **{"enable.idempotence": True})
    assert results == [None, None]
    stored = consume_all(broker, DLQ_TOPIC, 1)
    assert [m.value() for m in stored] == [valid]
    dead = consume_all(broker, DLQ_TOPIC + ".dlq", 1)
    assert len(dead) == 1
    record = dead[0]
    assert record.value() == garbage
    headers = dict(record.headers())
    assert headers["herald.error"] == b"record 0: no Confluent framing (first byte 0x7b: looks like JSON)"
    assert headers["herald.error.rule"] == b"PRODUCE_NOT_FRAMED"
    assert headers["herald.original.topic"] == DLQ_TOPIC.encode()
    assert int(headers["herald.original.partition"]) >= 0
    assert "herald.schema.id" not in headers
    # A registered-but-wrong payload names its schema ID.
    schema_id = latest_id(broker, f"{DLQ_TOPIC}-value")
    wrong = framed(schema_id, b"\x02")
    assert confluent_produce(broker, DLQ_TOPIC, [wrong]) == [None]
    # The dead-letter topic has as many partitions as the event's: find the record, whatever its partition.
    dead = [m for m in consume_all(broker, DLQ_TOPIC + ".dlq", 2) if m.value() == wrong]
    assert len(dead) == 1
    headers = dict(dead[0].headers())
    assert headers["herald.schema.id"] == str(schema_id).encode()
    assert headers["herald.error.rule"] == b"PRODUCE_DATUM_INVALID"
    assert headers["herald.error"].startswith(b"record 0: $.eventId: ")


def test_no_validation_accepts_any_bytes(herald_bin, tmp_path):
    proc = BrokerProcess(herald_bin, tmp_path / "broker.log", extra_args=["--catalog", str(ROOT / "schemas"), "--no-validation"]).start()
    try:
        assert confluent_produce(proc, ORDER_TOPIC, [b"hello"]) == [None]
    finally:
        assert proc.stop() == 0
