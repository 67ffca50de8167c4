"""Retention drops whole oldest batches: watermarks move and consumers reset to the new log start."""
import time
import uuid

from brokerproc import BrokerProcess
from broker_clients import PRODUCE, make_messages


def test_size_retention_moves_the_log_start(herald_bin, tmp_path):
    from confluent_kafka import Consumer, TopicPartition
    proc = BrokerProcess(herald_bin, tmp_path / "b.log", extra_args=["--retention-bytes", "4000"]).start()
    try:
        topic = f"ret.{uuid.uuid4().hex[:8]}"
        # One message per request (linger 0 with flush each time) gives one batch per message.
        for i in range(40):
            PRODUCE["confluent"](proc.bootstrap, topic, make_messages(1, prefix=f"r{i}", printable=True), partition=0)
        consumer = Consumer({"bootstrap.servers": proc.bootstrap, "group.id": f"g-{uuid.uuid4().hex[:6]}",
                             "auto.offset.reset": "earliest", "enable.auto.commit": False})
        try:
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
            assert high == 40
            assert 0 < low < 40
            consumer.assign([TopicPartition(topic, 0, 0)])  # below the log start: OFFSET_OUT_OF_RANGE, then reset
            got = []
            deadline = time.monotonic() + 20
            while len(got) < high - low and time.monotonic() < deadline:
                msg = consumer.poll(0.5)
                if msg is not None and msg.error() is None:
                    got.append(msg.offset())
            assert got == list(range(low, high))
        finally:
            consumer.close()
    finally:
        assert proc.stop() == 0
