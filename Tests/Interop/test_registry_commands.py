"""herald registry push|diff|pull and herald publish-examples against a second herald acting as the remote registry
(`herald broker --no-catalog --registry-port 0 --kafka-port 0`), over real HTTP and the Kafka protocol."""
import json
import os
import pathlib
import re
import shutil
import subprocess

import pytest
from confluent_kafka import Consumer
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from kafka.partitioner.default import murmur2

from brokerproc import BrokerProcess
from registry_fixtures import catalog_registry  # noqa: F401

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "schemas"
FIXTURE = ROOT / "Tests" / "HeraldClientsTests" / "Resources" / "catalog"
TRACEPARENT = re.compile(r"^00-[0-9a-f]{32}-[0-9a-f]{16}-01$")


@pytest.fixture
def remote(herald_bin, tmp_path):
    """The "remote" registry and cluster: a herald broker without a catalog; orders.placed has 4 partitions."""
    proc = BrokerProcess(herald_bin, tmp_path / "remote.log", extra_args=["--topic", "orders.placed:4"]).start()
    try:
        yield proc
    finally:
        proc.stop()


def herald(herald_bin, *args, env=None):
    return subprocess.run([herald_bin, *args], capture_output=True, text=True, timeout=120, env=env)


def registry_state(url):
    """Every subject with its versions' IDs and its own compatibility setting, read with confluent-kafka's client."""
    client = SchemaRegistryClient({"url": url})
    state = {}
    for subject in sorted(client.get_subjects()):
        ids = [client.get_version(subject, v).schema_id for v in client.get_versions(subject)]
        try:
            mode = client.get_compatibility(subject)
        except Exception:  # the subject has no setting of its own
            mode = None
        state[subject] = (ids, mode)
    return state


def test_push_then_diff_is_clean_and_a_second_push_adds_nothing(herald_bin, remote):
    url = remote.registry_url
    pushed = herald(herald_bin, "registry", "push", "--registry", url, "--catalog", str(BUNDLED))
    assert pushed.returncode == 0, pushed.stderr
    assert re.search(r"pushed to .*: (\d+) registrations, (\d+) mode changes$", pushed.stdout.strip().splitlines()[-1])

    state = registry_state(url)
    # Every event's value subject, the shared types as their own subjects, each event subject with its mode.
    assert "orders.order-placed.v2-value" in state
    assert "com.examplemotors.common.Money" in state
    client = SchemaRegistryClient({"url": url})
    latest = client.get_latest_version("orders.order-placed.v2-value")
    assert {ref.subject for ref in latest.schema.references} >= {"com.examplemotors.common.Money"}
    assert state["orders.order-placed.v2-value"][1] == "BACKWARD_TRANSITIVE"  # its event.yaml says so

    diff = herald(herald_bin, "registry", "diff", "--registry", url, "--catalog", str(BUNDLED))
    assert diff.returncode == 0, diff.stdout + diff.stderr
    assert diff.stdout.strip().endswith("0 errors, 0 warnings in 50 events")

    again = herald(herald_bin, "registry", "push", "--registry", url, "--catalog", str(BUNDLED))
    assert again.returncode == 0, again.stderr
    assert "is up to date" in again.stdout and "nothing to change" in again.stdout
    assert registry_state(url) == state


def test_a_broker_preloaded_from_the_catalog_is_in_step(herald_bin, catalog_registry):
    """herald broker's preload and herald registry push name subjects and reference shared types alike."""
    url = catalog_registry.registry_url
    diff = herald(herald_bin, "registry", "diff", "--registry", url, "--catalog", str(BUNDLED))
    assert diff.returncode == 0, diff.stdout + diff.stderr
    push = herald(herald_bin, "registry", "push", "--registry", url, "--catalog", str(BUNDLED), "--dry-run")
    assert push.returncode == 0, push.stderr
    assert "nothing to change" in push.stdout


def test_dry_run_lists_and_changes_nothing(herald_bin, remote):
    dry = herald(herald_bin, "registry", "push", "--registry", remote.registry_url, "--catalog", str(FIXTURE), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.strip().splitlines()
    assert lines[0].startswith("would register com.example.common.Address")
    assert any(line.startswith("would set orders.placed-value compatibility to BACKWARD_TRANSITIVE") for line in lines)
    assert lines[-1].startswith("dry run: 7 registrations and 3 mode changes")
    assert registry_state(remote.registry_url) == {}


def test_a_changed_canonical_form_is_drift(herald_bin, remote, tmp_path):
    catalog = tmp_path / "catalog"
    shutil.copytree(FIXTURE, catalog)
    assert herald(herald_bin, "registry", "push", "--registry", remote.registry_url, "--catalog", str(catalog)).returncode == 0
    # A published version edited in place: orderId becomes a long.
    v1 = catalog / "orders" / "order.placed" / "v1.avsc"
    v1.write_text(v1.read_text().replace('{"name": "orderId", "type": "string"}', '{"name": "orderId", "type": "long"}'))
    diff = herald(herald_bin, "registry", "diff", "--registry", remote.registry_url, "--catalog", str(catalog))
    assert diff.returncode == 1, diff.stdout + diff.stderr
    assert "v1.avsc: error: v1 of event order.placed differs from version 1 of orders.placed-value" in diff.stdout
    assert "[REGISTRY_VERSION_CHANGED]" in diff.stdout

    as_json = herald(herald_bin, "registry", "diff", "--registry", remote.registry_url, "--catalog", str(catalog), "--format", "json")
    assert as_json.returncode == 1
    report = json.loads(as_json.stdout)
    assert not report["ok"]
    assert [d["rule"] for d in report["diagnostics"]] == ["REGISTRY_VERSION_CHANGED"]
    assert report["diagnostics"][0]["category"] == "registry"
    assert report["diagnostics"][0]["event"] == "order.placed"


def test_a_refused_version_is_reported_with_the_registrys_message(herald_bin, remote):
    client = SchemaRegistryClient({"url": remote.registry_url})
    # Someone registered another schema under the subject: the catalog's v1 has required fields it lacks.
    client.register_schema("orders.placed-value", Schema(json.dumps({
        "type": "record", "name": "OrderPlaced", "namespace": "com.example.orders",
        "fields": [{"name": "legacy", "type": "int"}]}), "AVRO"))
    pushed = herald(herald_bin, "registry", "push", "--registry", remote.registry_url, "--catalog", str(FIXTURE))
    assert pushed.returncode == 1, pushed.stdout + pushed.stderr
    refusal = [line for line in pushed.stderr.splitlines() if "orders.placed-value ←" in line and "refused" in line]
    assert refusal, pushed.stderr
    assert "v1.avsc" in refusal[0] and "HTTP 409" in refusal[0]
    # The registry's own words follow "refused (POST …):".
    assert re.search(r"refused \(POST /subjects/orders\.placed-value/versions\): .+ \(HTTP 409", refusal[0])
    assert "not attempted: an earlier version of orders.placed-value was refused" in pushed.stderr
    # Everything else went in.
    assert "customer.consent.changed-value" in registry_state(remote.registry_url)


def test_pull_then_check_explains_what_is_missing(herald_bin, remote, tmp_path):
    assert herald(herald_bin, "registry", "push", "--registry", remote.registry_url, "--catalog", str(BUNDLED)).returncode == 0
    out = tmp_path / "pulled"
    out.mkdir()
    (out / "stale.txt").write_text("from an earlier pull")
    pulled = herald(herald_bin, "registry", "pull", "--registry", remote.registry_url, "--out", str(out))
    assert pulled.returncode == 0, pulled.stderr
    assert "50 events, 8 shared types" in pulled.stdout
    assert not (out / "stale.txt").exists()  # the folder is replaced as a whole
    assert (out / "catalog.yaml").exists() and len(list(out.glob("types/*.avsc"))) == 8

    check = herald(herald_bin, "check", "--catalog", str(out), "--format", "json")
    assert check.returncode == 1, check.stderr  # findings, never a crash
    rules = {d["rule"] for d in json.loads(check.stdout)["diagnostics"] if d["severity"] == "error"}
    assert {"EVENT_OWNER_MISSING", "EVENT_PRODUCER_MISSING"} <= rules
    assert not rules & {"AVRO_UNKNOWN_TYPE", "JSON_SYNTAX", "YAML_SYNTAX", "HERALD_COULD_NOT_RUN"}

    # The pulled catalog holds exactly what the registry holds.
    diff = herald(herald_bin, "registry", "diff", "--registry", remote.registry_url, "--catalog", str(out))
    assert diff.returncode == 0, diff.stdout


def test_pull_from_an_unreachable_registry_leaves_the_folder_alone(herald_bin, tmp_path):
    out = tmp_path / "pulled"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    pulled = herald(herald_bin, "registry", "pull", "--registry", "http://127.0.0.1:9", "--out", str(out))
    assert pulled.returncode == 2
    assert "cannot reach the registry" in pulled.stderr
    assert (out / "keep.txt").read_text() == "mine"


def test_credentials_are_sent_and_never_printed(herald_bin, remote):
    env = dict(os.environ, HERALD_REGISTRY_USER="api-key", HERALD_REGISTRY_PASSWORD="s3cr3t-value")
    url = remote.registry_url.replace("http://", "http://user:other-s3cr3t@")
    for args in (["registry", "push", "--registry", url, "--catalog", str(FIXTURE), "--dry-run"],
                 ["registry", "diff", "--registry", url, "--catalog", str(FIXTURE)]):
        result = herald(herald_bin, *args, env=env)
        assert result.returncode in (0, 1), result.stderr
        assert "s3cr3t" not in result.stdout + result.stderr


def test_publish_examples_then_consume(herald_bin, remote):
    published = herald(herald_bin, "publish-examples", "--bootstrap", remote.bootstrap, "--registry", remote.registry_url,
                       "--catalog", str(FIXTURE))
    assert published.returncode == 0, published.stdout + published.stderr
    sent = [line for line in published.stdout.splitlines() if line.startswith("sent ")]
    assert len(sent) == 3, published.stdout
    assert published.stdout.strip().endswith("published 3 examples of 2 events to " + remote.bootstrap)

    client = SchemaRegistryClient({"url": remote.registry_url})
    values = AvroDeserializer(client)
    keys = AvroDeserializer(client)
    consumer = Consumer({"bootstrap.servers": remote.bootstrap, "group.id": "publish-examples-check",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe(["orders.placed", "customer.consent.changed"])
    received = []
    try:
        while len(received) < 3:
            message = consumer.poll(10)
            assert message is not None, f"only {len(received)} of 3 records arrived"
            assert message.error() is None, message.error()
            received.append(message)
    finally:
        consumer.close()

    def example(path):
        return json.loads((FIXTURE / path).read_text())

    by_id = {}
    for message in received:
        headers = dict(message.headers() or [])
        assert TRACEPARENT.match(headers["traceparent"].decode()), headers
        context = SerializationContext(message.topic(), MessageField.VALUE)
        by_id[message.value()[1:5]] = message
        value = values(message.value(), context)
        if message.topic() == "orders.placed":
            assert message.key() == value["eventId"].encode()
            # Kafka's default partitioner: murmur2 of the key, as Java and kafka-python place it.
            assert message.partition() == (murmur2(message.key()) & 0x7FFFFFFF) % 4
            expected = example("orders/order.placed/examples/placed.json") if "dealer" in value \
                else example("orders/order.placed/examples/v1/placed-v1.json")
            assert value == expected
        else:
            assert value == example("crm/customer.consent.changed/examples/granted.json")
            key = keys(message.key(), SerializationContext(message.topic(), MessageField.KEY))
            assert key == {"customerId": "C-42", "purpose": "newsletter"}

    # The v1 example is framed with v1's ID, the latest one with v2's.
    v1 = client.get_version("orders.placed-value", 1).schema_id
    v2 = client.get_version("orders.placed-value", 2).schema_id
    assert {int.from_bytes(k, "big") for k in by_id} >= {v1, v2}


def test_published_examples_pass_produce_time_validation(herald_bin, tmp_path):
    """Against a broker that preloads its registry from the same catalog and validates at produce time, every
    example publish-examples sends is accepted (Confluent framing, IDs registered under the subject, complete Avro)."""
    if "--no-validation" not in herald(herald_bin, "broker", "--help").stdout:
        pytest.skip("this herald broker has no produce-time validation")
    proc = BrokerProcess(herald_bin, tmp_path / "validating.log", extra_args=["--catalog", str(BUNDLED)]).start()
    try:
        published = herald(herald_bin, "publish-examples", "--bootstrap", proc.bootstrap, "--registry", proc.registry_url,
                           "--catalog", str(BUNDLED))
        assert published.returncode == 0, published.stdout + published.stderr
        # Nothing needed registering: the broker's preload already holds every version.
        assert not any(line.startswith("registered ") for line in published.stdout.splitlines())
        sent = len([line for line in published.stdout.splitlines() if line.startswith("sent ")])
    finally:
        proc.stop()
    counts = [line for line in proc.log().splitlines() if "produce validation" in line]
    accepted = sum(int(re.search(r"accepted=(\d+)", line).group(1)) for line in counts)
    refused = sum(int(re.search(r"refused=(\d+)", line).group(1)) for line in counts)
    assert (accepted, refused) == (sent, 0), counts
