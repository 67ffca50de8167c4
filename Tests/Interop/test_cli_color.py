"""`herald check --color auto` colours a terminal only: not a pipe, not with NO_COLOR set, not with TERM=dumb.
The terminal is a real pseudo-terminal, so the check is isatty as a user's shell gives it."""
import os
import pty
import re
import subprocess

import pytest

from conftest import ROOT

CATALOG = ROOT / "Tests" / "HeraldCatalogTests" / "Resources" / "fixtures" / "SERVICE_UNKNOWN" / "catalog"
ESCAPE = "\x1b["


def environment(**overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "CLICOLOR", "FORCE_COLOR")}
    env.update(overrides)
    return env


def run_on_terminal(herald_bin, args, env):
    """Runs herald with standard output on a pseudo-terminal; returns (exit status, what it wrote)."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen([herald_bin, *args], stdout=follower, stderr=subprocess.DEVNULL, env=env)
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other side closed
                break
            if not chunk:
                break
            output += chunk
        return proc.wait(timeout=60), output.decode()
    finally:
        os.close(leader)


def run_on_pipe(herald_bin, args, env):
    done = subprocess.run([herald_bin, *args], capture_output=True, text=True, env=env, timeout=60)
    return done.returncode, done.stdout


CHECK = ["check", "--catalog", str(CATALOG)]


@pytest.mark.parametrize("case, runner, env, coloured", [
    ("terminal", run_on_terminal, {"TERM": "xterm-256color"}, True),
    ("NO_COLOR on a terminal", run_on_terminal, {"TERM": "xterm-256color", "NO_COLOR": "1"}, False),
    ("TERM=dumb on a terminal", run_on_terminal, {"TERM": "dumb"}, False),
    ("pipe", run_on_pipe, {"TERM": "xterm-256color"}, False),
], ids=lambda value: value if isinstance(value, str) else None)
def test_color_auto(herald_bin, case, runner, env, coloured):
    status, output = runner(herald_bin, CHECK + ["--color", "auto"], environment(**env))
    assert status == 1
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output).replace("\r\n", "\n")
    assert "consumer 'mailr' is not a service in catalog.yaml [SERVICE_UNKNOWN]\n" in plain
    assert (ESCAPE in output) == coloured, repr(output[:300])
    # auto is the default.
    assert runner(herald_bin, CHECK, environment(**env)) == (status, output)


def test_always_and_never_override_the_terminal_test(herald_bin):
    assert ESCAPE in run_on_pipe(herald_bin, CHECK + ["--color", "always"], environment(NO_COLOR="1"))[1]
    assert ESCAPE not in run_on_terminal(herald_bin, CHECK + ["--color", "never"], environment(TERM="xterm"))[1]
