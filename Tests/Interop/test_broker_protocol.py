"""Protocol corners: version negotiation logged per client, unknown APIs and oversized frames close one connection."""
import json
import socket
import struct
import uuid

from broker_clients import CLIENTS, CONSUME, PRODUCE, client_versions, make_messages
from broker_fixtures import broker  # noqa: F401  (fixture)


def test_negotiated_versions_per_client(broker, capsys):
    topic = f"neg.{uuid.uuid4().hex[:8]}"
    for client in CLIENTS:
        PRODUCE[client](broker.bootstrap, topic, make_messages(2, printable=True), partition=0, idempotent=True)
        CONSUME[client](broker.bootstrap, topic, 2, group=f"neg-{client}", commit=True)
    versions = broker.negotiated_versions()
    with capsys.disabled():
        print("\nclient versions:", json.dumps(client_versions()))
        for client_id, apis in sorted(versions.items()):
            print(f"negotiated by {client_id}:", ", ".join(f"{api} {'/'.join(map(str, v))}" for api, v in sorted(apis.items())))
    # Exact for the client versions pinned in requirements/test.txt (and Debian's kcat). Heartbeat is left out: whether
    # a member heartbeats before it leaves depends on timing, not on the versions.
    heartbeats = {client: apis.pop("Heartbeat") for client, apis in versions.items() if "Heartbeat" in apis}
    assert all(v == [3] for v in heartbeats.values()), heartbeats
    common = {"Fetch": [11], "JoinGroup": [5], "LeaveGroup": [1], "ListOffsets": [3], "OffsetCommit": [3],
              "OffsetFetch": [3], "SyncGroup": [3]}
    assert versions == {
        "aiokafka-interop": {**common, "ApiVersions": [0], "FindCoordinator": [1], "InitProducerId": [0],
                             "Metadata": [5], "Produce": [7]},
        "confluent-interop": {**common, "ApiVersions": [3], "FindCoordinator": [2], "InitProducerId": [4],
                              "Metadata": [8], "Produce": [8]},
        "kafka-python-interop": {**common, "ApiVersions": [3, 4], "FindCoordinator": [2], "InitProducerId": [4],
                                 "Metadata": [8], "Produce": [8]},
        "rdkafka": {**common, "ApiVersions": [3], "FindCoordinator": [2], "InitProducerId": [4], "ListOffsets": [2],
                    "Metadata": [4], "Produce": [7]},
    }


def frame(api_key, version, correlation, body=b"", client=b"raw"):
    header = struct.pack(">hhih", api_key, version, correlation, len(client)) + client
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


def read_frame(sock):
    size = struct.unpack(">i", recv_exact(sock, 4))[0]
    return recv_exact(sock, size)


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def closed(sock):
    try:
        return sock.recv(1) == b""
    except ConnectionError:
        return True


def test_unknown_api_closes_only_that_connection(broker):
    with socket.create_connection(("127.0.0.1", broker.port), timeout=5) as bad, \
            socket.create_connection(("127.0.0.1", broker.port), timeout=5) as good:
        bad.sendall(frame(999, 0, 1))
        assert closed(bad)
        good.sendall(frame(18, 0, 7))
        response = read_frame(good)
        assert struct.unpack(">i", response[:4])[0] == 7
        assert struct.unpack(">h", response[4:6])[0] == 0


def test_api_versions_above_range_answers_v0_unsupported(broker):
    with socket.create_connection(("127.0.0.1", broker.port), timeout=5) as sock:
        # A v4 request is flexible: header tag section, then compact client software name/version and tags.
        sock.sendall(frame(18, 4, 9, body=b"\x00" + b"\x05herd" + b"\x041.0" + b"\x00"))
        response = read_frame(sock)
        correlation, error, count = struct.unpack(">ihi", response[:10])
        assert (correlation, error) == (9, 35)
        assert (18, 0, 3) in [struct.unpack(">hhh", response[10 + 6 * i:16 + 6 * i]) for i in range(count)]


def test_oversized_and_malformed_frames_close_the_connection(herald_bin, tmp_path):
    from brokerproc import BrokerProcess
    proc = BrokerProcess(herald_bin, tmp_path / "b.log", extra_args=["--max-frame-bytes", "2048"]).start()
    try:
        with socket.create_connection(("127.0.0.1", proc.port), timeout=5) as sock:
            sock.sendall(struct.pack(">i", 4096) + b"x" * 100)
            assert closed(sock)
        with socket.create_connection(("127.0.0.1", proc.port), timeout=5) as sock:
            sock.sendall(struct.pack(">i", 3) + b"abc")
            assert closed(sock)
        with socket.create_connection(("127.0.0.1", proc.port), timeout=5) as sock:
            sock.sendall(frame(18, 0, 1))
            assert struct.unpack(">i", read_frame(sock)[:4])[0] == 1
    finally:
        assert proc.stop() == 0


def test_graceful_shutdown_with_parked_fetches_and_joins(herald_bin, tmp_path):
    """SIGTERM while group members long-poll and a raw Fetch at the log end is parked still exits cleanly."""
    import threading
    from brokerproc import BrokerProcess
    from conftest import wait_until
    from test_broker_consume_pace import fetch_request
    from confluent_kafka import Consumer
    proc = BrokerProcess(herald_bin, tmp_path / "b.log", extra_args=["--topic", "idle:1"]).start()
    consumers = [Consumer({"bootstrap.servers": proc.bootstrap, "group.id": "parked", "auto.offset.reset": "earliest",
                           "session.timeout.ms": 30000, "fetch.wait.max.ms": 5000}) for _ in range(2)]
    stop = threading.Event()

    def poll(consumer):
        while not stop.is_set():
            consumer.poll(0.2)

    for consumer in consumers:
        consumer.subscribe(["idle"])
    threads = [threading.Thread(target=poll, args=(c,)) for c in consumers]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: proc.log().count("group member joined") >= 2, "both members joined the group")
        wait_until(lambda: "api=Fetch" in proc.log(), "a member fetches (a 5 s long poll on an empty topic)")
        with socket.create_connection(("127.0.0.1", proc.port), timeout=60) as parked:
            # Empty topic: this Fetch waits up to 10 minutes unless the broker ends it.
            parked.sendall(fetch_request(1, "idle", 0))
            wait_until(lambda: "client=pace" in proc.log(), "the broker read the raw Fetch")
            assert proc.stop(timeout=15) == 0
            # The parked Fetch ends with the process: an answer or not, the connection reaches end of stream.
            try:
                while parked.recv(65536):
                    pass
            except ConnectionResetError:
                pass
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
        for consumer in consumers:
            consumer.close()


def test_cli_refuses_bad_arguments_and_unusable_data_dirs(herald_bin, tmp_path):
    import subprocess
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    for args in (["--topic", "bad name"], ["--kafka-port", "70000"], ["--data-dir", str(blocker / "sub")]):
        done = subprocess.run([herald_bin, "broker", "--kafka-port", "0", *args], capture_output=True, text=True, timeout=20)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == ""
