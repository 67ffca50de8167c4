"""Pytest fixtures that start a herald broker for a test and always stop it."""
import pytest

from brokerproc import BrokerProcess


@pytest.fixture
def broker(herald_bin, tmp_path):
    proc = BrokerProcess(herald_bin, tmp_path / "broker.log", extra_args=["--topic", "four:4", "--topic", "one:1"]).start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def durable_broker(herald_bin, tmp_path):
    proc = BrokerProcess(herald_bin, tmp_path / "broker.log", data_dir=tmp_path / "data",
                         extra_args=["--topic", "four:4", "--topic", "one:1"]).start()
    try:
        yield proc
    finally:
        proc.stop()
