"""With --data-dir, nothing acknowledged with acks=all is lost across a crash and restart; offsets survive too."""
import uuid

import pytest

from brokerproc import BrokerProcess
from broker_clients import CLIENTS, CONSUME, PRODUCE, make_messages


@pytest.mark.parametrize("client", CLIENTS)
def test_restart_keeps_acknowledged_records_and_offsets(herald_bin, tmp_path, client):
    data = tmp_path / "data"
    log = tmp_path / "broker.log"
    topic = f"durable.{uuid.uuid4().hex[:8]}"
    group = f"g-{uuid.uuid4().hex[:6]}"
    first = BrokerProcess(herald_bin, log, data_dir=data, extra_args=["--topic", f"{topic}:2"]).start()
    try:
        sent = make_messages(60, prefix=client, printable=True)
        PRODUCE[client](first.bootstrap, topic, sent, acks="all", partition=1)
        consumed = CONSUME[client](first.bootstrap, topic, 30, group=group, commit=True)
        assert len(consumed) >= 30
    finally:
        first.kill()  # a crash: no graceful flush
    second = BrokerProcess(herald_bin, log, data_dir=data).start()
    try:
        got = CONSUME[client](second.bootstrap, topic, len(sent))
        assert [(m["key"], m["value"]) for m in got] == [(m["key"], m["value"]) for m in sent]
        more = make_messages(3, prefix="after", printable=True)
        PRODUCE[client](second.bootstrap, topic, more, acks="all", partition=1)
        resumed = CONSUME[client](second.bootstrap, topic, len(sent) - len(consumed) + 3, group=group)
        assert resumed[0]["offset"] == len(consumed)
        assert [m["value"] for m in resumed][-3:] == [m["value"] for m in more]
    finally:
        assert second.stop() == 0
