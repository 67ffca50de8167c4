#!/usr/bin/env bash
# Rebuild latency on synthetic catalogs of 1,000 and 10,000 events (REBUILD_SIZES):
#   - `herald build`: a first build into an empty folder (no cache), a rebuild with no change, and a rebuild after
#     editing one event's summary, taken in turn REBUILD_RUNS times (interleaved); medians of wall and CPU seconds
#     (user + system), the first build's median over each rebuild's as ratios, and the files the edit rewrote;
#   - `herald serve`: from the write of the edited event.yaml to the `reload` event on the site's event stream
#     (65-serve-latency.py), best and median of REBUILD_EDITS edits.
# The catalog is a hard-linked copy of the synthetic one; edits replace a file (never write through a link).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out
mkdir -p "$out"
sizes="${REBUILD_SIZES:-1000 10000}"
runs="${REBUILD_RUNS:-3}"
edits="${REBUILD_EDITS:-3}"
py="${BENCH_PY:-.venv/bin/python}"
echo "rebuild: load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $sizes; do
  [ -f "$out/synthetic-$n/catalog.yaml" ] || python3 scripts/generate-synthetic-catalog.py "$n" "$out/synthetic-$n"
  copy="$out/rebuild-catalog-$n"
  site="$out/rebuild-site-$n"
  cache="$out/rebuild-cache-$n"
  rm -rf "$copy" "$site" "$cache"
  cp -al "$out/synthetic-$n" "$copy"
  manifest=$(find "$copy" -name event.yaml | sort | awk "NR == 1")

  # wall seconds and CPU seconds (user + system) of one command, from /usr/bin/time -v.
  timed() {
    /usr/bin/time -v "$@" >"$out/rebuild-stdout.txt" 2>"$out/rebuild-time.txt" || { echo "rebuild: '$*' failed"; tail -5 "$out/rebuild-time.txt"; exit 1; }
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/rebuild-time.txt" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { sum += $2 } END { print sum }' "$out/rebuild-time.txt")
    echo "$wall $cpu"
  }
  median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  build=("$HERALD_BIN" build --catalog "$copy" --out "$site" --cache-dir "$cache" --templates templates)
  fws="" fcs="" nws="" ncs="" ews="" ecs="" kept="" total=""
  for run in $(seq "$runs"); do
    rm -rf "$site" "$cache"
    read -r w c < <(timed "${build[@]}"); fws+=" $w"; fcs+=" $c"
    read -r w c < <(timed "${build[@]}"); nws+=" $w"; ncs+=" $c"
    grep -q '^Nothing changed' "$out/rebuild-stdout.txt" || { echo "rebuild: the no-change rebuild did work: $(cat "$out/rebuild-stdout.txt")"; exit 1; }
    cp "$manifest" "$manifest.new" && sed -i "s/^summary: .*/summary: Edited for the rebuild benchmark, run $run./" "$manifest.new" && mv "$manifest.new" "$manifest"
    read -r w c < <(timed "${build[@]}"); ews+=" $w"; ecs+=" $c"
    kept=$(sed -n 's/.*(\([0-9]*\) unchanged.*/\1/p' "$out/rebuild-stdout.txt")
    total=$(sed -n 's/^Wrote \([0-9]*\) files.*/\1/p' "$out/rebuild-stdout.txt")
  done
  fw=$(echo "$fws" | median) fc=$(echo "$fcs" | median) nw=$(echo "$nws" | median) nc=$(echo "$ncs" | median) ew=$(echo "$ews" | median) ec=$(echo "$ecs" | median)
  awk -v n="$n" -v r="$runs" -v fw="$fw" -v fc="$fc" -v nw="$nw" -v nc="$nc" -v ew="$ew" -v ec="$ec" -v k="${kept:-0}" -v t="${total:-0}" 'BEGIN {
    printf "rebuild %s events (medians of %d): herald build first %.2f s wall, %.2f s CPU; no change %.2f s wall, %.2f s CPU (%.1fx faster wall, %.1fx CPU); one edit %.2f s wall, %.2f s CPU (%.1fx faster wall, %.1fx CPU); the edit rewrote %d of %d files\n",
      n, r, fw, fc, nw, nc, (nw > 0 ? fw / nw : 0), (nc > 0 ? fc / nc : 0), ew, ec, (ew > 0 ? fw / ew : 0), (ec > 0 ? fc / ec : 0), t - k, t }'
  echo "rebuild $n events: walls first$fws; no change$nws; one edit$ews"

  if [ "${REBUILD_SERVE:-1}" = 1 ]; then
    "$py" bench/suites/65-serve-latency.py "$HERALD_BIN" "$copy" "$manifest" "$edits" "$out/rebuild-serve-$n.log" | sed "s/^/rebuild $n events: /"
  fi
  rm -rf "$copy" "$site" "$cache"
done
echo "rebuild: load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
