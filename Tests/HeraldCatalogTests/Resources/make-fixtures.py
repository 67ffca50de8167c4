#!/usr/bin/env python3
"""Writes the rule fixture catalogs (fixtures/<RULE>/catalog and base). expected.txt files are recorded by
running the tests with HERALD_UPDATE_GOLDENS=1 and reviewed by hand. Run: python3 make-fixtures.py [RULE...]"""
import os, json, shutil, sys
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
CATALOG = """title: Fixture catalog
defaults:
  compatibility: BACKWARD
teams:
  shop-team: { name: Shop, email: shop@example.com }
  mail-team: { name: Mail, slack: "#mail" }
services:
  shop: { name: Shop, owner: shop-team }
  mailer: { name: Mailer, owner: mail-team }
"""
EVENT = """summary: An order was placed.
owner: shop-team
producer: shop
consumers: [mailer]
volume: 100/day
"""
V1 = """{
  "type": "record",
  "name": "OrderPlaced",
  "namespace": "com.example.shop",
  "fields": [
    {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "total", "type": "long"}
  ]
}
"""
V2 = """{
  "type": "record",
  "name": "OrderPlaced",
  "namespace": "com.example.shop",
  "fields": [
    {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "total", "type": "long"},
    {"name": "note", "type": ["null", "string"], "default": null}
  ]
}
"""
EX = '{"eventId": "6f1c3c1e-8a4b-4c1e-9d3e-2f8b1a7c9e01", "total": 5}\n'
E = "shop/order.placed/"
def base():
    return {"catalog.yaml": CATALOG, E+"event.yaml": EVENT, E+"v1.avsc": V1, E+"examples/ok.json": EX}

def ev2(name, extra=""):
    return {f"shop/{name}/event.yaml": EVENT + extra, f"shop/{name}/v1.avsc": V1, f"shop/{name}/examples/ok.json": EX}

fixtures = {}
def fx(rule, changes=None, remove=(), base_changes=None, base_remove=None):
    fixtures[rule] = (changes or {}, list(remove), base_changes, base_remove)

fx("YAML_SYNTAX", {E+"event.yaml": "summary: An order was placed.\nowner: [shop-team\nproducer: shop\n"})
fx("EXAMPLE_SYNTAX", {E+"examples/ok.json": '{"eventId": "x", "total": 5,}\n'})
fx("FILE_NOT_UTF8", {E+"examples/latin1.json": b'{"eventId": "caf\xe9", "total": 1}\n'})
fx("CATALOG_FILE_MISSING", remove=["catalog.yaml"])
fx("YAML_UNKNOWN_KEY", {E+"event.yaml": EVENT + "consumer: [mailer]\nx-internal: fine\n"})
fx("YAML_WRONG_TYPE", {E+"event.yaml": EVENT + "tags: {a: b}\npartitions: many\n"})
fx("ORPHAN_FILE", {E+"notes.txt": "todo\n", E+"examples/readme.md": "x\n", "shop/other/event.yml": "summary: x\n"})
fx("SCHEMA_OUTSIDE_EVENT", {"shop/stray.avsc": V1})
fx("TEAM_UNKNOWN", {E+"event.yaml": EVENT.replace("owner: shop-team", "owner: shop-teem"),
                    "catalog.yaml": CATALOG.replace("owner: mail-team", "owner: nobody")})
fx("SERVICE_UNKNOWN", {E+"event.yaml": EVENT.replace("consumers: [mailer]", "consumers: [mailer, mailr]")})
fx("TEAM_CONTACT_MISSING", {"catalog.yaml": CATALOG.replace('  mail-team: { name: Mail, slack: "#mail" }', "  mail-team: { name: Mail }")})
fx("SERVICE_OWNER_MISSING", {"catalog.yaml": CATALOG.replace("mailer: { name: Mailer, owner: mail-team }", "mailer: { name: Mailer }")})
fx("SERVICE_UNUSED", {"catalog.yaml": CATALOG + "  billing: { name: Billing, owner: shop-team }\n"})
fx("EVENT_SUMMARY_MISSING", {E+"event.yaml": EVENT.replace("summary: An order was placed.\n", "")})
fx("EVENT_OWNER_MISSING", {E+"event.yaml": EVENT.replace("owner: shop-team\n", "")})
fx("EVENT_PRODUCER_MISSING", {E+"event.yaml": EVENT.replace("producer: shop\n", "")})
fx("PRODUCER_ALSO_CONSUMER", {E+"event.yaml": EVENT.replace("consumers: [mailer]", "consumers: [mailer, shop]")})
d = {}; d.update(ev2("Order.Shipped")); d.update(ev2("order.cancelled!"))
fx("EVENT_NAME_INVALID", d)
fx("EVENT_NAME_SHORT", ev2("orders", "topic: orders-topic\n"))
d = {"other/order.placed/event.yaml": EVENT + "topic: order.placed.other\n", "other/order.placed/v1.avsc": V1, "other/order.placed/examples/ok.json": EX}
fx("EVENT_NAME_DUPLICATE", d)
fx("EVENT_STATUS_INVALID", {E+"event.yaml": EVENT + "status: retired\n"})
fx("COMPATIBILITY_MODE_UNKNOWN", {E+"event.yaml": EVENT + "compatibility: BACKWARDS\n", "catalog.yaml": CATALOG.replace("compatibility: BACKWARD", "compatibility: STRICT")})
fx("VOLUME_INVALID", {E+"event.yaml": EVENT.replace("volume: 100/day", "volume: 100")})
fx("PARTITIONS_INVALID", {E+"event.yaml": EVENT + "partitions: 0\n"})
fx("DLQ_POLICY_INVALID", {E+"event.yaml": EVENT + "dlq: { retries: -1, backoff: { initial: 10s, max: 1s, multiplier: 0.5 } }\n",
                          "catalog.yaml": CATALOG.replace("  compatibility: BACKWARD\n", "  compatibility: BACKWARD\n  dlq: { backoff: { initial: soon } }\n")})
fx("DELIVERY_URL_INVALID", {"catalog.yaml": CATALOG + "deliveries:\n  mailer: http://127.0.0.1:9000/events\n  shop: ftp://example.com/x\n  other:\n"})
fx("TOPIC_NAME_INVALID", {E+"event.yaml": EVENT + "topic: orders/placed\n"})
fx("TOPIC_DUPLICATE", ev2("order.shipped", "topic: order.placed\n"))
fx("KEY_INVALID", {E+"event.yaml": EVENT + "key: { type: strng }\n", **{k.replace("order.placed", "order.shipped"): v for k, v in ev2("order.shipped", "key: { schema: key.avsc }\n").items()}})
fx("ID_FIELD_MISSING", {E+"event.yaml": EVENT + "idField: orderId\n"})
fx("ID_FIELD_NOT_STRING", {E+"v1.avsc": V1.replace('{"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}}', '{"name": "eventId", "type": ["null", "string"], "default": null}')})
fx("SUPERSEDES_UNKNOWN", ev2("order.placed.v2", "supersedes: order.plcaed\n"))
d = {E+"event.yaml": EVENT + "status: deprecated\nsupersedes: order.placed.v2\n"}; d.update(ev2("order.placed.v2", "status: deprecated\nsupersedes: order.placed\ntopic: order.placed.v2\n"))
fx("SUPERSEDES_CYCLE", d)
fx("SUPERSEDED_NOT_DEPRECATED", ev2("order.placed.v2", "supersedes: order.placed\ntopic: order.placed.v2\n"))
fx("DEPRECATED_WITHOUT_SUCCESSOR", {E+"event.yaml": EVENT.replace("consumers: [mailer]\n", "") + "status: deprecated\n",
                                    "catalog.yaml": CATALOG.replace("  mailer: { name: Mailer, owner: mail-team }\n", "")})
d = {E+"event.yaml": EVENT + "status: deprecated\n"}; d.update(ev2("order.placed.v2", "supersedes: order.placed\ntopic: order.placed.v2\n"))
fx("DEPRECATED_EVENT_CONSUMED", d)
fx("VERSIONS_MISSING", remove=[E+"v1.avsc", E+"examples/ok.json"])
fx("VERSION_NUMBER_INVALID", {E+"v0.avsc": V1, E+"v01.avsc": V1, E+"v1.5.avsc": V1, E+"latest.avsc": V1})
fx("VERSION_SEQUENCE_GAP", {E+"v3.avsc": V2})
fx("VERSION_NOT_RECORD", {E+"v1.avsc": '{"type": "enum", "name": "OrderPlaced", "symbols": ["A"]}\n'}, remove=[E+"examples/ok.json"])
fx("EXAMPLE_VERSION_UNKNOWN", {E+"examples/v2/old.json": EX, E+"examples/version1/old.json": EX})
fx("EXAMPLES_MISSING", remove=[E+"examples/ok.json"])
fx("_examples", {E+"examples/bad.json": '{\n  "eventId": "6f1c3c1e-8a4b-4c1e-9d3e-2f8b1a7c9e01",\n  "total": "five"\n}\n', E+"v2.avsc": V2, E+"examples/v1/old.json": '{"eventId": "6f1c3c1e-8a4b-4c1e-9d3e-2f8b1a7c9e01"}\n'})
fx("INVALID_EXAMPLE_ACCEPTED", {E+"examples/invalid/not-really.json": EX, E+"examples/invalid/rejected.json": '{"eventId": "6f1c3c1e-8a4b-4c1e-9d3e-2f8b1a7c9e01"}\n'})
# history: base differs
fx("PUBLISHED_VERSION_CHANGED", {E+"v1.avsc": V1.replace('"type": "long"', '"type": "int"'), E+"examples/ok.json": EX,
   **ev2("order.shipped", "topic: order.shipped\n"), "shop/order.shipped/v1.avsc": V1.replace('"fields"', '"doc": "Only the documentation changed.", "fields"')},
   base_changes=ev2("order.shipped", "topic: order.shipped\n"))
fx("PUBLISHED_VERSION_DELETED", {E+"v2.avsc": V2}, remove=[E+"v1.avsc"], base_changes={E+"v2.avsc": V2})
fx("EVENT_DELETED", {}, base_changes=ev2("order.shipped", "topic: order.shipped\n"))
fx("COMPATIBILITY_LOOSENED", {E+"event.yaml": EVENT + "compatibility: NONE\n", **{k: v for k, v in ev2("order.shipped", "compatibility: FORWARD\ncompatibilityChangeReason: Consumers moved to v2; agreed with mail-team.\n").items()}},
   base_changes={**ev2("order.shipped", "compatibility: FULL\n")})
fx("TOPIC_CHANGED", {E+"event.yaml": EVENT + "topic: orders.placed\n"}, base_changes={})
MONEY = '{"type": "record", "name": "Money", "namespace": "com.example.common", "fields": [\n  {"name": "amountMinor", "type": "long"},\n  {"name": "currency", "type": "string"}\n]}\n'
MONEY2 = '{"type": "record", "name": "Money", "namespace": "com.example.common", "fields": [\n  {"name": "amountMinor", "type": "long"},\n  {"name": "currency", "type": "string"},\n  {"name": "scale", "type": "int"}\n]}\n'
VM = V1.replace('{"name": "total", "type": "long"}', '{"name": "total", "type": "com.example.common.Money"}')
EXM = '{"eventId": "6f1c3c1e-8a4b-4c1e-9d3e-2f8b1a7c9e01", "total": {"amountMinor": 500, "currency": "EUR"}}\n'
EXM2 = '{"eventId": "6f1c3c1e-8a4b-4c1e-9d3e-2f8b1a7c9e01", "total": {"amountMinor": 500, "currency": "EUR", "scale": 2}}\n'
fx("SHARED_TYPE_BREAKS_EVENT", {"types/Money.avsc": MONEY2, E+"v1.avsc": VM, E+"examples/ok.json": EXM2},
   base_changes={"types/Money.avsc": MONEY, E+"v1.avsc": VM, E+"examples/ok.json": EXM})

def write(dirpath, files):
    for path, content in files.items():
        full = os.path.join(dirpath, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(full, mode) as f: f.write(content)

only = set(sys.argv[1:])
for rule, (changes, remove, base_changes, base_remove) in fixtures.items():
    if only and rule not in only: continue
    d = os.path.join(ROOT, rule)
    expected = None
    if os.path.exists(os.path.join(d, "expected.txt")):
        expected = open(os.path.join(d, "expected.txt")).read()
    if os.path.exists(d): shutil.rmtree(d)
    if expected is not None:
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "expected.txt"), "w").write(expected)
    files = base(); files.update(changes)
    for r in remove: files.pop(r, None)
    write(os.path.join(d, "catalog"), files)
    if base_changes is not None:
        bfiles = base(); bfiles.update(base_changes)
        write(os.path.join(d, "base"), bfiles)
if not only:
    d = os.path.join(ROOT, "_clean")
    if os.path.exists(d): shutil.rmtree(d)
    write(os.path.join(d, "catalog"), base())
    d = os.path.join(ROOT, "_compatibility")
    if os.path.exists(d): shutil.rmtree(d)
    files = base()
    files[E+"v2.avsc"] = V2.replace('{"name": "note", "type": ["null", "string"], "default": null}', '{"name": "note", "type": "string"}')
    files[E+"examples/ok.json"] = EX.replace("5}", '5, "note": "n"}')
    files[E+"event.yaml"] = EVENT.replace("volume: 100/day", "volume: ~2K/day")
    files["shop/order.shipped/event.yaml"] = EVENT + "topic: order.shipped\ncompatibility: FULL_TRANSITIVE\n"
    files["shop/order.shipped/v1.avsc"] = V1
    files["shop/order.shipped/v2.avsc"] = V2
    files["shop/order.shipped/v3.avsc"] = V1.replace('"type": "long"', '"type": "int"')
    write(os.path.join(d, "catalog"), files)
    # A catalog with one problem of each family, for the golden text and JSON output.
    d = os.path.join(ROOT, "_problems")
    if os.path.exists(d): shutil.rmtree(d)
    files = base()
    files["catalog.yaml"] = CATALOG.replace('  mail-team: { name: Mail, slack: "#mail" }', '  mail-team: { name: Mail }')
    files[E+"event.yaml"] = EVENT.replace("consumers: [mailer]", "consumers: [mailer, mailr]") + "sumary: typo\n"
    files[E+"v2.avsc"] = V2.replace('{"name": "note", "type": ["null", "string"], "default": null}', '{"name": "note", "type": "string"}')
    files[E+"examples/ok.json"] = '{"eventId": "6f1c3c1e-8a4b-4c1e-9d3e-2f8b1a7c9e01", "total": 5}\n'
    files["shop/Order.Refunded/event.yaml"] = EVENT + "topic: order.refunded\n"
    files["shop/Order.Refunded/v1.avsc"] = V1
    files["shop/Order.Refunded/examples/ok.json"] = EX
    write(os.path.join(d, "catalog"), files)
print(len(fixtures))
