"""`herald serve`'s live layer with hostile data: the hostile catalog of test_site_hostile served live, records whose
values, keys and headers hold HTML, script, `javascript:` URLs and Mustache delimiters, accepted and refused, shown
on the event page's live panel and the trace page in headless Chromium, where nothing executes."""
import json

import pytest

from conftest import wait_until
from test_serve import ServeProcess, get
from test_serve_live import publish as publish_to
from test_site_hostile import executed, javascript_urls, mark, payloads, write_catalog

EVENT = "evil.thing.happened"
TRACE_ID = "0af7651916cd43dd8448eb211c80319c"


@pytest.fixture
def serve(herald_bin, tmp_path):
    write_catalog(tmp_path / "catalog")
    process = ServeProcess(herald_bin, tmp_path / "catalog", tmp_path / "serve.log").start()
    yield process
    process.stop()


def publish(serve, datum, headers=None):
    return publish_to(serve, EVENT, json.dumps(datum).encode(), headers)


def produce_refused(serve):
    """A record a client sends without the registry's framing, its key and headers hostile: refused and listed."""
    from confluent_kafka import Producer

    producer = Producer({"bootstrap.servers": f"127.0.0.1:{serve.ports['kafka']}", "linger.ms": 0,
                         "message.send.max.retries": 0})
    errors = []
    producer.produce(EVENT, key=payloads("record-key").encode(), value=payloads("record-value").encode(),
                     headers=[("x-evil" + payloads("header-name"), payloads("header-value").encode())],
                     callback=lambda err, msg: errors.append(err))
    producer.flush(30)
    return errors


def live(serve):
    status, body = get(serve.url(f"/_live/records?topic={EVENT}"))
    assert status == 200, body
    return json.loads(body)


def panel_text(browser):
    """The live panel's text, read in one step (the panel is redrawn as records arrive)."""
    return browser.execute_script("return document.getElementById('herald-records').innerText")


def test_hostile_records_render_inert_on_the_live_panel_in_chromium(serve):
    from selenium.webdriver.common.by import By

    from test_site_browser import make_driver

    hostile = {"eventId": payloads("live-id"), "note": payloads("live-note"),
               "link": f"javascript:{mark('live-link')}"}
    status, answer = publish(serve, hostile, {"traceparent": f"00-{TRACE_ID}-b7ad6b7169203331-01"})
    assert status == 200 and answer["published"] is True, answer
    # A datum the schema refuses, with hostile text where the refusal message quotes it.
    status, answer = publish(serve, {"eventId": payloads("refused-id"), "note": 5, "link": "x"})
    assert answer["published"] is False, answer
    errors = produce_refused(serve)
    assert len(errors) == 1 and errors[0] is not None, errors
    wait_until(lambda: live(serve)["refused"], "the refused record in the live layer")

    browser = make_driver()
    try:
        browser.get(serve.url(f"/events/{EVENT}.html"))
        wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#herald-records tr.live-record"),
                   "the published record on the live panel")
        panel = panel_text(browser)
        # The hostile strings are there as text, not as markup.
        assert "<script>" in panel and "live-id-script" in panel, panel
        assert executed(browser) == []
        assert javascript_urls(browser) == []
        # The same record arriving over the stream while the page is open.
        status, answer = publish(serve, {**hostile, "eventId": payloads("streamed-id")})
        assert answer["published"] is True, answer
        wait_until(lambda: browser.execute_script(
            "return document.querySelectorAll('#herald-records tr.live-record').length") == 2,
                   "the streamed record on the open page")
        assert "streamed-id-script" in panel_text(browser)
        assert executed(browser) == []
        assert javascript_urls(browser) == []
        # The publish form's result with a refusal quoting hostile text.
        datum = browser.find_element(By.ID, "herald-datum")
        datum.clear()
        datum.send_keys(json.dumps({"eventId": payloads("form-id"), "note": 7, "link": "y"}))
        browser.find_element(By.CSS_SELECTOR, "#herald-publish button[type=submit]").click()
        wait_until(lambda: browser.find_element(By.ID, "herald-publish-result").text.strip(), "the publish result")
        assert executed(browser) == []
        assert javascript_urls(browser) == []
        # The trace page lists the hostile record.
        browser.get(serve.url(f"/_live/trace/{TRACE_ID}"))
        wait_until(lambda: browser.find_elements(By.CSS_SELECTOR, "#herald-trace li.live-trace-step"), "the trace step")
        assert executed(browser) == []
        assert javascript_urls(browser) == []
    finally:
        browser.quit()
