"""The broker starts with a topic for every catalog event and dead-letter topic, as real clients see them."""
import pathlib

import yaml
from confluent_kafka.admin import AdminClient

from brokerproc import BrokerProcess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def expected_topics(catalog):
    """Reads the catalog with PyYAML, independently of Herald: topic -> partitions."""
    manifest = yaml.safe_load((catalog / "catalog.yaml").read_text())
    default_dlq = (manifest.get("defaults") or {}).get("dlq")
    topics = {}
    for event_yaml in catalog.rglob("event.yaml"):
        event = yaml.safe_load(event_yaml.read_text())
        name = event_yaml.parent.name
        topic = event.get("topic", name)
        partitions = int(event.get("partitions", 1))
        topics[topic] = max(topics.get(topic, 1), partitions)
        dlq = event.get("dlq", default_dlq)
        if dlq is not None and (not isinstance(dlq, dict) or dlq.get("enabled", True)):
            dlq_topic = (event.get("dlq") or {}).get("topic") or topic + ".dlq"
            topics[dlq_topic] = max(topics.get(dlq_topic, 1), partitions)
    return topics


def test_catalog_topics_exist_at_start(herald_bin, tmp_path):
    catalog = ROOT / "schemas"
    want = expected_topics(catalog)
    assert len(want) >= 80, "the bundled catalog declares event and dead-letter topics"
    broker = BrokerProcess(herald_bin, tmp_path / "broker.log", extra_args=["--catalog", str(catalog)]).start()
    try:
        admin = AdminClient({"bootstrap.servers": broker.bootstrap})
        metadata = admin.list_topics(timeout=10)
        got = {name: len(topic.partitions) for name, topic in metadata.topics.items() if not name.startswith("__")}
        assert got == want
    finally:
        assert broker.stop() == 0


def test_missing_catalog_is_an_error(herald_bin, tmp_path):
    import subprocess

    result = subprocess.run(
        [herald_bin, "broker", "--kafka-port", "0", "--catalog", str(tmp_path / "nope")],
        capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "no such folder" in result.stderr
