"""The CLI answers as a user runs it."""
import subprocess


def test_version(herald_bin):
    out = subprocess.run([herald_bin, "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0.1.0"
