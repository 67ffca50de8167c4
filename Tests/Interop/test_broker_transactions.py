"""Transactions against herald broker with real clients: confluent-kafka, kafka-python and aiokafka transactional
producers commit and abort; read_committed consumers see exactly the committed records, in order, and
read_uncommitted ones see everything; offsets sent with a transaction are committed only when it commits; a second
producer with the same transactional.id fences the first; a transaction open when the broker is killed (-9) is
aborted after the restart on the same --data-dir, and one left open past its timeout is aborted by the broker."""
import asyncio
import time
import uuid

import pytest

from broker_fixtures import broker  # noqa: F401  (fixture)
from brokerproc import BrokerProcess

TIMEOUT = 30


def txn_producer(bootstrap, transactional_id=None, **extra):
    from confluent_kafka import Producer
    config = {"bootstrap.servers": bootstrap, "transactional.id": transactional_id or f"tx-{uuid.uuid4()}",
              "linger.ms": 5, "client.id": "herald-txn-test"}
    config.update(extra)
    producer = Producer(config)
    producer.init_transactions(TIMEOUT)
    return producer


def read_values(bootstrap, topic, partitions=1, isolation="read_committed", timeout=TIMEOUT):
    """Every record value from offset 0 to each partition's end (the last stable offset for read_committed), in
    offset order per partition, as (partition, value) pairs."""
    from confluent_kafka import Consumer, TopicPartition
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"reader-{uuid.uuid4()}",
                         "isolation.level": isolation, "enable.partition.eof": True, "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
    values, at_end = [], set()
    deadline = time.monotonic() + timeout
    try:
        while len(at_end) < partitions and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                if msg.error().code() == msg.error()._PARTITION_EOF:
                    at_end.add(msg.partition())
                    continue
                raise AssertionError(msg.error())
            at_end.discard(msg.partition())
            values.append((msg.partition(), msg.value()))
    finally:
        consumer.close()
    assert len(at_end) == partitions, f"did not reach the end of {topic}: {values!r}"
    return values


def create_topic(bootstrap, topic, partitions=1):
    from confluent_kafka.admin import AdminClient, NewTopic
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, partitions, 1)])[topic].result(TIMEOUT)


def test_confluent_commit_and_abort_read_committed_sees_only_committed(broker):
    topic = f"txn-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, topic, partitions=2)
    producer = txn_producer(broker.bootstrap)
    expected = []
    for round_ in range(4):
        producer.begin_transaction()
        batch = [(i % 2, f"r{round_}-{i}".encode()) for i in range(10)]
        for partition, value in batch:
            producer.produce(topic, value=value, partition=partition)
        if round_ % 2 == 0:
            producer.commit_transaction(TIMEOUT)
            expected += batch
        else:
            # Delivered first, so the aborted records are in the log (abort purges what is still queued).
            assert producer.flush(TIMEOUT) == 0
            producer.abort_transaction(TIMEOUT)
    committed = read_values(broker.bootstrap, topic, partitions=2)
    for partition in range(2):
        assert [v for p, v in committed if p == partition] == [v for p, v in expected if p == partition]
    everything = read_values(broker.bootstrap, topic, partitions=2, isolation="read_uncommitted")
    assert len(everything) == 40


def test_read_committed_waits_for_an_open_transaction(broker):
    from confluent_kafka import Producer
    topic = f"txn-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, topic)
    producer = txn_producer(broker.bootstrap)
    producer.begin_transaction()
    producer.produce(topic, value=b"open-1")
    producer.flush(TIMEOUT)
    plain = Producer({"bootstrap.servers": broker.bootstrap})
    plain.produce(topic, value=b"plain", partition=0)
    plain.flush(TIMEOUT)
    # The open transaction's first record holds back everything after it, plain records included.
    assert read_values(broker.bootstrap, topic) == []
    assert [v for _, v in read_values(broker.bootstrap, topic, isolation="read_uncommitted")] == [b"open-1", b"plain"]
    producer.commit_transaction(TIMEOUT)
    assert [v for _, v in read_values(broker.bootstrap, topic)] == [b"open-1", b"plain"]


def test_send_offsets_to_transaction_commits_offsets_atomically(broker):
    from confluent_kafka import Consumer, TopicPartition
    source, sink = f"src-{uuid.uuid4().hex[:8]}", f"sink-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, source)
    create_topic(broker.bootstrap, sink)
    seed = txn_producer(broker.bootstrap)
    seed.begin_transaction()
    for i in range(6):
        seed.produce(source, value=f"in-{i}".encode(), partition=0)
    seed.commit_transaction(TIMEOUT)

    group = f"eos-{uuid.uuid4().hex[:8]}"
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, "isolation.level": "read_committed",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    consumer.subscribe([source])
    seen = []
    deadline = time.monotonic() + TIMEOUT
    while len(seen) < 6 and time.monotonic() < deadline:
        msg = consumer.poll(0.5)
        if msg is not None and not msg.error():
            seen.append(msg)
    assert len(seen) == 6
    producer = txn_producer(broker.bootstrap)

    def process(records, commit):
        producer.begin_transaction()
        for msg in records:
            producer.produce(sink, value=b"out-" + msg.value(), partition=0)
        offsets = [TopicPartition(source, 0, records[-1].offset() + 1)]
        producer.send_offsets_to_transaction(offsets, consumer.consumer_group_metadata(), TIMEOUT)
        if commit:
            producer.commit_transaction(TIMEOUT)
        else:
            assert producer.flush(TIMEOUT) == 0
            producer.abort_transaction(TIMEOUT)

    def committed():
        return consumer.committed([TopicPartition(source, 0)], TIMEOUT)[0].offset

    process(seen[:3], commit=True)
    assert committed() == seen[2].offset() + 1
    process(seen[3:], commit=False)
    assert committed() == seen[2].offset() + 1, "an aborted transaction's offsets must not be committed"
    consumer.close()
    assert [v for _, v in read_values(broker.bootstrap, sink)] == [b"out-in-0", b"out-in-1", b"out-in-2"]
    # librdkafka 2.16 sends the consumer's member and generation with TxnOffsetCommit v3 (KIP-447).
    versions = broker.negotiated_versions()["herald-txn-test"]
    assert (versions["InitProducerId"], versions["TxnOffsetCommit"]) == ([4], [3])


def test_a_second_producer_with_the_same_transactional_id_fences_the_first(broker):
    from confluent_kafka import KafkaException
    topic = f"txn-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, topic)
    transactional_id = f"fence-{uuid.uuid4().hex[:8]}"
    zombie = txn_producer(broker.bootstrap, transactional_id)
    zombie.begin_transaction()
    zombie.produce(topic, value=b"zombie", partition=0)
    zombie.flush(TIMEOUT)
    fresh = txn_producer(broker.bootstrap, transactional_id)
    fresh.begin_transaction()
    fresh.produce(topic, value=b"fresh", partition=0)
    fresh.commit_transaction(TIMEOUT)
    with pytest.raises(KafkaException) as raised:
        zombie.produce(topic, value=b"zombie-2", partition=0)
        zombie.commit_transaction(TIMEOUT)
    error = raised.value.args[0]
    assert error.fatal() or error.txn_requires_abort(), error
    assert "fenced" in error.str().lower() or error.code() in (error._FENCED, error.PRODUCER_FENCED,
                                                               error.INVALID_PRODUCER_EPOCH), error
    assert [v for _, v in read_values(broker.bootstrap, topic)] == [b"fresh"]


def test_kafka_python_transactional_producer(broker):
    from kafka import KafkaProducer
    topic = f"txn-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, topic)
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, transactional_id=f"kp-{uuid.uuid4().hex[:8]}",
                             client_id="kafka-python-txn")
    producer.init_transactions()
    producer.begin_transaction()
    for i in range(5):
        producer.send(topic, value=f"kp-c{i}".encode(), partition=0)
    producer.commit_transaction()
    producer.begin_transaction()
    for i in range(5):
        producer.send(topic, value=f"kp-a{i}".encode(), partition=0)
    producer.flush()
    producer.abort_transaction()
    producer.close()
    assert [v for _, v in read_values(broker.bootstrap, topic)] == [f"kp-c{i}".encode() for i in range(5)]
    assert len(read_values(broker.bootstrap, topic, isolation="read_uncommitted")) == 10


def test_aiokafka_transactional_producer(broker):
    from aiokafka import AIOKafkaProducer
    topic = f"txn-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, topic)

    async def run():
        producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, transactional_id=f"aio-{uuid.uuid4().hex[:8]}",
                                    client_id="aiokafka-txn")
        await producer.start()
        try:
            async with producer.transaction():
                for i in range(5):
                    await producer.send(topic, value=f"aio-c{i}".encode(), partition=0)
            await producer.begin_transaction()
            for i in range(5):
                await producer.send(topic, value=f"aio-a{i}".encode(), partition=0)
            await producer.abort_transaction()
        finally:
            await producer.stop()

    asyncio.run(asyncio.wait_for(run(), TIMEOUT))
    assert [v for _, v in read_values(broker.bootstrap, topic)] == [f"aio-c{i}".encode() for i in range(5)]


def test_an_abandoned_transaction_is_aborted_after_its_timeout(broker):
    topic = f"txn-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, topic)
    producer = txn_producer(broker.bootstrap, **{"transaction.timeout.ms": 1500})
    producer.begin_transaction()
    producer.produce(topic, value=b"abandoned", partition=0)
    producer.flush(TIMEOUT)
    assert read_values(broker.bootstrap, topic, timeout=5) == []
    time.sleep(2.5)
    # The broker aborted it: the last stable offset moved past the abort marker, and nothing is visible.
    from confluent_kafka import Consumer, TopicPartition
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "lso", "isolation.level": "read_committed"})
    low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), TIMEOUT)
    consumer.close()
    assert (low, high) == (0, 2)
    assert read_values(broker.bootstrap, topic) == []
    assert "transaction timed out, aborted" in broker.log()


def test_kill_9_mid_transaction_aborts_it_after_restart(herald_bin, tmp_path):
    data = tmp_path / "data"
    first = BrokerProcess(herald_bin, tmp_path / "broker.log", data_dir=data, extra_args=["--topic", "orders:2"]).start()
    try:
        transactional_id = f"crash-{uuid.uuid4().hex[:8]}"
        producer = txn_producer(first.bootstrap, transactional_id)
        producer.begin_transaction()
        for i in range(4):
            producer.produce("orders", value=f"kept-{i}".encode(), partition=i % 2)
        producer.commit_transaction(TIMEOUT)
        producer.begin_transaction()
        for i in range(4):
            producer.produce("orders", value=f"lost-{i}".encode(), partition=i % 2)
        producer.flush(TIMEOUT)
        port = first.port
        first.kill()
    finally:
        if first.proc is not None:
            first.kill()
    second = BrokerProcess(herald_bin, tmp_path / "broker2.log", data_dir=data, kafka_port=port).start()
    try:
        committed = read_values(second.bootstrap, "orders", partitions=2)
        assert sorted(v for _, v in committed) == [f"kept-{i}".encode() for i in range(4)]
        everything = read_values(second.bootstrap, "orders", partitions=2, isolation="read_uncommitted")
        assert len(everything) == 8
        assert "open transaction aborted on recovery" in second.log()
        # The application restarts too: a producer with the same transactional id carries on.
        again = txn_producer(second.bootstrap, transactional_id)
        again.begin_transaction()
        again.produce("orders", value=b"after", partition=0)
        again.commit_transaction(TIMEOUT)
        assert [v for p, v in read_values(second.bootstrap, "orders", partitions=2) if p == 0] == [b"kept-0", b"kept-2", b"after"]
    finally:
        second.stop()


def test_kafka_python_admin_lists_and_describes_transactions(broker):
    from kafka.admin import KafkaAdminClient
    topic = f"txn-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, topic, partitions=2)
    transactional_id = f"listed-{uuid.uuid4().hex[:8]}"
    producer = txn_producer(broker.bootstrap, transactional_id)
    producer.begin_transaction()
    producer.produce(topic, value=b"x", partition=1)
    producer.flush(TIMEOUT)
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap, client_id="kafka-python-txn-admin")
    try:
        listed = admin.list_transactions()
        assert transactional_id in str(listed) and "Ongoing" in str(listed), listed
        described = str(admin.describe_transactions([transactional_id]))
        assert "Ongoing" in described and topic in described, described
        producer.commit_transaction(TIMEOUT)
        assert "CompleteCommit" in str(admin.describe_transactions([transactional_id]))
        assert transactional_id not in str(admin.list_transactions(state_filters=["Ongoing"]))
    finally:
        admin.close()


def test_kafka_python_admin_describes_producers(broker):
    from kafka import TopicPartition as KPTopicPartition
    from kafka.admin import KafkaAdminClient
    topic = f"txn-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, topic)
    producer = txn_producer(broker.bootstrap)
    producer.begin_transaction()
    for i in range(3):
        producer.produce(topic, value=f"p{i}".encode(), partition=0)
    producer.flush(TIMEOUT)
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap, client_id="kafka-python-producers")
    try:
        state = admin.describe_producers([KPTopicPartition(topic, 0)])[KPTopicPartition(topic, 0)]
        [active] = state.active_producers
        # Three records in one open transaction from offset 0.
        assert (active.producer_epoch, active.last_sequence, active.current_transaction_start_offset) == (0, 2, 0)
        producer.commit_transaction(TIMEOUT)
        state = admin.describe_producers([KPTopicPartition(topic, 0)])[KPTopicPartition(topic, 0)]
        assert [p.current_transaction_start_offset for p in state.active_producers] == [-1]
    finally:
        admin.close()


def test_kafka_python_send_offsets_with_group_metadata_and_the_versions_negotiated(broker):
    """kafka-python's consume-transform-produce with the consumer's group metadata (KIP-447): TxnOffsetCommit v3
    names the member and generation; the transaction calls are negotiated at their flexible versions."""
    from kafka import KafkaConsumer, KafkaProducer
    from kafka.structs import OffsetAndMetadata, TopicPartition as KPTopicPartition
    source, sink = f"kpsrc-{uuid.uuid4().hex[:8]}", f"kpsink-{uuid.uuid4().hex[:8]}"
    create_topic(broker.bootstrap, source)
    create_topic(broker.bootstrap, sink)
    seed = txn_producer(broker.bootstrap)
    seed.begin_transaction()
    for i in range(4):
        seed.produce(source, value=f"in-{i}".encode(), partition=0)
    seed.commit_transaction(TIMEOUT)

    group = f"kpeos-{uuid.uuid4().hex[:8]}"
    consumer = KafkaConsumer(source, bootstrap_servers=broker.bootstrap, group_id=group, client_id="kafka-python-eos",
                             enable_auto_commit=False, auto_offset_reset="earliest", isolation_level="read_committed")
    records = []
    deadline = time.monotonic() + TIMEOUT
    while len(records) < 4 and time.monotonic() < deadline:
        for batch in consumer.poll(timeout_ms=500).values():
            records.extend(batch)
    assert [r.value for r in records] == [f"in-{i}".encode() for i in range(4)]
    metadata = consumer.group_metadata()
    assert metadata.generation_id >= 1 and metadata.member_id

    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, transactional_id=f"kpeos-{uuid.uuid4().hex[:8]}",
                             client_id="kafka-python-eos")
    producer.init_transactions()
    producer.begin_transaction()
    for record in records:
        producer.send(sink, value=b"out-" + record.value, partition=0)
    producer.send_offsets_to_transaction({KPTopicPartition(source, 0): OffsetAndMetadata(records[-1].offset + 1, "", -1)},
                                         metadata)
    producer.commit_transaction()
    producer.close()
    assert consumer.committed(KPTopicPartition(source, 0)) == records[-1].offset + 1
    consumer.close()
    assert [v for _, v in read_values(broker.bootstrap, sink)] == [f"out-in-{i}".encode() for i in range(4)]
    versions = broker.negotiated_versions()["kafka-python-eos"]
    assert {api: versions.get(api) for api in ("InitProducerId", "AddPartitionsToTxn", "AddOffsetsToTxn",
                                               "TxnOffsetCommit", "EndTxn")} == {
        "InitProducerId": [4], "AddPartitionsToTxn": [3], "AddOffsetsToTxn": [3], "TxnOffsetCommit": [3], "EndTxn": [3]}
