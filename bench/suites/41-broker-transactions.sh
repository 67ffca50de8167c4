#!/usr/bin/env bash
# Transactional produce against plain produce, herald broker against Tansu in the same run, through the C client
# (bench/rdkafka-bench.c: transactions of --txn-records records committed one after another); then herald alone
# with --data-dir, where each transaction also persists the coordinator and syncs its markers.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/out
wheel_lib=$("$BENCH_PY" - <<'PY'
import glob, os, confluent_kafka
libs = os.path.join(os.path.dirname(os.path.dirname(confluent_kafka.__file__)), "confluent_kafka.libs")
print((sorted(glob.glob(os.path.join(libs, "librdkafka*.so*"))) or [""])[0])
PY
)
compiler=$(command -v cc || command -v gcc || command -v clang || true)
if [ -z "$compiler" ] || [ ! -f /usr/include/librdkafka/rdkafka.h ] || [ -z "$wheel_lib" ]; then
  echo "not measured: needs a C compiler, librdkafka-dev and the confluent-kafka wheel (scripts/setup.sh bench)"
  exit 0
fi
"$compiler" -O2 -o bench/out/rdkafka-bench bench/rdkafka-bench.c "$wheel_lib" -Wl,-rpath,"$(dirname "$wheel_lib")"
args=(--herald "$HERALD_BIN" --c-client bench/out/rdkafka-bench --c-only produce,txn-produce --messages 100000 "$@")
timeout 900 "$BENCH_PY" bench/broker_bench.py "${args[@]}"
timeout 900 "$BENCH_PY" bench/broker_bench.py "${args[@]}" --herald-data-dir --no-tansu
