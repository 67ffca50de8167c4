"""The CLI answers as a user runs it."""
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_version(herald_bin):
    out = subprocess.run([herald_bin, "--version"], capture_output=True, text=True, check=True)
    # The VERSION file's number, then the commit: a release tarball's, or "unknown" for any other build.
    number = (ROOT / "VERSION").read_text().strip()
    assert re.fullmatch(re.escape(number) + r" \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)\n", out.stdout), out.stdout
