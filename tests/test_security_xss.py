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
    browser.execute_script("window.eventAtlas.openEvent(arguments[0])", with_payload)
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
    browser.execute_script("window.eventAtlas.openDocument(arguments[0], arguments[1])",
                           DOCUMENT_ID, with_payload)
    view = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".document-text"),
                 "no document view")[0]
    for payload in PAYLOADS:
        assert payload in view.text, payload
    _no_injected_markup(browser.find_element(By.ID, "panel"))
    time.sleep(0.5)  # give any injected handler (onerror, onload) the chance to fire
    assert browser.execute_script("return typeof window.__xss") == "undefined"
    assert browser.execute_script("return typeof parent.__xss") == "undefined"


# Markup that the CSP does not stop: an element with a (failing) image, a link and inline
# style. Rendered as HTML anywhere, it creates an <img src="x">, an <a href="https://evil…">
# or a <b style=…>; rendered as text, it shows literally.
MARKUP = ('<img src=x onerror="window.__xss=\'img\'"><a href="https://evil.example/">link</a>'
          '<b style="font-size:90px">bold</b>')
INJECTED = ('img[src="x"], a[href^="https://evil.example"], b[style], [style*="90px"]')
REVIEW_ID = "xss-review-1"
REVIEW_TEXT = "\n\n".join([
    "At least 30 families fled Raqqa towards Hasakah on Monday after Islamic State fighters "
    "seized their homes, local sources said.",
    f"Syrian government forces shelled the town of Douma {MARKUP} on Tuesday, killing 12 "
    "civilians, the Syrian Observatory for Human Rights said.",
])


def _marked(name: str) -> str:
    return f"{name} {MARKUP}"


def _post(url: str, body: dict, token: str) -> dict:
    """A write through the API (extraction can take a while on a busy machine)."""
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        pytest.fail(f"POST {url} {body}: {error.code} {error.read().decode()}")


@pytest.fixture(scope="module")
def reviewed_server(tmp_path_factory):
    """`eventatlas serve` over a fresh store into which the article (title and text) and the
    reviewers' corrections (place names, admin1, actors, attribution, quantity unit, reviewer
    name, note) all went through the API with markup in them. Yields the URL, the movement's
    and the attack's fused event ids."""
    token = "xss-review-token"
    db = tmp_path_factory.mktemp("xss-review") / "review.duckdb"
    with serving(db, token) as base:
        posted = _post(f"{base}/documents", {
            "text": REVIEW_TEXT, "title": _marked("Title"), "published": SEED_PUBLISHED.isoformat(),
            "id": REVIEW_ID}, token)
        assert posted["status"] == "added", posted
        events = _get(f"{base}/events?limit=100")["events"]
        movement = next((e for e in events if e["family"] == "movement"), None)
        attack = next((e for e in events if e["family"] != "movement"), None)
        assert movement and attack, f"the article gave no movement and attack: {events}"

        def review(event_id: str, field: str, value: object) -> None:
            _post(f"{base}/events/{event_id}/review", {
                "action": "correct", "field": field, "value": value,
                "reviewer": _marked("Reviewer"), "note": _marked("Note")}, token)

        def place(name: str, lat: float, lon: float) -> dict:
            return {"name": _marked(name), "lat": lat, "lon": lon, "admin1": _marked("Admin1"),
                    "country_code": "SY", "text": _marked(f"{name} text")}

        review(movement["id"], "origin", place("Origin", 35.95, 39.01))
        review(movement["id"], "destination", place("Destination", 36.5, 40.75))
        review(movement["id"], "quantity", {"value": 30, "unit": _marked("families"),
                                            "text": _marked("Quantity")})
        review(movement["id"], "actors", [{"role": "actor", "name": _marked("Actor")},
                                          {"role": "affected", "name": _marked("Affected")}])
        review(movement["id"], "attribution", {"source": _marked("Source")})
        review(attack["id"], "location", place("Place", 33.57, 36.4))
        yield base, movement["id"], attack["id"]


def _assert_nothing_injected(browser, where: str) -> None:
    found = browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map((n) => n.outerHTML)", INJECTED)
    assert found == [], f"{where}: markup became elements: {found}"


def test_markup_in_every_writable_field_is_shown_as_text(reviewed_server, browser):
    from selenium.webdriver.common.by import By

    base, movement_id, attack_id = reviewed_server
    flows = _get(f"{base}/flows")["flows"]
    assert any(MARKUP in flow["origin"]["name"] for flow in flows), flows  # the API keeps it
    browser.get(f"{base}/")
    _wait(browser, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"),
          "the page never finished loading")
    _assert_nothing_injected(browser, "map")

    # Flow tooltips (the reported hole: a string tooltip is HTML to Leaflet) and count badges.
    tooltips = browser.execute_script("""
        const shown = [];
        window.eventAtlas.flowLayer().eachLayer((layer) => {
          if (!layer.getTooltip || !layer.getTooltip()) return;
          layer.openTooltip();
          const node = layer.getTooltip().getElement();
          shown.push({text: node.textContent,
                      elements: [...node.querySelectorAll("img, a, b, [style]")].length});
        });
        return shown;""")
    assert any(_marked("Origin") in tip["text"] and _marked("Destination") in tip["text"]
               for tip in tooltips), tooltips
    assert all(tip["elements"] == 0 for tip in tooltips), tooltips
    _assert_nothing_injected(browser, "flow tooltips")
    badges = " ".join(e.text for e in browser.find_elements(By.CSS_SELECTOR, ".ea-flow-count"))
    assert _marked("families") in badges, badges

    # The event panel: places, actors, attribution, quantity, the review history.
    browser.execute_script("window.eventAtlas.openEvent(arguments[0])", movement_id)
    _wait(browser, lambda d: _marked("Reviewer") in d.find_element(By.ID, "panel").text,
          "the movement's panel never showed its review history")
    panel = browser.find_element(By.ID, "panel").text
    for name in ("Origin", "Destination", "Admin1", "Actor", "Affected", "Source", "families",
                 "Reviewer", "Note"):
        assert _marked(name) in panel, name
    _assert_nothing_injected(browser, "movement panel")

    browser.execute_script("window.eventAtlas.openEvent(arguments[0])", attack_id)
    _wait(browser, lambda d: _marked("Place") in d.find_element(By.ID, "panel").text,
          "the attack's panel never showed the corrected place")
    evidence = " ".join(quote.text for quote in
                        browser.find_elements(By.CSS_SELECTOR, "#evidence blockquote"))
    assert MARKUP in evidence and _marked("Title") in browser.find_element(By.ID, "panel").text
    _assert_nothing_injected(browser, "attack panel and evidence")

    # The document view: title and text.
    browser.execute_script("window.eventAtlas.openDocument(arguments[0], arguments[1])",
                           REVIEW_ID, attack_id)
    view = _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".document-text"),
                 "no document view")[0]
    assert MARKUP in view.text
    assert _marked("Title") in browser.find_element(By.CSS_SELECTOR, "#panel h2").text
    _assert_nothing_injected(browser, "document view")
    time.sleep(0.5)  # give an injected onerror the chance to fire
    assert browser.execute_script("return typeof window.__xss") == "undefined"
