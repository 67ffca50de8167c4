"""Shared fixtures for the interop suites: the built herald binary, the repository root, ../shared, and the skip gate.

A skip is a check that did not run, so the run fails on any skip whose reason does not start with an entry of
`ALLOWED_SKIPS`; with CI=true only the opt-in pre-commit Swift build may skip (docs/testing.md).
"""
import os
import pathlib
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Reason prefixes of the skips a run accepts, each with when it is accepted.
SHARED_ABSENT = "../shared is absent"
PRECOMMIT_SWIFT_BUILD = "opt-in HERALD_PRECOMMIT_SWIFT_BUILD=1"
NEEDS_ROOT = "needs root"
ALLOWED_SKIPS = {
    NEEDS_ROOT: "outside CI: the disk-full test mounts a small tmpfs",
    PRECOMMIT_SWIFT_BUILD: "always: the unmodified swift hook builds Herald in release mode (minutes)",
    SHARED_ABSENT: "outside CI: the Apache Avro vectors and the AsyncAPI validator live beside the repository",
}
ALLOWED_IN_CI = {PRECOMMIT_SWIFT_BUILD}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def shared_dir() -> pathlib.Path:
    """`$HERALD_SHARED_DIR`, else `../shared` beside the repository (one more level up from a git worktree)."""
    override = os.environ.get("HERALD_SHARED_DIR")
    if override:
        return pathlib.Path(override)
    candidates = [ROOT.parent / "shared", ROOT.parent.parent / "shared"]
    return next((p for p in candidates if p.is_dir()), candidates[0])


def shared_path(relative: str):
    """The path of `relative` inside ../shared, or None when it is absent (callers skip with `skip_shared`)."""
    path = shared_dir() / relative
    return path if path.exists() else None


def skip_shared(relative: str):
    pytest.skip(f"{SHARED_ABSENT}: {shared_dir() / relative} not found (set HERALD_SHARED_DIR to its folder)")


def wait_until(condition, what, timeout=60, interval=0.05):
    """Polls `condition` until it is true; fails naming `what` after `timeout` seconds. Tests wait on conditions,
    never sleep for a guessed time; the timeout is generous because the machine may be loaded."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out after {timeout} s waiting until {what}")
        time.sleep(interval)


@pytest.fixture(scope="session")
def herald_bin() -> str:
    path = os.environ.get("HERALD_BIN") or str(ROOT / ".build" / "debug" / "herald")
    if not os.path.exists(path):
        pytest.fail(f"herald binary not found at {path}; run `swift build` first")
    return path


def allowed(reason: str) -> bool:
    prefixes = ALLOWED_IN_CI if in_ci() else ALLOWED_SKIPS.keys()
    return any(reason.startswith(prefix) for prefix in prefixes)


def skip_reason(report) -> str:
    # longrepr of a skip is (file, line, "Skipped: reason").
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")


_refused_skips = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = skip_reason(report)
        if not allowed(reason):
            _refused_skips.append((report.nodeid, reason))


def pytest_collectreport(report):
    # A module-level skip (pytest.importorskip, pytest.skip(allow_module_level=True)) is reported at collection.
    pytest_runtest_logreport(report)


def pytest_terminal_summary(terminalreporter):
    if _refused_skips:
        terminalreporter.section("skips not in the allow-list (conftest.ALLOWED_SKIPS)", red=True)
        for nodeid, reason in _refused_skips:
            terminalreporter.line(f"{nodeid}: {reason}")
        if in_ci():
            terminalreporter.line("CI=true: only the opt-in pre-commit Swift build may skip")


def pytest_sessionfinish(session, exitstatus):
    if _refused_skips and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
