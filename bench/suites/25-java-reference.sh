#!/usr/bin/env bash
# Java Avro 1.8.2 (Debian libavro-java, OpenJDK) beside Herald on the compat suite's pairs: schema parsing, the
# compatibility verdict with schemas parsed once (Java's core checker and its public API), and parse + check
# (bench/reference/SchemaCompatJava.java: thread CPU time after a JIT warm-up, cold first pass reported too).
# JAVA_REFERENCE_RUNS (default 1) interleaves that many Herald and Java runs and prints the median ratios.
# Java's verdicts are compared with Herald's; every disagreement must be one of the 1.8.2 rules that later Avro
# changed (bench/reference/compat_java_compare.py), else the suite fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out
mkdir -p "$out"
jars=/usr/share/java
if ! command -v javac > /dev/null || [ ! -f "$jars/avro.jar" ]; then
  echo "java reference: OpenJDK or libavro-java is not installed; no reference figure"
  exit 0
fi
cp="$jars/avro.jar:$jars/jackson-core-asl.jar:$jars/jackson-mapper-asl.jar:$jars/slf4j-api.jar:$jars/slf4j-nop.jar"
rm -rf "$out/java-ref" && mkdir -p "$out/java-ref"
javac -nowarn -d "$out/java-ref" -cp "$cp" bench/reference/SchemaCompatJava.java
java_cmd="java -cp $out/java-ref:$cp SchemaCompatJava"
"$HERALD_BENCH_BIN" compat generate "$out/compat-pairs.json" "${COMPAT_EVOLUTIONS:-2000}" > /dev/null
runs=${JAVA_REFERENCE_RUNS:-1}
: > "$out/java-reference-runs.txt"
for run in $(seq "$runs"); do
  hp=$("$HERALD_BENCH_BIN" parse "$out/compat-pairs.json")
  hc=$("$HERALD_BENCH_BIN" compat run "$out/compat-pairs.json" "$out/compat-herald-verdicts.json")
  j=$($java_cmd "$out/compat-pairs.json" "$out/compat-java-verdicts.json")
  [ "$run" = 1 ] && echo "$j" | sed -n '1p;/^java_cold/p;/^java_process_cpu/p'
  {
    echo "$hp" | sed -n 's/^herald_parse_schemas_per_second=/parse /p'
    echo "$hc" | sed -n 's/^herald_pairs_per_second=/compat /p'
    echo "$hc" | sed -n 's/^herald_parse_and_check_pairs_per_second=/parse_and_check /p'
    echo "$j" | sed -n 's/^java_parse_schemas_per_second=/java_parse /p'
    echo "$j" | sed -n 's/^java_compat_core_pairs_per_second=/java_core /p'
    echo "$j" | sed -n 's/^java_compat_public_pairs_per_second=/java_public /p'
    echo "$j" | sed -n 's/^java_parse_and_check_pairs_per_second=/java_parse_and_check /p'
  } | sed "s/^/$run /" >> "$out/java-reference-runs.txt"
done
"$BENCH_PY" - "$out/java-reference-runs.txt" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    run, key, value = line.split()
    runs.setdefault(run, {})[key] = float(value)
rows = [
    ("parse (schemas/s)", "parse", "java_parse", ""),
    ("compat, core verdict (pairs/s)", "compat", "java_core", "goal >= 2x"),
    ("compat, public API (pairs/s)", "compat", "java_public", ""),
    ("parse + check (pairs/s)", "parse_and_check", "java_parse_and_check", "goal >= 1.5x"),
]
for label, h, j, goal in rows:
    ratios = [r[h] / r[j] for r in runs.values()]
    hs = [r[h] for r in runs.values()]
    js = [r[j] for r in runs.values()]
    spread = f" (runs {min(ratios):.2f}-{max(ratios):.2f}x)" if len(ratios) > 1 else ""
    print(f"java {label}: herald {statistics.median(hs):,.0f}, java 1.8.2 {statistics.median(js):,.0f}, "
          f"ratio {statistics.median(ratios):.2f}x{spread}{', ' + goal if goal else ''}")
PY
JAVA_VERDICTS_CMD="$java_cmd --verdicts" HERALD_VERDICTS_CMD="env HERALD_BENCH_SECONDS=0.01 $HERALD_BENCH_BIN compat run" \
  "$BENCH_PY" bench/reference/compat_java_compare.py "$out/compat-pairs.json" "$out/compat-herald-verdicts.json" \
  "$out/compat-java-verdicts.json" "$out"
