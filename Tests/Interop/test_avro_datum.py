"""herald avro encode/decode against fastavro: the same bytes both ways, on the bundled catalog's examples."""
import io
import json
import pathlib
import subprocess

import fastavro
import pytest

from conftest import ROOT

CATALOG = ROOT / "schemas"


def latest_schema(event: pathlib.Path) -> pathlib.Path:
    versions = sorted(event.glob("v*.avsc"), key=lambda p: int(p.stem[1:]))
    return versions[-1]


def examples():
    for event_yaml in sorted(CATALOG.glob("**/event.yaml")):
        event = event_yaml.parent
        if not list(event.glob("v*.avsc")):
            continue
        for example in sorted((event / "examples").glob("*.json")):
            yield pytest.param(latest_schema(event), example, id=f"{event.name}/{example.name}")


def named_types():
    named = {}
    pending = [json.loads(p.read_text()) for p in sorted((CATALOG / "types").glob("*.avsc"))]
    while pending:
        left = []
        for schema in pending:
            try:
                fastavro.parse_schema(schema, named_schemas=named)
            except Exception:
                left.append(schema)
        if len(left) == len(pending):
            break
        pending = left
    return named


def to_fastavro(schema, value, named, namespace=""):
    """Plain JSON to fastavro's form: bytes and fixed become bytes; a union takes the first branch that fits."""
    if isinstance(schema, list):
        for branch in schema:
            try:
                return to_fastavro(branch, value, named, namespace)
            except (TypeError, KeyError, ValueError):
                continue
        raise ValueError("no branch fits")
    if isinstance(schema, str):
        for name in (schema, f"{namespace}.{schema}"):
            if name in named:
                return to_fastavro(named[name], value, named, name.rsplit(".", 1)[0] if "." in name else "")
        kinds = {"null": type(None), "boolean": bool, "int": int, "long": int, "float": (int, float),
                 "double": (int, float), "string": str, "bytes": str}
        if schema not in kinds or not isinstance(value, kinds[schema]) or (schema in ("int", "long") and isinstance(value, bool)):
            raise TypeError(schema)
        return value.encode("latin-1") if schema == "bytes" else value
    kind = schema["type"]
    if kind in ("record", "enum", "fixed", "error"):
        name = schema["name"]
        namespace = name.rsplit(".", 1)[0] if "." in name else schema.get("namespace", namespace)
        named[name if "." in name else (f"{namespace}.{name}" if namespace else name)] = schema
    if kind in ("record", "error"):
        if not isinstance(value, dict) or set(value) - {f["name"] for f in schema["fields"]}:
            raise TypeError(kind)
        return {f["name"]: to_fastavro(f["type"], value[f["name"]], named, namespace) if f["name"] in value
                else to_fastavro(f["type"], f["default"], named, namespace) for f in schema["fields"]}
    if kind == "fixed":
        if not isinstance(value, str) or len(value) != schema["size"]:
            raise TypeError(kind)
        return value.encode("latin-1")
    if kind == "enum":
        if value not in schema["symbols"]:
            raise ValueError(kind)
        return value
    if kind == "array":
        if not isinstance(value, list):
            raise TypeError(kind)
        return [to_fastavro(schema["items"], v, named, namespace) for v in value]
    if kind == "map":
        if not isinstance(value, dict):
            raise TypeError(kind)
        return {k: to_fastavro(schema["values"], v, named, namespace) for k, v in value.items()}
    return to_fastavro(kind, value, named, namespace)


@pytest.mark.parametrize("schema_path,example", list(examples()))
def test_encodings_agree_with_fastavro(herald_bin, schema_path, example):
    types = CATALOG / "types"
    ours = subprocess.run([herald_bin, "avro", "encode", "--schema", str(schema_path), "--types", str(types), str(example)],
                          capture_output=True, check=True).stdout
    named = named_types()
    raw = json.loads(schema_path.read_text())
    parsed = fastavro.parse_schema(raw, named_schemas=dict(named))
    record = to_fastavro(raw, json.loads(example.read_text()), {k: v for k, v in named.items()})
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, record)
    assert ours == buffer.getvalue()
    # And herald decodes fastavro's bytes back to the example (defaults filled in).
    decoded = subprocess.run([herald_bin, "avro", "decode", "--schema", str(schema_path), "--types", str(types), "-"],
                             input=buffer.getvalue(), capture_output=True, check=True).stdout
    again = subprocess.run([herald_bin, "avro", "encode", "--schema", str(schema_path), "--types", str(types), "-"],
                           input=decoded, capture_output=True, check=True).stdout
    assert again == ours
