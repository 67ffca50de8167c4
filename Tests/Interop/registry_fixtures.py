"""Pytest fixtures for the registry suites: a herald broker with its Schema Registry API on a free port."""
import pathlib

import pytest

from brokerproc import BrokerProcess

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_registry(herald_bin, tmp_path):
    """A broker with no catalog: an empty registry."""
    proc = BrokerProcess(herald_bin, tmp_path / "broker.log").start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture
def catalog_registry(herald_bin, tmp_path):
    """A broker preloaded from the bundled catalog (schemas/)."""
    proc = BrokerProcess(herald_bin, tmp_path / "broker.log", extra_args=["--catalog", str(ROOT / "schemas")]).start()
    try:
        yield proc
    finally:
        proc.stop()
