"""The GitHub Action (action.yml) and the plain CI script (ci/herald-ci.sh), run without a runner.

Each `run:` step of action.yml is executed as a runner would: `bash -eo pipefail`, the step's `env:` with
`${{ inputs.* }}` and `${{ github.* }}` filled in, the files a runner provides (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
GITHUB_PATH, whose folders later steps find on PATH) and GITHUB_BASE_REF of a pull request. The repository is a
shallow single-branch clone of a real git origin, as actions/checkout leaves it, so the base branch must be fetched.
"""
import os
import pathlib
import re
import shutil
import subprocess
import tarfile

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "Tests" / "HeraldCatalogTests" / "Resources" / "fixtures" / "_clean" / "catalog"
V2_PATH = pathlib.Path("schemas") / "shop" / "order.placed" / "v2.avsc"

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

GIT_ENV = {"GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "T",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd, *args):
    result = subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd=cwd,
                            env=dict(os.environ, **GIT_ENV), capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def pull_request_checkout(tmp_path, v2_text):
    """An origin with `main` (the clean catalog) and `feature` (v2 added), and a depth-1 clone of `feature`."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    author = tmp_path / "author"
    git(tmp_path, "clone", "-q", str(origin), str(author))
    shutil.copytree(FIXTURE, author / "schemas")
    git(author, "add", "-A")
    git(author, "commit", "-qm", "catalog")
    git(author, "push", "-q", "origin", "HEAD:main")
    git(author, "checkout", "-q", "-b", "feature")
    (author / V2_PATH).write_text(v2_text)
    git(author, "add", "-A")
    git(author, "commit", "-qm", "order.placed v2")
    git(author, "push", "-q", "origin", "feature")
    workspace = tmp_path / "workspace"
    git(tmp_path, "clone", "-q", "--depth=1", "--single-branch", "--branch", "feature", f"file://{origin}", str(workspace))
    assert "origin/main" not in git(workspace, "branch", "-r")
    return workspace


def substitute(value, inputs, github):
    def one(match):
        scope, name = match.group(1), match.group(2)
        return str(inputs[name] if scope == "inputs" else github[name])
    return re.sub(r"\$\{\{\s*(inputs|github)\.([A-Za-z0-9_-]+)\s*\}\}", one, str(value))


class Runner:
    """Runs action.yml's steps in order the way a runner does, stopping after the first failing step."""

    def __init__(self, tmp_path, workspace, extra_env=None):
        self.action = yaml.safe_load((ROOT / "action.yml").read_text())
        self.workspace = workspace
        self.files = {name: tmp_path / "runner" / name for name in ("output", "summary", "path")}
        (tmp_path / "runner" / "temp").mkdir(parents=True)
        for f in self.files.values():
            f.write_text("")
        self.env = dict(os.environ, GITHUB_ACTIONS="true", CI="true", GITHUB_BASE_REF="main",
                        GITHUB_HEAD_REF="feature", GITHUB_ACTION_PATH=str(ROOT), GITHUB_WORKSPACE=str(workspace),
                        GITHUB_OUTPUT=str(self.files["output"]), GITHUB_STEP_SUMMARY=str(self.files["summary"]),
                        GITHUB_PATH=str(self.files["path"]), RUNNER_TEMP=str(tmp_path / "runner" / "temp"),
                        NO_COLOR="1", **GIT_ENV)
        self.env.pop("HERALD_BIN", None)
        self.env.update(extra_env or {})
        self.github = {"action_path": str(ROOT), "action_repository": "example/herald", "base_ref": "main"}

    def run(self, **given):
        inputs = {name: spec.get("default", "") for name, spec in self.action["inputs"].items()}
        inputs.update(given)
        results = []
        for step in self.action["runs"]["steps"]:
            if "run" not in step:
                continue
            env = dict(self.env)
            env.update({k: substitute(v, inputs, self.github) for k, v in step.get("env", {}).items()})
            added = [line for line in self.files["path"].read_text().splitlines() if line]
            env["PATH"] = os.pathsep.join(list(reversed(added)) + [env["PATH"]])
            self.files["output"].write_text("")
            assert step["shell"] == "bash"
            proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                   substitute(step["run"], inputs, self.github)],
                                  cwd=self.workspace, env=env, capture_output=True, text=True)
            outputs = dict(line.split("=", 1) for line in self.files["output"].read_text().splitlines() if "=" in line)
            results.append((step.get("id") or step["name"], proc, outputs))
            if proc.returncode != 0:
                break
        return results

    @property
    def summary(self):
        return self.files["summary"].read_text()


@pytest.fixture
def herald_on_path(herald_bin, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "herald").symlink_to(herald_bin)
    return {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}


def test_action_refuses_a_breaking_pull_request_with_annotations_and_a_summary(tmp_path, herald_on_path):
    workspace = pull_request_checkout(tmp_path, V2_WITHOUT_DEFAULT)
    runner = Runner(tmp_path, workspace, herald_on_path)
    steps = runner.run(version="path")
    assert [name for name, _, _ in steps] == ["Install herald", "check"], "the build must not run after findings"
    _, check, outputs = steps[-1]
    assert check.returncode == 1, check.stdout + check.stderr
    assert "::error file=schemas/shop/order.placed/v2.avsc,line=8,col=5,title=READER_FIELD_MISSING_DEFAULT_VALUE::" \
        in check.stdout
    assert outputs == {"exit-code": "1", "against": "origin/main", "result": "findings"}
    summary = runner.summary
    assert summary.startswith("### herald check: 2 errors, 0 warnings in 1 event\n")
    row = next(line for line in summary.splitlines() if "READER_FIELD_MISSING_DEFAULT_VALUE" in line)
    assert row.startswith("| error | `READER_FIELD_MISSING_DEFAULT_VALUE` | `schemas/shop/order.placed/v2.avsc:8:5` |")
    assert row.endswith(" | consumers mailer; teams mail-team; 100 events/day |")
    assert "| error | `EXAMPLE_MISSING_FIELD` | `schemas/shop/order.placed/examples/ok.json:1:1` |" in summary
    assert "\n**Blast radius of all findings:** consumers mailer; teams mail-team; 100 events/day\n" in summary
    assert "Compared with `origin/main`." in summary
    assert not (workspace / "site").exists()


def test_action_installs_the_release_tarball_checks_and_builds_a_clean_pull_request(tmp_path, herald_bin):
    # A tarball in the release layout (herald-<version>-linux-<arch>/herald, templates/), served from a folder.
    version = (ROOT / "VERSION").read_text().strip()
    name = f"herald-{version}-linux-{os.uname().machine}"
    releases = tmp_path / "releases"
    releases.mkdir()
    with tarfile.open(releases / f"{name}.tar.gz", "w:gz", compresslevel=1) as tar:
        tar.add(herald_bin, arcname=f"{name}/herald")
        tar.add(ROOT / "templates", arcname=f"{name}/templates")
    workspace = pull_request_checkout(tmp_path, V2_WITH_DEFAULT)
    runner = Runner(tmp_path, workspace, {"HERALD_DOWNLOAD": f"file://{releases}"})
    steps = runner.run(out="public")

    assert [name for name, _, _ in steps] == ["Install herald", "check", "build"]
    for step_name, proc, _ in steps:
        assert proc.returncode == 0, f"{step_name}: {proc.stdout}{proc.stderr}"
    install = steps[0][1]
    assert install.stdout.startswith(f"{version} (commit ")
    assert runner.files["path"].read_text().strip() == str(tmp_path / "runner" / "temp" / name)
    assert steps[1][2] == {"exit-code": "0", "against": "origin/main", "result": "clean"}
    assert steps[1][1].stdout == ""  # no annotations
    assert steps[2][2] == {"site": "public"}
    assert (workspace / "public" / "index.html").is_file()
    assert "### herald check: 0 errors, 0 warnings in 1 event\n\nNo findings.\n" in runner.summary
    assert "### herald build" in runner.summary

    upload = next(step for step in runner.action["runs"]["steps"] if "uses" in step)
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"] == "${{ inputs.out }}"


def test_plain_script_on_a_gitlab_merge_request_writes_junit_and_exits_1(tmp_path, herald_on_path):
    workspace = pull_request_checkout(tmp_path, V2_WITHOUT_DEFAULT)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(herald_on_path, CI="true", GITLAB_CI="true", CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
               HERALD_JUNIT="report.xml", NO_COLOR="1", **GIT_ENV)
    proc = subprocess.run([str(ROOT / "ci" / "herald-ci.sh")], cwd=workspace, env=env, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "schemas/shop/order.placed/v2.avsc:8:5: error:" in proc.stdout
    assert "--against origin/main" in proc.stderr
    junit = (workspace / "report.xml").read_text()
    assert "<failure" in junit and "READER_FIELD_MISSING_DEFAULT_VALUE" in junit
    assert not (workspace / "site").exists()


def test_plain_script_says_what_is_missing(tmp_path):
    env = dict(os.environ, HERALD_BIN=str(tmp_path / "no-such-herald"))
    proc = subprocess.run([str(ROOT / "ci" / "herald-ci.sh"), "check"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "not found" in proc.stderr
    unknown = subprocess.run([str(ROOT / "ci" / "herald-ci.sh"), "deploy"], cwd=tmp_path,
                             env=dict(os.environ, HERALD_BIN="/bin/true"), capture_output=True, text=True)
    assert unknown.returncode == 2 and "unknown step 'deploy'" in unknown.stderr


def test_gitlab_template_runs_the_script_the_tarball_carries():
    template = yaml.safe_load((ROOT / "ci" / "gitlab" / "herald.gitlab-ci.yml").read_text())
    assert template["herald-check"]["script"] == ["/opt/herald/herald-ci.sh check"]
    assert template["herald-check"]["artifacts"]["reports"]["junit"] == template["herald-check"]["variables"]["HERALD_JUNIT"]
    assert template["pages"]["script"] == ["/opt/herald/herald-ci.sh build"]
