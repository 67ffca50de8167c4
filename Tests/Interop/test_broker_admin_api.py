"""The admin API beyond topic creation, with confluent-kafka's and kafka-python's admin clients: CreatePartitions,
AlterConfigs / IncrementalAlterConfigs with DescribeConfigs, DeleteRecords and ListOffsets (earliest, latest, by
timestamp); each result checked against what producers and consumers then see."""
import time
import uuid

import pytest
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import (AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, NewPartitions, NewTopic,
                                   OffsetSpec)

from broker_fixtures import broker, durable_broker  # noqa: F401  (fixtures)

TIMEOUT = 20


def new_topic(admin, partitions=1):
    name = f"adm-{uuid.uuid4().hex[:8]}"
    admin.create_topics([NewTopic(name, partitions, 1)])[name].result(TIMEOUT)
    return name


def produce(bootstrap, topic, values, partition=0, timestamps=None):
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0})
    errors = []
    for index, value in enumerate(values):
        extra = {"timestamp": timestamps[index]} if timestamps else {}
        producer.produce(topic, value=value, partition=partition,
                         on_delivery=lambda err, msg: errors.append(err) if err else None, **extra)
        producer.flush(TIMEOUT)  # one batch per record, so offsets and timestamps line up
    return errors


def consume_from_beginning(bootstrap, topic, partition=0):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"r-{uuid.uuid4()}", "enable.partition.eof": True,
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, partition, -2)])  # OFFSET_BEGINNING: the log start offset
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
            out.append((msg.offset(), msg.value()))
    finally:
        consumer.close()
    raise AssertionError(f"no end of partition: {out!r}")


def topic_configs(admin, topic):
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
    return {name: entry.value for name, entry in admin.describe_configs([resource])[resource].result(TIMEOUT).items()}


def test_confluent_create_partitions(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    topic = new_topic(admin)
    admin.create_partitions([NewPartitions(topic, 3)])[topic].result(TIMEOUT)
    assert len(admin.list_topics(topic, timeout=TIMEOUT).topics[topic].partitions) == 3
    assert produce(broker.bootstrap, topic, [b"in-2"], partition=2) == []
    assert consume_from_beginning(broker.bootstrap, topic, partition=2) == [(0, b"in-2")]
    with pytest.raises(KafkaException) as raised:
        admin.create_partitions([NewPartitions(topic, 2)])[topic].result(TIMEOUT)
    assert raised.value.args[0].name() == "INVALID_PARTITIONS"


def test_confluent_incremental_and_full_alter_configs(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    topic = new_topic(admin)
    assert topic_configs(admin, topic)["max.message.bytes"] == "1048588"
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic, incremental_configs=[
        ConfigEntry("max.message.bytes", "2000", incremental_operation=AlterConfigOpType.SET),
        ConfigEntry("retention.ms", "3600000", incremental_operation=AlterConfigOpType.SET)])
    admin.incremental_alter_configs([resource])[resource].result(TIMEOUT)
    configs = topic_configs(admin, topic)
    assert configs["max.message.bytes"] == "2000" and configs["retention.ms"] == "3600000"
    # Honoured: a batch over the topic's limit is refused, a small one accepted.
    errors = produce(broker.bootstrap, topic, [b"x" * 3000])
    assert [e.name() for e in errors] == ["MSG_SIZE_TOO_LARGE"]
    assert produce(broker.bootstrap, topic, [b"small"]) == []

    reset = ConfigResource(ConfigResource.Type.TOPIC, topic, incremental_configs=[
        ConfigEntry("max.message.bytes", None, incremental_operation=AlterConfigOpType.DELETE)])
    admin.incremental_alter_configs([reset])[reset].result(TIMEOUT)
    assert topic_configs(admin, topic)["max.message.bytes"] == "1048588"

    bad = ConfigResource(ConfigResource.Type.TOPIC, topic, incremental_configs=[
        ConfigEntry("cleanup.policy", "shred", incremental_operation=AlterConfigOpType.SET)])
    with pytest.raises(KafkaException) as raised:
        admin.incremental_alter_configs([bad])[bad].result(TIMEOUT)
    assert raised.value.args[0].name() == "INVALID_CONFIG"

    # AlterConfigs replaces the whole set: retention.ms goes back to its default.
    full = ConfigResource(ConfigResource.Type.TOPIC, topic, set_config={"retention.bytes": "1000000"})
    admin.alter_configs([full])[full].result(TIMEOUT)
    configs = topic_configs(admin, topic)
    assert configs["retention.bytes"] == "1000000" and configs["retention.ms"] == "-1"


def test_retention_ms_set_on_a_topic_drops_old_batches(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    topic = new_topic(admin)
    old = int(time.time() * 1000) - 3_600_000
    assert produce(broker.bootstrap, topic, [b"old", b"new"], timestamps=[old, int(time.time() * 1000)]) == []
    resource = ConfigResource(ConfigResource.Type.TOPIC, topic, incremental_configs=[
        ConfigEntry("retention.ms", "600000", incremental_operation=AlterConfigOpType.SET)])
    admin.incremental_alter_configs([resource])[resource].result(TIMEOUT)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and consume_from_beginning(broker.bootstrap, topic) != [(1, b"new")]:
        time.sleep(0.5)
    assert consume_from_beginning(broker.bootstrap, topic) == [(1, b"new")]


def test_confluent_delete_records_and_list_offsets(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    topic = new_topic(admin)
    base = 1_700_000_000_000
    assert produce(broker.bootstrap, topic, [f"v{i}".encode() for i in range(6)],
                   timestamps=[base + 1000 * i for i in range(6)]) == []
    tp = TopicPartition(topic, 0)

    def offset(spec):
        return admin.list_offsets({tp: spec})[tp].result(TIMEOUT).offset

    assert offset(OffsetSpec.earliest()) == 0
    assert offset(OffsetSpec.latest()) == 6
    assert offset(OffsetSpec.for_timestamp(base + 2500)) == 3
    assert offset(OffsetSpec.for_timestamp(base + 3000)) == 3
    assert offset(OffsetSpec.for_timestamp(base + 99_000)) == -1
    # librdkafka sends the max-timestamp lookup (-3) at the ListOffsets version it negotiated.
    max_ts = admin.list_offsets({tp: OffsetSpec.max_timestamp()})[tp].result(TIMEOUT)
    assert (max_ts.offset, max_ts.timestamp) == (5, base + 5000)

    deleted = admin.delete_records([TopicPartition(topic, 0, 4)])[TopicPartition(topic, 0, 4)].result(TIMEOUT)
    assert deleted.low_watermark == 4
    assert offset(OffsetSpec.earliest()) == 4
    assert consume_from_beginning(broker.bootstrap, topic) == [(4, b"v4"), (5, b"v5")]
    low, high = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "wm"}).get_watermark_offsets(tp, TIMEOUT)
    assert (low, high) == (4, 6)


def test_delete_records_survives_a_restart(durable_broker, herald_bin, tmp_path):
    from brokerproc import BrokerProcess
    admin = AdminClient({"bootstrap.servers": durable_broker.bootstrap})
    assert produce(durable_broker.bootstrap, "one", [f"d{i}".encode() for i in range(5)]) == []
    admin.delete_records([TopicPartition("one", 0, 3)])[TopicPartition("one", 0, 3)].result(TIMEOUT)
    resource = ConfigResource(ConfigResource.Type.TOPIC, "one", set_config={"retention.ms": "86400000"})
    admin.alter_configs([resource])[resource].result(TIMEOUT)
    durable_broker.stop()
    again = BrokerProcess(herald_bin, tmp_path / "broker2.log", data_dir=tmp_path / "data").start()
    try:
        assert consume_from_beginning(again.bootstrap, "one") == [(3, b"d3"), (4, b"d4")]
        assert topic_configs(AdminClient({"bootstrap.servers": again.bootstrap}), "one")["retention.ms"] == "86400000"
    finally:
        again.stop()


def test_kafka_python_admin(broker):
    from kafka.admin import ConfigResource as KPConfigResource, ConfigResourceType, KafkaAdminClient, NewPartitions as KPNewPartitions
    from kafka.structs import TopicPartition as KPTopicPartition
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap, client_id="kafka-python-admin")
    try:
        topic = f"kpadm-{uuid.uuid4().hex[:8]}"
        confluent = AdminClient({"bootstrap.servers": broker.bootstrap})
        confluent.create_topics([NewTopic(topic, 1, 1)])[topic].result(TIMEOUT)
        admin.create_partitions({topic: KPNewPartitions(total_count=2)})
        assert len(confluent.list_topics(topic, timeout=TIMEOUT).topics[topic].partitions) == 2
        admin.alter_configs([KPConfigResource(ConfigResourceType.TOPIC, topic, configs={"retention.bytes": "5000000"})])
        assert topic_configs(confluent, topic)["retention.bytes"] == "5000000"
        described = admin.describe_configs([KPConfigResource(ConfigResourceType.TOPIC, topic)])
        assert "5000000" in str(described)
        assert produce(broker.bootstrap, topic, [b"a", b"b", b"c"]) == []
        result = admin.delete_records({KPTopicPartition(topic, 0): 2})
        assert "2" in str(result)
        assert consume_from_beginning(broker.bootstrap, topic) == [(2, b"c")]
    finally:
        admin.close()


def test_describe_cluster(broker):
    from kafka.admin import KafkaAdminClient
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap, client_id="kafka-python-cluster")
    try:
        cluster = admin.describe_cluster()
    finally:
        admin.close()
    assert cluster["cluster_id"] == "herald-local" and cluster["controller_id"] == 1
    assert [(b["broker_id"], b["host"], b["port"]) for b in cluster["brokers"]] == [(1, "127.0.0.1", broker.port)]
    assert "DescribeCluster" in str(broker.negotiated_versions().get("kafka-python-cluster"))
    confluent = AdminClient({"bootstrap.servers": broker.bootstrap})
    described = confluent.describe_cluster().result(TIMEOUT)
    assert described.cluster_id == "herald-local" and [n.id for n in described.nodes] == [1]
