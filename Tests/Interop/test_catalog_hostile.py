"""Hostile catalogs end to end: `herald check` on huge files, deep nesting, YAML alias bombs, invalid UTF-8,
symbolic-link loops, a FIFO, and files that vanish while loading answers with findings (exit 1) or "could not run"
(exit 2), never a crash or a hang, and within bounded memory (peak RSS measured with wait4)."""
import json
import os
import pathlib
import shutil
import subprocess
import threading
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
MAX_RSS_MIB = 512
TIMEOUT_S = 120

EVENT = {"summary": "A thing happened.", "owner": "t", "producer": "s", "volume": "1/day"}
SCHEMA = {"type": "record", "name": "Thing", "namespace": "com.example.t", "fields": [{"name": "eventId", "type": "string"}]}


def base_catalog(root: pathlib.Path, events=1):
    root.mkdir(parents=True, exist_ok=True)
    (root / "catalog.yaml").write_text(
        "title: T\nteams:\n  t: { name: T, email: t@example.com }\nservices:\n  s: { name: S, owner: t }\n")
    for i in range(events):
        folder = root / "d" / f"thing.item{i}.happened"
        (folder / "examples").mkdir(parents=True)
        (folder / "event.yaml").write_text(json.dumps(EVENT))
        (folder / "v1.avsc").write_text(json.dumps(SCHEMA))
        (folder / "examples" / "one.json").write_text('{"eventId": "e1"}')
    return root / "d" / "thing.item0.happened"


def run_check(herald_bin, catalog):
    """(exit code, output, peak RSS MiB, seconds) of `herald check --format json` on `catalog`."""
    started = time.monotonic()
    proc = subprocess.Popen([herald_bin, "check", "--catalog", str(catalog), "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=catalog.parent)
    timer = threading.Timer(TIMEOUT_S, proc.kill)
    timer.start()
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, (out + err).decode(errors="replace"), usage.ru_maxrss / 1024, time.monotonic() - started


def assert_handled(herald_bin, catalog, codes=(1, 2)):
    code, output, rss, seconds = run_check(herald_bin, catalog)
    assert code >= 0, f"killed by signal {-code} after {seconds:.1f} s:\n{output[-3000:]}"
    assert code in codes, f"exit {code}:\n{output[-3000:]}"
    assert rss < MAX_RSS_MIB, f"peak RSS {rss:.0f} MiB"
    assert seconds < TIMEOUT_S
    if code == 1:
        report = json.loads(output[:output.rindex("}") + 1])
        assert report["ok"] is False and report["diagnostics"]
    return code, output


def test_yaml_alias_bomb(herald_bin, tmp_path):
    event = base_catalog(tmp_path / "c")
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    (event / "event.yaml").write_text("\n".join(lines) + "\nsummary: *a9\nowner: t\nproducer: s\n")
    _, output = assert_handled(herald_bin, tmp_path / "c")
    assert "event.yaml" in output


def test_yaml_alias_bomb_in_catalog_yaml(herald_bin, tmp_path):
    base_catalog(tmp_path / "c")
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    (tmp_path / "c" / "catalog.yaml").write_text("\n".join(lines) + "\ntitle: T\ndescription: *a9\n")
    assert_handled(herald_bin, tmp_path / "c")


@pytest.mark.parametrize("target", ["event.yaml", "catalog.yaml"])
def test_deeply_nested_yaml(herald_bin, tmp_path, target):
    event = base_catalog(tmp_path / "c")
    path = tmp_path / "c" / "catalog.yaml" if target == "catalog.yaml" else event / "event.yaml"
    path.write_text("title: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert_handled(herald_bin, tmp_path / "c")


@pytest.mark.parametrize("target", ["v1.avsc", "examples/one.json"])
def test_deeply_nested_json(herald_bin, tmp_path, target):
    event = base_catalog(tmp_path / "c")
    (event / target).write_text("[" * 500_000 + "]" * 500_000)
    assert_handled(herald_bin, tmp_path / "c")


def test_deeply_nested_avro_types(herald_bin, tmp_path):
    event = base_catalog(tmp_path / "c")
    nested = '"string"'
    for _ in range(20_000):
        nested = '{"type": "array", "items": ' + nested + '}'
    (event / "v1.avsc").write_text('{"type": "record", "name": "Thing", "fields": [{"name": "eventId", "type": '
                                   + nested + '}]}')
    assert_handled(herald_bin, tmp_path / "c")


def test_huge_sparse_schema_file_is_not_read_into_memory(herald_bin, tmp_path):
    event = base_catalog(tmp_path / "c")
    with open(event / "v1.avsc", "wb") as f:
        f.truncate(8 << 30)  # 8 GiB, sparse
    _, output = assert_handled(herald_bin, tmp_path / "c")
    assert "v1.avsc" in output


def test_large_but_allowed_files(herald_bin, tmp_path):
    event = base_catalog(tmp_path / "c")
    doc = "x" * (20 << 20)
    (event / "v1.avsc").write_text(json.dumps({**SCHEMA, "doc": doc}))
    (event / "event.yaml").write_text(json.dumps({**EVENT, "description": doc}))
    code, _, rss, _ = run_check(herald_bin, tmp_path / "c")
    assert code in (0, 1) and rss < MAX_RSS_MIB


@pytest.mark.parametrize("target", ["event.yaml", "v1.avsc", "examples/one.json", "catalog.yaml"])
def test_invalid_utf8(herald_bin, tmp_path, target):
    event = base_catalog(tmp_path / "c")
    path = tmp_path / "c" / "catalog.yaml" if target == "catalog.yaml" else event / target
    path.write_bytes(path.read_bytes()[:8] + b"\xff\xfe\xc3\x28\xed\xa0\x80" + path.read_bytes()[8:])
    _, output = assert_handled(herald_bin, tmp_path / "c")
    assert pathlib.Path(target).name in output


def test_symbolic_link_loops(herald_bin, tmp_path):
    event = base_catalog(tmp_path / "c")
    os.symlink(".", tmp_path / "c" / "d" / "self")
    os.symlink(tmp_path / "c", event / "up")
    os.symlink("b", tmp_path / "c" / "d" / "a")
    os.symlink("a", tmp_path / "c" / "d" / "b")
    os.symlink("v9.avsc", event / "v9.avsc")
    assert_handled(herald_bin, tmp_path / "c", codes=(0, 1, 2))


def test_a_fifo_where_a_schema_belongs_does_not_hang(herald_bin, tmp_path):
    event = base_catalog(tmp_path / "c")
    os.mkfifo(event / "v2.avsc")
    # Only regular files are read: the FIFO is passed over (nobody ever writes to it, so a read would block).
    code, _ = assert_handled(herald_bin, tmp_path / "c", codes=(0, 1, 2))


def test_files_vanishing_while_loading(herald_bin, tmp_path):
    source = tmp_path / "source"
    base_catalog(source, events=300)
    for round_ in range(4):
        catalog = tmp_path / f"round{round_}"
        shutil.copytree(source, catalog)
        stop = threading.Event()

        def vanish():
            # Removes event folders one by one, newest first, while the check walks and reads them.
            for i in reversed(range(300)):
                if stop.is_set():
                    return
                shutil.rmtree(catalog / "d" / f"thing.item{i}.happened", ignore_errors=True)
                time.sleep(0.0005 * round_)
        remover = threading.Thread(target=vanish)
        remover.start()
        try:
            assert_handled(herald_bin, catalog, codes=(0, 1, 2))
        finally:
            stop.set()
            remover.join()
