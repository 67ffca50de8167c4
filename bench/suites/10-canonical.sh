#!/usr/bin/env bash
# Parsing Canonical Form + CRC-64-AVRO throughput: Herald against the Python `avro` package, on the example
# catalog's schemas written out fully resolved (self-contained), so both tools read the same texts.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out/canonical
rm -rf "$out"
mkdir -p "$out/resolved"

"$HERALD_BENCH_BIN" canonical --emit "$out/resolved" schemas > "$out/herald.txt"

"$BENCH_PY" - "$out/resolved" > "$out/python.txt" <<'PY'
import hashlib, os, re, sys, time
import avro.schema

folder = sys.argv[1]
texts = [open(os.path.join(folder, name), encoding="utf-8").read() for name in sorted(os.listdir(folder))]

def measure(items, round_):
    for _ in range(3):
        round_()
    rounds, start = 0, time.perf_counter()
    while True:
        round_()
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= 1.0:
            return rounds * items / elapsed

schemas = [avro.schema.parse(t) for t in texts]
parse_rate = measure(len(texts), lambda: [avro.schema.parse(t) for t in texts])
# canonical_form is recomputed on each access; fingerprint() computes it again, so time the pair like Herald's one pass.
canonical_rate = measure(len(schemas), lambda: [s.fingerprint() for s in schemas])
# avro-python keeps a primitive with attributes (a logical type) as {"type":"long"}; Java and the spec write "long".
# Herald follows Java, so compare on avro-python's form with that one difference normalised.
primitive_object = re.compile(r'\{"type":"(null|boolean|int|long|float|double|bytes|string)"\}')
kept_objects = sum(1 for s in schemas if primitive_object.search(s.canonical_form))
java_forms = [primitive_object.sub(r'"\1"', s.canonical_form) for s in schemas]
fingerprints = ["%016x" % int.from_bytes(avro.schema._crc_64_fingerprint(f.encode()), "little") for f in java_forms]
print("python_forms_with_primitive_objects", kept_objects)
print("schemas", len(schemas))
print("parse_schemas_per_second", int(parse_rate))
print("canonical_rabin_schemas_per_second", int(canonical_rate))
print("fingerprint_digest", hashlib.sha256(",".join(fingerprints).encode()).hexdigest())
PY

value() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
h_parse=$(value "$out/herald.txt" parse_schemas_per_second)
p_parse=$(value "$out/python.txt" parse_schemas_per_second)
h_pcf=$(value "$out/herald.txt" canonical_rabin_schemas_per_second)
p_pcf=$(value "$out/python.txt" canonical_rabin_schemas_per_second)
same="yes"
[ "$(value "$out/herald.txt" fingerprint_digest)" = "$(value "$out/python.txt" fingerprint_digest)" ] || same="NO"

echo "schemas: $(value "$out/herald.txt" schemas) (example catalog, fully resolved)"
printf 'parse:            herald %10d/s   python avro %8d/s   ratio %sx\n' "$h_parse" "$p_parse" "$(awk -v a="$h_parse" -v b="$p_parse" 'BEGIN { printf "%.1f", a / b }')"
printf 'canonical+rabin:  herald %10d/s   python avro %8d/s   ratio %sx\n' "$h_pcf" "$p_pcf" "$(awk -v a="$h_pcf" -v b="$p_pcf" 'BEGIN { printf "%.1f", a / b }')"
echo "fingerprints agree: $same (avro-python's form normalised in $(value "$out/python.txt" python_forms_with_primitive_objects) schemas: it keeps logical-type primitives as objects, Java does not)"
[ "$same" = "yes" ]
