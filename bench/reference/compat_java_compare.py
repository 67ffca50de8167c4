"""Compares Herald's compatibility verdicts with Java Avro 1.8.2's and classifies every disagreement.

usage: compat_java_compare.py PAIRS.json HERALD_VERDICTS.json JAVA_VERDICTS.json WORK_DIR

Herald follows current Avro (the 1.9+ rules, which Python `avro` 1.12 also follows). Avro 1.8.2 differs in two rules
that later versions changed:
  - names: 1.8.2 matches records, enums and fixed by full name (or a reader alias); later versions, and the
    specification's resolution rules, by the unqualified name (or a reader alias);
  - enum default: 1.8.2 has no enum-level `default`; a writer symbol the reader lacks is always incompatible.
    Avro 1.9.0 (AVRO-1340) reads it as the reader enum's default symbol.
For each disagreement the reader schema is rewritten so that the rule found in it no longer applies under 1.8.2
(the writer's full name added to the reader type's aliases; the writer's missing symbols added to a reader enum
that has a default). Both rewrites leave the verdict under current rules unchanged. The rewritten pairs are
checked again by Java and by Herald (the caller passes the commands, in the environment as JAVA_VERDICTS_CMD and
HERALD_VERDICTS_CMD, each taking PAIRS OUT). A disagreement is attributed to the 1.8.2 rules only when Java then
agrees with Herald and Herald's verdict did not move; anything else is reported as a possible Herald defect and the
script exits 1.
"""
import json
import os
import shlex
import subprocess
import sys

PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def full_name(node, enclosing):
    name = node["name"]
    if "." in name:
        return name
    namespace = node.get("namespace", enclosing)
    return f"{namespace}.{name}" if namespace else name


def index_names(node, enclosing, names):
    """Records every named type of a parsed schema JSON under its full name."""
    if isinstance(node, list):
        for branch in node:
            index_names(branch, enclosing, names)
    elif isinstance(node, dict):
        kind = node.get("type")
        if kind in ("record", "error", "enum", "fixed"):
            full = full_name(node, enclosing)
            names[full] = node
            node["__full"] = full
            enclosing = full.rpartition(".")[0]
            for field in node.get("fields", []):
                index_names(field["type"], enclosing, names)
        elif kind == "array":
            index_names(node["items"], enclosing, names)
        elif kind == "map":
            index_names(node["values"], enclosing, names)
        elif isinstance(kind, (dict, list)):
            index_names(kind, enclosing, names)


def resolve(node, names, enclosing=""):
    if isinstance(node, str) and node not in PRIMITIVES:
        return names.get(node) or names.get(f"{enclosing}.{node}") or node
    if isinstance(node, dict) and isinstance(node.get("type"), (dict, list)):
        return resolve(node["type"], names, enclosing)
    if isinstance(node, dict) and node.get("type") in PRIMITIVES:
        return node["type"]
    return node


def kind_of(node):
    if isinstance(node, list):
        return "union"
    if isinstance(node, dict):
        return node["type"]
    return node


def short(name):
    return name.rpartition(".")[2]


def find_causes(reader_json, writer_json):
    """Walks reader against writer as the checker pairs them; returns the 1.8.2 rules met, rewriting the reader."""
    rnames, wnames = {}, {}
    index_names(reader_json, "", rnames)
    index_names(writer_json, "", wnames)
    causes = []
    seen = set()

    def walk(r, w, renc, wenc):
        r, w = resolve(r, rnames, renc), resolve(w, wnames, wenc)
        if (id(r), id(w)) in seen:
            return
        seen.add((id(r), id(w)))
        rk, wk = kind_of(r), kind_of(w)
        if wk == "union":
            for branch in w:
                walk(r, branch, renc, wenc)
            return
        if rk == "union":
            for branch in r:
                walk(branch, w, renc, wenc)
            return
        if rk != wk:
            return
        if rk in ("record", "error", "enum", "fixed"):
            rfull, wfull = r["__full"], w["__full"]
            aliases = r.get("aliases", [])
            if rfull != wfull and short(rfull) == short(wfull) and wfull not in aliases:
                causes.append(f"names: {rk} {wfull} read as {rfull}")
                r["aliases"] = aliases + [wfull]
            if rk == "enum":
                missing = [s for s in w["symbols"] if s not in r["symbols"]]
                if missing and "default" in r:
                    causes.append(f"enum default: {rfull} lacks {missing}, default {r['default']}")
                    r["symbols"] = r["symbols"] + missing
            if rk in ("record", "error"):
                renc2, wenc2 = rfull.rpartition(".")[0], wfull.rpartition(".")[0]
                by_name = {f["name"]: f for f in w["fields"]}
                for field in r["fields"]:
                    match = by_name.get(field["name"]) or next(
                        (by_name[a] for a in field.get("aliases", []) if a in by_name), None)
                    if match is not None:
                        walk(field["type"], match["type"], renc2, wenc2)
        elif rk == "array":
            walk(r["items"], w["items"], renc, wenc)
        elif rk == "map":
            walk(r["values"], w["values"], renc, wenc)

    walk(reader_json, writer_json, "", "")
    return causes


def strip(node):
    if isinstance(node, list):
        return [strip(n) for n in node]
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k != "__full"}
    return node


def run(command, pairs_file, out_file):
    subprocess.run(shlex.split(command) + [pairs_file, out_file], check=True, stdout=subprocess.DEVNULL)
    with open(out_file) as f:
        return json.load(f)


def main() -> int:
    pairs_file, herald_file, java_file, work = sys.argv[1:5]
    with open(pairs_file) as f:
        entries = json.load(f)
    with open(herald_file) as f:
        herald = json.load(f)
    with open(java_file) as f:
        java = json.load(f)
    if not (len(entries) == len(herald) == len(java)):
        print(f"verdict counts differ: pairs {len(entries)}, herald {len(herald)}, java {len(java)}")
        return 1
    disagreements = [i for i in range(len(entries)) if herald[i] != java[i]]
    print(f"java 1.8.2 verdicts agree with Herald on {len(entries) - len(disagreements)} of {len(entries)} pairs")
    if not disagreements:
        print("java_disagreements=0 java_unexplained=0")
        return 0

    rewritten, causes = [], []
    for i in disagreements:
        reader, writer = json.loads(entries[i]["reader"]), json.loads(entries[i]["writer"])
        found = find_causes(reader, writer)
        causes.append(found)
        rewritten.append({"reader": json.dumps(strip(reader)), "writer": entries[i]["writer"], "change": entries[i]["change"]})
    os.makedirs(work, exist_ok=True)
    rewritten_file = os.path.join(work, "compat-java-rewritten-pairs.json")
    with open(rewritten_file, "w") as f:
        json.dump(rewritten, f)
    java_after = run(os.environ["JAVA_VERDICTS_CMD"], rewritten_file, os.path.join(work, "compat-java-rewritten-java.json"))
    herald_after = run(os.environ["HERALD_VERDICTS_CMD"], rewritten_file, os.path.join(work, "compat-java-rewritten-herald.json"))

    tally, unexplained = {}, []
    for k, i in enumerate(disagreements):
        explained = causes[k] and herald_after[k] == herald[i] and java_after[k] == herald[i]
        rules = sorted({c.split(":")[0] for c in causes[k]})
        label = " + ".join(rules) if explained else "UNEXPLAINED"
        tally[label] = tally.get(label, 0) + 1
        line = (f"  pair {i} ({entries[i]['change']}): herald {'compatible' if herald[i] else 'incompatible'}, "
                f"java 1.8.2 {'compatible' if java[i] else 'incompatible'} -> {label}: {'; '.join(c.split(': ', 1)[1] for c in causes[k]) or 'no 1.8.2 rule found'}")
        if explained:
            print(line)
        else:
            unexplained.append(line + f" (after the rewrite: herald {herald_after[k]}, java {java_after[k]})")
    for line in unexplained:
        print(line)
    print("java disagreements by cause: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
    print(f"java_disagreements={len(disagreements)} java_unexplained={len(unexplained)}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
