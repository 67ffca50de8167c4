"""A fresh consumer reads a large backlog from `herald broker` without pauses.

A Fetch whose offset lies below the log end must be answered at once; were it parked (long poll) or answered
with an error, librdkafka would wait fetch.wait.max.ms or fetch.error.backoff.ms and the reader would pause. The
consumer stretches both to 5 s, so such a pause stands far above scheduling noise on a loaded machine.
librdkafka also pauses by itself: it stops fetching for fetch.queue.backoff.ms (1 s) once its prefetch queue
holds queued.min.messages (100,000 by default), which a broker faster than the application reaches. The consumer
sizes that queue above the backlog, so any pause left comes from the broker.
"""
import os
import time
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition

from broker_fixtures import broker  # noqa: F401  (fixture)

RECORDS = 100_000
RECORD_BYTES = 200
ATTEMPTS = 3
BROKER_WAIT_MS = 5000
STALL_SECONDS = 1.0
TIMEOUT = 60
BATCH = 10_000


def produce_backlog(bootstrap, topic):
    payload = os.urandom(RECORD_BYTES // 2).hex().encode()
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
                         "queue.buffering.max.messages": 1_000_000})
    for i in range(RECORDS):
        while True:
            try:
                producer.produce(topic, value=payload, key=str(i).encode(), partition=0)
                break
            except BufferError:
                producer.poll(0.01)
        if i % 1000 == 0:
            producer.poll(0)
    assert producer.flush(TIMEOUT) == 0


def read_backlog(bootstrap, topic):
    """Offsets read and every pause (seconds, records read before it) longer than STALL_SECONDS."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"pace-{uuid.uuid4().hex[:8]}",
                         "enable.auto.commit": False, "queued.min.messages": RECORDS * 2,
                         "queued.max.messages.kbytes": 1_048_576,
                         "fetch.wait.max.ms": BROKER_WAIT_MS, "fetch.error.backoff.ms": BROKER_WAIT_MS})
    consumer.assign([TopicPartition(topic, 0, 0)])
    offsets, pauses = [], []
    last = time.monotonic()
    deadline = last + TIMEOUT
    try:
        while len(offsets) < RECORDS and time.monotonic() < deadline:
            # Batches that divide RECORDS, so the last call never waits for records that do not exist.
            messages = consumer.consume(num_messages=BATCH, timeout=1.0)
            now = time.monotonic()
            read = [m.offset() for m in messages if m.error() is None]
            if read:
                if now - last > STALL_SECONDS:
                    pauses.append((round(now - last, 3), len(offsets)))
                last = now
                offsets.extend(read)
    finally:
        consumer.close()
    return offsets, pauses


def test_fresh_consumers_read_a_backlog_without_pauses(broker):
    topic = f"pace.{uuid.uuid4().hex[:8]}"
    produce_backlog(broker.bootstrap, topic)
    for attempt in range(ATTEMPTS):
        offsets, pauses = read_backlog(broker.bootstrap, topic)
        assert offsets == list(range(RECORDS)), f"attempt {attempt}: read {len(offsets)} records"
        assert pauses == [], f"attempt {attempt}: pauses (seconds, records read before) {pauses}"
