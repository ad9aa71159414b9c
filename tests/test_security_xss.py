"""Stored XSS in a real headless Chromium: an article whose title, text (inside the evidence
sentences) and URL carry script and event-handler payloads is stored, then shown in the event
panel and the document view. Every payload sets `window.__xss`; it must stay undefined, and the
payload must show as text. Skips like tests/test_web_ui.py (and fails instead under
EVENTATLAS_REQUIRE_BROWSER)."""

from __future__ import annotations

import time

import pytest

from conftest import SEED_PUBLISHED
from test_web_ui import _get, _wait, headless_chromium, serving
from test_web_ui import pytestmark as web_ui_marks

pytestmark = web_ui_marks

TITLE = ('<script>window.__xss="title"</script><img src=x onerror="window.__xss=\'title-img\'">'
         "Douma report")
PAYLOADS = [
    "<script>window.__xss='script'</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    "<svg onload=\"window.__xss='svg'\"></svg>",
    "<a href=\"javascript:window.__xss='href'\">link</a>",
    "<iframe srcdoc=\"<script>parent.__xss='iframe'</script>\"></iframe>",
    "\"><body onload=\"window.__xss='attr'\">",
]
TEXT = "\n\n".join([
    f"Syrian government forces shelled the town of Douma on Tuesday {PAYLOADS[0]}, killing 12 "
    "civilians, the Syrian Observatory for Human Rights said.",
    f"A car bomb exploded near a checkpoint in Azaz {PAYLOADS[1]} on Monday, wounding 20 "
    "people, according to the civil defence.",
    f"At least 30 families fled Raqqa {PAYLOADS[2]} towards Hasakah after Islamic State "
    f"fighters seized their homes {PAYLOADS[3]}, local sources said.",
    f"Residents said {PAYLOADS[4]} the shelling continued {PAYLOADS[5]} into the night.",
])
URL = "javascript:window.__xss='url'"
DOCUMENT_ID = "xss-1"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, pipeline):
    """`eventatlas serve` over a DuckDB file holding the hostile article."""
    from eventatlas.ingest import build_document
    from eventatlas.ingest.reader import RawInput
    from eventatlas.store import open_store

    db = tmp_path_factory.mktemp("xss") / "xss.duckdb"
    store = open_store(str(db))
    document = build_document(RawInput("hostile", TEXT, False), doc_id=DOCUMENT_ID,
                              title=TITLE, published=SEED_PUBLISHED, url=URL)
    outcome = store.add_document(pipeline.process(document))
    assert outcome.status == "added" and outcome.event_ids, "the hostile article gave no event"
    store.close()
    with serving(db, "xss-token") as base:
        yield base, outcome.event_ids


@pytest.fixture(scope="module")
def browser():
    with headless_chromium() as driver:
        yield driver


def _no_injected_markup(panel) -> None:
    from selenium.webdriver.common.by import By

    for tag in ("script", "img", "svg", "iframe", "body"):
        assert not panel.find_elements(By.CSS_SELECTOR, tag), f"a <{tag}> got into the panel"
    for link in panel.find_elements(By.CSS_SELECTOR, "a[href]"):
        assert not link.get_attribute("href").lower().startswith("javascript:"), \
            link.get_attribute("href")


def test_payloads_in_title_text_and_url_never_run(hostile_server, browser):
    from selenium.webdriver.common.by import By

    base, event_ids = hostile_server
    browser.get(f"{base}/")
    _wait(browser, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"),
          "the page never finished loading")
    stored = _get(f"{base}/events/{event_ids[0]}")
    with_payload = next((event_id for event_id in event_ids
                         if "<" in " ".join(span["text"] for span in
                                            _get(f"{base}/events/{event_id}")["evidence"])),
                        event_ids[0])

    # The event panel: evidence sentences, the source title and its (refused) link.
    browser.execute_script("openEvent(arguments[0])", with_payload)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#evidence blockquote"),
          "the event panel shows no evidence")
    panel = browser.find_element(By.ID, "panel")
    assert "<script>window.__xss=\"title\"</script>" in panel.text  # the title, as text
    evidence = " ".join(quote.text for quote in
                        panel.find_elements(By.CSS_SELECTOR, "#evidence blockquote"))
    assert "<" in evidence and ("onerror" in evidence or "<script>" in evidence
                                or "onload" in evidence or "javascript:" in evidence), evidence
    _no_injected_markup(panel)
    assert stored["sources"][0]["url"] == URL  # stored as given, but never made a link

    # The document view: the clean text with every payload as text.
    browser.execute_script("openDocument(arguments[0], arguments[1])", DOCUMENT_ID,
                           with_payload)
    view = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".document-text"),
                 "no document view")[0]
    for payload in PAYLOADS:
        assert payload in view.text, payload
    _no_injected_markup(browser.find_element(By.ID, "panel"))
    time.sleep(0.5)  # give any injected handler (onerror, onload) the chance to fire
    assert browser.execute_script("return typeof window.__xss") == "undefined"
    assert browser.execute_script("return typeof parent.__xss") == "undefined"
