#!/usr/bin/env bash
# Binary datum work against avro-c 1.11 (Debian libavro-dev, generic value API; bench/reference/datum_avroc.c) on the
# same ~200-byte order event as 30-datum.sh: encode into one reused buffer, decode into a new value each time, and
# a check of the bytes without building a value (avro-c: avro_skip_data). DATUM_RUNS (default 5) interleaved runs
# of each side, BENCH_SECONDS (default 1) of thread CPU time per operation and run; ratios of the medians.
# Goals: encode >= 1.2x, decode >= 1.5x, check >= 2x. avro-c's bytes must equal Herald's.
set -euo pipefail
cd "$(dirname "$0")/../.."
schema=bench/data/order-event.avsc
datum=bench/data/order-event.json
seconds="${BENCH_SECONDS:-1}"
runs="${DATUM_RUNS:-5}"
out=bench/out/datum-avroc
mkdir -p "$out"
if [ ! -f /usr/include/avro.h ] || [ ! -f /usr/include/jansson.h ]; then
  echo "datum-avroc: avro-c or jansson (libavro-dev, libjansson-dev) is not installed; no reference figures"
  exit 0
fi
cc -O2 -o "$out/datum_avroc" bench/reference/datum_avroc.c -lavro -ljansson
"$HERALD_BIN" avro encode --schema "$schema" "$datum" --hex > "$out/herald.hex"
rm -f "$out"/herald-*.jsonl "$out"/avroc-*.jsonl
for run in $(seq 1 "$runs"); do
  "$HERALD_BENCH_BIN" datum "$schema" "$datum" "$seconds" encode,encode-into,decode,check > "$out/herald-$run.jsonl"
  "$out/datum_avroc" "$schema" "$datum" "$seconds" "$out/avroc.hex" > "$out/avroc-$run.jsonl"
done
"$BENCH_PY" - "$out" "$runs" <<'PY'
import json, os, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
def load(side):
    figures = {}
    for run in range(1, runs + 1):
        for record in map(json.loads, open(f"{out}/{side}-{run}.jsonl")):
            figures.setdefault(record["op"], []).append(record)
    return figures
herald, avroc = load("herald"), load("avroc")
same = open(f"{out}/herald.hex").read().strip() == open(f"{out}/avroc.hex").read().strip()
print(f"datum-avroc: {herald['encode'][0]['bytes']}-byte order event, "
      f"{runs} interleaved runs, load average {os.getloadavg()[0]:.2f}; identical encodings: {'yes' if same else 'NO'}")
def summary(records):
    rates = [r["ops_per_sec"] for r in records]
    median = statistics.median(rates)
    return median, (max(rates) - min(rates)) / median * 100, records[0]["allocations_per_op"]
print(f"{'herald':<12} {'ops/s (spread)':>22} {'allocs':>7}   {'avro-c':<7} {'ops/s (spread)':>22} {'allocs':>7} {'ratio':>7}")
status = 0 if same else 1
for mine, theirs, goal in (("encode-into", "encode", 1.2), ("encode", "encode", None), ("decode", "decode", 1.5), ("check", "skip", 2.0)):
    h, hs, ha = summary(herald[mine])
    c, cs, ca = summary(avroc[theirs])
    ratio = h / c
    flag = "" if goal is None or ratio >= goal else f"  (below the {goal}x goal)"
    print(f"{mine:<12} {h:>12,.0f} (±{hs / 2:4.1f}%) {ha:>7}   {theirs:<7} {c:>12,.0f} (±{cs / 2:4.1f}%) {ca:>7} {ratio:>6.2f}x{flag}")
print("medians of thread CPU time rates; spread is half the range over the runs; encode (new array each time) is shown beside avro-c's reused buffer")
sys.exit(status)
PY
