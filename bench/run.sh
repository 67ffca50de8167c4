#!/usr/bin/env bash
# Runs every benchmark suite (bench/suites/*.sh, in name order) on release builds.
# Each suite measures Herald and its reference tool in the same run and prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
export HERALD_BIN="$(swift build -c release --show-bin-path)/herald"
export HERALD_BENCH_BIN="$(swift build -c release --show-bin-path)/herald-bench"
export BENCH_PY="$PWD/.venv/bin/python"
mkdir -p bench/out
status=0
for suite in bench/suites/*.sh; do
  [ -e "$suite" ] || continue
  echo "== $(basename "$suite" .sh)"
  bash "$suite" || { echo "suite $suite failed"; status=1; }
done
exit $status
