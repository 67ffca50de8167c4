"""`herald broker` options and process behaviour as a user meets them: --default-partitions, --retention-ms, --host,
shutdown on SIGINT, exit 2 when the port is taken."""
import re
import signal
import socket
import subprocess
import time
import uuid

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from brokerproc import BrokerProcess
from broker_clients import CONSUME, PRODUCE, make_messages
from conftest import wait_until

TIMEOUT = 30


def produce_one(bootstrap, topic, value, timestamp=None):
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    errors = []
    kwargs = {"timestamp": timestamp} if timestamp is not None else {}
    producer.produce(topic, value=value, partition=0, on_delivery=lambda err, _: errors.append(err), **kwargs)
    assert producer.flush(TIMEOUT) == 0
    assert errors == [None]


def watermarks(bootstrap, topic):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"w-{uuid.uuid4().hex[:6]}"})
    try:
        return consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=TIMEOUT)
    finally:
        consumer.close()


def test_default_partitions_apply_to_auto_created_topics(herald_bin, tmp_path):
    proc = BrokerProcess(herald_bin, tmp_path / "b.log", extra_args=["--default-partitions", "3"]).start()
    try:
        topic = f"auto.{uuid.uuid4().hex[:8]}"
        produce_one(proc.bootstrap, topic, b"first")
        metadata = AdminClient({"bootstrap.servers": proc.bootstrap}).list_topics(topic, timeout=TIMEOUT)
        assert sorted(metadata.topics[topic].partitions) == [0, 1, 2]
    finally:
        assert proc.stop() == 0


def test_retention_ms_drops_batches_older_than_the_limit(herald_bin, tmp_path):
    proc = BrokerProcess(herald_bin, tmp_path / "b.log", extra_args=["--retention-ms", "60000"]).start()
    try:
        topic = f"age.{uuid.uuid4().hex[:8]}"
        now_ms = int(time.time() * 1000)
        produce_one(proc.bootstrap, topic, b"old", timestamp=now_ms - 10 * 60_000)
        produce_one(proc.bootstrap, topic, b"new", timestamp=now_ms)
        # The ten-minute-old batch is past the one-minute limit; the new one stays.
        assert watermarks(proc.bootstrap, topic) == (1, 2)
        got = CONSUME["confluent"](proc.bootstrap, topic, 1)
        assert [(m["offset"], m["value"]) for m in got] == [(1, b"new")]
    finally:
        assert proc.stop() == 0


def test_host_option_binds_that_address_only(herald_bin, tmp_path):
    """127.0.0.2 is loopback on Linux too: the broker listens there, advertises it, and 127.0.0.1 is refused."""
    log = open(tmp_path / "b.log", "w")
    proc = subprocess.Popen([herald_bin, "broker", "--host", "127.0.0.2", "--kafka-port", "0", "--no-catalog",
                             "--no-registry", "--topic", "t:1"], stdout=subprocess.PIPE, stderr=log, text=True)
    log.close()
    try:
        line = proc.stdout.readline()
        match = re.fullmatch(r"herald broker listening on 127\.0\.0\.2:(\d+)\n", line)
        assert match, line
        port = int(match.group(1))
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT).close()
        bootstrap = f"127.0.0.2:{port}"
        PRODUCE["confluent"](bootstrap, "t", make_messages(3, printable=True), partition=0)
        assert [m["offset"] for m in CONSUME["confluent"](bootstrap, "t", 3)] == [0, 1, 2]
        brokers = AdminClient({"bootstrap.servers": bootstrap}).list_topics(timeout=TIMEOUT).brokers
        assert [(b.host, b.port) for b in brokers.values()] == [("127.0.0.2", port)]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=TIMEOUT) == 0
        proc.stdout.close()


def test_sigint_stops_cleanly_and_keeps_the_data(herald_bin, tmp_path):
    proc = BrokerProcess(herald_bin, tmp_path / "b.log", data_dir=tmp_path / "data", extra_args=["--topic", "kept:1"]).start()
    PRODUCE["confluent"](proc.bootstrap, "kept", make_messages(5, printable=True), partition=0)
    proc.proc.send_signal(signal.SIGINT)
    assert proc.proc.wait(timeout=TIMEOUT) == 0
    proc.stop()
    again = BrokerProcess(herald_bin, tmp_path / "b2.log", data_dir=tmp_path / "data").start()
    try:
        assert watermarks(again.bootstrap, "kept") == (0, 5)
    finally:
        assert again.stop() == 0


def test_a_port_in_use_exits_two(herald_bin):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([herald_bin, "broker", "--kafka-port", str(port), "--no-catalog", "--no-registry"],
                              capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "address already in use" in done.stderr.lower(), done.stderr
