"""A catalog whose every free-text field is hostile (HTML, <script>, event handlers, javascript: URLs, Mustache
delimiters) builds a site where all of it renders inert: asserted on the HTML and, with JavaScript on, in headless
Chromium on every page and in the search results."""
import json
import pathlib
import subprocess

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import wait_until
from test_site_browser import make_driver

ROOT = pathlib.Path(__file__).resolve().parents[2]


def mark(tag):
    """JavaScript that records that payload `tag` ran."""
    return f"window.__pwned=(window.__pwned||[]).concat('{tag}')"


def payloads(tag):
    """The same attack in every shape, each recording `tag` if it ever runs."""
    return " ".join([
        f"<script>{mark(tag + '-script')}</script>",
        f"<img src=x onerror=\"{mark(tag + '-img')}\">",
        f"\"><svg onload=\"{mark(tag + '-svg')}\">",
        f"</script><script>{mark(tag + '-breakout')}</script>",
        f"[link](javascript:{mark(tag + '-md')})",
        f"<a href=\"javascript:{mark(tag + '-a')}\">click</a>",
        "{{title}} {{{title}}} {{#teams}}T{{/teams}} {{=<% %>=}} <% title %> {{> page}} {{!c}}",
    ])


def js_url(tag):
    return f"javascript:{mark(tag)}"


def write_catalog(root: pathlib.Path):
    (root / "hostile" / "evil.thing.happened" / "examples").mkdir(parents=True)
    catalog = {
        "title": "Hostile " + payloads("title"),
        "description": payloads("catalog-description"),
        "defaults": {"compatibility": "BACKWARD"},
        "teams": {
            "evil-team": {"name": "Evil " + payloads("team-name"), "email": "evil@example.com",
                          "slack": "#evil<script>" + mark("slack") + "</script>"},
        },
        "services": {
            "evil-producer": {"name": "Producer " + payloads("service-name"), "owner": "evil-team",
                              "description": payloads("service-description"), "repository": js_url("repository")},
            "evil-consumer": {"name": "Consumer", "owner": "evil-team", "description": "x",
                              "repository": " JaVaScRiPt:" + mark("repository-mixed-case")},
        },
    }
    # JSON is YAML: every string is quoted, so the payloads reach Herald as written.
    (root / "catalog.yaml").write_text(json.dumps(catalog, indent=2))
    event = {
        "summary": "Summary " + payloads("summary"),
        "description": payloads("event-description"),
        "owner": "evil-team", "producer": "evil-producer", "consumers": ["evil-consumer"],
        "volume": "10/day", "tags": ["tag<script>" + mark("tag") + "</script>"],
    }
    folder = root / "hostile" / "evil.thing.happened"
    (folder / "event.yaml").write_text(json.dumps(event, indent=2))
    schema = {
        "type": "record", "name": "EvilThingHappened", "namespace": "com.example.hostile",
        "doc": payloads("schema-doc"),
        "fields": [
            {"name": "eventId", "type": "string", "doc": payloads("field-doc")},
            {"name": "note", "type": "string", "default": payloads("default"), "doc": "{{#x}}{{/x}}"},
            {"name": "link", "type": "string", "doc": js_url("field-link")},
        ],
    }
    (folder / "v1.avsc").write_text(json.dumps(schema, indent=2))
    example = {"eventId": payloads("example-id"), "note": payloads("example-note"), "link": js_url("example-link")}
    (folder / "examples" / "hostile.json").write_text(json.dumps(example, indent=2))


@pytest.fixture(scope="module")
def hostile_site(herald_bin, tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    write_catalog(base / "catalog")
    out = base / "site"
    run = subprocess.run([herald_bin, "build", "--catalog", str(base / "catalog"), "--out", str(out),
                          "--templates", str(ROOT / "templates")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def pages(site):
    return sorted(p for p in site.rglob("*.html"))


def test_hostile_text_is_escaped_in_every_page(hostile_site):
    found = pages(hostile_site)
    assert len(found) >= 4
    for page in found:
        html = page.read_text()
        lowered = html.lower()
        assert "<script>window.__pwned" not in html, page
        assert "onerror=\"window.__pwned" not in lowered, page
        assert "<svg onload" not in lowered, page
        assert "href=\"javascript:" not in lowered and "href=\" javascript:" not in lowered, page
        assert "src=\"javascript:" not in lowered, page
        # Mustache delimiters in catalog text stay text: never expanded, never a delimiter switch.
        if "evil.thing.happened" in page.name:
            assert "{{title}}" in html and "{{=&lt;% %&gt;=}}" in html.replace("&#61;", "="), page


def executed(driver):
    try:
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        return [f"alert: {text}"]
    except NoAlertPresentException:
        pass
    return driver.execute_script("return window.__pwned || []")


def javascript_urls(driver):
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('*')).flatMap(element =>
            ['href', 'src', 'action', 'formaction', 'xlink:href'].map(name => element.getAttribute(name))
                .filter(value => value && /^\\s*javascript:/i.test(value)));
    """)


def test_nothing_executes_in_chromium(hostile_site):
    driver = make_driver()
    try:
        for page in pages(hostile_site):
            driver.get(page.as_uri())
            wait_until(lambda: driver.execute_script("return document.readyState") == "complete", f"{page} loads")
            assert executed(driver) == [], page
            assert javascript_urls(driver) == [], page
            # Follow every link's target in place without navigating: a click on a javascript: URL would run it.
            for link in driver.find_elements(By.CSS_SELECTOR, "a[href]"):
                assert not link.get_attribute("href").lower().lstrip().startswith("javascript:"), page
        # The search renders results from the index with script: hostile summaries must stay text there too.
        for query in ("evil", "thing", "happened"):
            driver.get((hostile_site / "index.html").as_uri())
            box = driver.find_element(By.CSS_SELECTOR, "input.search-input")
            box.click()
            box.send_keys(query)
            WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-results [role=option]"))
            assert "evil.thing.happened" in driver.find_element(By.CSS_SELECTOR, ".search-results").text
            assert executed(driver) == [], query
            assert javascript_urls(driver) == [], query
            assert driver.execute_script("return document.querySelectorAll('.search-results script, .search-results img, .search-results svg').length") == 0
    finally:
        driver.quit()
