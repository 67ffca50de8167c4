"""A Fetch whose offset lies below the log end is answered at once; only a Fetch at the log end is parked.

Were a Fetch below the log end parked (long poll) or answered empty, a consumer reading a backlog would wait
fetch.wait.max.ms between batches. The test shows it by protocol events, not by a stopwatch: every Fetch asks for
a wait (MAX_WAIT_MS) far longer than the socket timeout, so a parked one fails the test with a timeout instead of
passing slowly, and each answer must carry the records right after the requested offset. At the log end the Fetch
is parked and an append wakes it with the new record. How fast a backlog is read is measured in `make bench`.
"""
import socket
import struct
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition

from broker_fixtures import broker  # noqa: F401  (fixture)

RECORDS = 20_000
MAX_WAIT_MS = 600_000
SOCKET_TIMEOUT = 60
FETCH = 1


def produce(bootstrap, topic, count, start=0):
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
                         "queue.buffering.max.messages": 1_000_000})
    for i in range(start, start + count):
        producer.produce(topic, value=b"v" * 100, key=str(i).encode(), partition=0)
        if i % 1000 == 0:
            producer.poll(0)
    assert producer.flush(SOCKET_TIMEOUT) == 0


def string(text):
    data = text.encode()
    return struct.pack(">h", len(data)) + data


def fetch_request(correlation, topic, offset, max_bytes=1 << 20):
    """Fetch v4 (one topic, partition 0): the wait, min 1 byte, read-uncommitted."""
    body = struct.pack(">iiiib", -1, MAX_WAIT_MS, 1, max_bytes, 0)
    body += struct.pack(">i", 1) + string(topic) + struct.pack(">i", 1) + struct.pack(">iqi", 0, offset, max_bytes)
    header = struct.pack(">hhi", FETCH, 4, correlation) + string("pace")
    return struct.pack(">i", len(header) + len(body)) + header + body


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def fetch_response(sock, correlation):
    """(error code, high watermark, [(first offset, last offset)] of the whole record batches)."""
    payload = recv_exact(sock, struct.unpack(">i", recv_exact(sock, 4))[0])
    got, _throttle, topics = struct.unpack(">iii", payload[:12])
    assert (got, topics) == (correlation, 1)
    at = 12
    at += 2 + struct.unpack(">h", payload[at:at + 2])[0]
    partitions = struct.unpack(">i", payload[at:at + 4])[0]
    assert partitions == 1
    at += 4
    partition, error, high_watermark, _stable, aborted = struct.unpack(">ihqqi", payload[at:at + 26])
    assert partition == 0 and aborted in (-1, 0)  # no aborted transactions: null or empty
    at += 26
    size = struct.unpack(">i", payload[at:at + 4])[0]
    records = payload[at + 4:at + 4 + max(size, 0)]
    batches, cursor = [], 0
    while cursor + 12 <= len(records):
        base, length = struct.unpack(">qi", records[cursor:cursor + 12])
        if cursor + 12 + length > len(records):
            break
        last_delta = struct.unpack(">i", records[cursor + 23:cursor + 27])[0]
        batches.append((base, base + last_delta))
        cursor += 12 + length
    return error, high_watermark, batches


def test_fetches_below_the_log_end_are_answered_at_once_and_at_the_end_parked(broker):
    topic = f"pace.{uuid.uuid4().hex[:8]}"
    produce(broker.bootstrap, topic, RECORDS)
    with socket.create_connection(("127.0.0.1", broker.port), timeout=SOCKET_TIMEOUT) as sock:
        offset, correlation, answers = 0, 0, 0
        while offset < RECORDS:
            correlation += 1
            sock.sendall(fetch_request(correlation, topic, offset, max_bytes=64 * 1024))
            try:
                error, high_watermark, batches = fetch_response(sock, correlation)
            except socket.timeout:
                raise AssertionError(f"the Fetch at offset {offset}, below the log end {RECORDS}, was parked")
            assert (error, high_watermark) == (0, RECORDS)
            assert batches, f"the Fetch at offset {offset} came back without records"
            assert batches[0][0] <= offset <= batches[0][1]
            assert all(batches[i][1] + 1 == batches[i + 1][0] for i in range(len(batches) - 1))
            offset = batches[-1][1] + 1
            answers += 1
        assert offset == RECORDS
        assert answers > 1, "the limit of 64 KiB makes the backlog take several fetches"

        # At the log end the Fetch waits; an append from another client wakes it with that record.
        correlation += 1
        sock.sendall(fetch_request(correlation, topic, RECORDS))
        produce(broker.bootstrap, topic, 1, start=RECORDS)
        error, high_watermark, batches = fetch_response(sock, correlation)
        assert (error, high_watermark, batches) == (0, RECORDS + 1, [(RECORDS, RECORDS)])


def test_a_fresh_consumer_reads_the_whole_backlog_in_order(broker):
    topic = f"pace.{uuid.uuid4().hex[:8]}"
    produce(broker.bootstrap, topic, RECORDS)
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": f"pace-{uuid.uuid4().hex[:8]}",
                         "enable.auto.commit": False, "queued.min.messages": RECORDS * 2})
    consumer.assign([TopicPartition(topic, 0, 0)])
    offsets = []
    try:
        for _ in range(RECORDS):
            messages = consumer.consume(num_messages=RECORDS - len(offsets), timeout=SOCKET_TIMEOUT)
            assert all(m.error() is None for m in messages), [m.error() for m in messages if m.error()]
            offsets.extend(m.offset() for m in messages)
            if len(offsets) >= RECORDS or not messages:
                break
    finally:
        consumer.close()
    assert offsets == list(range(RECORDS))
