"""Every AsyncAPI document `herald build` emits validates with the shared AsyncAPI checker.

The checker is `tools/validate-asyncapi` in ../shared (conftest.shared_dir): the official 3.0.0 / 2.6.0 JSON Schemas
plus semantic checks, with fastavro parsing every inline Avro schema. Without ../shared the tests are reported skipped
(a red run with CI=true).
"""
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, shared_path, skip_shared

CATALOGS = {
    "bundled": ROOT / "schemas",
    "fixture": ROOT / "Tests" / "HeraldAsyncAPITests" / "Resources" / "fixture-catalog",
}
VERSIONS = ["3.0.0", "2.6.0"]


VALIDATOR = "tools/validate-asyncapi"


@pytest.fixture(scope="module")
def validator():
    path = shared_path(VALIDATOR)
    if path is None:
        skip_shared(VALIDATOR)
    return path


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("catalog", sorted(CATALOGS))
def test_emitted_documents_validate(herald_bin, validator, tmp_path, catalog, version):
    out = tmp_path / "site"
    build = subprocess.run(
        [herald_bin, "build", "--catalog", str(CATALOGS[catalog]), "--out", str(out), "--asyncapi-version", version],
        capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    documents = sorted((out / "asyncapi").glob("*.yaml")) + sorted((out / "asyncapi").glob("*.json"))
    # One YAML and one JSON per service of catalog.yaml, plus the catalog document.
    services = yaml.safe_load((CATALOGS[catalog] / "catalog.yaml").read_text())["services"]
    stems = sorted([*services, "catalog"])
    assert sorted(d.name for d in documents) == sorted([f"{s}.yaml" for s in stems] + [f"{s}.json" for s in stems])
    result = subprocess.run(
        [sys.executable, str(validator), "--strict", *map(str, documents)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(documents)} file(s) checked, 0 error(s), 0 warning(s)" in result.stderr
    # fastavro parsed the inline Avro (otherwise the validator notes that it skipped them).
    assert "fastavro is not installed" not in result.stderr


def test_build_refuses_a_catalog_with_errors(herald_bin, tmp_path):
    catalog = tmp_path / "catalog"
    (catalog / "shop" / "shop.order.placed").mkdir(parents=True)
    (catalog / "catalog.yaml").write_text("title: Broken\nteams: {}\nservices: {}\n")
    (catalog / "shop" / "shop.order.placed" / "event.yaml").write_text(
        "summary: x\nowner: nobody\nproducer: nothing\n")
    (catalog / "shop" / "shop.order.placed" / "v1.avsc").write_text('{"type": "record", "name": "X", "fields": [}')
    out = tmp_path / "site"
    result = subprocess.run([herald_bin, "build", "--catalog", str(catalog), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "nothing was published" in result.stderr
    assert not out.exists()
    # No staging folder is left behind either, and no build cache.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
    assert not (tmp_path / ".herald-cache").exists()


def test_build_replaces_previous_output(herald_bin, tmp_path):
    out = tmp_path / "site"
    (out / "asyncapi").mkdir(parents=True)
    (out / "asyncapi" / "stale.yaml").write_text("old")
    result = subprocess.run(
        [herald_bin, "build", "--catalog", str(CATALOGS["fixture"]), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not (out / "asyncapi" / "stale.yaml").exists()
    assert (out / "asyncapi" / "checkout.yaml").is_file()
    # Beside the output only the build cache, which the next build into it reads.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".herald-cache", "site"]
