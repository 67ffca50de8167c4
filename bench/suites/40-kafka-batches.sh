#!/usr/bin/env bash
# Produce-side record batch work (split, CRC-32C, decompress, parse records): Herald vs kafka-python on the same bytes.
set -euo pipefail
mkdir -p bench/out
for codec in none gzip; do
  file="bench/out/kafka-batches-$codec.bin"
  herald=$("$HERALD_BENCH_BIN" kafka-batches "$file" 2000 100 "$codec")
  reference=$("$BENCH_PY" bench/reference/kafka_batches.py "$file" "$codec")
  echo "$herald"
  echo "$reference"
  h=$(echo "$herald" | head -1 | sed -E 's/.* ([0-9]+) records\/s.*/\1/')
  r=$(echo "$reference" | sed -E 's/.* ([0-9]+) records\/s.*/\1/')
  awk -v h="$h" -v r="$r" -v c="$codec" 'BEGIN { printf "ratio kafka-batches %s: Herald %.1fx kafka-python (records/s)\n", c, h / r }'
done
