"""`herald serve`'s live layer end to end: records published by confluent-kafka (AvroSerializer against serve's own
registry) and by the page's publish form in headless Chromium, the records and trace APIs, refusals and the stream."""
import json
import pathlib
import socket
import urllib.request

import pytest

from conftest import ROOT, wait_until
from test_serve import ServeProcess, get

EVENT = "vehicle.configured"
TOPIC = "vehicle.configured"
EXAMPLE = ROOT / "schemas/configuration/vehicle.configured/examples/aurora-ev-web-cash.json"
TRACEPARENT = "00-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174-01"
TRACE_ID = "5b8efff798038103d269b633813fc60c"


@pytest.fixture
def catalog(tmp_path):
    import shutil

    folder = tmp_path / "catalog"
    shutil.copytree(ROOT / "schemas", folder)
    return folder


@pytest.fixture
def serve(herald_bin, catalog, tmp_path):
    process = ServeProcess(herald_bin, catalog, tmp_path / "serve.log").start()
    yield process
    process.stop()


def records(serve, topic=TOPIC):
    status, body = get(serve.url(f"/_live/records?topic={topic}"))
    assert status == 200, body
    return json.loads(body)


def publish(serve, event, body, headers=None):
    request = urllib.request.Request(serve.url(f"/_live/publish/{event}"), data=body, method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def produce_with_avro_serializer(serve, value, headers):
    """One record produced by confluent-kafka, its value serialized by AvroSerializer with serve's registry."""
    from confluent_kafka import Producer
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    registry = SchemaRegistryClient({"url": f"http://127.0.0.1:{serve.ports['registry']}"})
    serializer = AvroSerializer(registry, None, conf={"auto.register.schemas": False, "use.latest.version": True})
    producer = Producer({"bootstrap.servers": f"127.0.0.1:{serve.ports['kafka']}", "linger.ms": 0})
    errors = []
    producer.produce(TOPIC, key=value["eventId"].encode(), headers=headers,
                     value=serializer(value, SerializationContext(TOPIC, MessageField.VALUE)),
                     callback=lambda err, msg: errors.append(err))
    producer.flush(30)
    return errors


def test_records_api_shows_a_confluent_kafka_record_decoded_with_its_trace(serve):
    value = json.loads(EXAMPLE.read_text())
    assert produce_with_avro_serializer(serve, value, [("traceparent", TRACEPARENT)]) == [None]
    answer = records(serve)
    assert answer["event"] == EVENT
    [record] = answer["records"]
    assert record["offset"] == 0
    assert record["key"] == {"text": value["eventId"]}
    assert record["validation"] == {"result": "valid"}
    assert record["subject"] == "vehicle.configured-value"
    assert record["schemaVersion"] == 3
    assert record["value"]["eventId"] == value["eventId"]
    assert record["traceId"] == TRACE_ID
    assert {"key": "traceparent", "value": {"text": TRACEPARENT}} in record["headers"]

    status, body = get(serve.url(f"/_live/traces/{TRACE_ID}"))
    assert status == 200
    steps = json.loads(body)["steps"]
    assert [(step["kind"], step["event"], step["record"]["offset"]) for step in steps] == [("record", EVENT, 0)]


def test_refused_produce_is_listed_and_streamed(serve):
    from confluent_kafka import Producer

    sock = socket.create_connection(("127.0.0.1", serve.ports["site"]), timeout=30)
    try:
        sock.sendall(b"GET /_live/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        received = b""
        while b"event: hello" not in received:
            received += sock.recv(65536)
        producer = Producer({"bootstrap.servers": f"127.0.0.1:{serve.ports['kafka']}", "linger.ms": 0})
        errors = []
        producer.produce(TOPIC, value=b'{"plain": "json"}', callback=lambda err, msg: errors.append(err))
        producer.flush(30)
        assert len(errors) == 1 and errors[0] is not None, errors
        sock.settimeout(10)
        while b"event: refusal" not in received:
            received += sock.recv(65536)
    finally:
        sock.close()
    line = next(l for l in received.decode().splitlines() if l.startswith("data: {") and '"sequence"' in l)
    refusal = json.loads(line[len("data: "):])
    assert refusal["topic"] == TOPIC
    assert refusal["records"][0]["validation"]["rule"] == "PRODUCE_NOT_FRAMED"
    [listed] = records(serve)["refused"]
    assert "looks like JSON" in listed["message"]
    assert records(serve)["records"] == []


def test_publish_api_goes_through_validation(serve):
    body = EXAMPLE.read_bytes()
    status, answer = publish(serve, EVENT, body, {"traceparent": TRACEPARENT})
    assert status == 200, answer
    assert answer["published"] is True and answer["offset"] == 0 and answer["traceId"] == TRACE_ID
    status, answer = publish(serve, EVENT, b'{"eventId": 5}')
    assert status == 422
    assert answer["published"] is False and answer["diagnostics"][0]["rule"] == "LIVE_DATUM_INVALID"
    status, answer = publish(serve, "no.such.event", body)
    assert status == 404
    # The record published through the API is one a Kafka consumer reads, framed with the registry's ID.
    from confluent_kafka import Consumer

    consumer = Consumer({"bootstrap.servers": f"127.0.0.1:{serve.ports['kafka']}", "group.id": "live-test",
                         "auto.offset.reset": "earliest"})
    consumer.subscribe([TOPIC])
    try:
        message = None
        for _ in range(60):
            message = consumer.poll(1)
            if message is not None and message.error() is None:
                break
        assert message is not None and message.error() is None
        assert message.value()[0] == 0
        assert dict(message.headers())["traceparent"] == TRACEPARENT.encode()
    finally:
        consumer.close()


def test_event_page_shows_records_and_publishes_from_the_form_in_chromium(serve):
    """Headless Chromium: the live panel lists a confluent-kafka record, and the form publishes an example that
    then appears in the list without a reload."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from test_site_browser import make_driver

    value = json.loads(EXAMPLE.read_text())
    assert produce_with_avro_serializer(serve, value, [("traceparent", TRACEPARENT)]) == [None]
    browser = make_driver()
    try:
        browser.get(serve.url(f"/events/{EVENT}.html"))
        rows = browser.find_elements(By.CSS_SELECTOR, "#herald-records tr.live-record")
        assert len(rows) == 1
        assert value["eventId"] in rows[0].text
        assert browser.find_element(By.CSS_SELECTOR, "#herald-records a.live-trace").get_attribute("href").endswith(
            f"/_live/trace/{TRACE_ID}")
        browser.execute_script("window.liveMarker = 'no reload'")
        picker = Select(browser.find_element(By.ID, "herald-example"))
        example = next(o.text for o in picker.options if o.text.endswith("solstice-lease-kiosk.json"))
        picker.select_by_visible_text(example)
        chosen = json.loads(browser.find_element(By.ID, "herald-datum").get_property("value"))
        kiosk = json.loads((EXAMPLE.parent / "solstice-lease-kiosk.json").read_text())
        assert chosen["eventId"] == kiosk["eventId"]
        browser.find_element(By.CSS_SELECTOR, "#herald-publish button[type=submit]").click()
        wait_until(lambda: "published:" in browser.find_element(By.ID, "herald-publish-result").text, "the publish result")
        result = browser.find_element(By.ID, "herald-publish-result").text
        assert "offset" in result, result
        wait_until(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#herald-records tr.live-record")) == 2,
                   "the published record in the list")
        assert kiosk["eventId"] in browser.find_element(By.ID, "herald-records").text
        assert browser.execute_script("return window.liveMarker") == "no reload"
        # Follow the first record's trace link to the trace page.
        browser.get(serve.url(f"/_live/trace/{TRACE_ID}"))
        steps = browser.find_elements(By.CSS_SELECTOR, "#herald-trace li.live-trace-step")
        assert len(steps) == 1 and EVENT in steps[0].text
    finally:
        browser.quit()


def test_static_build_has_no_live_layer(herald_bin, catalog, tmp_path):
    import subprocess

    out = tmp_path / "site"
    result = subprocess.run([herald_bin, "build", "--catalog", str(catalog), "--out", str(out)], capture_output=True,
                            text=True, timeout=300)
    if result.returncode != 0:
        pytest.fail(result.stderr)
    page = next(out.rglob(f"{EVENT}.html")).read_text()
    assert "herald-live" not in page and "/_live/" not in page and "live.js" not in page
