"""Reference side of the compat benchmark: avro's ReaderWriterCompatibilityChecker over the pairs herald-bench wrote.

usage: 20-compat-reference.py PAIRS.json HERALD_VERDICTS.json
Prints python_pairs_per_second=N and compares its verdicts with Herald's, pair by pair.
"""
import json
import sys
import time

import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType


def main() -> int:
    pairs_file, herald_file = sys.argv[1], sys.argv[2]
    with open(pairs_file) as f:
        entries = json.load(f)
    # End to end: parse both schemas, then check (one round; Python's parser is the slow part).
    start = time.process_time()
    for e in entries:
        ReaderWriterCompatibilityChecker().get_compatibility(avro.schema.parse(e["reader"]), avro.schema.parse(e["writer"]))
    end_to_end = len(entries) / (time.process_time() - start)

    # Check only: each distinct schema text is parsed once, as herald-bench does.
    parsed = {}
    for e in entries:
        for text in (e["reader"], e["writer"]):
            if text not in parsed:
                parsed[text] = avro.schema.parse(text)
    pairs = [(parsed[e["reader"]], parsed[e["writer"]]) for e in entries]

    verdicts = []
    for reader, writer in pairs:
        result = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
        verdicts.append(result.compatibility is SchemaCompatibilityType.compatible)

    # Timed: whole rounds over every pair for at least three seconds of CPU time, as herald-bench does
    # (process time, so that other load on a shared machine does not count against either side).
    rounds = 0
    start = time.process_time()
    while True:
        for reader, writer in pairs:
            ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
        rounds += 1
        elapsed = time.process_time() - start
        if elapsed >= 3.0:
            break
    rate = len(pairs) * rounds / elapsed
    print(f"python: {len(pairs)} pairs, {sum(verdicts)} compatible")
    print(f"python_pairs_per_second={int(rate)}")
    print(f"python_parse_and_check_pairs_per_second={int(end_to_end)}")

    with open(herald_file) as f:
        herald = json.load(f)
    disagreements = [i for i, (a, b) in enumerate(zip(verdicts, herald)) if a != b]
    if len(herald) != len(verdicts):
        print(f"verdict count differs: herald {len(herald)}, python {len(verdicts)}")
        return 1
    print(f"verdicts agree on {len(verdicts) - len(disagreements)} of {len(verdicts)} pairs")
    for i in disagreements[:20]:
        print(f"  disagreement at pair {i} ({entries[i]['change']}): herald {'compatible' if herald[i] else 'incompatible'}, "
              f"python {'compatible' if verdicts[i] else 'incompatible'}")
    print(f"disagreements={len(disagreements)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
