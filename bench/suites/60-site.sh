#!/usr/bin/env bash
# `herald build` (release: check, AsyncAPI and the HTML site, written to disk) wall time and peak memory on the
# bundled catalog and on synthetic catalogs of 1,000 and 10,000 events (5 versions each, with examples), beside
# `herald check` on the same catalog (the part of a build that is not site work), and the site stage alone
# (herald-bench site: render only, no disk). The reference point is EventCatalog's reported failures at this size
# (3 h to generate 10,000 events, out of memory at build); no Node toolchain is run here.
# Goals: 10k events < 10 s and < 1 GB peak; time growing linearly with the event count.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out
mkdir -p "$out"
sizes="${SITE_SIZES:-1000 10000}"
for n in $sizes; do
  [ -f "$out/synthetic-$n/catalog.yaml" ] || python3 scripts/generate-synthetic-catalog.py "$n" "$out/synthetic-$n"
done

# Best of 3: wall seconds and peak resident set (KB) of one command, from /usr/bin/time -v.
measure() {
  local best_wall="" best_rss=""
  for _ in 1 2 3; do
    /usr/bin/time -v "$@" >"$out/site-stdout.txt" 2>"$out/site-time.txt" || {
      echo "site: '$*' failed"; tail -5 "$out/site-time.txt"; exit 1; }
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/site-time.txt" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/site-time.txt")
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
  read -r w rss < <(measure "$HERALD_BIN" build --catalog "$catalog" --out "$out/site-$events" --templates templates)
  read -r cw crss < <(measure "$HERALD_BIN" check --catalog "$catalog")
  wall[$target]=$w
  stage=$("$HERALD_BENCH_BIN" site "$catalog" templates)
  render=$(echo "$stage" | sed -n 's/^site_render_seconds=//p')
  files=$(echo "$stage" | sed -n 's/^site_files=//p')
  bytes=$(echo "$stage" | sed -n 's/^site_bytes=//p')
  awk -v e="$events" -v w="$w" -v r="$rss" -v cw="$cw" -v cr="$crss" -v s="$render" -v f="$files" -v b="$bytes" \
    'BEGIN { printf "site %s: herald build %.2f s, peak %.0f MB (check alone %.2f s, %.0f MB); site render %.2f s for %d files, %.1f MB\n", e, w, r / 1024, cw, cr / 1024, s, f, b / 1048576 }'
done
if [ -n "${wall[10000]:-}" ]; then
  awk -v w="${wall[10000]}" 'BEGIN { printf "site goal 10k events < 10 s: %s\n", (w < 10 ? "met" : "missed") }'
fi
if [ -n "${wall[1000]:-}" ] && [ -n "${wall[10000]:-}" ]; then
  awk -v a="${wall[1000]}" -v b="${wall[10000]}" 'BEGIN { printf "site growth 1k -> 10k: %.1fx time for 10x events (linear = 10x)\n", b / a }'
fi
