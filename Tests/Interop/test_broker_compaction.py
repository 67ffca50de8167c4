"""Compacted topics (`cleanup.policy=compact`) with confluent-kafka and kafka-python: keyed records and tombstones
produced, the broker's periodic compaction pass (every second, once `min.cleanable.dirty.ratio` of the log is new)
awaited, the log read back with its gaps; keyless records refused; the compacted log kept across a restart."""
import time
import uuid

import pytest
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, NewTopic

from broker_fixtures import broker, durable_broker  # noqa: F401  (fixtures)

TIMEOUT = 20


def create_compacted(bootstrap, **configs):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    name = f"cmp-{uuid.uuid4().hex[:8]}"
    admin.create_topics([NewTopic(name, 1, 1, config={"cleanup.policy": "compact", **configs})])[name].result(TIMEOUT)
    return name


def produce_keyed(bootstrap, topic, pairs):
    """Produces (key, value) pairs (value None: a tombstone) as a few batches, then a last record `end` in a batch of
    its own: the newest batch is never compacted. Returns {offset: (key, value)} from the delivery reports."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20})
    delivered = {}
    errors = []

    def report(err, msg):
        if err:
            errors.append(err)
        else:
            delivered[msg.offset()] = (msg.key(), msg.value())

    for key, value in pairs:
        producer.produce(topic, key=key, value=value, partition=0, on_delivery=report)
    producer.flush(TIMEOUT)
    producer.produce(topic, key=b"end", value=b"end", partition=0, on_delivery=report)
    producer.flush(TIMEOUT)
    assert errors == []
    return delivered


def read_all(bootstrap, topic):
    """Every record from the log start to the end: [(offset, key, value)]."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"r-{uuid.uuid4()}", "enable.partition.eof": True,
                         "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, 0, -2)])
    out = []
    deadline = time.monotonic() + TIMEOUT
    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() == msg.error()._PARTITION_EOF:
                    return out
                raise AssertionError(msg.error())
            out.append((msg.offset(), msg.key(), msg.value()))
    finally:
        consumer.close()
    raise AssertionError(f"no end of partition: {out!r}")


def last_per_key(delivered, drop_tombstones=False):
    latest = {}
    for offset in sorted(delivered):
        key, value = delivered[offset]
        latest[key] = (offset, key, value)
    return sorted(r for r in latest.values() if not (drop_tombstones and r[2] is None))


def wait_for(bootstrap, topic, expected, timeout=15):
    deadline = time.monotonic() + timeout
    seen = read_all(bootstrap, topic)
    while seen != expected and time.monotonic() < deadline:
        time.sleep(0.5)
        seen = read_all(bootstrap, topic)
    assert seen == expected
    return seen


def updates(rounds=5, keys=6):
    pairs = [(f"k{k}".encode(), f"v{r}-{k}".encode()) for r in range(rounds) for k in range(keys)]
    return pairs + [(b"k1", None), (b"k4", None)]


def test_confluent_compacted_topic_keeps_the_last_value_per_key(broker):
    topic = create_compacted(broker.bootstrap)
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
    configs = admin.describe_configs([resource])[resource].result(TIMEOUT)
    assert configs["cleanup.policy"].value == "compact" and configs["delete.retention.ms"].value == "86400000"

    delivered = produce_keyed(broker.bootstrap, topic, updates())
    assert len(delivered) == 33
    compacted = wait_for(broker.bootstrap, topic, last_per_key(delivered))
    # Offsets are kept, so the log has gaps; tombstones stay within delete.retention.ms; the low watermark stays 0.
    assert [r[0] for r in compacted] == [24, 26, 27, 29, 30, 31, 32]
    assert (b"k1", None) in [(r[1], r[2]) for r in compacted]
    low, high = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "wm"}).get_watermark_offsets(
        TopicPartition(topic, 0), TIMEOUT)
    assert (low, high) == (0, 33)

    # delete.retention.ms set to 0: the next pass removes the tombstones as well.
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic, incremental_configs=[
        ConfigEntry("delete.retention.ms", "0", incremental_operation=AlterConfigOpType.SET)])
    admin.incremental_alter_configs([resource])[resource].result(TIMEOUT)
    wait_for(broker.bootstrap, topic, last_per_key(delivered, drop_tombstones=True))


def test_a_consumer_group_reads_a_compacted_log_across_its_gaps(broker):
    topic = create_compacted(broker.bootstrap)
    delivered = produce_keyed(broker.bootstrap, topic, updates())
    expected = wait_for(broker.bootstrap, topic, last_per_key(delivered))
    # A group member that committed an offset now inside a gap resumes at the next record kept.
    group = f"g-{uuid.uuid4()}"
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, "enable.auto.commit": False,
                         "auto.offset.reset": "earliest"})
    consumer.commit(offsets=[TopicPartition(topic, 0, 3)], asynchronous=False)
    consumer.subscribe([topic])
    got = []
    deadline = time.monotonic() + TIMEOUT
    while len(got) < len(expected) and time.monotonic() < deadline:
        msg = consumer.poll(0.5)
        if msg is not None and not msg.error():
            got.append((msg.offset(), msg.key(), msg.value()))
    consumer.close()
    assert got == expected


def test_a_keyless_record_is_refused_on_a_compacted_topic(broker):
    topic = create_compacted(broker.bootstrap)
    producer = Producer({"bootstrap.servers": broker.bootstrap, "linger.ms": 0, "retries": 0})
    errors = []
    producer.produce(topic, value=b"no key", partition=0, on_delivery=lambda err, msg: errors.append(err))
    producer.flush(TIMEOUT)
    assert len(errors) == 1 and errors[0] is not None and errors[0].name() == "INVALID_RECORD"
    # librdkafka reports the code only; the broker logs Kafka's message (Produce v8 also carries it).
    with open(broker.log_path) as log:
        assert f"Compacted topic cannot accept message without key in topic partition {topic}-0." in log.read()


def test_compact_delete_and_bad_policies(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    both = create_compacted(broker.bootstrap, **{"cleanup.policy": "delete,compact", "retention.ms": "86400000"})
    resource = ConfigResource(ConfigResource.Type.TOPIC, both)
    assert admin.describe_configs([resource])[resource].result(TIMEOUT)["cleanup.policy"].value == "compact,delete"
    name = f"cmp-{uuid.uuid4().hex[:8]}"
    with pytest.raises(KafkaException) as raised:
        admin.create_topics([NewTopic(name, 1, 1, config={"cleanup.policy": "archive"})])[name].result(TIMEOUT)
    assert raised.value.args[0].name() == "INVALID_CONFIG"
    # A delete topic turned compact by AlterConfigs is compacted from the next pass.
    plain = f"cmp-{uuid.uuid4().hex[:8]}"
    admin.create_topics([NewTopic(plain, 1, 1)])[plain].result(TIMEOUT)
    delivered = produce_keyed(broker.bootstrap, plain, updates(rounds=2, keys=2))
    assert len(read_all(broker.bootstrap, plain)) == len(delivered)
    resource = ConfigResource(ConfigResource.Type.TOPIC, plain, set_config={"cleanup.policy": "compact"})
    admin.alter_configs([resource])[resource].result(TIMEOUT)
    wait_for(broker.bootstrap, plain, last_per_key(delivered))


def test_kafka_python_compacted_topic(broker):
    from kafka import KafkaConsumer, KafkaProducer
    from kafka.admin import KafkaAdminClient, NewTopic as KPNewTopic
    from kafka.errors import InvalidRecordError
    from kafka.structs import TopicPartition as KPTopicPartition
    topic = f"kpcmp-{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap, client_id="kafka-python-compact")
    try:
        admin.create_topics([KPNewTopic(topic, 1, 1, topic_configs={"cleanup.policy": "compact"})])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, linger_ms=20)
    delivered = {}
    futures = [(key, value, producer.send(topic, key=key, value=value, partition=0)) for key, value in updates(3, 4)]
    producer.flush()
    for key, value, future in futures:
        delivered[future.get(TIMEOUT).offset] = (key, value)
    last = producer.send(topic, key=b"end", value=b"end", partition=0)
    producer.flush()
    delivered[last.get(TIMEOUT).offset] = (b"end", b"end")
    with pytest.raises(InvalidRecordError):
        producer.send(topic, value=b"no key", partition=0).get(TIMEOUT)
    producer.close()

    expected = wait_for(broker.bootstrap, topic, last_per_key(delivered))
    consumer = KafkaConsumer(bootstrap_servers=broker.bootstrap, enable_auto_commit=False, consumer_timeout_ms=3000)
    consumer.assign([KPTopicPartition(topic, 0)])
    consumer.seek_to_beginning()
    got = [(m.offset, m.key, m.value) for m in consumer]
    consumer.close()
    assert got == expected


def test_a_compacted_log_stays_compacted_across_a_restart(durable_broker, herald_bin, tmp_path):
    from brokerproc import BrokerProcess
    topic = create_compacted(durable_broker.bootstrap)
    delivered = produce_keyed(durable_broker.bootstrap, topic, updates())
    expected = wait_for(durable_broker.bootstrap, topic, last_per_key(delivered))
    durable_broker.stop()
    again = BrokerProcess(herald_bin, tmp_path / "broker2.log", data_dir=tmp_path / "data").start()
    try:
        assert read_all(again.bootstrap, topic) == expected
        low, high = Consumer({"bootstrap.servers": again.bootstrap, "group.id": "wm"}).get_watermark_offsets(
            TopicPartition(topic, 0), TIMEOUT)
        assert (low, high) == (0, 33)
        # New records continue at the old log end.
        more = produce_keyed(again.bootstrap, topic, [(b"k0", b"after")])
        assert sorted(more) == [33, 34]
    finally:
        again.stop()
