"""Admin calls through confluent-kafka's AdminClient: create, describe configs, list and delete topics."""
import uuid

import pytest
from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

from broker_fixtures import broker  # noqa: F401  (fixture)


def test_create_describe_delete_topics(broker):
    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    name = f"admin.{uuid.uuid4().hex[:8]}"
    admin.create_topics([NewTopic(name, num_partitions=3, replication_factor=1)])[name].result(timeout=20)
    topics = admin.list_topics(timeout=10).topics
    assert len(topics[name].partitions) == 3
    assert "four" in topics and len(topics["four"].partitions) == 4

    with pytest.raises(KafkaException) as again:
        admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=1)])[name].result(timeout=20)
    assert again.value.args[0].code() == 36  # TOPIC_ALREADY_EXISTS
    with pytest.raises(KafkaException) as replicas:
        admin.create_topics([NewTopic("x" + name, num_partitions=1, replication_factor=3)])["x" + name].result(timeout=20)
    assert replicas.value.args[0].code() == 38  # INVALID_REPLICATION_FACTOR
    with pytest.raises(KafkaException) as bad:
        admin.create_topics([NewTopic("bad name!", num_partitions=1, replication_factor=1)])["bad name!"].result(timeout=20)
    assert bad.value.args[0].code() == 17  # INVALID_TOPIC_EXCEPTION

    resource = ConfigResource(ConfigResource.Type.TOPIC, name)
    configs = admin.describe_configs([resource])[resource].result(timeout=20)
    assert configs["cleanup.policy"].value == "delete"
    assert "retention.ms" in configs

    admin.delete_topics([name])[name].result(timeout=20)
    assert name not in admin.list_topics(timeout=10).topics
