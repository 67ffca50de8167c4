#!/usr/bin/env bash
# Produce-time validation: framed Avro order events produced by the C client (bench/rdkafka-bench.c) to a validating
# herald broker and to one started with --no-validation, in the same run; then the validator's cost and heap
# allocations per record in-process (herald-bench produce-validation). Goal: at most 20% of produce throughput and
# no allocation per valid record.
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
if [ -z "$compiler" ] || [ ! -f /usr/include/librdkafka/rdkafka.h ]; then
  echo "C client not built: needs a C compiler and librdkafka-dev (scripts/setup.sh bench installs them)"
  exit 1
elif [ -n "$wheel_lib" ]; then
  "$compiler" -O2 -o bench/out/rdkafka-bench bench/rdkafka-bench.c "$wheel_lib" -Wl,-rpath,"$(dirname "$wheel_lib")"
else
  "$compiler" -O2 -o bench/out/rdkafka-bench bench/rdkafka-bench.c -lrdkafka
fi
timeout 900 "$BENCH_PY" bench/validation_bench.py --herald "$HERALD_BIN" --herald-bench "$HERALD_BENCH_BIN" \
  --c-client bench/out/rdkafka-bench "$@"
