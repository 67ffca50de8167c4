"""The Schema Registry API under concurrent clients and a crash: one ID for one schema, the compatibility level kept
when different versions race for one subject, and every acknowledged registration kept across kill -9."""
import json
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from brokerproc import BrokerProcess
from registry_fixtures import empty_registry  # noqa: F401 - fixture

CONTENT_TYPE = {"Content-Type": "application/vnd.schemaregistry.v1+json"}


def record(name, fields):
    return json.dumps({"type": "record", "name": name, "namespace": "com.example.race", "fields": fields})


def register(base, subject, schema, session=None):
    http = session or requests
    response = http.post(f"{base}/subjects/{subject}/versions", data=json.dumps({"schema": schema}),
                         headers=CONTENT_TYPE, timeout=30)
    return response.status_code, response.json()


def race(count, work):
    """Runs `work(i)` on `count` threads released together; the results in thread order."""
    barrier = threading.Barrier(count)

    def run(i):
        with requests.Session() as session:
            barrier.wait(timeout=30)
            return work(i, session)
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_one_schema_registered_by_fifty_clients_at_once_gets_one_id(empty_registry):
    base = empty_registry.registry_url
    subject = f"same-{uuid.uuid4().hex[:8]}-value"
    schema = record("Same", [{"name": "id", "type": "string"}])
    results = race(50, lambda i, session: register(base, subject, schema, session))
    assert [status for status, _ in results] == [200] * 50
    assert len({body["id"] for _, body in results}) == 1
    assert requests.get(f"{base}/subjects/{subject}/versions", timeout=10).json() == [1]
    # A second subject with the same schema reuses the ID, again under contention.
    other = f"same-{uuid.uuid4().hex[:8]}-value"
    again = race(20, lambda i, session: register(base, other, schema, session))
    assert {body["id"] for _, body in again} == {results[0][1]["id"]}
    assert requests.get(f"{base}/subjects/{other}/versions", timeout=10).json() == [1]


# Each candidate adds field `x` with a default, so each alone is BACKWARD compatible with v1; their `x` types are
# pairwise unpromotable, so once one of them is v2 every other one is incompatible with it.
X_TYPES = ["boolean", "int", "string", {"type": "array", "items": "boolean"}, {"type": "map", "values": "boolean"}]
X_DEFAULTS = [False, 0, "", [], {}]


def test_racing_versions_under_one_subject_keep_the_compatibility_level(empty_registry):
    base = empty_registry.registry_url
    subject = f"race-{uuid.uuid4().hex[:8]}-value"
    v1 = record("Race", [{"name": "a", "type": "int"}])
    assert register(base, subject, v1)[0] == 200
    assert requests.put(f"{base}/config/{subject}", data=json.dumps({"compatibility": "BACKWARD"}),
                        headers=CONTENT_TYPE, timeout=10).status_code == 200
    candidates = [record("Race", [{"name": "a", "type": "int"}, {"name": "x", "type": t, "default": d}])
                  for t, d in zip(X_TYPES, X_DEFAULTS)]
    # Four clients per candidate, all released together.
    results = race(20, lambda i, session: register(base, subject, candidates[i % 5], session))
    winners = {i % 5 for i, (status, _) in enumerate(results) if status == 200}
    assert len(winners) == 1, results
    winner = winners.pop()
    for i, (status, body) in enumerate(results):
        if i % 5 == winner:
            assert status == 200
        else:
            assert status == 409 and body["error_code"] == 409, body
    assert len({body["id"] for i, (_, body) in enumerate(results) if i % 5 == winner}) == 1
    assert requests.get(f"{base}/subjects/{subject}/versions", timeout=10).json() == [1, 2]
    latest = requests.get(f"{base}/subjects/{subject}/versions/latest", timeout=10).json()
    assert json.loads(latest["schema"])["fields"][1]["type"] == X_TYPES[winner]


def test_acknowledged_registrations_survive_kill_9(herald_bin, tmp_path):
    data = tmp_path / "data"
    first = BrokerProcess(herald_bin, tmp_path / "first.log", data_dir=data, extra_args=["--no-catalog"]).start()
    base = first.registry_url
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def keep_registering(worker):
        with requests.Session() as session:
            n = 0
            while not stop.is_set():
                subject = f"crash-{worker}-value"
                fields = [{"name": "id", "type": "string"}] + [
                    {"name": f"f{k}", "type": "int", "default": k} for k in range(n)]
                try:
                    status, body = register(base, subject, record(f"Crash{worker}", fields), session)
                except (requests.ConnectionError, requests.Timeout, ValueError):
                    return
                if status == 200:
                    with lock:
                        acknowledged.append((subject, body["version"], body["id"]))
                n += 1

    threads = [threading.Thread(target=keep_registering, args=(w,)) for w in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with lock:
            if len(acknowledged) >= 200:
                break
        time.sleep(0.05)
    first.kill()  # mid-stream: registrations are in flight
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) >= 200, f"only {len(acknowledged)} registrations acknowledged before the kill"

    second = BrokerProcess(herald_bin, tmp_path / "second.log", data_dir=data, extra_args=["--no-catalog"]).start()
    try:
        base = second.registry_url
        for subject, version, schema_id in acknowledged:
            stored = requests.get(f"{base}/subjects/{subject}/versions/{version}", timeout=10)
            assert stored.status_code == 200, (subject, version, stored.text)
            assert stored.json()["id"] == schema_id
            assert requests.get(f"{base}/schemas/ids/{schema_id}", timeout=10).status_code == 200
        # Versions stay dense and in order: what was acknowledged is a prefix of each subject's versions.
        for worker in range(8):
            subject = f"crash-{worker}-value"
            mine = sorted(v for s, v, _ in acknowledged if s == subject)
            versions = requests.get(f"{base}/subjects/{subject}/versions", timeout=10).json()
            assert versions[:len(mine)] == mine == list(range(1, len(mine) + 1))
    finally:
        assert second.stop() == 0
