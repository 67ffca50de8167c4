"""Cross-checks the hand-derived Kafka message fixtures of HeraldKafkaProtocolTests against kafka-python's own
protocol layer (generated from Apache Kafka's message JSON): each request and response fixture must decode there,
consume every byte, and re-encode to the same bytes."""
import importlib
import inspect
import pkgutil
import re

import pytest

import kafka.protocol as kafka_protocol  # the pinned kafka-python (requirements/test.txt) has both modules
import kafka.protocol.api_message as api_message

from conftest import ROOT

FIXTURES = ROOT / "Tests" / "HeraldKafkaProtocolTests"
API_KEYS = dict(produce=0, fetch=1, listOffsets=2, metadata=3, offsetCommit=8, offsetFetch=9, findCoordinator=10,
                joinGroup=11, heartbeat=12, leaveGroup=13, syncGroup=14, describeGroups=15, listGroups=16,
                apiVersions=18, createTopics=19,
                deleteTopics=20, deleteRecords=21, initProducerId=22, addPartitionsToTxn=24, addOffsetsToTxn=25,
                endTxn=26, txnOffsetCommit=28, describeConfigs=32, alterConfigs=33, createPartitions=37,
                incrementalAlterConfigs=44, describeCluster=60, describeProducers=61, describeTransactions=65, listTransactions=66)
PATTERN = re.compile(r'Fixture\(version: (\d+), hex: (?:"([^"]*)"|"""\n(.*?)""")\s*,\s*value: \.(\w+)\(', re.S)


def message_classes():
    classes = {}
    for module in pkgutil.walk_packages(kafka_protocol.__path__, "kafka.protocol."):
        if ".old" in module.name or "generate" in module.name:
            continue
        try:
            loaded = importlib.import_module(module.name)
        except Exception:  # optional modules kafka-python may not ship
            continue
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, api_message.ApiMessage) and getattr(cls, "_json", None):
                classes[(cls._json["apiKey"], cls._json["type"])] = cls
    return classes


def fixtures():
    cases = []
    for name, kind in (("RequestFixtures.swift", "request"), ("ResponseFixtures.swift", "response")):
        text = (FIXTURES / name).read_text()
        for match in PATTERN.finditer(text):
            raw = match.group(2) if match.group(2) is not None else match.group(3)
            hex_digits = re.sub(r"[^0-9a-fA-F]", "", raw.replace("\\\n", ""))
            cases.append(pytest.param(kind, match.group(4), int(match.group(1)), bytes.fromhex(hex_digits),
                                      id=f"{kind}-{match.group(4)}-v{match.group(1)}"))
    return cases


CASES = fixtures()
CLASSES = message_classes()


def test_every_fixture_was_found():
    # 30 APIs, lowest and highest version (one for the five with a single version), both directions, plus the
    # versions between where InitProducerId and the transaction APIs change their encoding.
    assert len(CASES) == 124


@pytest.mark.parametrize("kind,api,version,data", CASES)
def test_fixture_matches_kafka_python(kind, api, version, data):
    cls = CLASSES[(API_KEYS[api], kind)]
    flexible = cls.flexible_version_q(version)
    decode = cls._struct.compiled_decode_from(version, compact=flexible, tagged=flexible, data_class=cls[None])
    message, position = decode(memoryview(data), 0)
    assert position == len(data), f"kafka-python read {position} of {len(data)} bytes"
    # Decoding without a header leaves these unset; encode() expects them.
    message._header = None
    message._min_version = None
    message._max_version = None
    assert bytes(message.encode(version=version)) == data
