#!/usr/bin/env python3
"""Writes Fuzz/corpus/kafka-request/seeds/ from real client traffic: a `herald broker` runs under strace, the
pinned clients (kafka-python, confluent-kafka) produce, consume in a group, commit, use transactions and the admin
APIs against it, and every request frame the broker read is saved as one seed (a selector byte, then the frame with
its size prefix). Run from the repository root:
    HERALD_BIN=.build/debug/herald .venv/bin/python Fuzz/scripts/capture-kafka.py"""
import collections
import hashlib
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.getcwd(), "Tests", "Interop"))
from brokerproc import BrokerProcess  # noqa: E402

import confluent_kafka  # noqa: E402
from confluent_kafka.admin import AdminClient, NewPartitions, NewTopic, ConfigResource  # noqa: E402
import kafka  # noqa: E402
from kafka.admin import KafkaAdminClient  # noqa: E402

SEEDS = os.path.join(os.getcwd(), "Fuzz", "corpus", "kafka-request", "seeds")


class TracedBroker(BrokerProcess):
    """The broker with strace in front, recording every read of an accepted socket."""

    def __init__(self, herald_bin, log_path, trace_path):
        super().__init__(herald_bin, log_path, extra_args=["--no-registry"])
        self.trace_path = trace_path

    def start(self, timeout=60):
        real = self.herald_bin
        wrapper = os.path.join(os.path.dirname(self.trace_path), "traced-herald")
        with open(wrapper, "w") as f:
            f.write(f'#!/bin/sh\nexec strace -f -qq -xx -s 4194304 -e trace=accept,accept4,read,readv,recvfrom,close '
                    f'-o {self.trace_path} {real} "$@"\n')
        os.chmod(wrapper, 0o755)
        self.herald_bin = wrapper
        try:
            super().start(timeout=timeout)
        finally:
            self.herald_bin = real


def exercise(bootstrap):
    common = {"bootstrap.servers": bootstrap}
    admin = AdminClient(common)
    for future in admin.create_topics([NewTopic("fuzz-a", 2, 1), NewTopic("fuzz-b", 1, 1)]).values():
        future.result(30)
    for future in admin.describe_configs([ConfigResource(ConfigResource.Type.TOPIC, "fuzz-a")]).values():
        future.result(30)
    for future in admin.create_partitions([NewPartitions("fuzz-b", 2)]).values():
        future.result(30)
    admin.list_consumer_groups().result(30)
    admin.describe_cluster().result(30)

    for compression in ("none", "gzip"):
        producer = confluent_kafka.Producer(dict(common, **{"enable.idempotence": True, "compression.type": compression,
                                                           "linger.ms": 5}))
        for i in range(30):
            producer.produce("fuzz-a", key=str(i).encode(), value=b"v" * i, headers=[("h", b"x")])
        producer.flush(30)

    tx = confluent_kafka.Producer(dict(common, **{"transactional.id": "fuzz-tx"}))
    tx.init_transactions(30)
    tx.begin_transaction()
    tx.produce("fuzz-b", b"in a transaction")
    tx.commit_transaction(30)

    consumer = confluent_kafka.Consumer(dict(common, **{"group.id": "fuzz-group", "auto.offset.reset": "earliest",
                                                       "enable.auto.commit": False}))
    consumer.subscribe(["fuzz-a", "fuzz-b"])
    seen = 0
    for _ in range(60):
        message = consumer.poll(0.5)
        if message is not None and message.error() is None:
            seen += 1
            if seen > 35:
                break
    if seen:
        consumer.commit(asynchronous=False)
    consumer.committed([confluent_kafka.TopicPartition("fuzz-a", 0)], 30)
    consumer.get_watermark_offsets(confluent_kafka.TopicPartition("fuzz-a", 0), 30)
    consumer.close()

    producer = kafka.KafkaProducer(bootstrap_servers=bootstrap, compression_type="gzip", acks="all")
    for i in range(10):
        producer.send("fuzz-b", key=b"k", value=b"kafka-python %d" % i)
    producer.flush(30)
    producer.close()
    kconsumer = kafka.KafkaConsumer("fuzz-b", bootstrap_servers=bootstrap, group_id="fuzz-kp",
                                    auto_offset_reset="earliest", consumer_timeout_ms=3000)
    for _ in kconsumer:
        pass
    kconsumer.commit()
    kconsumer.close()
    kadmin = KafkaAdminClient(bootstrap_servers=bootstrap)
    # Each admin call is one more request kind; one the broker refuses still leaves its frame in the trace.
    for call in (lambda: kadmin.list_groups(), lambda: kadmin.describe_groups(["fuzz-kp"]),
                 lambda: kadmin.list_group_offsets("fuzz-kp"), lambda: kadmin.describe_producers(["fuzz-a"]),
                 lambda: kadmin.list_transactions(), lambda: kadmin.describe_transactions(["fuzz-tx"]),
                 lambda: kadmin.describe_cluster(), lambda: kadmin.describe_configs([]),
                 lambda: kadmin.delete_records({kafka.TopicPartition("fuzz-a", 0): 2}),
                 lambda: kadmin.delete_topics(["fuzz-b"])):
        try:
            call()
        except Exception as error:  # noqa: BLE001
            print(f"admin call refused: {error!r}", file=sys.stderr)
    kadmin.close()


def streams(trace_path):
    """The bytes read from each accepted connection, in order."""
    sockets = set()
    data = collections.defaultdict(bytearray)
    generation = collections.Counter()
    call = re.compile(r'^\d+\s+(\w+)\((\d+)(?:, "((?:\\x[0-9a-f]{2})*)")?.*\)\s+=\s+(-?\d+)')
    for line in open(trace_path, errors="replace"):
        m = call.match(line)
        if not m:
            continue
        name, fd, hexdata, result = m.group(1), int(m.group(2)), m.group(3), int(m.group(4))
        if name in ("accept", "accept4") and result >= 0:
            sockets.add(result)
            generation[result] += 1
        elif name == "close":
            sockets.discard(fd)
        elif name in ("read", "recvfrom") and fd in sockets and result > 0 and hexdata:
            data[(fd, generation[fd])] += bytes.fromhex(hexdata.replace("\\x", ""))[:result]
    return list(data.values())


def frames(stream):
    offset = 0
    while offset + 4 <= len(stream):
        (size,) = struct.unpack_from(">i", stream, offset)
        if size <= 0 or offset + 4 + size > len(stream):
            break
        yield bytes(stream[offset:offset + 4 + size])
        offset += 4 + size


def main():
    herald = os.environ.get("HERALD_BIN", ".build/debug/herald")
    os.makedirs(SEEDS, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        trace = os.path.join(work, "trace.txt")
        broker = TracedBroker(herald, os.path.join(work, "broker.log"), trace)
        broker.start()
        try:
            exercise(broker.bootstrap)
        finally:
            broker.stop()
        kinds = collections.Counter()
        for stream in streams(trace):
            for frame in frames(stream):
                api_key, api_version = struct.unpack_from(">hh", frame, 4)
                kinds[(api_key, api_version)] += 1
                if kinds[(api_key, api_version)] > 3:
                    continue  # a few of each key and version are enough
                seed = b"\x00" + frame
                with open(os.path.join(SEEDS, hashlib.sha1(seed).hexdigest()), "wb") as f:
                    f.write(seed)
        print(f"{sum(kinds.values())} frames, {len(kinds)} api key/versions: {sorted(kinds)}", file=sys.stderr)


if __name__ == "__main__":
    main()
