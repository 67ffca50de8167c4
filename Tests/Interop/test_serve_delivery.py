"""`herald serve --deliver`: Herald as a service's consumer, POSTing each record to a local HTTP endpoint.

A small catalog (one event, `order.placed`, consumed by `pricing`) is served on free ports; records are produced by
confluent-kafka's AvroSerializer against serve's registry; the endpoint is an http.server in this process that
answers as each test needs. `--retry-backoff-scale 0.01` turns the catalog's 1 s doubling backoff into 10, 20, 40 ms,
so no test waits real seconds. The dead-letter topic is read back with confluent-kafka's Consumer."""
import http.server
import json
import socket
import threading
import time
import uuid

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from conftest import wait_until
from test_serve import ServeProcess, get

TOPIC = "order.placed"
DLQ = "order.placed.dlq"
SCHEMA = {
    "type": "record", "name": "OrderPlaced", "namespace": "com.example.orders",
    "fields": [
        {"name": "eventId", "type": "string"},
        {"name": "orderId", "type": "string"},
        {"name": "amount", "type": "long"},
        {"name": "note", "type": ["null", "string"], "default": None},
    ],
}
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def write_catalog(root, deliveries=""):
    (root / "orders" / TOPIC / "examples").mkdir(parents=True)
    (root / "catalog.yaml").write_text(
        "title: Delivery test\n"
        "teams:\n  t: { name: T, email: t@example.com }\n"
        "services:\n  shop: { owner: t }\n  pricing: { owner: t }\n  crm: { owner: t }\n"
        "defaults:\n  dlq: { retries: 3, backoff: { initial: 1s, multiplier: 2, max: 1m }, alert: true }\n"
        + deliveries)
    (root / "orders" / TOPIC / "event.yaml").write_text(
        "summary: An order was placed.\nowner: t\nproducer: shop\nconsumers: [pricing, crm]\n")
    (root / "orders" / TOPIC / "v1.avsc").write_text(json.dumps(SCHEMA, indent=2))
    (root / "orders" / TOPIC / "examples" / "order.json").write_text(
        json.dumps({"eventId": "e-0", "orderId": "o-0", "amount": 1, "note": None}))
    return root


class Endpoint:
    """A local HTTP endpoint: `behaviour(path, request_number_for_path)` gives the status to answer with; every
    request is kept (path, headers, body)."""

    def __init__(self, behaviour):
        self.requests = []
        self.lock = threading.Lock()
        endpoint = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with endpoint.lock:
                    endpoint.requests.append((self.path, dict(self.headers.items()), body))
                    n = sum(1 for r in endpoint.requests if r[0] == self.path)
                status = behaviour(self.path, n)
                if status is None:
                    time.sleep(1.5)  # longer than the test's --deliver-timeout
                    status = 200
                answer = b"ok" if status < 300 else f"pricing is down (request {n})".encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except OSError:
                    pass  # Herald gave up waiting and closed the connection

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def received(self, path):
        with self.lock:
            return [r for r in self.requests if r[0] == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint():
    def behaviour(path, n):
        if path == "/flaky":
            return 503 if n <= 2 else 200
        if path == "/down":
            return 500
        if path == "/slow":
            return None
        return 200
    server = Endpoint(behaviour)
    yield server
    server.close()


@pytest.fixture
def catalog(tmp_path):
    return write_catalog(tmp_path / "catalog")


def start_serve(herald_bin, catalog, log, *args):
    return ServeProcess(herald_bin, catalog, log, extra_args=("--retry-backoff-scale", "0.01", *args)).start()


def produce(serve, values, headers=None):
    """Serializes each value with confluent-kafka's AvroSerializer (the registered latest version) and produces it."""
    registry = SchemaRegistryClient({"url": f"http://127.0.0.1:{serve.ports['registry']}"})
    serializer = AvroSerializer(registry, None, conf={"auto.register.schemas": False, "use.latest.version": True})
    producer = Producer({"bootstrap.servers": f"127.0.0.1:{serve.ports['kafka']}", "linger.ms": 0})
    errors = []
    encoded = []
    for value in values:
        data = serializer(value, SerializationContext(TOPIC, MessageField.VALUE))
        encoded.append(data)
        producer.produce(TOPIC, data, key=value["orderId"].encode(), headers=headers or [],
                         on_delivery=lambda err, msg: errors.append(err))
    assert producer.flush(30) == 0
    assert errors == [None] * len(values)
    return encoded


def delivery_state(serve, service="pricing"):
    """The service's delivery state; an empty dict until its delivery has started."""
    status, body = get(serve.url(f"/_live/deliveries?service={service}"))
    if status == 404:
        return {}
    assert status == 200, body
    return json.loads(body)


def dead_letters(serve, expected, partition=0):
    """Reads `expected` records of the dead-letter topic with confluent-kafka's Consumer, then checks there are no more."""
    consumer = Consumer({"bootstrap.servers": f"127.0.0.1:{serve.ports['kafka']}", "group.id": f"t-{uuid.uuid4()}",
                         "enable.auto.commit": False})
    try:
        low, high = consumer.get_watermark_offsets(TopicPartition(DLQ, partition), timeout=30)
        assert high - low == expected
        consumer.assign([TopicPartition(DLQ, partition, low)])
        records = []
        while len(records) < expected:
            message = consumer.poll(30)
            assert message is not None, "timed out reading the dead-letter topic"
            assert message.error() is None, message.error()
            records.append(message)
        return records
    finally:
        consumer.close()


def order(event_id, order_id="o-1", amount=42000, note="rush"):
    return {"eventId": event_id, "orderId": order_id, "amount": amount, "note": note}


def test_failing_twice_then_succeeding_is_delivered_once_after_two_retries(herald_bin, catalog, endpoint, tmp_path):
    serve = start_serve(herald_bin, catalog, tmp_path / "serve.log", "--deliver", f"pricing={endpoint.url('/flaky')}")
    try:
        sent = order("e-1")
        produce(serve, [sent], headers=[("traceparent", TRACEPARENT.encode()), ("source", b"web shop")])
        state = wait_until(lambda: (s := delivery_state(serve)).get("partitions") and s["delivered"] == 1 and s, "the record is delivered")
        assert (state["retries"], state["retrying"], state["deadLettered"], state["duplicates"]) == (2, 0, 0, 0)
        assert state["partitions"] == [{"topic": TOPIC, "partition": 0, "nextOffset": 1, "failures": 0}]
        requests = endpoint.received("/flaky")
        assert len(requests) == 3
        assert [r[1]["X-Herald-Attempt"] for r in requests] == ["1", "2", "3"]
        _, headers, body = requests[-1]
        assert json.loads(body) == sent
        assert headers["Content-Type"] == "application/json"
        assert headers["X-Herald-Event"] == TOPIC
        assert headers["X-Herald-Event-Version"] == "1"
        assert headers["X-Herald-Topic"] == TOPIC
        assert (headers["X-Herald-Partition"], headers["X-Herald-Offset"]) == ("0", "0")
        assert headers["X-Herald-Event-Id"] == "e-1"
        assert headers["X-Herald-Key"] == "o-1"
        assert headers["X-Herald-Service"] == "pricing"
        assert headers["traceparent"] == TRACEPARENT
        assert headers["X-Herald-Header-source"] == "web shop"
        assert dead_letters(serve, 0) == []
        status, alerts = get(serve.url("/_live/alerts"))
        assert status == 200 and json.loads(alerts) == {"alerts": []}
    finally:
        assert serve.stop() == 0


def test_always_failing_is_dead_lettered_after_three_retries_with_an_alert(herald_bin, catalog, endpoint, tmp_path):
    log = tmp_path / "serve.log"
    serve = start_serve(herald_bin, catalog, log, "--deliver", f"pricing={endpoint.url('/down')}",
                        "--alert-webhook", endpoint.url("/webhook"))
    try:
        [encoded] = produce(serve, [order("e-9", order_id="o-9")], headers=[("traceparent", TRACEPARENT.encode())])
        state = wait_until(lambda: (s := delivery_state(serve)).get("partitions") and s["deadLettered"] == 1 and s, "the record is dead-lettered")
        assert (state["delivered"], state["retries"], state["failures"], state["retrying"]) == (0, 3, 4, 0)
        assert state["partitions"][0]["nextOffset"] == 1
        assert len(endpoint.received("/down")) == 4

        [letter] = dead_letters(serve, 1)
        assert letter.value() == encoded
        assert letter.key() == b"o-9"
        headers = {k: (v or b"").decode() for k, v in letter.headers()}
        assert headers["traceparent"] == TRACEPARENT
        assert headers["herald.delivery.status"] == "500"
        assert headers["herald.delivery.attempts"] == "4"
        assert headers["herald.delivery.service"] == "pricing"
        assert headers["herald.delivery.body"] == "pricing is down (request 4)"
        assert headers["herald.error"] == "delivery to pricing failed after 4 attempts: HTTP 500"
        assert (headers["herald.original.topic"], headers["herald.original.partition"], headers["herald.original.offset"]) == (TOPIC, "0", "0")

        status, body = get(serve.url("/_live/alerts"))
        assert status == 200
        [alert] = json.loads(body)["alerts"]
        assert alert["service"] == "pricing" and alert["event"] == TOPIC and alert["eventId"] == "e-9"
        assert (alert["status"], alert["attempts"], alert["deadLetterTopic"], alert["deadLetterOffset"]) == ("500", 4, DLQ, 0)
        [(_, hook_headers, hook_body)] = wait_until(lambda: endpoint.received("/webhook"), "the alert is POSTed to the webhook")
        assert hook_headers["Content-Type"] == "application/json"
        assert json.loads(hook_body) == alert

        # Delivery moves on: the next record is tried (and dead-lettered) too.
        produce(serve, [order("e-10", order_id="o-10")])
        wait_until(lambda: delivery_state(serve).get("deadLettered") == 2, "the second record is dead-lettered")
    finally:
        assert serve.stop() == 0
    assert "ALERT delivery of order.placed (order.placed/0@0) to pricing failed after 4 attempts (500)" in log.read_text()


def test_the_same_event_id_twice_is_delivered_once(herald_bin, catalog, endpoint, tmp_path):
    serve = start_serve(herald_bin, catalog, tmp_path / "serve.log", "--deliver", f"pricing={endpoint.url('/ok')}")
    try:
        produce(serve, [order("e-1", order_id="o-1"), order("e-1", order_id="o-1-again"), order("e-2", order_id="o-2")])
        state = wait_until(lambda: (s := delivery_state(serve)).get("partitions") and s["partitions"][0]["nextOffset"] == 3 and s, "all three are settled")
        assert (state["delivered"], state["duplicates"], state["retries"], state["deadLettered"]) == (2, 1, 0, 0)
        received = endpoint.received("/ok")
        assert [json.loads(r[2])["orderId"] for r in received] == ["o-1", "o-2"]
        assert [r[1]["X-Herald-Offset"] for r in received] == ["0", "2"]
    finally:
        assert serve.stop() == 0


def test_a_restart_with_data_dir_resumes_without_redelivering(herald_bin, catalog, endpoint, tmp_path):
    data = tmp_path / "data"
    args = ("--deliver", f"pricing={endpoint.url('/ok')}", "--data-dir", str(data))
    serve = start_serve(herald_bin, catalog, tmp_path / "serve.log", *args)
    try:
        produce(serve, [order("e-1", order_id="o-1"), order("e-2", order_id="o-2")])
        wait_until(lambda: delivery_state(serve).get("delivered") == 2, "both records are delivered")
    finally:
        assert serve.stop() == 0
    assert len(endpoint.received("/ok")) == 2

    serve = start_serve(herald_bin, catalog, tmp_path / "serve2.log", *args)
    try:
        state = wait_until(lambda: (s := delivery_state(serve)).get("partitions") and s["partitions"] and s, "delivery has started")
        assert state["partitions"][0]["nextOffset"] == 2, "the committed position is where delivery resumes"
        produce(serve, [order("e-3", order_id="o-3")])
        state = wait_until(lambda: (s := delivery_state(serve)).get("partitions") and s["delivered"] == 1 and s, "the new record is delivered")
        assert state["partitions"][0]["nextOffset"] == 3
    finally:
        assert serve.stop() == 0
    received = endpoint.received("/ok")
    assert [r[1]["X-Herald-Offset"] for r in received] == ["0", "1", "2"]
    assert [json.loads(r[2])["orderId"] for r in received] == ["o-1", "o-2", "o-3"]


def test_deliveries_api_names_unknown_services(herald_bin, catalog, endpoint, tmp_path):
    serve = start_serve(herald_bin, catalog, tmp_path / "serve.log", "--deliver", f"pricing={endpoint.url('/ok')}")
    try:
        status, body = get(serve.url("/_live/deliveries?service=billing"))
        assert status == 404 and "these are: pricing" in json.loads(body)["error"]
        status, body = get(serve.url("/_live/deliveries"))
        assert status == 200 and [s["service"] for s in json.loads(body)["services"]] == ["pricing"]
    finally:
        assert serve.stop() == 0


def test_timeouts_and_refused_connections_are_failures_and_catalog_deliveries_work(herald_bin, tmp_path, endpoint):
    # Nothing listens on a port that was just bound and closed.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    catalog = write_catalog(tmp_path / "catalog", deliveries=f"deliveries:\n  crm: http://127.0.0.1:{closed_port}/events\n")
    serve = start_serve(herald_bin, catalog, tmp_path / "serve.log", "--deliver", f"pricing={endpoint.url('/slow')}",
                        "--deliver-timeout", "200ms")
    try:
        produce(serve, [order("e-1")])
        wait_until(lambda: delivery_state(serve, "pricing").get("deadLettered") == 1
                   and delivery_state(serve, "crm").get("deadLettered") == 1, "both services dead-letter the record")
        letters = dead_letters(serve, 2)
        by_service = {dict(m.headers())["herald.delivery.service"].decode(): {k: (v or b"").decode() for k, v in m.headers()}
                      for m in letters}
        assert by_service["pricing"]["herald.delivery.status"] == "timeout"
        assert by_service["crm"]["herald.delivery.status"] == "unreachable"
        assert "connection refused" in by_service["crm"]["herald.delivery.body"].lower()
        assert by_service["crm"]["herald.delivery.attempts"] == "4"
        assert len(endpoint.received("/slow")) == 4
        crm = delivery_state(serve, "crm")
        assert crm["url"] == f"http://127.0.0.1:{closed_port}/events"
        assert crm["group"] == "herald-deliver.crm"
    finally:
        assert serve.stop() == 0


def read_events(sock, received, until, what):
    """Reads the server-sent event stream on `sock` until `until(events)` holds; `events` are (name, data) pairs."""
    deadline = time.monotonic() + 60
    while True:
        events = []
        for block in received[0].decode(errors="replace").split("\n\n")[:-1]:
            lines = block.split("\n")
            name = next((l[len("event: "):] for l in lines if l.startswith("event: ")), None)
            data = next((l[len("data: "):] for l in lines if l.startswith("data: ")), None)
            if name and data:
                events.append((name, json.loads(data)))
        if until(events):
            return events
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out waiting on the stream until {what}")
        received[0] += sock.recv(65536)


def test_event_page_and_stream_show_retries_dead_letter_and_alert(herald_bin, catalog, endpoint, tmp_path):
    """The live layer joined with delivery: while a failing endpoint is retried, the event page (plain HTTP GET, no
    JavaScript) shows the retrying partition with its next attempt; after the last retry it shows the dead letter,
    the counts and the alert, `/_live/stream` carries each attempt as a `delivery` event and the `alert`, and the
    record's trace lists the deliveries. Backoff is scaled to 0.3, 0.6, 1.2 s so the retrying state can be seen."""
    serve = ServeProcess(herald_bin, catalog, tmp_path / "serve.log", extra_args=(
        "--retry-backoff-scale", "0.3", "--deliver", f"pricing={endpoint.url('/down')}")).start()
    sock = socket.create_connection(("127.0.0.1", serve.ports["site"]), timeout=30)
    try:
        sock.sendall(b"GET /_live/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        received = [b""]
        read_events(sock, received, lambda events: any(name == "hello" for name, _ in events), "hello")
        produce(serve, [order("e-7", order_id="o-7")], headers=[("traceparent", TRACEPARENT.encode())])

        page_url = serve.url(f"/events/{TOPIC}.html")
        retrying = wait_until(lambda: (p := get(page_url)[1]) and "retrying, attempt" in p and p, "the page shows the retry")
        assert 'id="herald-deliveries"' in retrying and 'data-service="pricing"' in retrying
        assert "attempt 1: HTTP 500" in retrying  # the last failure

        events = read_events(sock, received, lambda events: any(name == "alert" for name, _ in events), "the alert")
        deliveries = [data for name, data in events if name == "delivery"]
        assert [(d["outcome"], d["attempt"], d["status"]) for d in deliveries] == [
            ("retrying", 1, "500"), ("retrying", 2, "500"), ("retrying", 3, "500"), ("dead-lettered", 4, "500")]
        assert all(d["service"] == "pricing" and d["topic"] == TOPIC and d["offset"] == 0 and d["eventId"] == "e-7"
                   and d["traceId"] == TRACEPARENT.split("-")[1] for d in deliveries)
        assert all(d["retryAt"] >= d["time"] for d in deliveries[:3])
        assert (deliveries[3]["deadLetterTopic"], deliveries[3]["deadLetterOffset"]) == (DLQ, 0)
        [alert] = [data for name, data in events if name == "alert"]
        assert (alert["service"], alert["event"], alert["attempts"], alert["deadLetterTopic"]) == ("pricing", TOPIC, 4, DLQ)
    finally:
        sock.close()
    try:
        status, page = get(page_url)
        assert status == 200
        assert "retrying, attempt" not in page
        row = page[page.index('data-service="pricing"'):]
        row = row[:row.index("</tr>")]
        for cell, value in [("live-delivered", 0), ("live-retrying", 0), ("live-retries", 3), ("live-dead-lettered", 1), ("live-duplicates", 0)]:
            assert f'<td class="{cell}">{value}</td>' in row, (cell, row)
        assert 'id="herald-alerts"' in page and alert["message"] in page.replace("&lt;", "<").replace("&gt;", ">")
        assert 'class="herald-alerts"' in page  # the banner
        assert 'id="herald-dead-letters"' in page

        trace_id = TRACEPARENT.split("-")[1]
        status, body = get(serve.url(f"/_live/traces/{trace_id}"))
        assert status == 200
        steps = json.loads(body)["steps"]
        kinds = [(s["kind"], (s.get("record") or s.get("delivery"))["topic"]) for s in steps]
        assert kinds[0] == ("record", TOPIC)
        assert [s["delivery"]["outcome"] for s in steps if s["kind"] == "delivery"] == ["retrying"] * 3 + ["dead-lettered"]
        assert ("record", DLQ) in kinds
        assert [s["time"] for s in steps] == sorted(s["time"] for s in steps)
        status, trace_page = get(serve.url(f"/_live/trace/{trace_id}"))
        assert status == 200 and trace_page.count("live-delivery-retrying") == 3 and "live-delivery-dead-lettered" in trace_page
    finally:
        assert serve.stop() == 0
