"""The "Use this event" panel's Python consumer does what the page says: taken from the built page as it stands, it
reads an example that `herald publish-examples` wrote to `herald broker` (Kafka plus its Schema Registry), with
confluent-kafka's AvroDeserializer, and prints the key and the decoded event. The copy buttons copy that text."""
import html
import json
import os
import pathlib
import re
import select
import shutil
import subprocess
import sys
import time

import pytest

from brokerproc import BrokerProcess

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"


def herald_supports(herald_bin, *command) -> bool:
    result = subprocess.run([herald_bin, *command, "--help"], capture_output=True, text=True)
    return result.returncode == 0


@pytest.fixture
def broker(herald_bin, tmp_path):
    if not herald_supports(herald_bin, "publish-examples") or "--registry-port" not in subprocess.run(
            [herald_bin, "broker", "--help"], capture_output=True, text=True).stdout:
        pytest.skip("this herald has no schema registry in `herald broker` or no `herald publish-examples`")
    proc = BrokerProcess(herald_bin, tmp_path / "broker.log", extra_args=["--catalog", str(SCHEMAS)]).start()
    try:
        yield proc
    finally:
        proc.stop()


def catalog_pointing_at(broker, folder: pathlib.Path) -> pathlib.Path:
    """The bundled catalog with catalog.yaml's registry and local cluster at this broker, as a team running its own
    would write it."""
    shutil.copytree(SCHEMAS, folder)
    manifest = folder / "catalog.yaml"
    text = manifest.read_text(encoding="utf-8")
    text, registries = re.subn(r'registry: \{ url: "[^"]*"', f'registry: {{ url: "{broker.registry_url}"', text)
    text, hosts = re.subn(r'host: "localhost:9092"', f'host: "{broker.bootstrap}"', text)
    assert registries == 1 and hosts == 1, "catalog.yaml no longer names a registry and a local cluster"
    manifest.write_text(text, encoding="utf-8")
    return folder


def snippet(page: pathlib.Path, snippet_id: str) -> str:
    match = re.search(r'<pre class="code" id="' + snippet_id + r'"[^>]*><code>(.*?)</code></pre>',
                      page.read_text(encoding="utf-8"), re.S)
    assert match, f"{page.name} has no {snippet_id}"
    return html.unescape(match.group(1))


@pytest.mark.parametrize("event", ["vehicle.configured", "customer.consent.changed"])
def test_the_python_consumer_snippet_reads_a_published_example(herald_bin, broker, tmp_path, event):
    catalog = catalog_pointing_at(broker, tmp_path / "schemas")
    site = tmp_path / "site"
    subprocess.run([herald_bin, "build", "--catalog", str(catalog), "--out", str(site), "--templates",
                    str(ROOT / "templates")], check=True, capture_output=True, cwd=ROOT)
    page = site / "events" / f"{event}.html"
    code = snippet(page, "use-python-consume")
    assert broker.bootstrap in code and broker.registry_url in code

    published = subprocess.run([herald_bin, "publish-examples", "--bootstrap", broker.bootstrap, "--registry",
                                broker.registry_url, "--catalog", str(catalog), "--event", event],
                               capture_output=True, text=True, timeout=120)
    assert published.returncode == 0, published.stdout + published.stderr
    # Every valid example is published: the latest version's and those pinned to older versions.
    examples = [p for p in next(SCHEMAS.glob(f"**/{event}")).glob("examples/**/*.json") if "invalid" not in p.parts]
    expected = {json.loads(p.read_text(encoding="utf-8"))["eventId"] for p in examples}
    assert expected

    script = tmp_path / "consume.py"
    script.write_text(code, encoding="utf-8")
    consumer = subprocess.Popen([sys.executable, "-u", str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=tmp_path)
    seen, lines, pending = set(), [], ""
    try:
        deadline = time.monotonic() + 60
        # The consumer runs until stopped: its output is read with a deadline, never a blocking readline.
        while seen != expected and time.monotonic() < deadline:
            ready, _, _ = select.select([consumer.stdout], [], [], 0.5)
            if not ready:
                if consumer.poll() is not None:
                    break
                continue
            chunk = os.read(consumer.stdout.fileno(), 65536).decode()
            if not chunk:
                break
            pending += chunk
            *complete, pending = pending.split("\n")
            lines += complete
            # AvroDeserializer gives the uuid logical type as a UUID.
            seen |= {event_id for event_id in expected for line in complete if f"'eventId': UUID('{event_id}')" in line}
    finally:
        consumer.terminate()
        _, errors = consumer.communicate(timeout=10)
    assert seen == expected, f"printed {lines!r}; stderr {errors[-2000:].decode(errors='replace')!r}"
    if event == "customer.consent.changed":
        # An Avro key: the snippet decodes it with its own AvroDeserializer into a dict.
        assert lines and all(line.startswith("{") for line in lines), lines
    else:
        # A string key, the event ID, as publish-examples writes it.
        assert lines and all(line.split(" ", 1)[0] in expected for line in lines), lines


def test_copy_buttons_copy_the_snippet_and_stay_hidden_without_javascript(herald_bin, tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    site = tmp_path / "site"
    subprocess.run([herald_bin, "build", "--catalog", str(SCHEMAS), "--out", str(site), "--templates",
                    str(ROOT / "templates")], check=True, capture_output=True, cwd=ROOT)
    page = site / "events" / "vehicle.configured.html"
    # Without JavaScript: every button is hidden, and the code is text in the page.
    text = page.read_text(encoding="utf-8")
    buttons = re.findall(r'<button type="button" class="copy-button"[^>]*>', text)
    assert len(buttons) == 5 and all(" hidden" in b for b in buttons)
    assert "AvroDeserializer(registry)" in snippet(page, "use-python-consume")
    assert "KafkaAvroDeserializer" in snippet(page, "use-java-consume")
    assert "-s value=avro -o beginning" in snippet(page, "use-kcat-consume")
    assert "-r http://localhost:8081" in snippet(page, "use-kcat-consume")

    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        # Lets the test read the clipboard back; writing needs no permission after a click.
        browser.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
        browser.get(page.as_uri())
        button = browser.find_element(By.CSS_SELECTOR, 'button[data-copy="use-python-consume"]')
        assert button.is_displayed()
        button.click()
        WebDriverWait(browser, 5).until(lambda d: button.text in ("Copied", "Select and copy"))
        assert button.text == "Copied", "the copy did not succeed"
        copied = browser.execute_async_script(
            "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('failed: ' + e))")
        assert copied == snippet(page, "use-python-consume")
    finally:
        browser.quit()
