#!/usr/bin/env bash
# Schema parsing alone (JSON text → resolved AvroSchema with positions) over the distinct schemas of the compat
# suite's deterministic evolution pairs, in CPU time, beside avro-c's avro_schema_from_json_length on the same texts
# (bench/reference/schema_parse_avroc.c; Debian libavro-dev). avro-c keeps no positions and stops at the first error.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out
mkdir -p "$out"
"$HERALD_BENCH_BIN" compat generate "$out/compat-pairs.json" "${COMPAT_EVOLUTIONS:-2000}" > /dev/null
herald=$("$HERALD_BENCH_BIN" parse --emit "$out/parse-texts.bin" "$out/compat-pairs.json")
echo "$herald"
if [ ! -f /usr/include/avro.h ]; then
  echo "parse: avro-c (libavro-dev) is not installed; no reference figure"
  exit 0
fi
cc -O2 -o "$out/schema_parse_avroc" bench/reference/schema_parse_avroc.c -lavro
avroc=$("$out/schema_parse_avroc" "$out/parse-texts.bin")
echo "$avroc"
h=$(echo "$herald" | sed -n 's/^herald_parse_schemas_per_second=//p')
c=$(echo "$avroc" | sed -n 's/^avroc_parse_schemas_per_second=//p')
awk -v h="$h" -v c="$c" 'BEGIN { printf "parse: herald %d schemas/s, avro-c %d schemas/s, ratio %.2fx\n", h, c, h / c }'
