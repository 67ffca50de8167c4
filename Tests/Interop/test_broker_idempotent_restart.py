"""An idempotent producer keeps producing while the broker is killed (-9) and restarted on the same --data-dir:
afterwards every acknowledged record is stored, and none twice.

The first broker holds each Produce response for ACK_DELAY_MS after the append (the test-only
--test-produce-ack-delay-ms), so the kill always falls between appends and their acknowledgements: batches that
are on disk but unacknowledged are retried by the client after the restart with the same producer id, epoch and
sequences, and only a producer state rebuilt from the log tells them apart from new batches.
"""
import struct
import threading
import time
import uuid

import pytest

from brokerproc import BrokerProcess

ACK_DELAY_MS = 500
BEFORE_KILL_MIN_ACKED = 50
AFTER_RESTART = 2_000
TIMEOUT = 60


def stored_records(segment):
    """Records in a partition's segment file ([u32 length][stored batch] ...); recordCount is the batch's last int32
    before the records, at byte 57."""
    data = segment.read_bytes()
    count, position = 0, 0
    while position + 4 <= len(data):
        (length,) = struct.unpack_from(">I", data, position)
        if position + 4 + length > len(data):
            break
        count += struct.unpack_from(">i", data, position + 4 + 57)[0]
        position += 4 + length
    return count


class ConfluentProducer:
    def __init__(self, bootstrap, topic):
        from confluent_kafka import Producer
        self.topic = topic
        self.acked, self.errors = [], []
        self.producer = Producer({
            "bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "linger.ms": 5,
            "message.timeout.ms": TIMEOUT * 1000, "reconnect.backoff.ms": 50, "reconnect.backoff.max.ms": 200,
            "client.id": "confluent-idempotent-restart"})

    def _report(self, err, msg):
        if err is None:
            self.acked.append(msg.value())
        else:
            self.errors.append(err)

    def send(self, value, timestamp=None):
        extra = {"timestamp": timestamp} if timestamp is not None else {}
        self.producer.produce(self.topic, value=value, partition=0, on_delivery=self._report, **extra)
        self.producer.poll(0)

    def settle(self, seconds):
        self.producer.poll(seconds)

    def flush(self):
        assert self.producer.flush(TIMEOUT) == 0, "the producer did not deliver everything"

    def finish(self):
        self.flush()


class KafkaPythonProducer:
    def __init__(self, bootstrap, topic):
        from kafka import KafkaProducer
        self.topic = topic
        self.acked, self.errors = [], []
        self.lock = threading.Lock()
        self.futures = []
        self.producer = KafkaProducer(
            bootstrap_servers=bootstrap, enable_idempotence=True, acks="all", linger_ms=5,
            max_in_flight_requests_per_connection=5, request_timeout_ms=30_000, delivery_timeout_ms=TIMEOUT * 1000,
            reconnect_backoff_ms=50, reconnect_backoff_max_ms=200, client_id="kafka-python-idempotent-restart")

    def send(self, value, timestamp=None):
        future = self.producer.send(self.topic, value=value, partition=0, timestamp_ms=timestamp)
        future.add_callback(lambda _, value=value: self._ack(value))
        future.add_errback(lambda error: self._fail(error))
        self.futures.append(future)

    def _ack(self, value):
        with self.lock:
            self.acked.append(value)

    def _fail(self, error):
        with self.lock:
            self.errors.append(error)

    def settle(self, seconds):
        time.sleep(seconds)

    def flush(self):
        self.producer.flush(timeout=TIMEOUT)
        for future in self.futures:
            future.get(timeout=TIMEOUT)

    def finish(self):
        self.flush()
        self.producer.close(timeout=10)


PRODUCERS = {"confluent": ConfluentProducer, "kafka-python": KafkaPythonProducer}


def watermarks(bootstrap, topic):
    from confluent_kafka import Consumer, TopicPartition
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"g-{uuid.uuid4().hex[:6]}"})
    try:
        return consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
    finally:
        consumer.close()


def read_all(bootstrap, topic):
    from confluent_kafka import Consumer, TopicPartition
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"g-{uuid.uuid4().hex[:6]}",
                         "enable.auto.commit": False, "client.id": "idempotent-restart-reader"})
    try:
        low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
        consumer.assign([TopicPartition(topic, 0, low)])
        values, deadline = [], time.monotonic() + TIMEOUT
        while len(values) < high - low and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                values.append(msg.value())
        assert len(values) == high - low, f"read {len(values)} of {high - low} records back"
        return values
    finally:
        consumer.close()


@pytest.mark.parametrize("client", sorted(PRODUCERS))
def test_kill_during_idempotent_produce_stores_each_record_once(herald_bin, tmp_path, client):
    data = tmp_path / "data"
    log = tmp_path / "broker.log"
    topic = f"idem.{uuid.uuid4().hex[:8]}"
    delayed = ["--topic", f"{topic}:1", "--test-produce-ack-delay-ms", str(ACK_DELAY_MS)]
    first = BrokerProcess(herald_bin, log, data_dir=data, extra_args=delayed).start()
    second = None
    try:
        producer = PRODUCERS[client](first.bootstrap, topic)
        sent = 0

        def send_some(count):
            nonlocal sent
            for _ in range(count):
                producer.send(f"{client}-{sent:06d}".encode())
                sent += 1

        deadline = time.monotonic() + TIMEOUT
        while len(producer.acked) < BEFORE_KILL_MIN_ACKED and time.monotonic() < deadline:
            send_some(20)
            producer.settle(0.01)
        assert len(producer.acked) >= BEFORE_KILL_MIN_ACKED, f"no acknowledgements before the kill: {producer.errors}"
        # Keep the stream going for less than one acknowledgement delay, then crash the broker.
        send_some(200)
        producer.settle(ACK_DELAY_MS / 4000)
        first.kill()
        producer.settle(0.2)
        acked_at_kill = len(producer.acked)
        on_disk_at_kill = stored_records(data / "logs" / topic / "0.log")
        # The window this test is about: records stored but not acknowledged when the broker died.
        assert on_disk_at_kill > acked_at_kill, (on_disk_at_kill, acked_at_kill)

        second = BrokerProcess(herald_bin, log, data_dir=data, kafka_port=first.port).start()
        send_some(AFTER_RESTART)
        producer.finish()
        assert not producer.errors, producer.errors[:5]
        assert len(producer.acked) == sent

        stored = read_all(second.bootstrap, topic)
        duplicated = len(stored) - len(set(stored))
        assert duplicated == 0, f"{duplicated} of {len(stored)} records stored twice " \
                                f"({on_disk_at_kill} on disk and {acked_at_kill} acknowledged at the kill)"
        assert set(stored) == set(producer.acked)
        assert sorted(stored) == stored, "records are out of order"
    finally:
        first.kill()
        if second is not None:
            assert second.stop() == 0


@pytest.mark.parametrize("client", sorted(PRODUCERS))
def test_a_producer_whose_batches_retention_removed_keeps_producing_across_a_restart(herald_bin, tmp_path, client):
    """Retention removes every batch of the producer (timestamps an hour old, --retention-ms 600000). While the
    broker runs it keeps the producer's state; after a crash and restart the producer is unknown and its next
    sequence is accepted (Herald never answers UNKNOWN_PRODUCER_ID), so the client carries on without an error."""
    data = tmp_path / "data"
    log = tmp_path / "broker.log"
    topic = f"idem.ret.{uuid.uuid4().hex[:8]}"
    args = ["--topic", f"{topic}:1", "--retention-ms", "600000"]
    first = BrokerProcess(herald_bin, log, data_dir=data, extra_args=args).start()
    second = None
    try:
        producer = PRODUCERS[client](first.bootstrap, topic)
        old = int(time.time() * 1000) - 3_600_000
        for turn in (1, 2):
            for i in range(10):
                producer.send(f"old-{turn}-{i}".encode(), timestamp=old)
            producer.flush()
            assert watermarks(first.bootstrap, topic) == (10 * turn, 10 * turn)
        first.kill()
        second = BrokerProcess(herald_bin, log, data_dir=data, extra_args=args, kafka_port=first.port).start()
        assert watermarks(second.bootstrap, topic) == (20, 20)
        fresh = [f"new-{i}".encode() for i in range(10)]
        for value in fresh:
            producer.send(value)
        producer.finish()
        assert not producer.errors, producer.errors[:5]
        assert len(producer.acked) == 30
        assert read_all(second.bootstrap, topic)[-10:] == fresh
        assert watermarks(second.bootstrap, topic) == (20, 30)
    finally:
        first.kill()
        if second is not None:
            assert second.stop() == 0
