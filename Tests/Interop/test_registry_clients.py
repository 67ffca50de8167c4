"""A second, independent registry client (python-schema-registry-client) and raw HTTP against herald's registry:
error bodies, content types, and what survives a restart with --data-dir."""
import json
import urllib.error
import urllib.request

import requests
from schema_registry.client import SchemaRegistryClient as SecondClient
from schema_registry.client import schema as second_schema

from brokerproc import BrokerProcess
from registry_fixtures import empty_registry  # noqa: F401

MEDIA = "application/vnd.schemaregistry.v1+json"
USER = {"type": "record", "name": "User", "namespace": "com.example", "fields": [
    {"name": "name", "type": "string"},
]}
USER_V2 = {"type": "record", "name": "User", "namespace": "com.example", "fields": [
    {"name": "name", "type": "string"},
    {"name": "age", "type": ["null", "int"], "default": None},
]}


def test_second_client_registers_and_fetches(empty_registry):
    client = SecondClient(url=empty_registry.registry_url)
    schema_id = client.register("users-value", second_schema.AvroSchema(USER))
    assert schema_id == 1
    fetched = client.get_by_id(schema_id)
    assert fetched.raw_schema == USER
    latest = client.get_schema("users-value")
    assert (latest.schema_id, latest.version, latest.subject) == (schema_id, 1, "users-value")
    checked = client.check_version("users-value", second_schema.AvroSchema(USER))
    assert checked.version == 1
    assert client.test_compatibility("users-value", second_schema.AvroSchema(USER_V2)) is True
    assert client.register("users-value", second_schema.AvroSchema(USER_V2)) == 2
    assert client.get_versions("users-value") == [1, 2]
    assert client.get_subjects() == ["users-value"]
    assert client.update_compatibility("FULL", "users-value") is True
    assert client.get_compatibility("users-value") == "FULL"


def post(url, body, content_type=MEDIA):
    return requests.post(url, data=json.dumps(body), headers={"Content-Type": content_type}, timeout=10)


def test_error_bodies_and_content_types(empty_registry):
    base = empty_registry.registry_url
    missing = requests.get(f"{base}/subjects/nope/versions", timeout=10)
    assert missing.status_code == 404
    assert missing.headers["Content-Type"] == MEDIA
    assert missing.json() == {"error_code": 40401, "message": "Subject 'nope' not found."}

    unknown_id = requests.get(f"{base}/schemas/ids/999", timeout=10)
    assert (unknown_id.status_code, unknown_id.json()["error_code"]) == (404, 40403)

    bad_version = requests.get(f"{base}/subjects/nope/versions/zero", timeout=10)
    assert (bad_version.status_code, bad_version.json()["error_code"]) == (422, 42202)

    invalid = post(f"{base}/subjects/users-value/versions", {"schema": '{"type": "record", "name": "X"}'})
    assert (invalid.status_code, invalid.json()["error_code"]) == (422, 42201)
    assert invalid.headers["Content-Type"] == MEDIA

    # Confluent accepts application/json and application/octet-stream bodies as well.
    for content_type in ("application/json", "application/octet-stream", MEDIA):
        ok = post(f"{base}/subjects/users-value/versions", {"schema": json.dumps(USER)}, content_type)
        assert ok.status_code == 200, ok.text
        assert ok.json()["id"] == 1
    assert post(f"{base}/subjects/users-value/versions", {"schema": "x"}, "text/plain").status_code == 415

    bad_level = requests.put(f"{base}/config", json={"compatibility": "SIDEWAYS"}, timeout=10)
    assert (bad_level.status_code, bad_level.json()["error_code"]) == (422, 42203)
    bad_mode = requests.put(f"{base}/mode", json={"mode": "WRITEONLY"}, timeout=10)
    assert (bad_mode.status_code, bad_mode.json()["error_code"]) == (422, 42204)

    garbage = requests.post(f"{base}/subjects/users-value/versions", data=b"{not json",
                            headers={"Content-Type": MEDIA}, timeout=10)
    assert garbage.status_code == 400 and garbage.json()["error_code"] == 400

    # The raw schema endpoints return the schema text itself.
    raw = urllib.request.urlopen(f"{base}/subjects/users-value/versions/latest/schema", timeout=10)
    assert json.loads(raw.read()) == USER
    try:
        urllib.request.urlopen(f"{base}/config/users-value", timeout=10)
        raise AssertionError("expected 404")
    except urllib.error.HTTPError as error:
        assert error.code == 404
        assert json.loads(error.read())["error_code"] == 40408
    with_default = requests.get(f"{base}/config/users-value?defaultToGlobal=true", timeout=10)
    assert with_default.json() == {"compatibilityLevel": "BACKWARD"}


def test_verbose_compatibility_uses_confluent_wording(empty_registry):
    base = empty_registry.registry_url
    post(f"{base}/subjects/users-value/versions", {"schema": json.dumps(USER)})
    breaking = dict(USER, fields=USER["fields"] + [{"name": "email", "type": "string"}])
    answer = post(f"{base}/compatibility/subjects/users-value/versions/latest?verbose=true", {"schema": json.dumps(breaking)})
    assert answer.status_code == 200
    body = answer.json()
    assert body["is_compatible"] is False
    assert body["messages"][0] == (
        "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'email' at path '/fields/1' in the "
        "new schema has no default value and is missing in the old schema', additionalInfo:'email'}")
    assert "{oldSchemaVersion: 1}" in body["messages"]
    assert body["messages"][-1] == "{validateFields: 'false', compatibility: 'BACKWARD'}"
    quiet = post(f"{base}/compatibility/subjects/users-value/versions/1", {"schema": json.dumps(breaking)})
    assert quiet.json() == {"is_compatible": False}


def test_normalize_stores_the_canonical_form(empty_registry):
    base = empty_registry.registry_url
    spaced = json.dumps(USER, indent=4)
    answer = post(f"{base}/subjects/users-value/versions?normalize=true", {"schema": spaced})
    assert answer.status_code == 200
    stored = requests.get(f"{base}/schemas/ids/{answer.json()['id']}", timeout=10).json()["schema"]
    assert stored == '{"name":"com.example.User","type":"record","fields":[{"name":"name","type":"string"}]}'


def test_restart_with_data_dir_keeps_registrations_and_ids(herald_bin, tmp_path):
    data = tmp_path / "data"
    first = BrokerProcess(herald_bin, tmp_path / "broker.log", data_dir=data).start()
    try:
        base = first.registry_url
        first_id = post(f"{base}/subjects/users-value/versions", {"schema": json.dumps(USER)}).json()["id"]
        other_id = post(f"{base}/subjects/other-value/versions",
                        {"schema": json.dumps(dict(USER, name="Other"))}).json()["id"]
        second_id = post(f"{base}/subjects/users-value/versions", {"schema": json.dumps(USER_V2)}).json()["id"]
        assert requests.put(f"{base}/config/users-value", json={"compatibility": "FULL"}, timeout=10).status_code == 200
        assert requests.delete(f"{base}/subjects/other-value", timeout=10).json() == [1]
    finally:
        assert first.stop() == 0

    second = BrokerProcess(herald_bin, tmp_path / "broker.log", data_dir=data).start()
    try:
        base = second.registry_url
        assert requests.get(f"{base}/subjects", timeout=10).json() == ["users-value"]
        assert requests.get(f"{base}/subjects?deleted=true", timeout=10).json() == ["other-value", "users-value"]
        versions = [requests.get(f"{base}/subjects/users-value/versions/{v}", timeout=10).json() for v in (1, 2)]
        assert [(v["version"], v["id"]) for v in versions] == [(1, first_id), (2, second_id)]
        assert json.loads(requests.get(f"{base}/schemas/ids/{other_id}", timeout=10).json()["schema"])["name"] == "Other"
        assert requests.get(f"{base}/config/users-value", timeout=10).json() == {"compatibilityLevel": "FULL"}
        # New IDs continue after the stored ones.
        third = post(f"{base}/subjects/third-value/versions", {"schema": json.dumps(dict(USER, name="Third"))}).json()["id"]
        assert third > max(first_id, other_id, second_id)
    finally:
        second.stop()


def catalog_ids(base):
    """{(subject, version): id} over every subject of a registry."""
    ids = {}
    for subject in requests.get(f"{base}/subjects", timeout=10).json():
        for version in requests.get(f"{base}/subjects/{subject}/versions", timeout=10).json():
            ids[(subject, version)] = requests.get(f"{base}/subjects/{subject}/versions/{version}", timeout=10).json()["id"]
    return ids


def test_the_same_catalog_gets_the_same_ids_in_every_run(herald_bin, tmp_path):
    from registry_fixtures import ROOT
    runs = []
    for n in range(2):
        proc = BrokerProcess(herald_bin, tmp_path / f"broker{n}.log", extra_args=["--catalog", str(ROOT / "schemas")]).start()
        try:
            runs.append(catalog_ids(proc.registry_url))
        finally:
            proc.stop()
    assert runs[0] == runs[1]
    assert len(runs[0]) > 50
    # Shared types come first, then event subjects by name with their versions ascending.
    ordered = sorted(runs[0].items(), key=lambda item: item[1])
    first_event = next(i for i, ((subject, _), _) in enumerate(ordered) if subject.endswith(("-value", "-key")))
    assert all(not s.endswith(("-value", "-key")) for (s, _), _ in ordered[:first_event])
    events = [key for key, _ in ordered[first_event:]]
    assert [s for s, _ in events] == sorted((s for s, _ in events), key=lambda s: s.encode())


def test_no_registry_serves_kafka_only(herald_bin, tmp_path):
    proc = BrokerProcess(herald_bin, tmp_path / "broker.log", extra_args=["--no-registry"]).start()
    try:
        assert proc.port and proc.registry_url is None
    finally:
        assert proc.stop() == 0


def test_a_hard_kill_loses_no_answered_registration(herald_bin, tmp_path):
    data = tmp_path / "data"
    first = BrokerProcess(herald_bin, tmp_path / "broker.log", data_dir=data).start()
    answered = []
    try:
        for n in range(5):
            body = {"schema": json.dumps(dict(USER, name=f"User{n}"))}
            answered.append(post(f"{first.registry_url}/subjects/u{n}-value/versions", body).json()["id"])
    finally:
        first.kill()
    second = BrokerProcess(herald_bin, tmp_path / "broker.log", data_dir=data).start()
    try:
        for n, schema_id in enumerate(answered):
            found = requests.get(f"{second.registry_url}/subjects/u{n}-value/versions/1", timeout=10).json()
            assert found["id"] == schema_id
    finally:
        second.stop()


def test_a_taken_registry_port_stops_the_broker_with_exit_2(herald_bin):
    import socket
    import subprocess
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        done = subprocess.run([herald_bin, "broker", "--no-catalog", "--kafka-port", "0", "--registry-port", str(port)],
                              capture_output=True, text=True, timeout=30)
    finally:
        taken.close()
    assert done.returncode == 2
    assert "Address already in use" in done.stderr
