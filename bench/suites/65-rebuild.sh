#!/usr/bin/env bash
# Rebuild latency on synthetic catalogs of 1,000 and 10,000 events (REBUILD_SIZES), after editing one event's summary:
#   - `herald build` into an existing output folder (incremental: unchanged files are taken over, not rewritten),
#     with no change and after one edit, against the first build into an empty folder: wall and CPU seconds, files
#     rewritten and kept;
#   - `herald serve`: from the write of the edited event.yaml to the `reload` event on the site's event stream
#     (65-serve-latency.py), best and median of REBUILD_EDITS edits.
# The catalog is a hard-linked copy of the synthetic one; edits replace a file (never write through a link).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out
mkdir -p "$out"
sizes="${REBUILD_SIZES:-1000 10000}"
edits="${REBUILD_EDITS:-3}"
py="${BENCH_PY:-.venv/bin/python}"
for n in $sizes; do
  [ -f "$out/synthetic-$n/catalog.yaml" ] || python3 scripts/generate-synthetic-catalog.py "$n" "$out/synthetic-$n"
  copy="$out/rebuild-catalog-$n"
  rm -rf "$copy" "$out/rebuild-site-$n"
  cp -al "$out/synthetic-$n" "$copy"
  manifest=$(find "$copy" -name event.yaml | sort | head -1)

  # wall seconds and CPU seconds (user + system) of one command, from /usr/bin/time -v.
  timed() {
    /usr/bin/time -v "$@" >"$out/rebuild-stdout.txt" 2>"$out/rebuild-time.txt" || { echo "rebuild: '$*' failed"; tail -5 "$out/rebuild-time.txt"; exit 1; }
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/rebuild-time.txt" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { sum += $2 } END { print sum }' "$out/rebuild-time.txt")
    echo "$wall $cpu"
  }
  build=("$HERALD_BIN" build --catalog "$copy" --out "$out/rebuild-site-$n" --templates templates)
  read -r fw fc < <(timed "${build[@]}")
  read -r nw nc < <(timed "${build[@]}")
  echo "rebuild $n events: herald build again with no change ${nw} s wall, ${nc} s CPU"
  cp "$manifest" "$manifest.new" && sed -i 's/^summary: .*/summary: Edited for the rebuild benchmark./' "$manifest.new" && mv "$manifest.new" "$manifest"
  read -r rw rc < <(timed "${build[@]}")
  kept=$(sed -n 's/.*(\([0-9]*\) unchanged.*/\1/p' "$out/rebuild-stdout.txt")
  total=$(sed -n 's/^Wrote \([0-9]*\) files.*/\1/p' "$out/rebuild-stdout.txt")
  awk -v n="$n" -v fw="$fw" -v fc="$fc" -v rw="$rw" -v rc="$rc" -v k="${kept:-0}" -v t="${total:-0}" \
    'BEGIN { printf "rebuild %s events: herald build first %.2f s wall, %.2f s CPU; after one edit %.2f s wall, %.2f s CPU (%.1fx CPU); %d of %d files kept\n", n, fw, fc, rw, rc, (rc > 0 ? fc / rc : 0), k, t }'

  "$py" bench/suites/65-serve-latency.py "$HERALD_BIN" "$copy" "$manifest" "$edits" "$out/rebuild-serve-$n.log" | sed "s/^/rebuild $n events: /"
  rm -rf "$copy" "$out/rebuild-site-$n"
done
