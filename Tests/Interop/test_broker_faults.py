"""The broker under faults: a torn segment tail, a disk that fills up, --fsync, idle and half-sent connections,
--max-connections. Each test drives a real `herald broker` process with real clients or raw sockets."""
import os
import pathlib
import re
import signal
import socket
import stat
import struct
import subprocess
import time
import uuid

import pytest

from brokerproc import BrokerProcess
from conftest import NEEDS_ROOT, wait_until
from test_broker_protocol import closed, frame, read_frame


def kafka_producer(bootstrap, **extra):
    from kafka import KafkaProducer
    options = dict(bootstrap_servers=bootstrap, acks="all", linger_ms=0, retries=0, request_timeout_ms=10_000,
                   max_block_ms=10_000, client_id="herald-faults")
    options.update(extra)
    return KafkaProducer(**options)


def produce_each(producer, topic, values):
    """Sends the values one request at a time (one batch each), waiting for every acknowledgement."""
    for value in values:
        producer.send(topic, value=value, partition=0).get(timeout=15)
    producer.flush()


def consume_all(bootstrap, topic, expected, timeout=30):
    """Every record of partition 0 from the beginning: [(offset, value)], read until `expected` arrived."""
    from kafka import KafkaConsumer, TopicPartition
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest",
                             consumer_timeout_ms=2_000, client_id="herald-faults-reader")
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek_to_beginning(tp)
    got = []
    deadline = time.monotonic() + timeout
    while len(got) < expected and time.monotonic() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            got += [(r.offset, r.value) for r in records]
    # One more poll: nothing beyond the expected records may be served.
    for records in consumer.poll(timeout_ms=1_000).values():
        got += [(r.offset, r.value) for r in records]
    consumer.close()
    return got


def api_versions_round_trip(sock, correlation):
    sock.sendall(frame(18, 0, correlation))
    return struct.unpack(">i", read_frame(sock)[:4])[0] == correlation


def test_torn_segment_tail_is_cut_at_the_last_whole_batch_and_never_served(herald_bin, tmp_path):
    data = tmp_path / "data"
    topic = f"torn.{uuid.uuid4().hex[:8]}"
    values = [f"record-{i}".encode() for i in range(5)]
    first = BrokerProcess(herald_bin, tmp_path / "first.log", data_dir=data, extra_args=["--topic", topic]).start()
    try:
        producer = kafka_producer(first.bootstrap)
        produce_each(producer, topic, values)
        producer.close()
    finally:
        assert first.stop() == 0
    segment = data / "logs" / topic / "0.log"
    whole = segment.stat().st_size
    raw = segment.read_bytes()
    first_four, position = 0, 0
    for _ in range(4):
        first_four = position = position + 4 + struct.unpack_from(">I", raw, position)[0]
    # Tear the last of the five batches: its entry loses its final 7 bytes, as a write cut short by a crash would.
    os.truncate(segment, whole - 7)

    second = BrokerProcess(herald_bin, tmp_path / "second.log", data_dir=data).start()
    try:
        torn = [line for line in second.log().splitlines() if "truncated torn segment tail" in line]
        assert len(torn) == 1 and f"topic={topic}" in torn[0] and "partition=0" in torn[0], second.log()[-2000:]
        assert re.search(r"\bbytes=(\d+)", torn[0]).group(1) == str(whole - 7 - first_four)
        assert consume_all(second.bootstrap, topic, 4) == [(i, values[i]) for i in range(4)]
        producer = kafka_producer(second.bootstrap)
        produce_each(producer, topic, [b"after-restart"])
        producer.close()
        assert consume_all(second.bootstrap, topic, 5)[-1] == (4, b"after-restart")
    finally:
        assert second.stop() == 0
    entry_sizes = []
    raw = segment.read_bytes()
    position = 0
    while position < len(raw):
        (length,) = struct.unpack_from(">I", raw, position)
        entry_sizes.append(length)
        position += 4 + length
    assert position == len(raw) and len(entry_sizes) == 5


def strace_wrapper(tmp_path, herald_bin, trace):
    script = tmp_path / "herald-under-strace"
    script.write_text(
        "#!/bin/sh\n"
        f"exec strace -f -qq -yy -e trace=write,writev,pwrite64,sendmsg,sendto,fsync,fdatasync -o {trace} "
        f"{herald_bin} \"$@\"\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def segment_synced(line, segment):
    return re.search(r"\b(fsync|fdatasync)\(\d+<[^>]*" + re.escape(segment), line) is not None


def segment_sync_before_acknowledgement(herald_bin, tmp_path, policy, extra=()):
    """Produces one record under strace; True when the segment was fsynced between its write and the next bytes
    written to a client socket (the Produce response). With --fsync interval, waits for the periodic sync first."""
    trace = tmp_path / f"trace-{policy}.txt"
    topic = f"fsync.{policy}.{uuid.uuid4().hex[:6]}"
    segment = f"/logs/{topic}/0.log>"
    proc = BrokerProcess(strace_wrapper(tmp_path, herald_bin, trace), tmp_path / f"{policy}.log", data_dir=tmp_path / policy,
                         extra_args=["--topic", topic, "--fsync", policy, "--no-registry", *extra]).start(timeout=60)
    try:
        producer = kafka_producer(proc.bootstrap)
        produce_each(producer, topic, [b"synced?"])
        producer.close()
        if policy == "interval":
            wait_until(lambda: any(segment_synced(line, segment) for line in trace.read_text(errors="replace").splitlines()),
                       "the periodic sync reaches the segment while the broker runs")
    finally:
        # SIGTERM to herald itself (strace's child); strace then exits with it and closes the trace.
        children = pathlib.Path(f"/proc/{proc.proc.pid}/task/{proc.proc.pid}/children").read_text().split()
        os.kill(int(children[0]), signal.SIGTERM)
        assert proc.stop(timeout=30) == 0
    lines = trace.read_text(errors="replace").splitlines()
    writes = [i for i, line in enumerate(lines) if re.search(r"\b(write|pwrite64)\(\d+<[^>]*" + re.escape(segment), line)]
    assert writes, f"no write to the segment file in the trace:\n" + "\n".join(lines[-40:])
    after = lines[writes[0] + 1:]
    response = next(i for i, line in enumerate(after) if re.search(r"\b(write|writev|sendmsg|sendto)\(\d+<TCP(v6)?:\[", line))
    return any(segment_synced(line, segment) for line in after[:response])


def test_fsync_always_syncs_the_segment_before_the_acknowledgement(herald_bin, tmp_path):
    assert segment_sync_before_acknowledgement(herald_bin, tmp_path, "always")
    # The same observation tells the modes apart: without syncing, the response goes out first.
    assert not segment_sync_before_acknowledgement(herald_bin, tmp_path, "never")


def test_fsync_interval_syncs_after_the_acknowledgement_on_its_timer(herald_bin, tmp_path):
    assert not segment_sync_before_acknowledgement(herald_bin, tmp_path, "interval", ["--fsync-interval-ms", "300"])


def test_idle_and_half_frame_connections_are_cut_off_without_touching_others(herald_bin, tmp_path):
    proc = BrokerProcess(herald_bin, tmp_path / "b.log", extra_args=["--idle-timeout-ms", "1500"]).start()
    try:
        silent = socket.create_connection(("127.0.0.1", proc.port), timeout=15)
        half = socket.create_connection(("127.0.0.1", proc.port), timeout=15)
        half.sendall(struct.pack(">i", 100) + b"x" * 10)
        busy = socket.create_connection(("127.0.0.1", proc.port), timeout=15)
        opened = time.monotonic()
        correlation = 0
        while time.monotonic() - opened < 4:
            correlation += 1
            assert api_versions_round_trip(busy, correlation)
            time.sleep(0.3)
        assert closed(silent) and closed(half)
        assert api_versions_round_trip(busy, 9999)
        # Whole frames with pauses below the timeout keep a connection open; the cut-off is not immediate.
        late = socket.create_connection(("127.0.0.1", proc.port), timeout=15)
        time.sleep(0.8)
        assert api_versions_round_trip(late, 1)
        for sock in (silent, half, busy, late):
            sock.close()
        assert proc.log().count("closing idle connection") >= 2
    finally:
        assert proc.stop() == 0


def test_max_connections_refuses_beyond_the_limit_and_admits_again_once_one_closes(herald_bin, tmp_path):
    proc = BrokerProcess(herald_bin, tmp_path / "b.log", extra_args=["--max-connections", "4"]).start()
    try:
        admitted = [socket.create_connection(("127.0.0.1", proc.port), timeout=10) for _ in range(4)]
        for i, sock in enumerate(admitted):
            assert api_versions_round_trip(sock, i + 1)
        with socket.create_connection(("127.0.0.1", proc.port), timeout=10) as extra:
            try:
                extra.sendall(frame(18, 0, 50))
            except OSError:
                pass
            assert closed(extra)
        wait_until(lambda: "connection refused: --max-connections reached" in proc.log(), "the refusal is logged")
        for i, sock in enumerate(admitted):
            assert api_versions_round_trip(sock, 100 + i)
        admitted.pop().close()

        def one_more_admitted():
            with socket.create_connection(("127.0.0.1", proc.port), timeout=10) as sock:
                try:
                    return api_versions_round_trip(sock, 77)
                except (ConnectionError, OSError):
                    return False
        wait_until(one_more_admitted, "a connection is admitted after one closed", timeout=20, interval=0.2)
        for sock in admitted:
            sock.close()
    finally:
        assert proc.stop() == 0


@pytest.fixture
def small_tmpfs(tmp_path):
    if os.geteuid() != 0:
        pytest.skip(f"{NEEDS_ROOT}: mounting a small tmpfs as the data directory")
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_answers_storage_error_and_recovers_when_space_returns(herald_bin, tmp_path, small_tmpfs):
    from kafka.errors import KafkaStorageError
    data = small_tmpfs / "data"
    topic = f"full.{uuid.uuid4().hex[:8]}"
    broker = BrokerProcess(herald_bin, tmp_path / "full.log", data_dir=data, extra_args=["--topic", topic, "--no-registry"]).start()
    acked = []
    try:
        producer = kafka_producer(broker.bootstrap)
        failure = None
        for i in range(400):
            value = f"{i:05d}".encode() + os.urandom(4000)
            try:
                producer.send(topic, value=value, partition=0).get(timeout=15)
                acked.append(value)
            except Exception as error:  # noqa: BLE001 - the type is asserted below
                failure = error
                break
        assert isinstance(failure, KafkaStorageError), f"expected KAFKA_STORAGE_ERROR, got {failure!r} after {len(acked)}"
        assert len(acked) > 10
        assert "could not write segment" in broker.log()
        # Still full: still refused, and nothing of the refused batches is served.
        with pytest.raises(KafkaStorageError):
            producer.send(topic, value=b"still-full" + os.urandom(4000), partition=0).get(timeout=15)
        assert [v for _, v in consume_all(broker.bootstrap, topic, len(acked))] == acked

        subprocess.run(["mount", "-o", "remount,size=4m", str(small_tmpfs)], check=True)
        more = [f"after-{i}".encode() + os.urandom(4000) for i in range(20)]
        produce_each(producer, topic, more)
        acked += more
        producer.close()
    finally:
        broker.kill()
    restarted = BrokerProcess(herald_bin, tmp_path / "restart.log", data_dir=data, extra_args=["--no-registry"]).start()
    try:
        got = consume_all(restarted.bootstrap, topic, len(acked))
        assert [offset for offset, _ in got] == list(range(len(acked)))
        assert [value for _, value in got] == acked
        assert "truncated torn segment tail" not in restarted.log()
    finally:
        assert restarted.stop() == 0
