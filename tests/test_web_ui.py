"""The web UI in a real headless Chromium (Debian's chromium + chromium-driver, driven by
Selenium), against the real server (`eventatlas serve`) on a free loopback port with the seed
report loaded. Skips cleanly when no Chromium, no chromedriver, no Selenium or no built UI
(`npm ci && npm run build` in web/) is there. Saves docs/screenshot.png."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SEED, SEED_PUBLISHED

ROOT = Path(__file__).parents[1]
INDEX = ROOT / "src" / "eventatlas" / "web" / "static" / "index.html"
SCREENSHOT = ROOT / "docs" / "screenshot.png"
TOKEN = "ui-test-token"
WAIT_S = 30


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = os.environ.get("EVENTATLAS_CHROMIUM") or _binary("chromium", "chromium-browser")
CHROMEDRIVER = os.environ.get("EVENTATLAS_CHROMEDRIVER") or _binary("chromedriver")

# CI sets EVENTATLAS_REQUIRE_BROWSER so that a missing browser fails instead of skipping.
_MISSING = [name for name, found in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER),
                                     ("the built UI", INDEX.is_file() or None)) if not found]
if _MISSING and os.environ.get("EVENTATLAS_REQUIRE_BROWSER"):
    raise RuntimeError(f"UI tests need {', '.join(_MISSING)} (EVENTATLAS_REQUIRE_BROWSER is set)")

pytestmark = [
    pytest.mark.slow,  # a browser per module: `make test` runs them, `make test-fast` does not
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)"),
    pytest.mark.skipif(CHROMEDRIVER is None,
                       reason="no chromedriver (apt-get install chromium-driver)"),
    pytest.mark.skipif(not INDEX.is_file(),
                       reason="web UI not built (cd web && npm ci && npm run build)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict[str, str] | None = None, data: bytes | None = None) -> dict:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    """`eventatlas serve` in a subprocess over a DuckDB file holding the seed report."""
    from eventatlas.ingest import build_document, read_path
    from eventatlas.store import open_store

    db = tmp_path_factory.mktemp("ui") / "ui.duckdb"
    store = open_store(str(db))
    store.add_document(pipeline.process(build_document(read_path(SEED),
                                                       published=SEED_PUBLISHED)))
    store.close()  # the server process owns the file from here on
    with serving(db, TOKEN) as base:
        yield base


@contextmanager
def serving(db: Path, token: str) -> Iterator[str]:
    """`eventatlas serve` over `db` in a subprocess on a free loopback port; yields its URL."""
    port = _free_port()
    env = os.environ | {"EVENTATLAS_TOKEN": token}
    env.pop("EVENTATLAS_READ_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "eventatlas.cli", "serve", "--db", str(db), "--host",
         "127.0.0.1", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT_S
    while True:
        try:
            _get(f"{base}/health")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                process.kill()
                pytest.fail(f"server did not start: {output}")
            time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with headless_chromium() as driver:
        yield driver


@contextmanager
def headless_chromium() -> Iterator[object]:
    """A Selenium driver for Debian's headless Chromium."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1400,900", "--lang=en-GB"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_S)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_S).until(condition, message)


def _click_visible(driver, selector: str) -> bool:
    """Click the first visible match; False (try again) while the map is still re-drawing
    its markers, which replaces the elements under the driver."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        for element in driver.find_elements(By.CSS_SELECTOR, selector):
            if element.is_displayed():
                element.click()
                return True
    except StaleElementReferenceException:
        return False
    return False


def _open_an_event(driver) -> bool:
    """True once the event panel shows evidence; until then, click a visible marker again
    (a click can land while the cluster is still spreading out)."""
    from selenium.webdriver.common.by import By

    if driver.find_elements(By.CSS_SELECTOR, "#evidence blockquote"):
        return True
    _click_visible(driver, ".ea-marker")
    return False


def _ready(driver, base: str) -> None:
    driver.get(f"{base}/")
    _wait(driver, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"),
          "the page never finished loading")


def test_map_markers_flows_evidence_and_review(server, browser):
    from selenium.webdriver.common.by import By

    _ready(browser, server)
    api_events = _get(f"{server}/events")
    assert api_events["total"] >= 8
    status = browser.find_element(By.ID, "status").text
    assert status.startswith(f"{api_events['total']} events")
    markers = browser.find_elements(By.CSS_SELECTOR, ".ea-marker, .marker-cluster")
    assert markers, "no event markers on the map"
    flows = browser.find_elements(By.CSS_SELECTOR, "path.ea-flow")
    assert len(flows) >= 2, "no flow arrows"
    assert browser.find_elements(By.CSS_SELECTOR, ".ea-flow-arrow svg path")
    labels = " ".join(e.text for e in browser.find_elements(By.CSS_SELECTOR, ".ea-flow-count"))
    assert "24–99 families" in labels
    assert browser.find_elements(By.CSS_SELECTOR, "#timeline rect.bar")
    assert browser.find_elements(By.CSS_SELECTOR, ".leaflet-overlay-pane path"), "no base map"

    # The seed's events share Raqqa's point: clicking the cluster spreads them out.
    _wait(browser, lambda d: _click_visible(d, ".marker-cluster")
          or _click_visible(d, ".ea-marker"), "no cluster or marker to click")
    time.sleep(0.5)  # let the spider animation settle
    _wait(browser, _open_an_event, "no event marker opened an event")
    quote = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#evidence blockquote"),
                  "the event panel shows no evidence")[0]
    event_id = browser.find_element(By.CSS_SELECTOR, "#panel dl").text.split("id\n")[-1].strip()
    event = _get(f"{server}/events/{event_id}")
    assert quote.text.split("\n")[0] in {span["text"].strip() for source in event["sources"]
                                         for span in source["evidence"]}
    SCREENSHOT.parent.mkdir(exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT))

    # Review without a token: the server refuses and the panel says why.
    browser.find_element(By.XPATH, "//button[text()='Confirm']").click()
    _wait(browser, lambda d: "401" in d.find_element(By.CSS_SELECTOR, ".message").text,
          "no 401 message")
    browser.find_element(By.CSS_SELECTOR, "#tools summary").click()
    token = browser.find_element(By.NAME, "token")
    token.send_keys(TOKEN)
    browser.find_element(By.XPATH, "//button[text()='Keep']").click()
    browser.find_element(By.XPATH, "//button[text()='Confirm']").click()
    _wait(browser, lambda d: "confirmed" in d.find_element(By.ID, "panel").text,
          "the review did not reach the store")
    assert _get(f"{server}/events/{event_id}")["review_status"] == "confirmed"

    # The document view: evidence and entities highlighted in the clean text.
    browser.find_element(By.CSS_SELECTOR, "button.doc-link").click()
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".document-text .ev-span"),
          "no highlighted evidence in the document view")
    assert browser.find_elements(By.CSS_SELECTOR, ".document-text .ent-GPE")
    assert browser.find_elements(By.CSS_SELECTOR, ".document-text .ev-span.current")


def test_timeline_brush_filters_the_map(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    _ready(browser, server)
    before = browser.find_element(By.ID, "status").text
    chart = browser.find_element(By.ID, "timeline")
    width = chart.size["width"]
    # Drag over the left half: only the summer 2016 relocation (Mosul → Syria) is there.
    ActionChains(browser).move_to_element_with_offset(chart, -width // 2 + 2, 0) \
        .click_and_hold().move_by_offset(width // 2 - 4, 0).release().perform()
    _wait(browser, lambda d: d.find_element(By.ID, "status").text != before
          and "–" in d.find_element(By.ID, "status").text, "the brush did not filter")
    status = browser.find_element(By.ID, "status").text
    assert status.startswith("1 events"), status


def test_article_text_is_rendered_as_text(server, browser):
    from selenium.webdriver.common.by import By

    text = (SEED.read_text(encoding="utf-8")
            + '\n\nA reader wrote <img src=x onerror="window.pwned=1"> and <b>bold</b> here.')
    body = json.dumps({"text": text, "published": "2016-11-11", "id": "markup-1"}).encode()
    posted = _get(f"{server}/documents", data=body, headers={
        "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert posted["document_id"] == "markup-1"
    _ready(browser, server)
    browser.execute_script("window.eventAtlas.openDocument('markup-1', null)")
    view = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".document-text"),
                 "no document view")[0]
    assert '<img src=x onerror="window.pwned=1">' in view.text
    assert not view.find_elements(By.CSS_SELECTOR, "img, b")
    assert browser.execute_script("return window.pwned === undefined")
