"""`herald serve` end to end: a temporary copy of the bundled catalog served on free ports, edited while running.

Drives the site over HTTP (urllib, http.client for the server-sent event stream), the broker with confluent-kafka's
AdminClient and the registry's REST API, and edits files under the catalog as an editor would."""
import http.client
import json
import pathlib
import re
import select
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, wait_until

READY = {
    "kafka": re.compile(r"herald broker listening on 127\.0\.0\.1:(\d+)"),
    "registry": re.compile(r"herald registry listening on http://127\.0\.0\.1:(\d+)"),
    "site": re.compile(r"herald serve listening on http://127\.0\.0\.1:(\d+)"),
}


class ServeProcess:
    """`herald serve` with ports 0; the three ready lines give the ports."""

    def __init__(self, herald_bin, catalog, log_path, extra_args=()):
        self.args = [herald_bin, "serve", "--catalog", str(catalog), "--port", "0", "--kafka-port", "0",
                     "--registry-port", "0", "--templates", str(ROOT / "templates"), *extra_args]
        self.log_path = log_path
        self.ports = {}
        self.proc = None

    def start(self, timeout=60):
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=log)
        log.close()
        fd = self.proc.stdout.fileno()
        text = ""
        deadline = time.monotonic() + timeout
        while len(self.ports) < len(READY) and time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"herald serve exited with {self.proc.returncode}; log: {pathlib.Path(self.log_path).read_text()}")
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                text += self.proc.stdout.read1(4096).decode() if hasattr(self.proc.stdout, "read1") else ""
            for name, pattern in READY.items():
                match = pattern.search(text)
                if match:
                    self.ports[name] = int(match.group(1))
        if len(self.ports) < len(READY):
            pytest.fail(f"herald serve did not print its ready lines: {text!r}")
        return self

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)
        self.proc.stdout.close()
        return self.proc.returncode

    def url(self, path):
        return f"http://127.0.0.1:{self.ports['site']}{path}"


def get(url):
    """(status, body) of a GET; errors answer too."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def raw_get(port, path):
    """(status, body) of a GET with `path` sent exactly as written (urllib would normalise `..`)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_accept_encoding=True)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    connection.close()
    return response.status, body


class EventStream:
    """The site's server-sent event stream, read raw from a socket."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.sock.sendall(b"GET /_herald/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        self.buffer = b""

    def events(self):
        """The (name, data) pairs received so far."""
        self.sock.setblocking(False)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    break
                self.buffer += chunk
        except BlockingIOError:
            pass
        text = self.buffer.decode(errors="replace")
        return re.findall(r"event: (\w+)\r?\ndata: (\d+)\r?\n", text)

    def close(self):
        self.sock.close()


@pytest.fixture
def catalog(tmp_path):
    folder = tmp_path / "catalog"
    shutil.copytree(ROOT / "schemas", folder)
    return folder


@pytest.fixture
def serve(herald_bin, catalog, tmp_path):
    process = ServeProcess(herald_bin, catalog, tmp_path / "serve.log").start()
    yield process
    process.stop()


EVENT = "dealers/dealer.opening.hours.changed"


def event_page(serve):
    status, body = get(serve.url(f"/events/{EVENT.split('/')[1]}.html"))
    assert status == 200, body[:300]
    return body


def test_edit_rebuilds_and_announces(serve, catalog):
    page = event_page(serve)
    assert "window.heraldGeneration=1" in page
    assert "herald-overlay" not in page
    stream = EventStream(serve.ports["site"])
    try:
        wait_until(lambda: ("hello", "1") in stream.events(), "the event stream says hello")
        manifest = catalog / EVENT / "event.yaml"
        text = manifest.read_text()
        assert "summary: A dealer changed its opening hours." in text
        manifest.write_text(text.replace("summary: A dealer changed its opening hours.", "summary: Opening hours moved, edited live."))
        wait_until(lambda: ("reload", "2") in stream.events(), "a reload event after the edit")
        page = event_page(serve)
        assert "Opening hours moved, edited live." in page
        assert "window.heraldGeneration=2" in page
    finally:
        stream.close()


def test_broken_schema_shows_overlay_over_last_good_page_until_fixed(serve, catalog, herald_bin, tmp_path):
    schema = catalog / EVENT / "v1.avsc"
    good = schema.read_text()
    before = event_page(serve)
    title = re.search(r"<h1[^>]*>(.*?)</h1>", before, re.S).group(1)
    schema.write_text(good.replace('"type"', '"tpye"', 1))
    # The rule the overlay must name is the one `herald check` reports for the same file.
    check = subprocess.run([herald_bin, "check", "--catalog", str(catalog), "--format", "json"], capture_output=True, text=True)
    report = json.loads(check.stdout)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert errors, check.stdout
    wait_until(lambda: "herald-overlay" in event_page(serve), "the overlay after the schema broke")
    page = event_page(serve)
    for diagnostic in errors:
        assert diagnostic["rule"] in page
    assert "v1.avsc" in page
    assert title in page, "the last good page stays under the overlay"
    status, home = get(serve.url("/"))
    assert status == 200 and "herald-overlay" in home
    schema.write_text(good)
    wait_until(lambda: "herald-overlay" not in event_page(serve), "the overlay gone after the fix")


def test_path_traversal_refused(serve, catalog):
    port = serve.ports["site"]
    for path in ["/../etc/passwd", "/events/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/events%2F..%2F..%2Fetc%2Fpasswd",
                 "/.%2E/catalog.yaml", "/events/..%5C..%5Cetc%5Cpasswd"]:
        status, body = raw_get(port, path)
        assert status == 400, (path, status, body[:200])
        assert "root:" not in body
    # Only files of the built site are served: not the catalog's own files, nor a link placed in the catalog.
    (catalog / "leak.html").symlink_to("/etc/passwd")
    for path in ["/leak.html", "/catalog.yaml", f"/{EVENT}/v1.avsc"]:
        status, body = raw_get(port, path)
        assert status == 404, (path, status)
        assert "root:" not in body


def test_broker_and_registry_run_beside_the_site(serve):
    from confluent_kafka.admin import AdminClient

    admin = AdminClient({"bootstrap.servers": f"127.0.0.1:{serve.ports['kafka']}"})
    topics = admin.list_topics(timeout=30).topics
    assert any("dealer" in name for name in topics), sorted(topics)
    status, body = get(f"http://127.0.0.1:{serve.ports['registry']}/subjects")
    assert status == 200 and json.loads(body)


def test_sigint_stops_everything(herald_bin, catalog, tmp_path):
    process = ServeProcess(herald_bin, catalog, tmp_path / "serve.log").start()
    stream = EventStream(process.ports["site"])
    try:
        wait_until(lambda: stream.events(), "the event stream is open")
        assert process.stop(signal.SIGINT) == 0
    finally:
        stream.close()


def test_non_loopback_host_is_said_loudly(herald_bin, catalog, tmp_path):
    # 192.0.2.1 (TEST-NET-1) is on no interface here: the warning is printed, then binding fails, so nothing is ever
    # reachable from outside this machine.
    args = [herald_bin, "serve", "--catalog", str(catalog), "--host", "192.0.2.1", "--port", "0", "--kafka-port", "0",
            "--registry-port", "0", "--templates", str(ROOT / "templates")]
    result = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert "WARNING: herald serve is listening on 192.0.2.1, not loopback" in result.stderr
    assert result.returncode != 0


def test_open_page_reloads_itself_in_chromium(serve, catalog):
    """Headless Chromium: an open event page picks up an edit without anyone reloading it, and shows the overlay."""
    from test_site_browser import make_driver

    browser = make_driver()
    try:
        browser.get(serve.url(f"/events/{EVENT.split('/')[1]}.html"))
        marker = browser.execute_script("window.heraldMarker = 'still the first load'; return window.heraldGeneration")
        assert marker == 1
        manifest = catalog / EVENT / "event.yaml"
        manifest.write_text(manifest.read_text().replace(
            "summary: A dealer changed its opening hours.", "summary: Reloaded in the browser by itself."))
        wait_until(lambda: "Reloaded in the browser by itself." in browser.page_source, "the open page reloaded")
        assert browser.execute_script("return window.heraldMarker") is None, "the page was reloaded, not patched"
        schema = catalog / EVENT / "v1.avsc"
        good = schema.read_text()
        schema.write_text(good.replace('"type"', '"tpye"', 1))
        wait_until(lambda: browser.find_elements("id", "herald-overlay"), "the overlay in the open page")
        schema.write_text(good)
        wait_until(lambda: not browser.find_elements("id", "herald-overlay"), "the overlay gone from the open page")
    finally:
        browser.quit()
