#!/usr/bin/env bash
# Datum throughput: Herald's validate / encode / decode against fastavro's validate / schemaless_writer /
# schemaless_reader on the same ~200-byte order event, in the same run. Goal: >= 10x on each.
set -euo pipefail
cd "$(dirname "$0")/../.."
schema=bench/data/order-event.avsc
datum=bench/data/order-event.json
seconds="${BENCH_SECONDS:-2}"
out=bench/out/datum
mkdir -p "$out"
"$HERALD_BENCH_BIN" datum "$schema" "$datum" "$seconds" > "$out/herald.jsonl"
"$BENCH_PY" bench/reference/datum_fastavro.py "$schema" "$datum" "$seconds" > "$out/fastavro.jsonl"
# Both sides must produce the same bytes, or the comparison is meaningless.
"$HERALD_BIN" avro encode --schema "$schema" "$datum" --hex > "$out/herald.hex"
"$BENCH_PY" - "$out" <<'PY'
import json, sys
out = sys.argv[1]
herald = {r["op"]: r for r in map(json.loads, open(f"{out}/herald.jsonl"))}
fast = {r["op"]: r for r in map(json.loads, open(f"{out}/fastavro.jsonl"))}
same = open(f"{out}/herald.hex").read().strip() == fast["encoded-hex"]["hex"]
print(f"datum: {herald['encode']['bytes']}-byte order event; identical encodings: {'yes' if same else 'NO'}")
print(f"{'operation':<10} {'herald ops/s':>14} {'fastavro ops/s':>15} {'ratio':>7} {'allocs/op':>10}")
status = 0 if same else 1
for op in ("validate", "encode", "decode"):
    h, f = herald[op], fast[op]
    ratio = h["ops_per_sec"] / f["ops_per_sec"]
    flag = "" if ratio >= 10 else "  (below the 10x goal)"
    allocs = h["allocations_per_op"]
    print(f"{op:<10} {h['ops_per_sec']:>14,} {f['ops_per_sec']:>15,} {ratio:>6.1f}x {allocs if allocs is not None else 'n/a':>10}{flag}")
for op in ("read-json", "check"):
    h = herald[op]
    print(f"{op:<10} {h['ops_per_sec']:>14,} {'-':>15} {'':>7} {h['allocations_per_op'] if h['allocations_per_op'] is not None else 'n/a':>10}")
print("allocations: malloc/calloc/realloc/aligned calls counted in-process by herald-bench (glibc interposition)")
sys.exit(status)
PY
