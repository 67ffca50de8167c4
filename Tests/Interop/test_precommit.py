"""The shipped pre-commit hook, driven by the real `pre-commit` against a throwaway git repository.

The hook definition is taken from this checkout at its HEAD commit (`repo: <checkout>`, `rev: <HEAD>`), so the test
exercises the committed `.pre-commit-hooks.yaml` (id, files pattern, pass_filenames). The shipped hook is
`language: swift`, which makes pre-commit run `swift build -c release` of the whole package in its cache: minutes of
build per fresh cache. The default test therefore overrides only `language: system` and `entry` (pointing at the
herald binary built for the test run); set HERALD_PRECOMMIT_SWIFT_BUILD=1 to also run the unmodified swift hook.
"""
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import PRECOMMIT_SWIFT_BUILD

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "Tests" / "HeraldCatalogTests" / "Resources" / "fixtures" / "_clean" / "catalog"

V2_WITHOUT_DEFAULT = """{
  "type": "record",
  "name": "OrderPlaced",
  "namespace": "com.example.shop",
  "fields": [
    {"name": "eventId", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "total", "type": "long"},
    {"name": "channel", "type": "string"}
  ]
}
"""

V2_WITH_DEFAULT = V2_WITHOUT_DEFAULT.replace('"type": "string"}\n', '"type": "string", "default": "web"}\n')


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="T",
               GIT_COMMITTER_EMAIL="t@example.com")
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=env, capture_output=True, text=True)


def head_commit():
    out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def pre_commit_bin():
    candidate = pathlib.Path(sys.executable).with_name("pre-commit")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("pre-commit")
    if not found:
        pytest.fail("pre-commit is not installed; run scripts/setup.sh test")
    return found


def hooks_committed():
    out = subprocess.run(["git", "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"], cwd=ROOT)
    return out.returncode == 0


def make_repo(tmp_path, hook_overrides, hook_id="herald-check"):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo / "schemas")
    lines = ["repos:", f"  - repo: {ROOT}", f"    rev: {head_commit()}", "    hooks:", f"      - id: {hook_id}"]
    lines += [f"        {key}: {value}" for key, value in hook_overrides.items()]
    (repo / ".pre-commit-config.yaml").write_text("\n".join(lines) + "\n")
    assert git(repo, "init", "-q").returncode == 0
    assert git(repo, "add", "-A").returncode == 0
    return repo


def run_flow(repo):
    env = dict(os.environ)  # PRE_COMMIT_HOME and NO_COLOR come from the pre_commit_home fixture; `git commit` inherits them
    pre_commit = pre_commit_bin()

    clean = subprocess.run([pre_commit, "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "herald check" in clean.stdout and "Passed" in clean.stdout

    installed = subprocess.run([pre_commit, "install"], cwd=repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    committed = git(repo, "commit", "-qm", "clean catalog")
    assert committed.returncode == 0, committed.stdout + committed.stderr

    # A new version that adds a required field cannot be read by BACKWARD consumers' new schema from old data.
    (repo / "schemas" / "shop" / "order.placed" / "v2.avsc").write_text(V2_WITHOUT_DEFAULT)
    git(repo, "add", "-A")
    refused = git(repo, "commit", "-m", "add channel")
    assert refused.returncode != 0, "a breaking commit was accepted"
    output = refused.stdout + refused.stderr
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in output
    assert "schemas/shop/order.placed/v2.avsc:8:5" in output
    assert "Failed" in output

    (repo / "schemas" / "shop" / "order.placed" / "v2.avsc").write_text(V2_WITH_DEFAULT)
    git(repo, "add", "-A")
    accepted = git(repo, "commit", "-qm", "add channel with a default")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


@pytest.fixture
def pre_commit_home(tmp_path, monkeypatch):
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    monkeypatch.setenv("NO_COLOR", "1")
    return tmp_path


def test_hook_passes_a_clean_catalog_and_refuses_a_breaking_commit(herald_bin, pre_commit_home):
    if not hooks_committed():
        pytest.fail(".pre-commit-hooks.yaml is not committed at HEAD")
    repo = make_repo(pre_commit_home, {"language": "system", "entry": f"{herald_bin} check"})
    run_flow(repo)


def test_system_hook_runs_the_herald_on_path(herald_bin, pre_commit_home, monkeypatch):
    """`herald-check-system` as shipped, with `herald` found on PATH as a release tarball user has it."""
    if not hooks_committed():
        pytest.fail(".pre-commit-hooks.yaml is not committed at HEAD")
    bin_dir = pre_commit_home / "bin"
    bin_dir.mkdir()
    (bin_dir / "herald").symlink_to(herald_bin)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    repo = make_repo(pre_commit_home, {}, hook_id="herald-check-system")
    run_flow(repo)

    # A commit that touches no catalog file does not run herald at all.
    (repo / "README.md").write_text("notes\n")
    git(repo, "add", "README.md")
    skipped = subprocess.run([pre_commit_bin(), "run"], cwd=repo, capture_output=True, text=True)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    assert "(no files to check)Skipped" in skipped.stdout


@pytest.mark.skipif(os.environ.get("HERALD_PRECOMMIT_SWIFT_BUILD") != "1",
                    reason=PRECOMMIT_SWIFT_BUILD + ": builds Herald with swift build -c release inside pre-commit's "
                           "cache (minutes)")
def test_shipped_swift_hook_unmodified(pre_commit_home):
    repo = make_repo(pre_commit_home, {})
    run_flow(repo)
