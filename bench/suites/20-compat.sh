#!/usr/bin/env bash
# Reader/writer compatibility: Herald's checker against avro's ReaderWriterCompatibilityChecker (Python) on the same
# deterministic evolution pairs, in the same run. Prints pairs/second for both, the ratio, and verdict agreement.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out
mkdir -p "$out"
"$HERALD_BENCH_BIN" compat generate "$out/compat-pairs.json" "${COMPAT_EVOLUTIONS:-2000}"
herald=$("$HERALD_BENCH_BIN" compat run "$out/compat-pairs.json" "$out/compat-herald-verdicts.json")
echo "$herald"
python=$("$BENCH_PY" bench/suites/20-compat-reference.py "$out/compat-pairs.json" "$out/compat-herald-verdicts.json")
echo "$python"
h=$(echo "$herald" | sed -n 's/^herald_pairs_per_second=//p')
p=$(echo "$python" | sed -n 's/^python_pairs_per_second=//p')
d=$(echo "$python" | sed -n 's/^disagreements=//p')
awk -v h="$h" -v p="$p" 'BEGIN { printf "compat (check only): herald %d pairs/s, python avro %d pairs/s, ratio %.1fx (goal >= 50x)\n", h, p, h / p }'
he=$(echo "$herald" | sed -n 's/^herald_parse_and_check_pairs_per_second=//p')
pe=$(echo "$python" | sed -n 's/^python_parse_and_check_pairs_per_second=//p')
awk -v h="$he" -v p="$pe" 'BEGIN { printf "compat (parse + check): herald %d pairs/s, python avro %d pairs/s, ratio %.1fx\n", h, p, h / p }'
if [ "$d" != "0" ]; then
  echo "compat: verdicts disagree on $d pairs"
  exit 1
fi
