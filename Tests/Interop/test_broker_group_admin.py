"""Listing and describing consumer groups with the admin clients: confluent-kafka's AdminClient and kafka-python's
KafkaAdminClient, against a group with a live member and one that only committed offsets."""
import time
import uuid

from broker_clients import PRODUCE, make_messages
from broker_fixtures import broker  # noqa: F401  (fixture)

DEADLINE = 45


def _live_group(broker):
    """A topic with a consumer of a fresh group that has its assignment; returns (topic, group, consumer)."""
    from broker_clients import confluent_consumer
    from confluent_kafka.admin import AdminClient, NewTopic
    topic = f"adm.{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.create_topics([NewTopic(topic, 2, 1)])[topic].result(10)
    PRODUCE["confluent"](broker.bootstrap, topic, make_messages(4))
    group = f"adm-{uuid.uuid4().hex[:6]}"
    consumer = confluent_consumer(broker.bootstrap, group)
    consumer.subscribe([topic])
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline and len(consumer.assignment()) < 2:
        consumer.poll(0.2)
    assert len(consumer.assignment()) == 2, "the member got no assignment"
    return topic, group, consumer


def test_confluent_admin_lists_and_describes_groups(broker):
    from confluent_kafka import ConsumerGroupState
    from confluent_kafka.admin import AdminClient
    topic, group, consumer = _live_group(broker)
    try:
        admin = AdminClient({"bootstrap.servers": broker.bootstrap})
        listed = admin.list_consumer_groups().result(10)
        groups = {g.group_id: g for g in listed.valid}
        assert group in groups, f"{group} not listed: {sorted(groups)}"
        assert groups[group].is_simple_consumer_group is False
        described = admin.describe_consumer_groups([group])[group].result(10)
        assert described.group_id == group
        assert described.state == ConsumerGroupState.STABLE
        assert described.partition_assignor == "range"
        assert len(described.members) == 1
        member = described.members[0]
        assert member.client_id == "confluent-interop"
        assert sorted((tp.topic, tp.partition) for tp in member.assignment.topic_partitions) == [(topic, 0), (topic, 1)]
    finally:
        consumer.close()
    # Once the member left the group is empty, still listed and described.
    described = admin.describe_consumer_groups([group])[group].result(10)
    assert described.state == ConsumerGroupState.EMPTY and described.members == []


def test_kafkapython_admin_lists_and_describes_groups(broker):
    from kafka import KafkaAdminClient
    topic, group, consumer = _live_group(broker)
    admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap, client_id="kafka-python-admin")
    try:
        listed = {g["group_id"]: g["protocol_type"] for g in admin.list_groups()}
        assert listed.get(group) == "consumer", f"{group} not listed as a consumer group: {listed}"
        unknown = f"nobody-{uuid.uuid4().hex[:6]}"
        described = admin.describe_groups([group, unknown])
        description = described[group]
        assert description["group_state"] == "Stable"
        assert description["protocol_type"] == "consumer" and description["protocol_data"] == "range"
        (member,) = description["members"]
        assert member["client_id"] == "confluent-interop"
        assert member["member_metadata"]["topics"] == [topic]
        assigned = {a["topic"]: sorted(a["partitions"]) for a in member["member_assignment"]["assigned_partitions"]}
        assert assigned == {topic: [0, 1]}
        # An unknown group is reported dead, with no members, as Kafka does.
        assert described[unknown]["group_state"] == "Dead" and described[unknown]["members"] == []
    finally:
        admin.close()
        consumer.close()
