#!/usr/bin/env bash
# The catalog site on the bundled catalog and on synthetic catalogs of 1,000 and 10,000 events (5 versions each,
# with examples):
#   - the site stage alone (herald-bench site: load, parse, resolve and render every page in memory; no check, no
#     AsyncAPI, no disk): wall time, render time, peak memory, files and bytes;
#   - `herald build` end to end (check, AsyncAPI, site, atomic write) for the sizes in SITE_BUILD_SIZES;
#   - `herald check` on the same catalog, the part of a build that is not rendering.
# The reference point is EventCatalog's reported behaviour at this size (3 h to generate 10,000 events, out of memory
# at build); no Node toolchain is run here. Goals: 10k events < 10 s and < 1 GB peak; linear growth.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out
mkdir -p "$out"
sizes="${SITE_SIZES:-1000 10000}"
build_sizes=" ${SITE_BUILD_SIZES:-schemas 1000 10000} "
for n in $sizes; do
  [ -f "$out/synthetic-$n/catalog.yaml" ] || python3 scripts/generate-synthetic-catalog.py "$n" "$out/synthetic-$n"
done

# Best of N: wall seconds, peak resident set (KB) and CPU seconds (user + system; on a shared machine the wall time
# depends on the other jobs, this does not) of one command, from /usr/bin/time -v.
measure() {
  local runs=$1 best_wall="" best_rss="" best_cpu=""
  shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" >"$out/site-stdout.txt" 2>"$out/site-time.txt" || {
      echo "site: '$*' failed"; tail -5 "$out/site-time.txt"; exit 1; }
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/site-time.txt" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/site-time.txt")
    cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { sum += $2 } END { print sum }' "$out/site-time.txt")
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best_wall=$wall; fi
    if [ -z "$best_rss" ] || [ "$rss" -lt "$best_rss" ]; then best_rss=$rss; fi
    if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$cpu; fi
  done
  echo "$best_wall $best_rss $best_cpu"
}

declare -A wall
# Earlier outputs, deleted at the end (see the disk builds below).
trash="$out/.site-trash"
rm -rf "$trash"
mkdir -p "$trash"
for target in schemas $sizes; do
  catalog=$target
  events=bundled
  runs=3
  if [ "$target" != schemas ]; then catalog="$out/synthetic-$target"; events=$target; fi
  if [ "$target" != schemas ] && [ "$target" -ge 10000 ]; then runs=1; fi
  read -r sw srss _ < <(measure "$runs" "$HERALD_BENCH_BIN" site "$catalog" templates 1)
  render=$(sed -n 's/^site_render_seconds=//p' "$out/site-stdout.txt")
  cpu=$(sed -n 's/^site_render_cpu_seconds=//p' "$out/site-stdout.txt")
  files=$(sed -n 's/^site_files=//p' "$out/site-stdout.txt")
  bytes=$(sed -n 's/^site_bytes=//p' "$out/site-stdout.txt")
  wall[$target]=$sw
  read -r cw crss _ < <(measure "$runs" "$HERALD_BIN" check --catalog "$catalog")
  awk -v e="$events" -v w="$sw" -v r="$srss" -v s="$render" -v c="$cpu" -v f="$files" -v b="$bytes" -v cw="$cw" -v cr="$crss" \
    'BEGIN { printf "site %s: load+resolve+render %.2f s (render %.2f s wall, %.2f s CPU), peak %.0f MB, %d files, %.1f MB; check alone %.2f s, %.0f MB\n", e, w, s, c, r / 1024, f, b / 1048576, cw, cr / 1024 }'
  if [[ "$build_sizes" == *" $target "* ]]; then
    # Written to the bench folder's disk, then again over that output (a rebuild: Herald swaps the new output in and
    # deletes the old one within its run), and, where /dev/shm exists, to memory. Creating files on this machine's
    # ext4 costs a varying amount of system time, and much more in the half minute after many files were deleted
    # (ext4 skips recently deleted inodes one by one when it allocates new ones), so the first disk build goes to a
    # folder whose previous contents were moved aside, not deleted, and those are deleted at the end of the suite.
    for place in disk rebuild memory; do
      target_out="$out/site-$events"
      if [ "$place" = disk ] && [ -e "$target_out" ]; then mv "$target_out" "$trash/$target-$(date +%s%N)"; fi
      if [ "$place" = memory ]; then
        [ -d /dev/shm ] || continue
        target_out="/dev/shm/herald-bench-site-$events"
        rm -rf "$target_out"
      fi
      read -r bw brss bcpu < <(measure 1 "$HERALD_BIN" build --catalog "$catalog" --out "$target_out" --templates templates --timings)
      grep -E '^(load|check|generate|  asyncapi|  site|publish):' "$out/site-time.txt" | sed "s/^/site $events ($place): build stage /"
      user=$(sed -n 's/.*User time (seconds): //p' "$out/site-time.txt")
      system=$(sed -n 's/.*System time (seconds): //p' "$out/site-time.txt")
      awk -v e="$events" -v p="$place" -v w="$bw" -v r="$brss" -v c="$bcpu" -v u="$user" -v s="$system" \
        'BEGIN { printf "site %s (%s): herald build (check, AsyncAPI, site, write) %.2f s wall, %.2f s CPU (%.2f user, %.2f system), peak %.0f MB\n", e, p, w, c, u, s, r / 1024 }'
      if [ "$target" = 10000 ]; then
        awk -v p="$place" -v w="$bw" -v r="$brss" 'BEGIN { printf "site goal herald build 10k events (%s) < 10 s: %s (%.2f s); < 1 GB: %s (%.0f MB)\n", p, (w < 10 ? "met" : "missed"), w, (r < 1048576 ? "met" : "missed"), r / 1024 }'
      fi
      [ "$place" = memory ] && rm -rf "$target_out"
    done
  fi
done
rm -rf "$trash"
if [ -n "${wall[10000]:-}" ]; then
  awk -v w="${wall[10000]}" 'BEGIN { printf "site goal 10k events < 10 s (site stage): %s\n", (w < 10 ? "met" : "missed") }'
fi
if [ -n "${wall[1000]:-}" ] && [ -n "${wall[10000]:-}" ]; then
  awk -v a="${wall[1000]}" -v b="${wall[10000]}" 'BEGIN { printf "site growth 1k -> 10k: %.1fx time for 10x events (linear = 10x)\n", b / a }'
fi
