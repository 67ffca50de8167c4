#!/usr/bin/env python3
"""Writes a synthetic Herald catalog for benchmarks: N events x 5 versions, with examples.

usage: scripts/generate-synthetic-catalog.py N OUT

Each event's versions add one optional field at a time (BACKWARD compatible), reference shared types, and carry a
valid example for the latest version, one pinned to v1 and one invalid example. The output is deterministic and
checks clean, so a benchmark measures the full pipeline rather than error reporting.
"""
import json
import os
import shutil
import sys

DOMAINS = ["order", "vehicle", "dealer", "pricing", "crm", "inventory", "payment", "notification", "analytics", "logistics"]
ENTITIES = ["item", "profile", "quote", "lead", "slot", "batch", "invoice", "message", "session", "route"]
ACTIONS = ["created", "updated", "deleted", "approved", "rejected", "shipped", "cancelled", "scheduled", "expired", "archived"]
VERSIONS = 5

MONEY = {"type": "record", "name": "Money", "namespace": "com.example.common", "fields": [
    {"name": "amountMinor", "type": "long"}, {"name": "currency", "type": "string"}]}
ADDRESS = {"type": "record", "name": "Address", "namespace": "com.example.common", "fields": [
    {"name": "street", "type": "string"}, {"name": "city", "type": "string"},
    {"name": "country", "type": {"type": "enum", "name": "Country", "symbols": ["DE", "FR", "NL", "IT", "ES"]}}]}


def schema(index, version):
    fields = [
        {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}, "doc": "Deduplication key."},
        {"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "subjectId", "type": "string"},
        {"name": "amount", "type": "com.example.common.Money"},
        {"name": "shippingAddress", "type": ["null", "com.example.common.Address"], "default": None},
        {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
    ]
    for extra in range(2, version + 1):
        fields.append({"name": f"attribute{extra}", "type": ["null", "string"], "default": None, "doc": f"Added in v{extra}."})
    return {"type": "record", "name": f"Event{index}", "namespace": f"com.example.synthetic.e{index}", "fields": fields}


def example(version, complete=True):
    payload = {
        "eventId": "6f1c3c1e-8a4b-4c1e-9d3e-2f8b1a7c9e01",
        "occurredAt": 1767225600000,
        "subjectId": "S-1",
        "amount": {"amountMinor": 4590000, "currency": "EUR"},
        "shippingAddress": {"street": "Hauptstrasse 1", "city": "Berlin", "country": "DE"},
        "tags": ["synthetic"],
    }
    for extra in range(2, version + 1):
        payload[f"attribute{extra}"] = f"value {extra}"
    if not complete:
        payload["amount"] = {"amountMinor": "lots", "currency": "EUR"}
    return payload


def write(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(content)


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        sys.exit("usage: generate-synthetic-catalog.py N OUT")
    count, out = int(sys.argv[1]), sys.argv[2]
    if os.path.exists(out):
        shutil.rmtree(out)
    teams = {f"team-{d}": {"name": d.title(), "email": f"{d}@example.com", "slack": f"#team-{d}"} for d in DOMAINS}
    services = {}
    for d in DOMAINS:
        services[f"{d}-service"] = {"name": f"{d.title()} service", "owner": f"team-{d}"}
        services[f"{d}-reader"] = {"name": f"{d.title()} reader", "owner": f"team-{d}"}
    catalog = ["title: Synthetic catalog", "defaults:", "  compatibility: BACKWARD", "teams:"]
    catalog += [f"  {k}: {json.dumps(v)}" for k, v in teams.items()]
    catalog += ["services:"] + [f"  {k}: {json.dumps(v)}" for k, v in services.items()]
    write(os.path.join(out, "catalog.yaml"), "\n".join(catalog) + "\n")
    write(os.path.join(out, "types/Money.avsc"), json.dumps(MONEY, indent=2) + "\n")
    write(os.path.join(out, "types/Address.avsc"), json.dumps(ADDRESS, indent=2) + "\n")
    for i in range(count):
        domain = DOMAINS[i % len(DOMAINS)]
        name = f"{domain}.{ENTITIES[(i // 10) % 10]}.{ACTIONS[(i // 100) % 10]}"
        if i >= 1000:
            name += f".n{i // 1000}"
        folder = os.path.join(out, domain, name)
        consumer = f"{DOMAINS[(i + 1) % len(DOMAINS)]}-reader"
        write(os.path.join(folder, "event.yaml"), "\n".join([
            f"summary: Synthetic event {i}.",
            f"owner: team-{domain}",
            f"producer: {domain}-service",
            f"consumers: [{consumer}, {domain}-reader]",
            f"volume: {(i % 97 + 1) * 1000}/day",
            "key: { type: string }",
            "tags: [synthetic]",
        ]) + "\n")
        for v in range(1, VERSIONS + 1):
            write(os.path.join(folder, f"v{v}.avsc"), json.dumps(schema(i, v), indent=2) + "\n")
        write(os.path.join(folder, "examples/latest.json"), json.dumps(example(VERSIONS), indent=2) + "\n")
        write(os.path.join(folder, "examples/v1/first.json"), json.dumps(example(1), indent=2) + "\n")
        write(os.path.join(folder, "examples/invalid/amount-as-text.json"), json.dumps(example(VERSIONS, complete=False), indent=2) + "\n")


if __name__ == "__main__":
    main()
