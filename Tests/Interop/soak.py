"""Load on one `herald broker` with --data-dir: idempotent acks=all producers, consumer groups whose members join and
leave, a consumer that reads slowly, all on many connections at once; then every acknowledged record is read back.

`make soak` runs it for minutes (`python Tests/Interop/soak.py --seconds 300`); test_broker_load.py runs a short
bounded round in `make test`. Prints one JSON line of figures and exits 1 when a check fails.
"""
import argparse
import asyncio
import json
import logging
import os
import pathlib
import random
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from brokerproc import BrokerProcess  # noqa: E402

TOPIC = "soak"
PARTITIONS = 8


def established_connections(port):
    """TCP connections in ESTABLISHED state whose local port is the broker's (IPv4 loopback)."""
    count = 0
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            fields = line.split()
            local, state = fields[1], fields[3]
            if state == "01" and int(local.split(":")[1], 16) == port:
                count += 1
    return count


def memory_kib(pid):
    """(current RSS, peak RSS) of the process in KiB, from /proc."""
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


class Figures:
    def __init__(self):
        self.acked = {}            # (partition, offset) -> value
        self.send_errors = 0
        self.seen = {"main": set(), "other": set(), "slow": set()}
        self.peak_connections = 0
        self.rates = []            # acknowledged records per 5 s window
        self.joins = 0
        self.leaves = 0
        self.members = {}          # group -> {client name: consumer} of the members currently in the group
        self.settled_after_s = None


async def producer_task(bootstrap, index, figures, stop):
    from aiokafka import AIOKafkaProducer
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all", linger_ms=5,
                                request_timeout_ms=30_000, client_id=f"soak-producer-{index}")
    await producer.start()
    key = f"p{index}".encode()
    sequence = 0
    try:
        while not stop.is_set():
            futures = []
            for _ in range(5):
                value = f"p{index}:{sequence}".encode()
                sequence += 1
                futures.append((value, await producer.send(TOPIC, value=value, key=key)))
            for value, future in futures:
                try:
                    metadata = await future
                    figures.acked[(metadata.partition, metadata.offset)] = value
                except Exception:  # noqa: BLE001 - counted; an unacknowledged record is not expected back
                    figures.send_errors += 1
            await asyncio.sleep(0.05)
    finally:
        await producer.stop()


async def consumer_task(bootstrap, group, name, figures, leave, delay=0.0):
    from aiokafka import AIOKafkaConsumer
    consumer = AIOKafkaConsumer(TOPIC, bootstrap_servers=bootstrap, group_id=f"soak-{group}", client_id=name,
                                auto_offset_reset="earliest", enable_auto_commit=True, auto_commit_interval_ms=500,
                                session_timeout_ms=10_000, heartbeat_interval_ms=1_000,
                                max_poll_records=1 if delay else 500)
    await consumer.start()
    figures.joins += 1
    figures.members.setdefault(group, {})[name] = consumer
    try:
        while not leave.is_set():
            batches = await consumer.getmany(timeout_ms=200)
            for partition, records in batches.items():
                for record in records:
                    figures.seen[group].add((partition.partition, record.offset))
                    if delay:
                        await asyncio.sleep(delay)
    finally:
        figures.members[group].pop(name, None)
        await consumer.stop()
        figures.leaves += 1


async def read_back(bootstrap, expected_count, timeout=120):
    """Every record of the topic from offset 0: {(partition, offset): value}."""
    from aiokafka import AIOKafkaConsumer, TopicPartition
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, client_id="soak-reader")
    await consumer.start()
    partitions = [TopicPartition(TOPIC, p) for p in range(PARTITIONS)]
    consumer.assign(partitions)
    await consumer.seek_to_beginning(*partitions)
    ends = await consumer.end_offsets(partitions)
    stored = {}
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            positions = [await consumer.position(tp) for tp in partitions]
            if all(position >= ends[tp] for position, tp in zip(positions, partitions)):
                break
            for tp, records in (await consumer.getmany(timeout_ms=500, max_records=5000)).items():
                for record in records:
                    stored[(tp.partition, record.offset)] = record.value
    finally:
        await consumer.stop()
    return stored, sum(ends.values())


async def run_load(bootstrap, broker_pid, port, seconds, producers, main_consumers, other_consumers, figures):
    stop = asyncio.Event()
    tasks = [asyncio.create_task(producer_task(bootstrap, i, figures, stop)) for i in range(producers)]
    main_members = []

    def join_main(name):
        leave = asyncio.Event()
        main_members.append((leave, asyncio.create_task(consumer_task(bootstrap, "main", name, figures, leave))))

    for i in range(main_consumers):
        join_main(f"soak-main-{i}")
    other_leave = asyncio.Event()
    others = [asyncio.create_task(consumer_task(bootstrap, "other", f"soak-other-{i}", figures, other_leave))
              for i in range(other_consumers)]
    slow_leave = asyncio.Event()
    slow = asyncio.create_task(consumer_task(bootstrap, "slow", "soak-slow", figures, slow_leave, delay=0.5))

    started = time.monotonic()
    window_start, window_acked = started, 0
    churn_at = started + 3
    serial = main_consumers
    rss_peak_sampled = 0
    while time.monotonic() - started < seconds:
        await asyncio.sleep(1)
        figures.peak_connections = max(figures.peak_connections, established_connections(port))
        rss_peak_sampled = max(rss_peak_sampled, memory_kib(broker_pid)[0])
        now = time.monotonic()
        if not window_acked and not figures.acked:
            window_start = now  # windows count from the first acknowledgement (100 clients take a while to start)
        elif now - window_start >= 5:
            figures.rates.append(len(figures.acked) - window_acked)
            window_start, window_acked = now, len(figures.acked)
        if now >= churn_at and now - started < seconds - 5:
            # One member of the main group leaves and a new one joins: a rebalance every few seconds.
            leave, task = main_members.pop(random.randrange(len(main_members)))
            leave.set()
            join_main(f"soak-main-{serial}")
            serial += 1
            churn_at = now + 3
    stop.set()
    await asyncio.gather(*tasks)
    # The fast groups catch up with everything acknowledged while the slow reader is still far behind.
    deadline = time.monotonic() + 60
    wanted = set(figures.acked)
    while time.monotonic() < deadline and not (wanted <= figures.seen["other"] and wanted <= figures.seen["main"]):
        await asyncio.sleep(0.5)
    caught_up = time.monotonic() - (started + seconds)
    # The last rebalance settles: the main group's members together hold each partition exactly once.
    settle_start = time.monotonic()
    while time.monotonic() - settle_start < 60:
        held = sorted(tp.partition for consumer in figures.members["main"].values() for tp in consumer.assignment())
        if held == list(range(PARTITIONS)):
            figures.settled_after_s = round(time.monotonic() - settle_start, 1)
            break
        await asyncio.sleep(0.2)
    for leave, _ in main_members:
        leave.set()
    other_leave.set()
    slow_leave.set()
    await asyncio.gather(*(task for _, task in main_members), *others, slow, return_exceptions=True)
    return caught_up, rss_peak_sampled


def soak(herald_bin, workdir, seconds=300, producers=100, main_consumers=40, other_consumers=20):
    """Runs the load and the read-back; returns (figures dict, list of failed checks)."""
    workdir = pathlib.Path(workdir)
    broker = BrokerProcess(herald_bin, workdir / "broker.log", data_dir=workdir / "data",
                           extra_args=["--topic", f"{TOPIC}:{PARTITIONS}", "--no-registry", "--log-level", "info"]).start()
    figures = Figures()
    failures = []
    try:
        caught_up, rss_sampled = asyncio.run(run_load(
            broker.bootstrap, broker.proc.pid, broker.port, seconds, producers, main_consumers, other_consumers, figures))
        _, peak_kib = memory_kib(broker.proc.pid)
        stored, stored_count = asyncio.run(read_back(broker.bootstrap, len(figures.acked)))
    finally:
        assert broker.stop(timeout=30) == 0
    lost = [key for key, value in figures.acked.items() if stored.get(key) != value]
    values = list(stored.values())
    duplicates = len(values) - len(set(values))
    out_of_order = 0
    last = {}
    for (partition, offset) in sorted(stored):
        producer, sequence = stored[(partition, offset)].decode().split(":")
        if sequence and int(sequence) <= last.get(producer, -1):
            out_of_order += 1
        last[producer] = int(sequence)
    result = {
        "seconds": seconds, "producers": producers, "consumers": main_consumers + other_consumers + 1,
        "peak_connections": figures.peak_connections, "records_acknowledged": len(figures.acked),
        "records_stored": stored_count, "records_lost": len(lost), "records_duplicated": duplicates,
        "out_of_order": out_of_order, "send_errors": figures.send_errors, "group_joins": figures.joins,
        "group_leaves": figures.leaves, "slow_consumer_read": len(figures.seen["slow"]),
        "fast_groups_caught_up_after_s": round(caught_up, 1), "main_group_settled_after_s": figures.settled_after_s,
        "min_acked_per_5s": min(figures.rates) if figures.rates else 0,
        "broker_peak_rss_mib": round(peak_kib / 1024, 1), "broker_rss_sampled_max_mib": round(rss_sampled / 1024, 1),
    }
    if figures.peak_connections < 200:
        failures.append(f"only {figures.peak_connections} concurrent connections")
    if lost:
        failures.append(f"{len(lost)} acknowledged records lost or changed, e.g. {lost[:3]}")
    if duplicates:
        failures.append(f"{duplicates} records stored twice")
    if out_of_order:
        failures.append(f"{out_of_order} records out of producer order")
    if not figures.rates or min(figures.rates) == 0:
        failures.append("a 5 s window with no acknowledged produce (producers stalled)")
    if not set(figures.acked) <= figures.seen["other"] or not set(figures.acked) <= figures.seen["main"]:
        failures.append("a fast consumer group did not catch up with the acknowledged records within 60 s")
    if figures.settled_after_s is None:
        failures.append("the main group's partitions were not each held by exactly one member within 60 s")
    if len(figures.seen["slow"]) >= len(figures.acked):
        failures.append("the slow consumer was not slow: the check that it does not stall others proves nothing")
    return result, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--producers", type=int, default=100)
    parser.add_argument("--consumers", type=int, default=40, help="members of the group that joins and leaves")
    parser.add_argument("--other-consumers", type=int, default=20)
    parser.add_argument("--herald", default=os.environ.get("HERALD_BIN", ".build/debug/herald"))
    args = parser.parse_args()
    # aiokafka warns on every heartbeat during a rebalance, which this load causes on purpose.
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory(prefix="herald-soak-") as workdir:
        result, failures = soak(args.herald, workdir, args.seconds, args.producers, args.consumers, args.other_consumers)
    print(json.dumps(result, sort_keys=True))
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
