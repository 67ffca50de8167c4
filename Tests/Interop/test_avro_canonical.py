"""`herald avro canonical` and `fingerprint` against fastavro's Parsing Canonical Form and CRC-64-AVRO.

Inputs are Apache Avro's own schemas in ../shared/conformance/avro (reported skipped when absent, conftest.shared_dir)
and the example catalog's shared types. fastavro follows Java here (logical types dropped from the canonical form)."""
import json
import subprocess

import fastavro.schema
import pytest

from conftest import ROOT, shared_path, skip_shared

CONFORMANCE = "conformance/avro"
SHARED = shared_path(CONFORMANCE)
# Apache Avro's schemas, c-schema-tests/pass and the three single files listed below.
CONFORMANCE_FILE_COUNT = 40


def conformance_files():
    if SHARED is None:
        return []
    files = []
    for folder in ["schemas", "share-schemas", "c-schema-tests/pass"]:
        files += sorted(p for p in (SHARED / folder).iterdir() if p.is_file())
    files += [SHARED / "common-schemas/simple/schema.json", SHARED / "common-schemas/withUnion/schema.json",
              SHARED / "messageV1/test_schema.avsc"]
    return files


def catalog_types():
    return sorted((ROOT / "schemas/types").glob("*.avsc"))


def herald(herald_bin, *args):
    result = subprocess.run([herald_bin, "avro", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# Without ../shared one parameter stands for the whole set, so the run reports it skipped rather than empty.
@pytest.mark.parametrize("path", conformance_files() or [None], ids=lambda p: str(p.relative_to(SHARED)) if p else "absent")
def test_conformance_schema_matches_fastavro(herald_bin, path):
    if path is None:
        skip_shared(CONFORMANCE)
    canonical = fastavro.schema.to_parsing_canonical_form(json.loads(path.read_text()))
    assert herald(herald_bin, "canonical", str(path)) == canonical
    assert herald(herald_bin, "fingerprint", str(path)) == fastavro.schema.fingerprint(canonical, "CRC-64-AVRO")
    assert herald(herald_bin, "fingerprint", "--algorithm", "md5", str(path)) == fastavro.schema.fingerprint(canonical, "MD5")
    assert herald(herald_bin, "fingerprint", "--algorithm", "sha256", str(path)) == fastavro.schema.fingerprint(canonical, "SHA-256")


def test_conformance_data_present_or_skipped():
    if SHARED is None:
        skip_shared(CONFORMANCE)
    assert len(conformance_files()) == CONFORMANCE_FILE_COUNT


@pytest.mark.parametrize("path", catalog_types(), ids=lambda p: p.name)
def test_catalog_types_match_fastavro(herald_bin, path):
    # Shared types may reference each other: give fastavro every type, in dependency order.
    named, pending = {}, [json.loads(p.read_text()) for p in catalog_types()]
    for _ in range(len(pending) + 1):
        rest = []
        for schema in pending:
            try:
                fastavro.schema.parse_schema(schema, named_schemas=named)
            except Exception:
                rest.append(schema)
        pending = rest
    parsed = fastavro.schema.parse_schema(json.loads(path.read_text()), named_schemas=dict(named))
    expected = fastavro.schema.to_parsing_canonical_form(fastavro.schema.expand_schema(parsed))
    assert herald(herald_bin, "canonical", str(path), "--types", str(ROOT / "schemas/types")) == expected
