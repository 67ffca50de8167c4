"""fastavro's figures for the `datum` area: validate, schemaless_writer and schemaless_reader on one datum.

Usage: datum_fastavro.py SCHEMA.avsc DATUM.json [SECONDS]. The plain-JSON datum is first turned into the
Python values fastavro expects (bytes and fixed as bytes); logical types keep their underlying values.
Prints one JSON object per operation, like `herald-bench datum`. Times are thread CPU time, as there.
"""
import io
import json
import sys
import time

import fastavro
from fastavro.validation import validate


def to_python(schema, value, named, namespace=""):
    """Plain JSON to fastavro's in-memory form: bytes and fixed become bytes (JSON strings of code points 0-255).
    A union takes the first branch whose shape fits, as Herald's plain reading does."""
    if isinstance(schema, list):
        for branch in schema:
            try:
                return to_python(branch, value, named, namespace)
            except (TypeError, KeyError, ValueError):
                continue
        raise ValueError("no branch fits")
    if isinstance(schema, str):
        if schema in named:
            return to_python(named[schema], value, named, namespace)
        if "." not in schema and namespace and f"{namespace}.{schema}" in named:
            return to_python(named[f"{namespace}.{schema}"], value, named, namespace)
        expected = {"null": type(None), "boolean": bool, "int": int, "long": int, "float": (int, float),
                    "double": (int, float), "string": str, "bytes": str}[schema]
        if not isinstance(value, expected):
            raise TypeError(schema)
        return value.encode("latin-1") if schema == "bytes" else value
    kind = schema["type"]
    if kind in ("record", "enum", "fixed"):
        name = schema["name"]
        namespace = name.rsplit(".", 1)[0] if "." in name else schema.get("namespace", namespace)
        full = name if "." in name else (f"{namespace}.{name}" if namespace else name)
        named[full] = schema
    if kind == "record":
        if not isinstance(value, dict):
            raise TypeError(kind)
        return {f["name"]: to_python(f["type"], value[f["name"]], named, namespace) if f["name"] in value else f.get("default")
                for f in schema["fields"]}
    if kind == "fixed":
        if not isinstance(value, str):
            raise TypeError(kind)
        return value.encode("latin-1")
    if kind == "enum":
        if value not in schema["symbols"]:
            raise ValueError(kind)
        return value
    if kind == "array":
        return [to_python(schema["items"], v, named, namespace) for v in value]
    if kind == "map":
        if not isinstance(value, dict):
            raise TypeError(kind)
        return {k: to_python(schema["values"], v, named, namespace) for k, v in value.items()}
    return to_python(kind, value, named, namespace)


def measure(name, operation, seconds, size):
    for _ in range(200):
        operation()
    iterations = 200
    while True:
        start = time.thread_time()
        for _ in range(iterations):
            operation()
        elapsed = time.thread_time() - start
        if elapsed >= seconds / 4:
            break
        iterations *= 4
    total = max(1, int(iterations * seconds / elapsed))
    start = time.thread_time()
    for _ in range(total):
        operation()
    elapsed = time.thread_time() - start
    print(json.dumps({"area": "datum", "op": name, "ops_per_sec": round(total / elapsed), "ns_per_op": round(elapsed / total * 1e9, 1), "bytes": size}))


def main():
    schema_path, datum_path = sys.argv[1], sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    with open(schema_path) as f:
        raw_schema = json.load(f)
    with open(datum_path) as f:
        plain = json.load(f)
    parsed = fastavro.parse_schema(raw_schema)
    record = to_python(raw_schema, plain, {})
    validate(record, parsed, raise_errors=True)
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, record)
    encoded = buffer.getvalue()

    def do_validate():
        return validate(record, parsed, raise_errors=False)

    def do_encode():
        out = io.BytesIO()
        fastavro.schemaless_writer(out, parsed, record)
        return out.getvalue()

    def do_decode():
        return fastavro.schemaless_reader(io.BytesIO(encoded), parsed)

    assert do_decode() is not None
    measure("validate", do_validate, seconds, len(encoded))
    measure("encode", do_encode, seconds, len(encoded))
    measure("decode", do_decode, seconds, len(encoded))
    sys.stdout.write(json.dumps({"area": "datum", "op": "encoded-hex", "hex": encoded.hex()}) + "\n")


if __name__ == "__main__":
    main()
