"""The four Kafka clients behind one small interface, for the broker interop suites.

A message is a dict: key (bytes|None), value (bytes|None), headers (list of (str, bytes|None)), ts (ms), partition.
"""
import asyncio
import json
import subprocess
import time
import uuid

CLIENTS = ["kcat", "confluent", "kafka-python", "aiokafka"]
TIMEOUT = 30


def make_messages(n, prefix="m", with_timestamps=True, printable=False):
    """Messages with binary values and per-message headers, or (printable) what kcat's line input can carry."""
    base = int(time.time() * 1000) - 60_000
    out = []
    for i in range(n):
        if printable:
            value = f"{prefix}-value-{i}-".encode() + b"x" * 20
            headers = [("h1", b"v1"), ("trace", b"abc")]
        else:
            value = f"{prefix}-value-{i}-".encode() + bytes([i % 256]) * 20
            headers = [("h1", f"v{i}".encode()), ("trace", b"\x00\x01"), ("empty", b"")]
        out.append({"key": f"{prefix}-key-{i}".encode(), "value": value, "headers": headers,
                    "ts": base + i if with_timestamps else None})
    return out


# ---------------------------------------------------------------- kcat

def kcat_produce(bootstrap, topic, messages, acks="all", compression=None, idempotent=False, partition=None):
    # kcat takes one key/value per line (-K delimiter) and headers per run (-H); no per-message timestamps.
    args = ["kcat", "-P", "-b", bootstrap, "-t", topic, "-K", "\t", "-X", f"acks={acks}" if acks != "all" else "acks=all"]
    if partition is not None:
        args += ["-p", str(partition)]
    if compression:
        args += ["-z", compression]
    if idempotent:
        args += ["-X", "enable.idempotence=true"]
    headers = messages[0]["headers"] if messages else []
    for k, v in headers:
        args += ["-H", f"{k}={v.decode('latin-1')}"]
    body = "".join(f"{m['key'].decode()}\t{m['value'].decode('latin-1')}\n" for m in messages)
    done = subprocess.run(args, input=body.encode("latin-1"), check=True, timeout=TIMEOUT, capture_output=True)
    # kcat exits 0 even when deliveries fail; it reports them on stderr.
    errors = [line for line in done.stderr.decode(errors="replace").splitlines() if "ERROR" in line or "failed" in line]
    if errors:
        raise RuntimeError("kcat delivery failed: " + "; ".join(errors))


def kcat_consume(bootstrap, topic, count, group=None, timeout=TIMEOUT, commit=False):
    """kcat commits through auto-commit when its balanced consumer closes, so `commit` needs nothing extra."""
    if group:
        # No -o here: in balanced mode it would override the group's committed offsets.
        args = ["kcat", "-b", bootstrap, "-G", group, "-J", "-c", str(count),
                "-X", "auto.offset.reset=earliest", topic]
    else:
        args = ["kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-J", "-c", str(count)]
    out = subprocess.run(args, check=True, timeout=timeout, capture_output=True).stdout.decode("latin-1")
    result = []
    for line in out.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        rec = json.loads(line)
        headers = []
        raw = rec.get("headers") or []
        for i in range(0, len(raw), 2):
            headers.append((raw[i], None if raw[i + 1] is None else raw[i + 1].encode("latin-1")))
        result.append({
            "key": None if rec.get("key") is None else rec["key"].encode("latin-1"),
            "value": None if rec.get("payload") is None else rec["payload"].encode("latin-1"),
            "headers": headers, "ts": rec.get("ts"), "partition": rec.get("partition"), "offset": rec.get("offset"),
        })
    return result


# ---------------------------------------------------------------- confluent-kafka

def confluent_produce(bootstrap, topic, messages, acks="all", compression=None, idempotent=False, partition=None):
    from confluent_kafka import Producer
    conf = {"bootstrap.servers": bootstrap, "acks": acks, "linger.ms": 5, "client.id": "confluent-interop"}
    if compression:
        conf["compression.type"] = compression
    if idempotent:
        conf["enable.idempotence"] = True
    producer = Producer(conf)
    errors = []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(err)

    for m in messages:
        kwargs = {"key": m["key"], "value": m["value"], "headers": m["headers"], "on_delivery": on_delivery}
        if m.get("ts") is not None:
            kwargs["timestamp"] = m["ts"]
        if partition is not None:
            kwargs["partition"] = partition
        producer.produce(topic, **kwargs)
        producer.poll(0)
    assert producer.flush(TIMEOUT) == 0, "confluent producer did not deliver everything"
    assert not errors, errors


def confluent_consumer(bootstrap, group, **extra):
    from confluent_kafka import Consumer
    conf = {"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
            "enable.auto.commit": False, "client.id": "confluent-interop", "session.timeout.ms": 10000}
    conf.update(extra)
    return Consumer(conf)


def confluent_consume(bootstrap, topic, count, group=None, timeout=TIMEOUT, commit=False):
    consumer = confluent_consumer(bootstrap, group or f"g-{uuid.uuid4()}")
    consumer.subscribe([topic])
    out = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) < count and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None or msg.error():
                continue
            out.append({"key": msg.key(), "value": msg.value(), "headers": msg.headers() or [],
                        "ts": msg.timestamp()[1], "partition": msg.partition(), "offset": msg.offset()})
        if commit and out:
            consumer.commit(asynchronous=False)
    finally:
        consumer.close()
    return out


# ---------------------------------------------------------------- kafka-python

def kafkapython_produce(bootstrap, topic, messages, acks="all", compression=None, idempotent=False, partition=None):
    from kafka import KafkaProducer
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all" if acks == "all" else int(acks),
                             compression_type=compression, enable_idempotence=idempotent,
                             client_id="kafka-python-interop", request_timeout_ms=TIMEOUT * 1000)
    futures = [producer.send(topic, value=m["value"], key=m["key"], headers=m["headers"],
                             timestamp_ms=m.get("ts"), partition=partition) for m in messages]
    for f in futures:
        f.get(timeout=TIMEOUT)
    producer.close(timeout=10)


def kafkapython_consumer(bootstrap, group, topic=None):
    from kafka import KafkaConsumer
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, auto_offset_reset="earliest",
                             enable_auto_commit=False, client_id="kafka-python-interop",
                             session_timeout_ms=10000, heartbeat_interval_ms=1000)
    if topic:
        consumer.subscribe([topic])
    return consumer


def kafkapython_consume(bootstrap, topic, count, group=None, timeout=TIMEOUT, commit=False):
    consumer = kafkapython_consumer(bootstrap, group or f"g-{uuid.uuid4()}", topic)
    out = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) < count and time.monotonic() < deadline:
            for _, records in consumer.poll(timeout_ms=500).items():
                for r in records:
                    out.append({"key": r.key, "value": r.value, "headers": list(r.headers or []), "ts": r.timestamp,
                                "partition": r.partition, "offset": r.offset})
        if commit and out:
            consumer.commit()
    finally:
        consumer.close()
    return out


# ---------------------------------------------------------------- aiokafka

def aiokafka_produce(bootstrap, topic, messages, acks="all", compression=None, idempotent=False, partition=None):
    from aiokafka import AIOKafkaProducer

    async def run():
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all" if acks == "all" else int(acks),
                                    compression_type=compression, enable_idempotence=idempotent,
                                    client_id="aiokafka-interop", request_timeout_ms=TIMEOUT * 1000)
        await producer.start()
        try:
            futures = [await producer.send(topic, value=m["value"], key=m["key"], headers=m["headers"],
                                           timestamp_ms=m.get("ts"), partition=partition) for m in messages]
            await asyncio.wait_for(asyncio.gather(*futures), TIMEOUT)
        finally:
            await producer.stop()

    asyncio.run(run())


def aiokafka_consume(bootstrap, topic, count, group=None, timeout=TIMEOUT, commit=False):
    from aiokafka import AIOKafkaConsumer

    async def run():
        consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group or f"g-{uuid.uuid4()}",
                                    auto_offset_reset="earliest", enable_auto_commit=False,
                                    client_id="aiokafka-interop", session_timeout_ms=10000,
                                    heartbeat_interval_ms=1000)
        await consumer.start()
        out = []
        try:
            deadline = time.monotonic() + timeout
            while len(out) < count and time.monotonic() < deadline:
                batches = await consumer.getmany(timeout_ms=500)
                for _, records in batches.items():
                    for r in records:
                        out.append({"key": r.key, "value": r.value, "headers": list(r.headers or []),
                                    "ts": r.timestamp, "partition": r.partition, "offset": r.offset})
            if commit and out:
                await consumer.commit()
        finally:
            await consumer.stop()
        return out

    return asyncio.run(run())


PRODUCE = {"kcat": kcat_produce, "confluent": confluent_produce, "kafka-python": kafkapython_produce,
           "aiokafka": aiokafka_produce}
CONSUME = {"kcat": kcat_consume, "confluent": confluent_consume, "kafka-python": kafkapython_consume,
           "aiokafka": aiokafka_consume}


def client_versions():
    import aiokafka
    import confluent_kafka
    import kafka
    kcat = subprocess.run(["kcat", "-V"], capture_output=True, text=True, timeout=10).stdout
    kcat_version = next((line.split("(")[0].strip() for line in kcat.splitlines() if line.startswith("Version")), "unknown")
    kcat_lib = kcat.split("librdkafka ")[1].split()[0] if "librdkafka " in kcat else "unknown"
    return {
        "confluent-kafka": f"{confluent_kafka.version()} (librdkafka {confluent_kafka.libversion()[0]})",
        "kafka-python": kafka.__version__,
        "aiokafka": aiokafka.__version__,
        "kcat": f"{kcat_version} (librdkafka {kcat_lib})",
    }
