#!/usr/bin/env bash
# `herald check` (release) wall time and peak memory on the bundled catalog and on synthetic catalogs of 1,000 and
# 10,000 events (5 versions each, with examples), beside a fastavro + PyYAML reference doing the subset Python can do
# (parse YAML and schemas, validate examples) on the same catalogs in the same run.
# Goals: bundled < 100 ms; 10k events < 3 s and < 500 MB; time growing linearly with the event count.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out
mkdir -p "$out"
sizes="${CHECK_SIZES:-1000 10000}"
for n in $sizes; do
  [ -f "$out/synthetic-$n/catalog.yaml" ] || python3 scripts/generate-synthetic-catalog.py "$n" "$out/synthetic-$n"
done

# Best of 3 runs: wall seconds and peak resident set (KB) from /usr/bin/time -v.
measure() {
  local catalog=$1 best_wall="" best_rss=""
  for _ in 1 2 3; do
    /usr/bin/time -v "$HERALD_BIN" check --catalog "$catalog" >"$out/check-stdout.txt" 2>"$out/check-time.txt" || {
      echo "check: herald check found problems in $catalog"; tail -3 "$out/check-stdout.txt"; exit 1; }
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/check-time.txt" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/check-time.txt")
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best_wall=$wall; fi
    if [ -z "$best_rss" ] || [ "$rss" -lt "$best_rss" ]; then best_rss=$rss; fi
  done
  echo "$best_wall $best_rss"
}

declare -A wall
for target in schemas $sizes; do
  catalog=$target
  events=bundled
  if [ "$target" != schemas ]; then catalog="$out/synthetic-$target"; events=$target; fi
  read -r w rss < <(measure "$catalog")
  wall[$target]=$w
  ref=$("$BENCH_PY" bench/suites/50-check-reference.py "$catalog" | sed -n 's/^python_check_seconds=//p')
  awk -v e="$events" -v w="$w" -v r="$rss" -v p="$ref" \
    'BEGIN { printf "check %s: herald %.3f s, peak %.0f MB; python subset %.3f s, ratio %.1fx\n", e, w, r / 1024, p, p / w }'
done
if [ -n "${wall[1000]:-}" ] && [ -n "${wall[10000]:-}" ]; then
  awk -v a="${wall[1000]}" -v b="${wall[10000]}" 'BEGIN { printf "check growth 1k -> 10k: %.1fx time for 10x events (linear = 10x)\n", b / a }'
fi
