"""Consumer groups with two real members: split a 4-partition topic, then one leaves and the other takes over."""
import asyncio
import time
import uuid

import pytest

from broker_clients import PRODUCE, make_messages
from broker_fixtures import broker  # noqa: F401  (fixture)

DEADLINE = 45


def settle(poll, done, timeout=DEADLINE):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        poll()
        if done():
            return True
    return False


def test_confluent_group_split_and_takeover(broker):
    from broker_clients import confluent_consumer
    topic = f"grp.{uuid.uuid4().hex[:8]}"
    _create(broker, topic)
    PRODUCE["confluent"](broker.bootstrap, topic, make_messages(40))
    group = f"g-{uuid.uuid4().hex[:6]}"
    a = confluent_consumer(broker.bootstrap, group)
    b = confluent_consumer(broker.bootstrap, group)
    a.subscribe([topic])
    b.subscribe([topic])
    try:
        def assigned():
            pa = {p.partition for p in a.assignment()}
            pb = {p.partition for p in b.assignment()}
            return pa, pb

        ok = settle(lambda: (a.poll(0.2), b.poll(0.2)),
                    lambda: (lambda pa, pb: len(pa) == 2 and len(pb) == 2 and not pa & pb)(*assigned()))
        assert ok, f"no 2+2 split: {assigned()}"
        a.close()
        ok = settle(lambda: b.poll(0.2), lambda: {p.partition for p in b.assignment()} == {0, 1, 2, 3})
        assert ok, f"survivor did not take over: {b.assignment()}"
    finally:
        b.close()


def test_kafkapython_group_split_and_takeover(broker):
    """Each member polls continuously on its own thread, as applications do. (kafka-python 3.0.12 starts a new
    JoinGroup when its previous join finished between two poll() calls, so alternating blocking polls of two
    consumers on one thread can keep a group rebalancing against any broker.)"""
    import threading
    from broker_clients import kafkapython_consumer
    topic = f"grp.{uuid.uuid4().hex[:8]}"
    _create(broker, topic)
    PRODUCE["kafka-python"](broker.bootstrap, topic, make_messages(40))
    group = f"g-{uuid.uuid4().hex[:6]}"
    a = kafkapython_consumer(broker.bootstrap, group, topic)
    b = kafkapython_consumer(broker.bootstrap, group, topic)
    stop = {"a": threading.Event(), "b": threading.Event()}

    def run(name, consumer):
        while not stop[name].is_set():
            consumer.poll(timeout_ms=200)

    threads = {"a": threading.Thread(target=run, args=("a", a)), "b": threading.Thread(target=run, args=("b", b))}
    for thread in threads.values():
        thread.start()
    try:
        def parts(c):
            return {tp.partition for tp in c.assignment()}

        ok = settle(lambda: time.sleep(0.1),
                    lambda: len(parts(a)) == 2 and len(parts(b)) == 2 and not parts(a) & parts(b))
        assert ok, f"no 2+2 split: {parts(a)} {parts(b)}"
        stop["a"].set()
        threads["a"].join(timeout=10)
        a.close()
        ok = settle(lambda: time.sleep(0.1), lambda: parts(b) == {0, 1, 2, 3})
        assert ok, f"survivor did not take over: {parts(b)}"
    finally:
        for name, thread in threads.items():
            stop[name].set()
            thread.join(timeout=10)
        b.close()


def test_aiokafka_group_split_and_takeover(broker):
    from aiokafka import AIOKafkaConsumer
    topic = f"grp.{uuid.uuid4().hex[:8]}"
    _create(broker, topic)
    PRODUCE["aiokafka"](broker.bootstrap, topic, make_messages(40))
    group = f"g-{uuid.uuid4().hex[:6]}"

    async def run():
        def make():
            return AIOKafkaConsumer(topic, bootstrap_servers=broker.bootstrap, group_id=group,
                                    auto_offset_reset="earliest", enable_auto_commit=False,
                                    session_timeout_ms=10000, heartbeat_interval_ms=500, client_id="aiokafka-interop")
        a, b = make(), make()
        await a.start()
        await b.start()
        try:
            def parts(c):
                return {tp.partition for tp in c.assignment()}
            deadline = time.monotonic() + DEADLINE
            while time.monotonic() < deadline:
                await asyncio.gather(a.getmany(timeout_ms=200), b.getmany(timeout_ms=200))
                if len(parts(a)) == 2 and len(parts(b)) == 2 and not parts(a) & parts(b):
                    break
            assert len(parts(a)) == 2 and len(parts(b)) == 2, f"no 2+2 split: {parts(a)} {parts(b)}"
            await a.stop()
            deadline = time.monotonic() + DEADLINE
            while time.monotonic() < deadline and parts(b) != {0, 1, 2, 3}:
                await b.getmany(timeout_ms=200)
            assert parts(b) == {0, 1, 2, 3}, f"survivor did not take over: {parts(b)}"
        finally:
            await b.stop()

    asyncio.run(asyncio.wait_for(run(), DEADLINE * 3))


def test_kcat_balanced_consumers_share_a_topic(broker):
    """Two kcat balanced consumers in one group together read every record."""
    import subprocess
    topic = f"grp.{uuid.uuid4().hex[:8]}"
    _create(broker, topic)
    sent = make_messages(40, printable=True)
    PRODUCE["confluent"](broker.bootstrap, topic, sent)
    group = f"g-{uuid.uuid4().hex[:6]}"
    args = ["kcat", "-b", broker.bootstrap, "-G", group, "-f", "%s\n", "-e",
            "-X", "auto.offset.reset=earliest", topic]
    a = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    b = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        out_a, _ = a.communicate(timeout=DEADLINE)
        out_b, _ = b.communicate(timeout=DEADLINE)
    finally:
        for p in (a, b):
            if p.poll() is None:
                p.kill()
                p.wait(timeout=10)
    got = out_a.splitlines() + out_b.splitlines()
    # Every record is read; a record may be read twice if a rebalance moves a partition before its commit.
    assert set(got) == {m["value"] for m in sent}
    assert a.returncode == 0 and b.returncode == 0


def _create(broker, topic):
    from confluent_kafka.admin import AdminClient, NewTopic
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    futures = admin.create_topics([NewTopic(topic, num_partitions=4, replication_factor=1)], operation_timeout=10)
    futures[topic].result(timeout=30)
