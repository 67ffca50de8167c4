#!/usr/bin/env python3
"""Cross-check a Herald catalog with the reference Avro libraries (fastavro and Apache avro).

Independent of Herald's own checker, so the two can be compared. It checks that:
  - catalog.yaml and every event.yaml have the documented fields and their references resolve;
  - every .avsc parses with both libraries, shared named types from types/ resolved by full name; every
    named type and field has a doc; every default fits its type (a union's default fits its first branch);
    each event record has its id field (uuid string) and occurredAt (timestamp-millis);
  - every example validates against the latest version (examples/vN/ against version N) and every
    examples/invalid/ payload is rejected;
  - each event's consecutive versions are compatible under the event's mode (transitive modes: with all
    earlier versions), using avro.compatibility.ReaderWriterCompatibilityChecker;
  - every valid example encodes to binary with fastavro and decodes with each other version's schema as
    reader wherever the mode promises it (BACKWARD: newer readers; FORWARD: older readers).
It warns about named types defined differently by two events, topics shared by two events, unused
services and shared types, and deprecated events that still have consumers.

Examples are plain JSON as Herald reads them: a union value is written bare and takes the first branch it
fits; bytes and fixed are strings whose code points are the byte values.

Usage: check-catalog-with-reference-tools.py [CATALOG_DIR]   (default: schemas)
Needs: pip install fastavro avro pyyaml.   Exit status 0 when clean, 1 on errors.
"""
import copy
import datetime
import decimal
import io
import json
import os
import re
import sys

import avro.schema
import avro.io
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType
import fastavro
from fastavro.validation import validate as fastavro_validate
import yaml

MODES = {"NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"}
EVENT_KEYS = {"summary", "description", "owner", "producer", "consumers", "volume", "topic", "compatibility",
              "key", "idField", "status", "supersedes", "tags"}
EXTRA_EVENT_KEYS = {"partitions"}  # not in the design note; reported so the lead can decide
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$")
VOLUME_RE = re.compile(r"^~?\d+(\.\d+)?[KM]?/(s|min|h|day)$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


class Report:
    def __init__(self):
        self.errors, self.warnings, self.notes = [], [], []

    def error(self, where, msg):
        self.errors.append(f"ERROR   {where}: {msg}")

    def warn(self, where, msg):
        self.warnings.append(f"WARNING {where}: {msg}")


def load_json(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


# ---------------------------------------------------------------- schemas
def load_types(catalog, report):
    """Shared types in an order in which each one's references are already defined."""
    folder = os.path.join(catalog, "types")
    pending = {}
    if os.path.isdir(folder):
        for fn in sorted(os.listdir(folder)):
            if fn.endswith(".avsc"):
                pending[os.path.join(folder, fn)] = load_json(os.path.join(folder, fn))
    ordered, named = [], {}
    while pending:
        progressed = False
        for path, js in list(pending.items()):
            trial = dict(named)
            try:
                fastavro.parse_schema(js, named_schemas=trial)
            except fastavro.schema.UnknownType:
                continue
            except Exception as exc:  # noqa: BLE001 - report any parse failure
                report.error(path, f"fastavro cannot parse: {exc}")
                del pending[path]
                continue
            named = trial
            ordered.append((path, js))
            del pending[path]
            progressed = True
        if not progressed:
            for path in pending:
                report.error(path, "references an undefined type")
            break
    return ordered


def fastavro_parse(js, types):
    named = {}
    for _, t in types:
        fastavro.parse_schema(t, named_schemas=named)
    parsed = fastavro.parse_schema(copy.deepcopy(js), named_schemas=named)
    return parsed, named


def avro_parse(js, types):
    names = avro.schema.Names(validate_names=True)
    for _, t in types:
        avro.schema.make_avsc_object(t, names)
    return avro.schema.make_avsc_object(copy.deepcopy(js), names)


def missing_docs(js, path="", seen=None):
    """Paths of named types and fields without a doc."""
    seen = set() if seen is None else seen
    out = []
    if isinstance(js, list):
        for i, b in enumerate(js):
            out += missing_docs(b, f"{path}/{i}", seen)
    elif isinstance(js, dict):
        t = js.get("type")
        if t in ("record", "enum", "fixed") and "name" in js:
            if js["name"] in seen:
                return out
            seen.add(js["name"])
            if t != "fixed" and not js.get("doc"):
                out.append(path or "/")
        if t == "record":
            for i, fld in enumerate(js.get("fields", [])):
                if not fld.get("doc"):
                    out.append(f"{path}/fields/{i} ({fld.get('name')})")
                out += missing_docs(fld.get("type"), f"{path}/fields/{i}/type", seen)
        elif t == "array":
            out += missing_docs(js.get("items"), f"{path}/items", seen)
        elif t == "map":
            out += missing_docs(js.get("values"), f"{path}/values", seen)
        elif isinstance(t, (dict, list)):
            out += missing_docs(t, path, seen)
    return out


def named_definitions(js, out=None):
    """Full name -> canonical JSON of every named type defined in a fastavro-parsed schema."""
    out = {} if out is None else out
    if isinstance(js, list):
        for b in js:
            named_definitions(b, out)
    elif isinstance(js, dict):
        t = js.get("type")
        if t in ("record", "enum", "fixed") and "name" in js:
            out[js["name"]] = json.dumps(without_docs(js), sort_keys=True)
        if t == "record":
            for fld in js["fields"]:
                named_definitions(fld["type"], out)
        elif t == "array":
            named_definitions(js["items"], out)
        elif t == "map":
            named_definitions(js["values"], out)
    return out


def bad_defaults(schema, named, path="", seen=None):
    """Fields of a fastavro-parsed schema whose default does not fit the field's type.

    A union default must fit the union's first branch (valid under every Avro spec version)."""
    seen = set() if seen is None else seen
    out = []
    if isinstance(schema, str):
        if schema in named and schema not in seen:
            seen.add(schema)
            out += bad_defaults(named[schema], named, path, seen)
    elif isinstance(schema, list):
        for i, b in enumerate(schema):
            out += bad_defaults(b, named, f"{path}/{i}", seen)
    elif isinstance(schema, dict):
        t = schema.get("type")
        if t == "record":
            seen.add(schema["name"])
            for i, fld in enumerate(schema["fields"]):
                if "default" in fld:
                    target = fld["type"][0] if isinstance(fld["type"], list) else fld["type"]
                    errs = []
                    to_datum(target, fld["default"], named, errs)
                    if errs:
                        out.append(f"{path}/fields/{i} ({fld['name']}): default {short(fld['default'])} "
                                   f"does not fit {'the first branch' if isinstance(fld['type'], list) else 'the type'}")
                out += bad_defaults(fld["type"], named, f"{path}/fields/{i}/type", seen)
        elif t == "array":
            out += bad_defaults(schema["items"], named, f"{path}/items", seen)
        elif t == "map":
            out += bad_defaults(schema["values"], named, f"{path}/values", seen)
    return out


def without_docs(js):
    if isinstance(js, list):
        return [without_docs(x) for x in js]
    if isinstance(js, dict):
        return {k: without_docs(v) for k, v in js.items() if k != "doc"}
    return js


def logical_kinds(js, out=None):
    out = set() if out is None else out
    if isinstance(js, list):
        for b in js:
            logical_kinds(b, out)
    elif isinstance(js, dict):
        if "logicalType" in js:
            out.add(js["logicalType"])
        t = js.get("type")
        if isinstance(t, str) and t in ("record", "enum", "array", "map"):
            out.add(t)
        if t == "record":
            for fld in js["fields"]:
                logical_kinds(fld["type"], out)
        elif t == "array":
            logical_kinds(js["items"], out)
        elif t == "map":
            logical_kinds(js["values"], out)
        elif isinstance(t, (dict, list)):
            logical_kinds(t, out)
    elif isinstance(js, list):
        out.add("union")
    return out


# ---------------------------------------------------------------- plain JSON -> datum
def to_datum(schema, value, named, errors, path="", notes=None):
    """Best-effort conversion of a plain-JSON value to the Python datum both libraries expect.

    Appends a message to `errors` for every place the value does not fit the schema."""
    if isinstance(schema, str):
        if schema in named:
            return to_datum(named[schema], value, named, errors, path, notes)
        return primitive(schema, None, value, errors, path)
    if isinstance(schema, list):
        for branch in schema:
            trial = []
            datum = to_datum(branch, value, named, trial, path, None)
            if not trial:
                return datum
        errors.append(f"{path or '/'}: {short(value)} fits no branch of the union")
        return value
    t = schema["type"]
    if t == "record":
        if not isinstance(value, dict):
            errors.append(f"{path or '/'}: expected an object for record {schema['name']}")
            return value
        known = {fld["name"] for fld in schema["fields"]}
        for k in value:
            if k not in known:
                errors.append(f"{path}/{k}: unknown field of {schema['name']}")
        out = {}
        for fld in schema["fields"]:
            name = fld["name"]
            if name in value:
                out[name] = to_datum(fld["type"], value[name], named, errors, f"{path}/{name}", notes)
            elif "default" in fld:
                if notes is not None:
                    notes.append(f"{path}/{name}: omitted, default used")
                out[name] = to_datum(fld["type"], fld["default"], named, [], f"{path}/{name}", None)
            else:
                errors.append(f"{path}/{name}: required field missing")
        return out
    if t == "enum":
        if not isinstance(value, str) or value not in schema["symbols"]:
            errors.append(f"{path or '/'}: {short(value)} is not a symbol of {schema['name']}")
        return value
    if t == "array":
        if not isinstance(value, list):
            errors.append(f"{path or '/'}: expected an array")
            return value
        return [to_datum(schema["items"], v, named, errors, f"{path}/{i}", notes) for i, v in enumerate(value)]
    if t == "map":
        if not isinstance(value, dict):
            errors.append(f"{path or '/'}: expected an object for a map")
            return value
        return {k: to_datum(schema["values"], v, named, errors, f"{path}/{k}", notes) for k, v in value.items()}
    if t == "fixed":
        raw = code_point_bytes(value, errors, path)
        if raw is not None and len(raw) != schema["size"]:
            errors.append(f"{path or '/'}: fixed {schema['name']} needs {schema['size']} bytes")
        return raw if raw is not None else value
    if t in PRIMITIVES:
        return primitive(t, schema, value, errors, path)
    if t in named:
        return to_datum(named[t], value, named, errors, path, notes)
    errors.append(f"{path or '/'}: unsupported schema {short(schema)}")
    return value


def primitive(t, schema, value, errors, path):
    where = path or "/"
    logical = schema.get("logicalType") if isinstance(schema, dict) else None
    ok = {
        "null": value is None,
        "boolean": isinstance(value, bool),
        "int": isinstance(value, int) and not isinstance(value, bool) and -2**31 <= value < 2**31,
        "long": isinstance(value, int) and not isinstance(value, bool) and -2**63 <= value < 2**63,
        "float": isinstance(value, (int, float)) and not isinstance(value, bool),
        "double": isinstance(value, (int, float)) and not isinstance(value, bool),
        "string": isinstance(value, str),
        "bytes": isinstance(value, str),
    }[t]
    if not ok:
        errors.append(f"{where}: {short(value)} is not a {t}")
        return value
    if t == "bytes":
        raw = code_point_bytes(value, errors, path)
        if raw is not None and logical == "decimal":
            unscaled = int.from_bytes(raw, "big", signed=True) if raw else 0
            return decimal.Decimal(unscaled).scaleb(-schema.get("scale", 0))
        return raw if raw is not None else value
    if t == "string" and logical == "uuid" and not UUID_RE.match(value):
        errors.append(f"{where}: {short(value)} is not a UUID")
    # Apache avro validates logical types on their Python values; fastavro accepts both forms.
    if t == "long" and logical == "timestamp-millis":
        return EPOCH + datetime.timedelta(milliseconds=value)
    if t == "long" and logical == "timestamp-micros":
        return EPOCH + datetime.timedelta(microseconds=value)
    if t == "int" and logical == "time-millis" and 0 <= value < 86_400_000:
        return (datetime.datetime.min + datetime.timedelta(milliseconds=value)).time()
    if t == "long" and logical == "time-micros" and 0 <= value < 86_400_000_000:
        return (datetime.datetime.min + datetime.timedelta(microseconds=value)).time()
    if t == "int" and logical == "date":
        return datetime.date(1970, 1, 1) + datetime.timedelta(days=value)
    return value


def code_point_bytes(value, errors, path):
    if not isinstance(value, str) or any(ord(c) > 255 for c in value):
        errors.append(f"{path or '/'}: bytes must be a string of code points 0-255")
        return None
    return value.encode("latin-1")


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 40 else s[:37] + "..."


def libraries_accept(datum, parsed, avro_schema):
    """Verdicts of fastavro and Apache avro on a converted datum."""
    try:
        fa = fastavro_validate(datum, parsed, raise_errors=False, strict=True)
    except Exception:  # noqa: BLE001 - a crash on bad data counts as a rejection
        fa = False
    try:
        av = avro.io.validate(avro_schema, datum)
    except Exception:  # noqa: BLE001
        av = False
    return fa, av


# ---------------------------------------------------------------- compatibility
def compatible(reader, writer):
    result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
    return result.compatibility is SchemaCompatibilityType.compatible, result


def check_mode(mode, versions):
    """(new index, old index, direction) pairs that fail under mode; versions are avro schemas, oldest first."""
    failures = []
    if mode == "NONE":
        return failures
    transitive = mode.endswith("_TRANSITIVE")
    base = mode.replace("_TRANSITIVE", "")
    for new in range(1, len(versions)):
        olds = range(new - 1, -1, -1) if transitive else [new - 1]
        for old in olds:
            if base in ("BACKWARD", "FULL"):
                ok, res = compatible(versions[new], versions[old])
                if not ok:
                    failures.append((new, old, "backward (reader=new, writer=old)", res))
            if base in ("FORWARD", "FULL"):
                ok, res = compatible(versions[old], versions[new])
                if not ok:
                    failures.append((new, old, "forward (reader=old, writer=new)", res))
    return failures


def resolution_pairs(mode, count):
    """(writer version, reader version) pairs, 1-based, whose data the mode promises the reader can read."""
    if mode == "NONE":
        return []
    transitive = mode.endswith("_TRANSITIVE")
    base = mode.replace("_TRANSITIVE", "")
    pairs = []
    for writer in range(1, count + 1):
        for reader in range(1, count + 1):
            if reader == writer or (not transitive and abs(reader - writer) != 1):
                continue
            if reader > writer and base in ("BACKWARD", "FULL"):
                pairs.append((writer, reader))
            if reader < writer and base in ("FORWARD", "FULL"):
                pairs.append((writer, reader))
    return pairs


def binary_round_trip(datum, writer, readers):
    """Encode with fastavro under the writer schema and decode under each reader; failures as messages."""
    buf = io.BytesIO()
    try:
        fastavro.schemaless_writer(buf, writer, datum)
    except Exception as exc:  # noqa: BLE001
        return [f"fastavro cannot encode it: {exc}"]
    problems = []
    for number, reader in readers:
        try:
            fastavro.schemaless_reader(io.BytesIO(buf.getvalue()), writer, reader)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"binary data does not resolve against reader v{number}: {exc}")
    return problems


# ---------------------------------------------------------------- catalog
def main():
    catalog = sys.argv[1] if len(sys.argv) > 1 else "schemas"
    report = Report()
    cat = yaml.safe_load(open(os.path.join(catalog, "catalog.yaml"), encoding="utf-8"))
    for key in ("title", "description", "servers", "registry", "defaults", "teams", "services"):
        if key not in cat:
            report.error("catalog.yaml", f"missing {key}")
    teams = cat.get("teams") or {}
    services = cat.get("services") or {}
    default_mode = (cat.get("defaults") or {}).get("compatibility", "BACKWARD")
    for key, team in teams.items():
        for fld in ("name", "email", "slack"):
            if not team.get(fld):
                report.error("catalog.yaml", f"team {key} has no {fld}")
    for key, svc in services.items():
        for fld in ("name", "owner", "description", "repository"):
            if not svc.get(fld):
                report.error("catalog.yaml", f"service {key} has no {fld}")
        if svc.get("owner") not in teams:
            report.error("catalog.yaml", f"service {key}: unknown owner team {svc.get('owner')}")

    types = load_types(catalog, report)
    for i, (path, js) in enumerate(types):
        try:
            avro_parse(js, types[:i])
        except Exception as exc:  # noqa: BLE001
            report.error(path, f"avro cannot parse: {exc}")
        for where in missing_docs(js):
            report.error(path, f"no doc at {where}")

    event_dirs = []
    for root, dirs, files in os.walk(catalog):
        dirs.sort()
        if "event.yaml" in files:
            event_dirs.append(root)
    events = {}
    for d in event_dirs:
        events[os.path.basename(d)] = d

    stats = {"events": 0, "versions": 0, "examples": 0, "pinned": 0, "invalid": 0, "with_invalid": 0,
             "resolved": 0}
    evolving, used_modes, used_logical, extra_keys, two_part = [], {}, set(), set(), []
    definitions = {}  # full name -> (canonical form, event)
    topics = {}  # topic -> event
    used_services = set()
    referenced = set()

    for name, d in sorted(events.items()):
        stats["events"] += 1
        where = os.path.relpath(d, catalog)
        try:
            meta = yaml.safe_load(open(os.path.join(d, "event.yaml"), encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            report.error(os.path.join(where, "event.yaml"), f"does not parse: {exc}")
            continue
        if not NAME_RE.match(name):
            report.error(where, "event name is not lowercase dot-separated with at least two parts")
        if name.count(".") == 1:
            two_part.append(name)
        for k in meta:
            if k in EXTRA_EVENT_KEYS:
                extra_keys.add(k)
            elif k not in EVENT_KEYS:
                report.error(where, f"unknown event.yaml key {k}")
        for k in ("summary", "description", "owner", "producer", "volume", "status"):
            if not meta.get(k):
                report.error(where, f"event.yaml has no {k}")
        if meta.get("owner") not in teams:
            report.error(where, f"unknown owner team {meta.get('owner')}")
        producers = meta.get("producer")
        producers = producers if isinstance(producers, list) else [producers]
        consumers = meta.get("consumers") or []
        for svc in producers + consumers:
            if svc not in services:
                report.error(where, f"unknown service {svc}")
        if not VOLUME_RE.match(str(meta.get("volume", ""))):
            report.error(where, f"volume {meta.get('volume')!r} is not like ~50K/day, 2M/day or 30/s")
        status = meta.get("status")
        if status not in ("active", "deprecated", "draft"):
            report.error(where, f"status {status!r}")
        if status == "deprecated" and consumers:
            report.warn(where, "deprecated event still has consumers")
        if meta.get("supersedes"):
            old = meta["supersedes"]
            if old not in events:
                report.error(where, f"supersedes unknown event {old}")
            else:
                try:
                    old_meta = yaml.safe_load(open(os.path.join(events[old], "event.yaml"), encoding="utf-8"))
                except yaml.YAMLError:
                    old_meta = {}
                if (old_meta or {}).get("status") != "deprecated":
                    report.error(where, f"superseded event {old} is not deprecated")
        topic = meta.get("topic", name)
        if topic in topics:
            report.warn(where, f"topic {topic} is also used by {topics[topic]}")
        topics.setdefault(topic, name)
        used_services.update(producers + consumers)
        mode = meta.get("compatibility", default_mode)
        if mode not in MODES:
            report.error(where, f"compatibility {mode!r}")
        used_modes[mode] = used_modes.get(mode, 0) + 1
        id_field = meta.get("idField", "eventId")

        key = meta.get("key") or {}
        if "schema" in key:
            kpath = os.path.join(d, key["schema"])
            try:
                kjs = load_json(kpath)
                fastavro_parse(kjs, types)
                avro_parse(kjs, types)
                for w in missing_docs(kjs):
                    report.error(os.path.join(where, key["schema"]), f"no doc at {w}")
            except Exception as exc:  # noqa: BLE001
                report.error(os.path.join(where, key["schema"]), f"key schema does not parse: {exc}")
        elif key.get("type") != "string":
            report.error(where, f"key {key!r} is neither {{type: string}} nor {{schema: FILE}}")

        files = sorted(f for f in os.listdir(d) if re.fullmatch(r"v\d+\.avsc", f))
        numbers = sorted(int(f[1:-5]) for f in files)
        if numbers != list(range(1, len(numbers) + 1)):
            report.error(where, f"versions are not v1..vN: {numbers}")
        parsed_versions, avro_versions = {}, []
        for n in numbers:
            vpath = os.path.join(where, f"v{n}.avsc")
            js = load_json(os.path.join(d, f"v{n}.avsc"))
            stats["versions"] += 1
            try:
                parsed_versions[n] = fastavro_parse(js, types)
            except Exception as exc:  # noqa: BLE001
                report.error(vpath, f"fastavro cannot parse: {exc}")
                continue
            try:
                avro_versions.append(avro_parse(js, types))
            except Exception as exc:  # noqa: BLE001
                report.error(vpath, f"avro cannot parse: {exc}")
                continue
            if js.get("type") != "record":
                report.error(vpath, "top level is not a record")
                continue
            fields = {fl["name"]: fl for fl in js["fields"]}
            idf = fields.get(id_field)
            if not idf or idf["type"] != {"type": "string", "logicalType": "uuid"}:
                report.error(vpath, f"id field {id_field} is missing or not a uuid string")
            occ = fields.get("occurredAt")
            if not occ or occ["type"] != {"type": "long", "logicalType": "timestamp-millis"}:
                report.error(vpath, "occurredAt is missing or not timestamp-millis")
            for w in missing_docs(js):
                report.error(vpath, f"no doc at {w}")
            parsed, named_here = parsed_versions[n]
            for w in bad_defaults(parsed, named_here):
                report.error(vpath, w)
            used_logical |= logical_kinds(js)
            referenced.update(re.findall(r'"(com\.examplemotors\.common\.[A-Za-z]+)"', json.dumps(js)))
            if n == numbers[-1]:
                for full, pcf in named_definitions(parsed).items():
                    if full.startswith("com.examplemotors.common."):
                        continue
                    if full in definitions and definitions[full][0] != pcf:
                        report.warn(vpath, f"{full} is defined differently in {definitions[full][1]}")
                    definitions.setdefault(full, (pcf, name))
        if len(numbers) > 1:
            evolving.append(f"{name} ({len(numbers)} versions, {mode})")
        if len(avro_versions) == len(numbers) and len(numbers) > 1:
            for new, old, direction, res in check_mode(mode, avro_versions):
                report.error(where, f"v{new + 1} vs v{old + 1} incompatible, {direction}: "
                                    f"{sorted(res.messages)} at {sorted(res.locations)}")

        exdir = os.path.join(d, "examples")
        if not os.path.isdir(exdir) or not any(f.endswith(".json") for f in os.listdir(exdir)):
            report.error(where, "no examples/*.json")
            continue
        latest = numbers[-1] if numbers else None

        def run(folder, version, expect_valid):
            if version not in parsed_versions:
                report.error(where, f"{folder}: no schema version {version}")
                return
            parsed, named = parsed_versions[version]
            av = avro_parse(load_json(os.path.join(d, f"v{version}.avsc")), types)
            for fn in sorted(os.listdir(os.path.join(exdir, folder) if folder else exdir)):
                if not fn.endswith(".json"):
                    continue
                rel = os.path.join(where, "examples", folder, fn)
                value = load_json(os.path.join(exdir, folder, fn))
                errs, notes = [], []
                datum = to_datum(parsed, value, named, errs, "", notes)
                fa, ap = libraries_accept(datum, parsed, av)
                if expect_valid:
                    stats["pinned" if folder else "examples"] += 1
                    if not errs:
                        readers = [(r, parsed_versions[r][0]) for w, r in resolution_pairs(mode, len(numbers))
                                   if w == version and r in parsed_versions]
                        for problem in binary_round_trip(datum, parsed, readers):
                            report.error(rel, problem)
                        stats["resolved"] += len(readers)
                    if errs:
                        report.error(rel, "; ".join(errs))
                    if not fa:
                        report.error(rel, "fastavro rejects it")
                    if not ap:
                        report.error(rel, "avro rejects it")
                    for note in notes:
                        report.warn(rel, note)
                else:
                    stats["invalid"] += 1
                    if not errs:
                        report.error(rel, "invalid example fits the schema")
                    if fa or ap:
                        report.warn(rel, f"a reference library accepts it (fastavro={fa}, avro={ap}); "
                                         f"plain-JSON reading rejects it: {'; '.join(errs)}")
                    if os.environ.get("VERBOSE"):
                        print(f"  rejected {rel}: {'; '.join(errs)}")

        run("", latest, True)
        for sub in sorted(os.listdir(exdir)):
            full = os.path.join(exdir, sub)
            if not os.path.isdir(full):
                continue
            if sub == "invalid":
                stats["with_invalid"] += 1
                run(sub, latest, False)
            elif re.fullmatch(r"v\d+", sub):
                run(sub, int(sub[1:]), True)
            else:
                report.error(where, f"unexpected folder examples/{sub}")

    for _, js in types:
        referenced.update(re.findall(r'"(com\.examplemotors\.common\.[A-Za-z]+)"', json.dumps(js)))
    unused = {js["namespace"] + "." + js["name"] for _, js in types} - referenced
    for full in sorted(unused):
        report.warn("types", f"{full} is not used by any event schema")

    for svc in sorted(set(services) - used_services):
        report.warn("catalog.yaml", f"service {svc} neither produces nor consumes any event")

    print(f"catalog: {catalog}")
    print(f"teams {len(teams)}, services {len(services)}")
    print(f"events {stats['events']}, versions {stats['versions']}, examples {stats['examples']} latest + "
          f"{stats['pinned']} pinned, invalid {stats['invalid']} in {stats['with_invalid']} events")
    print(f"binary round trips: every valid example encoded with fastavro; {stats['resolved']} decodes "
          f"with another version's reader as the event's mode promises")
    print("compatibility modes: " + ", ".join(f"{k} {v}" for k, v in sorted(used_modes.items())))
    print("evolving events: " + "; ".join(evolving))
    print("schema features used: " + ", ".join(sorted(used_logical)))
    if two_part:
        print("two-part names: " + ", ".join(two_part))
    if extra_keys:
        print("event.yaml keys beyond the design note: " + ", ".join(sorted(extra_keys)))
    for line in report.warnings + report.errors:
        print(line)
    print(f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
