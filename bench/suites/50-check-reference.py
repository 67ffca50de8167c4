"""Reference side of the check benchmark: the part of `herald check` Python tools can do, on the same catalog.

usage: 50-check-reference.py CATALOG
Loads catalog.yaml and every event.yaml with PyYAML, parses types/*.avsc and every vN.avsc with fastavro (shared
types passed as named schemas), validates every example against its version and every invalid example against the
latest. There is no Python equivalent of the ownership rules, compatibility or history checks, so Herald does more.
Prints python_check_seconds=S.
"""
import glob
import json
import os
import sys
import time

import fastavro
import yaml
from fastavro.validation import validate


def main() -> int:
    root = sys.argv[1]
    start = time.perf_counter()
    with open(os.path.join(root, "catalog.yaml")) as f:
        yaml.safe_load(f)
    named = {}
    pending = sorted(glob.glob(os.path.join(root, "types", "*.avsc")))
    for _ in range(len(pending) + 1):
        left = []
        for path in pending:
            try:
                with open(path) as f:
                    fastavro.parse_schema(json.load(f), named_schemas=named)
            except Exception:
                left.append(path)
        pending = left
    problems = 0
    events = 0
    for manifest in glob.glob(os.path.join(root, "**", "event.yaml"), recursive=True):
        events += 1
        folder = os.path.dirname(manifest)
        with open(manifest) as f:
            yaml.safe_load(f)
        schemas = {}
        for path in glob.glob(os.path.join(folder, "v*.avsc")):
            number = int(os.path.basename(path)[1:-5])
            with open(path) as f:
                schemas[number] = fastavro.parse_schema(json.load(f), named_schemas=dict(named))
        if not schemas:
            continue
        latest = schemas[max(schemas)]
        for path in glob.glob(os.path.join(folder, "examples", "**", "*.json"), recursive=True):
            relative = os.path.relpath(path, os.path.join(folder, "examples")).split(os.sep)
            with open(path) as f:
                payload = json.load(f)
            if relative[0] == "invalid":
                problems += validate(payload, latest, raise_errors=False)
            else:
                schema = schemas.get(int(relative[0][1:]), latest) if len(relative) == 2 else latest
                problems += not validate(payload, schema, raise_errors=False)
    elapsed = time.perf_counter() - start
    print(f"python: {events} events, {problems} problems")
    print(f"python_check_seconds={elapsed:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
