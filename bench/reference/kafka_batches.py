"""Reference for herald-bench kafka-batches: kafka-python parses the same records blob (CRC check + every record)."""
import sys
import time

from kafka.record.memory_records import MemoryRecords


def parse(data):
    count = 0
    records = MemoryRecords(data)
    while True:
        batch = records.next_batch()
        if batch is None:
            return count
        if not batch.validate_crc():
            raise SystemExit("CRC mismatch")
        for _ in batch:
            count += 1


def main():
    path, label = sys.argv[1], sys.argv[2]
    with open(path, "rb") as handle:
        data = handle.read()
    best = None
    count = 0
    for _ in range(3):
        start = time.perf_counter()
        count = parse(data)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    megabytes = len(data) / 1_000_000
    print(f"kafka-python kafka-batches {label}: {count} records, {megabytes:.1f} MB, {best:.4f} s, "
          f"{count / best:.0f} records/s, {megabytes / best:.1f} MB/s")


if __name__ == "__main__":
    main()
