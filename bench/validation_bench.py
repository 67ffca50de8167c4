"""Produce-time validation cost: the C client (bench/rdkafka-bench.c) produces Confluent-framed Avro records of the
bundled order event (order.placed.v2) to two herald brokers over the same catalog in the same run, one validating
(the default) and one started with --no-validation. The brokers take turns, --repeat timed runs each after one
untimed warm-up run; medians of client throughput and of the broker's own CPU seconds per run (from /proc) are
reported with the cost of validation. Then herald-bench's produce-validation case reports the validator's cost and
heap allocations per record in-process. Goal: validation costs at most 20% of produce throughput and allocates
nothing per record on the valid path."""
import argparse
import json
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOPIC = "orders.order-placed.v2"
EXAMPLE = os.path.join(ROOT, "schemas/orders/order.placed.v2/examples/solstice-fleet.json")


class Broker:
    def __init__(self, name, herald, extra, log_dir):
        self.name = name
        self.log = open(os.path.join(log_dir, f"{name}.log"), "w")
        self.proc = subprocess.Popen([herald, "broker", "--catalog", os.path.join(ROOT, "schemas"), "--kafka-port", "0",
                                      "--registry-port", "0", "--log-level", "warning", *extra],
                                     stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.port = self.registry = None
        deadline = time.monotonic() + 60
        while (self.port is None or self.registry is None) and time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if not ready:
                if self.proc.poll() is not None:
                    break
                continue
            line = self.proc.stdout.readline().strip()
            if m := re.match(r"herald broker listening on 127\.0\.0\.1:(\d+)$", line):
                self.port = int(m.group(1))
            elif m := re.match(r"herald registry listening on (http://\S+)$", line):
                self.registry = m.group(1)
        if self.port is None or self.registry is None:
            self.stop()
            raise SystemExit(f"{name}: broker did not start")

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.port}"

    def cpu_seconds(self):
        fields = open(f"/proc/{self.proc.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def framed_example(registry_url):
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext
    serializer = AvroSerializer(SchemaRegistryClient({"url": registry_url}), None,
                                conf={"auto.register.schemas": False, "use.latest.version": True})
    value = json.load(open(EXAMPLE))
    return serializer(value, SerializationContext(TOPIC, MessageField.VALUE))


def produce(client, broker, count, path):
    before = broker.cpu_seconds()
    done = subprocess.run([client, "produce-file", broker.bootstrap, TOPIC, str(count), path],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"{broker.name}: produce failed: {done.stderr.strip()}")
    fields = dict(item.split("=") for item in done.stdout.split())
    return float(fields["msgs_per_s"]), broker.cpu_seconds() - before


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--herald", required=True)
    parser.add_argument("--herald-bench", required=True)
    parser.add_argument("--c-client", required=True)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        brokers = [Broker("validating", args.herald, [], tmp), Broker("no-validation", args.herald, ["--no-validation"], tmp)]
        try:
            value = framed_example(brokers[0].registry)
            # The same catalog gives the same schema IDs, so the record is valid on both brokers.
            assert value == framed_example(brokers[1].registry)
            path = os.path.join(tmp, "order.avro")
            open(path, "wb").write(value)
            runs = {b.name: [] for b in brokers}
            for broker in brokers:
                produce(args.c_client, broker, args.count // 5, path)
            for _ in range(args.repeat):
                for broker in brokers:
                    runs[broker.name].append(produce(args.c_client, broker, args.count, path))
        finally:
            for broker in brokers:
                broker.stop()
        log = open(os.path.join(tmp, "validating.log")).read()
        refused = log.count("produce rejected")
    print(f"produce-validation: {args.count:,} Confluent-framed order.placed.v2 records of {len(value)} bytes per run, "
          f"C client (acks=all, linger.ms=5), {args.repeat} runs per broker, medians")
    print(f"{'broker':<15} {'msgs/s':>10} {'broker CPU s/run':>17} {'µs CPU/record':>14}")
    medians = {}
    for name, results in runs.items():
        rate = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[1] for r in results)
        medians[name] = (rate, cpu)
        spread = f"{min(r[0] for r in results):,.0f}-{max(r[0] for r in results):,.0f}"
        print(f"{name:<15} {rate:>10,.0f} {cpu:>17.3f} {cpu / args.count * 1e6:>14.2f}   (runs {spread})")
    on, off = medians["validating"], medians["no-validation"]
    cost = 1 - on[0] / off[0]
    cpu_cost = on[1] / off[1] - 1 if off[1] > 0 else float("nan")
    flag = "" if cost <= 0.20 else "  (above the 20% goal)"
    print(f"validation costs {cost * 100:.1f}% of produce throughput{flag}; broker CPU per run +{cpu_cost * 100:.1f}%")
    if refused:
        print(f"WARNING: the validating broker refused {refused} batches")
    bench = subprocess.run([args.herald_bench, "produce-validation", os.path.join(ROOT, "schemas"), "order.placed.v2", EXAMPLE, "2"],
                           capture_output=True, text=True, timeout=300)
    status = 0 if cost <= 0.20 and not refused else 1
    for line in bench.stdout.splitlines():
        row = json.loads(line)
        print(f"in-process {row['op']:<12} {row['records_per_sec']:>12,} records/s {row['ns_per_record']:>8.1f} ns/record "
              f"{row['allocations_per_record']} allocations/record ({row['records_per_batch']} records per batch)")
        if row["op"] == "validate" and row["allocations_per_record"] not in (None, 0):
            status = 1
    sys.exit(status)


if __name__ == "__main__":
    main()
