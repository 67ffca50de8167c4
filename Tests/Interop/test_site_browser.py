"""The built site in headless Chromium, opened from disk: every page loads without console errors, every link and
image resolves, search finds events by name and by field, and screenshots are written for people to look at."""
import os
import pathlib
import re
import subprocess
import urllib.parse

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "site-screenshots"

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import wait_until


@pytest.fixture(scope="module")
def site(herald_bin, tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("site") / "site"
    subprocess.run([herald_bin, "build", "--catalog", str(ROOT / "schemas"), "--out", str(out),
                    "--templates", str(ROOT / "templates")], check=True, cwd=ROOT)
    return out


def make_driver(dark: bool = False, javascript: bool = True):
    if not os.path.exists("/usr/bin/chromedriver"):
        pytest.fail("/usr/bin/chromedriver is not installed (scripts/setup.sh test installs chromium-driver)")
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--allow-file-access-from-files"):
        options.add_argument(argument)
    if dark:
        options.add_argument("--force-dark-mode")
        options.add_argument("--blink-settings=preferredColorScheme=0")
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture(scope="module")
def driver():
    browser = make_driver()
    yield browser
    browser.quit()


def severe(browser):
    return [entry for entry in browser.get_log("browser") if entry.get("level") == "SEVERE"]


def resolve(page: pathlib.Path, reference: str, root: pathlib.Path):
    """The file a relative link from `page` names, or None for external and in-page links."""
    if reference.startswith(("#", "mailto:", "http://", "https://")) or reference == "":
        return None
    parsed = urllib.parse.urlparse(reference)
    if parsed.scheme == "file":
        return pathlib.Path(urllib.parse.unquote(parsed.path))
    assert not reference.startswith("/"), f"{page.relative_to(root)} links to absolute {reference}"
    return (page.parent / urllib.parse.unquote(parsed.path)).resolve()


def test_every_page_loads_cleanly_and_links_resolve(site, driver):
    pages = sorted(site.rglob("*.html"))
    linked = {site / "index.html", site / "404.html"}  # the entry page and the host's page for missing addresses
    for page in pages:
        driver.get(page.as_uri())
        assert driver.find_element(By.TAG_NAME, "main"), page
        assert driver.find_element(By.TAG_NAME, "h1").text.strip(), f"{page} has no heading"
        errors = severe(driver)
        assert not errors, f"{page.relative_to(site)}: {errors}"
        html = page.read_text(encoding="utf-8")
        for reference in re.findall(r'(?:href|src)="([^"]*)"', html):
            target = resolve(page, reference.replace("&amp;", "&"), site)
            if target is not None:
                assert target.exists(), f"{page.relative_to(site)} links to missing {reference}"
                if target.suffix == ".html":
                    linked.add(target)
        assert not re.findall(r'(?:href|src)="(data:[^"]*)"', html)
        for image in driver.find_elements(By.TAG_NAME, "img"):
            assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", image), \
                f"{page.relative_to(site)}: image {image.get_attribute('src')} did not load"
    # Every page is linked from another one, and nothing links to a page that was not built.
    assert sorted(linked) == pages


def test_every_schema_link_names_its_file_as_written(site):
    """Each version's link is a relative link to `events/<event>/v<N>.avsc`, saved as `<event>.v<N>.avsc`; that file
    holds the version's file byte for byte, and `latest.avsc` the newest version's, for every event of the bundled
    catalog."""
    links = 0
    for page in sorted((site / "events").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        for reference, name in re.findall(r'href="([^"]+\.avsc)" download="([^"]+)"', html):
            event, version = re.fullmatch(r"(.+)\.v(\d+)\.avsc", name).groups()
            assert reference == f"{event}/v{version}.avsc", reference
            sources = list((ROOT / "schemas").glob(f"**/{event}/v{version}.avsc"))
            assert len(sources) == 1, f"{name}: {sources}"
            assert (page.parent / reference).read_bytes() == sources[0].read_bytes(), name
            links += 1
        if page.name != "index.html":
            assert f'href="{page.stem}/latest.avsc"' in html, page.name
    versions = len(list((ROOT / "schemas").glob("**/v*.avsc")))
    events = len(list((ROOT / "schemas").glob("**/event.yaml")))
    # Each version is linked once in its event's version list, the latest once more in the schema bar.
    assert links == versions + events, f"{links} schema links for {versions} versions of {events} events"
    for event_yaml in (ROOT / "schemas").glob("**/event.yaml"):
        folder = event_yaml.parent
        newest = max(folder.glob("v*.avsc"), key=lambda path: int(path.stem[1:]))
        assert (site / "events" / folder.name / "latest.avsc").read_bytes() == newest.read_bytes(), folder.name
    assert len(list((site / "events").glob("*/*.avsc"))) == versions + events


def test_schema_link_saves_the_file_in_chromium(site, tmp_path):
    """Clicking a version's link in headless Chromium, from file://, saves the version's bytes."""
    browser = make_driver()
    try:
        browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
        browser.get((site / "events" / "order.placed.html").as_uri())
        browser.find_element(By.CSS_SELECTOR, 'a[download="order.placed.v1.avsc"]').click()
        wait_until(lambda: [p for p in tmp_path.iterdir() if p.suffix == ".avsc"], "Chromium saved the schema")
        saved = [p for p in tmp_path.iterdir() if p.suffix == ".avsc"]
        source = next((ROOT / "schemas").glob("**/order.placed/v1.avsc"))
        assert [p.read_bytes() for p in saved] == [source.read_bytes()], [p.name for p in saved]
    finally:
        browser.quit()


def search(driver, site, text):
    driver.get((site / "index.html").as_uri())
    box = driver.find_element(By.CSS_SELECTOR, "input.search-input")
    box.click()
    box.send_keys(text)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-results [role=option]"))
    return driver.find_elements(By.CSS_SELECTOR, ".search-results [role=option]")


def test_search_finds_an_event_by_name(site, driver):
    results = search(driver, site, "order.status")
    assert "order.status.changed" in results[0].text
    box = driver.find_element(By.CSS_SELECTOR, "input.search-input")
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("events/order.status.changed.html"))
    assert not severe(driver)


def test_search_finds_an_event_by_field_name(site, driver):
    results = search(driver, site, "trackingUrl")
    assert any("order.status.changed" in result.text for result in results)


def test_pages_work_without_javascript(site):
    """In Chromium with JavaScript switched off: the schema tree opens (<details> needs no script) and the search
    box submits to the event list, where every event is listed."""
    browser = make_driver(javascript=False)
    try:
        browser.get((site / "events" / "order.status.changed.html").as_uri())
        # Proof that scripts are off: with them on, typing makes search.js add search-index.js to the page at once.
        box = browser.find_element(By.CSS_SELECTOR, "input.search-input")
        box.send_keys("order.status")
        assert browser.find_elements(By.CSS_SELECTOR, 'script[src$="search-index.js"]') == []
        assert browser.find_elements(By.CSS_SELECTOR, ".search-results [role=option]") == []
        field = browser.find_element(By.XPATH, "//details[.//*[contains(text(), 'trackingUrl')]]")
        summary = field.find_element(By.TAG_NAME, "summary")
        if field.get_attribute("open") is None:
            summary.click()
        assert field.get_attribute("open") is not None
        assert browser.find_element(By.XPATH, "//*[contains(text(), 'trackingUrl')]").is_displayed()
        box.send_keys(Keys.ENTER)
        wait_until(lambda: "/events/index.html?q=order.status" in browser.current_url, "the search form was submitted")
        listed = {a.text.strip() for a in browser.find_elements(By.CSS_SELECTOR, "main a")}
        assert "order.status.changed" in listed
        assert not severe(browser)
    finally:
        browser.quit()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(site, scheme):
    SCREENSHOTS.mkdir(exist_ok=True)
    browser = make_driver(dark=scheme == "dark")
    try:
        for name, path in [("home", "index.html"), ("event", "events/order.status.changed.html"),
                           ("service", "services/order-service.html")]:
            browser.get((site / path).as_uri())
            height = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(1280, min(max(height, 900), 4000))
            browser.save_screenshot(str(SCREENSHOTS / f"{name}-{scheme}.png"))
            if scheme == "dark":
                background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
                assert background != "rgb(247, 246, 243)", "dark mode did not apply"
        browser.set_window_size(390, 900)
        browser.get((site / "events/order.status.changed.html").as_uri())
        browser.save_screenshot(str(SCREENSHOTS / f"event-mobile-{scheme}.png"))
        assert not severe(browser)
    finally:
        browser.quit()


def test_not_found_page_works_at_any_depth_with_a_base_url(herald_bin, tmp_path, driver):
    """Served as a static host does (404.html for every missing address), the page built with --base-url loads its
    stylesheet and script and links back into the catalog even from a missing address deep in a subfolder."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (tmp_path / "www" / "catalog" / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(tmp_path / "www")))
    base = f"http://127.0.0.1:{server.server_address[1]}/catalog/"
    subprocess.run([herald_bin, "build", "--catalog", str(ROOT / "schemas"), "--out", str(tmp_path / "www" / "catalog"),
                    "--templates", str(ROOT / "templates"), "--base-url", base], check=True, cwd=ROOT)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        driver.get(base + "events/no/such/page.html")
        assert driver.find_element(By.TAG_NAME, "h1").text.strip() == "Page not found"
        loaded = driver.execute_script(
            "return Array.from(document.styleSheets).some(s => s.href && s.href.endsWith('assets/site.css') && s.cssRules.length > 0)")
        assert loaded, "the stylesheet did not load from the 404 page"
        # The only console error is the 404 status of the page itself.
        assert all("404" in entry.get("message", "") for entry in severe(driver))
        driver.find_element(By.LINK_TEXT, "All events").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url == base + "events/index.html")
        assert driver.find_element(By.TAG_NAME, "h1").text.strip()
    finally:
        server.shutdown()
        server.server_close()
