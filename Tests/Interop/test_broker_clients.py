"""Each real client produces to and consumes from `herald broker`: records, compression, idempotence, offsets."""
import uuid

import pytest

from broker_clients import CLIENTS, CONSUME, PRODUCE, make_messages
from broker_fixtures import broker  # noqa: F401  (fixture)


def fresh_topic(prefix):
    return f"{prefix}.{uuid.uuid4().hex[:8]}"


def strip(messages, with_ts=True):
    return [(m["key"], m["value"], [(k, v) for k, v in m["headers"]], m["ts"] if with_ts else None) for m in messages]


@pytest.mark.parametrize("client", CLIENTS)
def test_produce_and_consume_keys_headers_timestamps(broker, client):
    topic = fresh_topic("roundtrip")
    sent = make_messages(25, prefix=client, printable=client == "kcat")
    PRODUCE[client](broker.bootstrap, topic, sent, partition=0)
    got = CONSUME[client](broker.bootstrap, topic, len(sent))
    # kcat cannot set per-message timestamps or per-message headers: it stamps the run's headers on every record.
    with_ts = client != "kcat"
    assert strip(got, with_ts) == strip(sent, with_ts)
    assert [m["offset"] for m in got] == list(range(len(sent)))


@pytest.mark.parametrize("producer", CLIENTS)
def test_every_client_reads_what_another_wrote(broker, producer):
    topic = fresh_topic("cross")
    sent = make_messages(10, prefix=producer, printable=True)
    PRODUCE[producer](broker.bootstrap, topic, sent, partition=0)
    for consumer in CLIENTS:
        got = CONSUME[consumer](broker.bootstrap, topic, len(sent))
        assert [(m["key"], m["value"]) for m in got] == [(m["key"], m["value"]) for m in sent], consumer


@pytest.mark.parametrize("client", CLIENTS)
def test_gzip_batches(broker, client):
    topic = fresh_topic("gzip")
    sent = make_messages(200, prefix=f"gz-{client}", printable=client == "kcat")
    PRODUCE[client](broker.bootstrap, topic, sent, compression="gzip", partition=0)
    got = CONSUME[client](broker.bootstrap, topic, len(sent))
    assert [(m["key"], m["value"]) for m in got] == [(m["key"], m["value"]) for m in sent]


@pytest.mark.parametrize("client", CLIENTS)
def test_idempotent_producer(broker, client):
    topic = fresh_topic("idem")
    sent = make_messages(300, prefix=f"idem-{client}", printable=client == "kcat")
    PRODUCE[client](broker.bootstrap, topic, sent, idempotent=True, partition=0)
    PRODUCE[client](broker.bootstrap, topic, sent[:50], idempotent=True, partition=0)
    got = CONSUME[client](broker.bootstrap, topic, 350)
    assert [m["value"] for m in got] == [m["value"] for m in sent] + [m["value"] for m in sent[:50]]
    assert [m["offset"] for m in got] == list(range(350))
    assert "InitProducerId" in str(broker.negotiated_versions())


@pytest.mark.parametrize("client", ["confluent"])
def test_unsupported_codec_is_rejected(broker, client):
    """Herald stores none and gzip only; lz4 batches get UNSUPPORTED_COMPRESSION_TYPE, not silent storage.
    Only confluent-kafka sends lz4 here: kcat's librdkafka 2.0.2 decides from the advertised versions that the
    broker lacks lz4 and sends uncompressed, and the pure-Python clients would need an extra package."""
    topic = fresh_topic("lz4")
    messages = make_messages(50, printable=True)
    for message in messages:
        # librdkafka sends a batch uncompressed when lz4 does not shrink it (a lone short record): make every batch
        # shrink, whatever the client's batching.
        message["value"] += b"x" * 2000
    with pytest.raises(AssertionError) as refused:
        PRODUCE[client](broker.bootstrap, topic, messages, compression="lz4", partition=0)
    # Every delivery report carries the broker's error code, not a time-out or a local failure.
    assert "code=UNSUPPORTED_COMPRESSION_TYPE" in str(refused.value)
    assert str(refused.value).count("KafkaError{") == str(refused.value).count("code=UNSUPPORTED_COMPRESSION_TYPE")
    assert "compression codec 3 is not supported" in broker.log()
    assert CONSUME["confluent"](broker.bootstrap, topic, 1, timeout=3) == []


@pytest.mark.parametrize("client", CLIENTS)
def test_committed_offsets_resume_after_consumer_restart(broker, client):
    topic = fresh_topic("resume")
    group = f"resume-{client}-{uuid.uuid4().hex[:6]}"
    first = make_messages(20, prefix="first", printable=True)
    PRODUCE[client](broker.bootstrap, topic, first, partition=0)
    if client == "kcat":
        # kcat's balanced consumer commits with auto-commit when it exits after -c messages.
        got = CONSUME[client](broker.bootstrap, topic, 20, group=group)
    else:
        got = CONSUME[client](broker.bootstrap, topic, 20, group=group, commit=True)
    assert [m["value"] for m in got] == [m["value"] for m in first]
    second = make_messages(5, prefix="second", printable=True)
    PRODUCE[client](broker.bootstrap, topic, second, partition=0)
    resumed = CONSUME[client](broker.bootstrap, topic, 5, group=group)
    assert [m["value"] for m in resumed] == [m["value"] for m in second]
    assert resumed[0]["offset"] == 20
