#!/usr/bin/env python3
"""Writes Fuzz/corpus/<target>/seeds/ from the repository's fixtures, ../shared/conformance (when present) and
datums encoded by fastavro and kafka-python. Run from the repository root with the test venv:
    .venv/bin/python Fuzz/scripts/make-seeds.py
Seeds are small files named by the SHA-1 of their content (as libFuzzer names corpus files), so a rerun is stable.
The kafka-request seeds come from Fuzz/scripts/capture-kafka.py (real client traffic) and are left alone here."""
import glob
import gzip  # noqa: F401  (kafka-python's gzip codec needs it importable)
import hashlib
import io
import json
import os
import struct
import sys

import fastavro
from fastavro.schema import fingerprint, to_parsing_canonical_form
from kafka.record.default_records import DefaultRecordBatchBuilder

ROOT = os.getcwd()
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")
SHARED = os.environ.get("HERALD_SHARED_DIR") or next(
    (p for p in (os.path.join(ROOT, "..", "shared"), os.path.join(ROOT, "..", "..", "shared")) if os.path.isdir(p)), None)
MAX_SEED = 16 * 1024


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_SEED:
        return
    folder = os.path.join(CORPUS, target, "seeds")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def read(path):
    if not os.path.isfile(path):  # fixtures include a folder named like a schema file
        return b""
    with open(path, "rb") as f:
        return f.read()


# --- avro-schema: every .avsc in the repository and the conformance schemas -------------------------------------
avsc = sorted(glob.glob("schemas/**/*.avsc", recursive=True) + glob.glob("Tests/**/*.avsc", recursive=True))
for path in avsc:
    write("avro-schema", read(path))
if SHARED:
    for path in sorted(glob.glob(os.path.join(SHARED, "conformance/avro/**/*"), recursive=True)):
        if os.path.isfile(path) and (path.endswith(".avsc") or "/c-schema-tests/" in path):
            write("avro-schema", read(path))
    tests = read(os.path.join(SHARED, "conformance/avro/schema-tests.txt")).decode()
    for line in tests.splitlines():
        if line.startswith("<<INPUT "):
            write("avro-schema", line[len("<<INPUT "):])

# --- the fixed schemas of the datum targets (Sources/HeraldFuzzTargets/FuzzSchemas.swift, same order) -----------
EVERY = {"type": "record", "name": "Everything", "namespace": "fuzz", "fields": [
    {"name": "n", "type": "null"}, {"name": "b", "type": "boolean"}, {"name": "i", "type": "int"},
    {"name": "l", "type": "long"}, {"name": "f", "type": "float"}, {"name": "d", "type": "double"},
    {"name": "by", "type": "bytes"}, {"name": "s", "type": "string"},
    {"name": "fx", "type": {"type": "fixed", "name": "Four", "size": 4}},
    {"name": "e", "type": {"type": "enum", "name": "Colour", "symbols": ["RED", "GREEN", "BLUE"], "default": "RED"}},
    {"name": "a", "type": {"type": "array", "items": "long"}},
    {"name": "m", "type": {"type": "map", "values": ["null", "string"]}},
    {"name": "u", "type": ["null", "int", "string", {"type": "record", "name": "Inner", "fields": [{"name": "x", "type": "int"}]}]},
    {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "day", "type": {"type": "int", "logicalType": "date"}},
    {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "opt", "type": ["null", "Inner"], "default": None}]}
LINKED = {"type": "record", "name": "Node", "namespace": "fuzz", "fields": [
    {"name": "value", "type": "long"}, {"name": "next", "type": ["null", "Node"], "default": None},
    {"name": "children", "type": {"type": "array", "items": "Node"}, "default": []}]}
UNIONS = [{"type": "record", "name": "A", "namespace": "fuzz", "fields": [
    {"name": "a", "type": ["int", "string", {"type": "array", "items": ["null", "A"]}]}]},
    {"type": "record", "name": "B", "namespace": "fuzz", "fields": [{"name": "b", "type": {"type": "map", "values": "fuzz.A"}}]},
    "string", "double", "boolean", "null"]
EVENT = {"type": "record", "name": "OrderPlaced", "namespace": "com.example.order", "fields": [
    {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
        {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"},
        {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 12, "scale": 2}}]}}},
    {"name": "note", "type": ["null", "string"], "default": None}]}
SCHEMAS = [EVERY, LINKED, UNIONS, EVENT]

# Datums as plain JSON (unions bare) and as fastavro values (raw: logical types off).
every_plain = {"n": None, "b": True, "i": -7, "l": 1 << 40, "f": 1.5, "d": -2.25e10, "by": "\u0000\u00ff",
               "s": "héllo", "fx": "abcd", "e": "GREEN", "a": [1, -1, 1 << 62], "m": {"k": "v", "z": None},
               "u": {"x": 3}, "dec": "\u0001\u00e2", "id": "8c3f0f2e-5d7a-4a4c-9c38-1d2f4e5a6b7c", "day": 19000,
               "ts": 1700000000000, "opt": None}
every_avro = dict(every_plain, m={"k": {"string": "v"}, "z": None}, u={"fuzz.Inner": {"x": 3}}, opt={"fuzz.Inner": {"x": 1}})
every_value = dict(every_plain, by=b"\x00\xff", fx=b"abcd", dec=b"\x01\xe2", m={"k": "v", "z": None},
                   u={"x": 3}, opt={"x": 1})
linked_plain = {"value": 1, "next": {"value": 2, "next": None, "children": []},
                "children": [{"value": 3, "next": None, "children": []}]}
linked_avro = {"value": 1, "next": {"fuzz.Node": {"value": 2, "next": None, "children": []}},
               "children": [{"value": 3, "next": None, "children": []}]}
unions_plain = [{"a": [None, {"a": 5}]}, {"b": {"k": {"a": "s"}}}, "text", 2.5, False, None]
unions_avro = [{"fuzz.A": {"a": {"array": [None, {"fuzz.A": {"a": {"int": 5}}}]}}},
               {"fuzz.B": {"b": {"k": {"a": {"string": "s"}}}}}, {"string": "text"}, {"double": 2.5}, {"boolean": False}, None]
unions_value = [("fuzz.A", {"a": [None, {"a": 5}]}), ("fuzz.B", {"b": {"k": {"a": "s"}}}), "text", 2.5, False, None]
event_plain = {"eventId": "8c3f0f2e-5d7a-4a4c-9c38-1d2f4e5a6b7c", "occurredAt": 1700000000000,
               "lines": [{"sku": "A-1", "quantity": 2, "price": "\u0004\u00d2"}], "note": "gift"}
event_avro = dict(event_plain, note={"string": "gift"})
event_value = dict(event_plain, lines=[{"sku": "A-1", "quantity": 2, "price": b"\x04\xd2"}])

plain = [[every_plain], [linked_plain], unions_plain, [event_plain]]
avro_json = [[every_avro], [linked_avro], unions_avro, [event_avro]]
values = [[every_value], [linked_plain, {"value": -5, "next": None, "children": []}], unions_value,
          [event_value, dict(event_value, lines=[], note=None)]]

# --- avro-json-datum: selector (schema index; bit 7: Avro JSON) then the JSON text --------------------------------
for index in range(len(SCHEMAS)):
    for datum in plain[index]:
        write("avro-json-datum", bytes([index]) + json.dumps(datum, ensure_ascii=False).encode())
    for datum in avro_json[index]:
        write("avro-json-datum", bytes([index | 0x80]) + json.dumps(datum, ensure_ascii=False).encode())
for path in sorted(glob.glob("schemas/**/examples/**/*.json", recursive=True))[:40]:
    write("avro-json-datum", bytes([3]) + read(path))

# --- avro-binary and avro-framing: fastavro's encoding of the same datums ----------------------------------------
for index, schema in enumerate(SCHEMAS):
    parsed = fastavro.parse_schema(schema, _write_hint=False)
    fp = struct.pack("<q", int(fingerprint(to_parsing_canonical_form(parsed), "CRC-64-AVRO"), 16) - (1 << 64)
                     if int(fingerprint(to_parsing_canonical_form(parsed), "CRC-64-AVRO"), 16) >= 1 << 63
                     else int(fingerprint(to_parsing_canonical_form(parsed), "CRC-64-AVRO"), 16))
    for value in values[index]:
        out = io.BytesIO()
        fastavro.schemaless_writer(out, parsed, value)
        body = out.getvalue()
        write("avro-binary", bytes([index]) + body)
        write("avro-binary", bytes([index | 0x80]) + body)
        write("avro-framing", bytes([0]) + struct.pack(">I", index) + body)
        write("avro-framing", b"\xc3\x01" + fp + body)

# --- record-batch: v2 batches built by kafka-python, uncompressed and gzip, idempotent and not -----------------
def batch(codec, records, producer_id=-1, sequence=-1, transactional=False, headers=()):
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=codec, is_transactional=transactional,
                                        producer_id=producer_id, producer_epoch=0 if producer_id >= 0 else -1,
                                        base_sequence=sequence, batch_size=1 << 20)
    for offset, (key, value) in enumerate(records):
        builder.append(offset, timestamp=1700000000000 + offset, key=key, value=value, headers=list(headers))
    return bytes(builder.build())


event_bodies = []
for value in values[3]:
    out = io.BytesIO()
    fastavro.schemaless_writer(out, fastavro.parse_schema(EVENT), value)
    event_bodies.append(b"\x00\x00\x00\x00\x03" + out.getvalue())
samples = [
    [(b"k", b"v")],
    [(None, b"value"), (b"key", None), (b"", b"")],
    [(b"order-1", body) for body in event_bodies],
    [(str(i).encode(), b"x" * i) for i in range(20)],
]
for codec in (0, 1):
    for records in samples:
        write("record-batch", batch(codec, records))
        write("record-batch", batch(codec, records, producer_id=7, sequence=0))
    write("record-batch", batch(codec, samples[0], headers=[("trace", b"abc"), ("empty", None)]))
    write("record-batch", batch(codec, samples[1], producer_id=9, sequence=5, transactional=True))
write("record-batch", batch(0, samples[0]) + batch(1, samples[1]))

# --- catalog: catalog.yaml, NUL, event.yaml from the example catalog and the test fixtures ----------------------
catalogs = sorted(glob.glob("schemas/catalog.yaml") + glob.glob("Tests/**/catalog.yaml", recursive=True))
events = sorted(glob.glob("schemas/**/event.yaml", recursive=True) + glob.glob("Tests/**/event.yaml", recursive=True))
for path in events[:60]:
    write("catalog", read(path))
for path in catalogs:
    for event in events[:6]:
        write("catalog", read(path) + b"\x00" + read(event))

# --- registry-body: selector (endpoint) then the JSON body as clients send it ---------------------------------
order = json.dumps({"type": "record", "name": "OrderPlaced", "namespace": "com.example.order", "fields": [
    {"name": "eventId", "type": "string"}, {"name": "total", "type": "com.example.common.Money"},
    {"name": "note", "type": ["null", "string"], "default": None}]})
money_ref = [{"name": "com.example.common.Money", "subject": "money", "version": 1}]
bodies = [
    (0, {"schema": order, "references": money_ref}),
    (0, {"schema": json.dumps(EVENT)}),
    (8, {"schema": json.dumps(EVERY), "schemaType": "AVRO"}),
    (1, {"schema": json.dumps(LINKED)}),
    (2, {"schema": order, "references": money_ref}),
    (3, {"schema": order, "references": money_ref}),
    (0x13, {"schema": "\"string\""}),
    (4, {"compatibility": "FULL_TRANSITIVE"}),
    (0x0C, {"compatibilityLevel": "none"}),
    (5, {"mode": "READONLY"}),
    (6, {"schema": json.dumps(UNIONS), "id": 100, "version": 3}),
]
for selector, body in bodies:
    write("registry-body", bytes([selector]) + json.dumps(body).encode())
for path in avsc[:20]:
    write("registry-body", bytes([8]) + json.dumps({"schema": read(path).decode()}).encode())
changes = [
    {"op": "register", "subject": "money", "id": 1, "version": 1, "schema": "\"string\"", "references": []},
    {"op": "register", "subject": "orders-value", "id": 5, "version": 2, "schema": order, "references": money_ref},
    {"op": "deleteVersion", "subject": "orders-value", "version": 1, "permanent": False},
    {"op": "deleteSubject", "subject": "money", "permanent": True},
    {"op": "config", "subject": "orders-value", "compatibility": "FULL"},
    {"op": "mode", "mode": "IMPORT"},
]


def framed(change):
    payload = json.dumps(change, separators=(",", ":")).encode()
    rabin = int(fingerprint(payload.decode(), "CRC-64-AVRO"), 16)
    return struct.pack(">IQ", len(payload), rabin) + payload


for change in changes:
    write("registry-body", bytes([0x0F]) + json.dumps(change).encode())
write("registry-body", bytes([7]) + b"".join(framed(c) for c in changes))
write("registry-body", bytes([7]) + framed(changes[0]) + framed(changes[1])[:-3])
print("seeds written under", CORPUS, file=sys.stderr)
