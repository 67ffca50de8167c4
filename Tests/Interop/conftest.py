"""Shared fixtures for the interop suites: the built herald binary and the repository root."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def herald_bin() -> str:
    path = os.environ.get("HERALD_BIN") or str(ROOT / ".build" / "debug" / "herald")
    if not os.path.exists(path):
        pytest.fail(f"herald binary not found at {path}; run `swift build` first")
    return path
