"""`herald serve` keeps its registry in step with the catalog: a schema version added while it runs is registered
(seen through confluent-kafka's SchemaRegistryClient), and a version the subject's compatibility level forbids is not,
with the registry's reason in the log and in the overlay."""
import json
import re

from confluent_kafka.schema_registry import SchemaRegistryClient

from conftest import wait_until
from test_serve import EVENT, catalog, event_page, get, serve  # noqa: F401  (fixtures)

SUBJECT = "dealer.opening.hours.changed-value"


def with_field(schema_text, field):
    schema = json.loads(schema_text)
    schema["fields"].append(field)
    return json.dumps(schema, indent=2) + "\n"


def test_added_version_registers_and_forbidden_one_does_not(serve, catalog, tmp_path):  # noqa: F811
    client = SchemaRegistryClient({"url": f"http://127.0.0.1:{serve.ports['registry']}"})
    assert client.get_versions(SUBJECT) == [1]
    folder = catalog / EVENT
    v1 = (folder / "v1.avsc").read_text()

    # BACKWARD (the catalog's default) allows adding a field with a default.
    v2 = with_field(v1, {"name": "note", "type": ["null", "string"], "default": None, "doc": "Added while serving."})
    (folder / "v2.avsc").write_text(v2)
    wait_until(lambda: client.get_versions(SUBJECT) == [1, 2], "v2 registered")
    latest = client.get_latest_version(SUBJECT)
    assert latest.version == 2
    assert "Added while serving." in latest.schema.schema_str
    # The registry takes the version during the rebuild; the log line follows once the rebuild is served.
    wait_until(lambda: "registry: registered" in (tmp_path / "serve.log").read_text(), "the registration in the log")

    # A required field without a default cannot read the data v2 wrote: refused, and the overlay says why.
    v3 = with_field(v2, {"name": "region", "type": "string"})
    (folder / "v3.avsc").write_text(v3)
    wait_until(lambda: "registry: refused" in (tmp_path / "serve.log").read_text(), "the refusal in the log")
    wait_until(lambda: "herald-overlay" in event_page(serve), "the overlay after the incompatible version")
    page = event_page(serve)
    assert "REGISTRY_VERSION_MISSING" in page and "v3.avsc" in page
    assert re.search(r"the registry refused v3", page), page[:2000]
    assert client.get_versions(SUBJECT) == [1, 2]
    log = (tmp_path / "serve.log").read_text()
    assert SUBJECT in log and "v3.avsc" in log

    # Removing the forbidden version clears the overlay; the registry keeps what it registered.
    (folder / "v3.avsc").unlink()
    wait_until(lambda: "herald-overlay" not in event_page(serve), "the overlay gone once v3 is removed")
    assert client.get_versions(SUBJECT) == [1, 2]
    status, _ = get(f"http://127.0.0.1:{serve.ports['registry']}/subjects/{SUBJECT}/versions/2")
    assert status == 200
