"""The analyst's app in a real headless Chromium over the demo store (the seed report and FA-KES
articles, fused): layout at phone and desktop sizes, the events table, export, forgiving search,
state in the URL, the review form, the readable map, accessibility (axe-core) and summaries.

The store is a copy of $EVENTATLAS_DEMO_DB (default /tmp/demo.duckdb, what `eventatlas demo`
writes in this workplace) when there is one, else built here from the seed and the first
FA-KES dev articles. Screenshots go to tmp/artifacts/ (git-ignored by a .gitignore the test
writes there). Skips as tests/test_web_ui.py does when no browser or no built UI is there."""

from __future__ import annotations

import os
import shutil
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from test_web_ui import _get, _wait, headless_chromium, pytestmark, serving  # noqa: F401

ROOT = Path(__file__).parents[1]
DEMO_DB = Path(os.environ.get("EVENTATLAS_DEMO_DB", "/tmp/demo.duckdb"))
ARTIFACTS = Path(os.environ.get("EVENTATLAS_ARTIFACTS", ROOT / "tmp" / "artifacts"))
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
TOKEN = "app-test-token"
FALLBACK_ARTICLES = 80  # FA-KES articles loaded when no demo store is there to copy
FIRST_RENDER_BUDGET_MS = 2000
EXPORT_BUDGET_MS = 3000
WIDE, NARROW = (1400, 900), (400, 800)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    from eventatlas.commands.demo import default_fakes, load_demo

    db = tmp_path_factory.mktemp("app") / "demo.duckdb"
    if DEMO_DB.is_file():
        shutil.copy(DEMO_DB, db)
    else:
        load_demo(str(db), default_fakes(), FALLBACK_ARTICLES)
    with serving(db, TOKEN) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with headless_chromium() as driver:
        yield driver


def artifact(driver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ignore = ARTIFACTS.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


def open_app(driver, base: str, query: str = "", size=WIDE) -> None:
    driver.set_window_size(*size)
    driver.get(f"{base}/{query}")
    _wait(driver, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"),
          "the page never finished loading")
    _wait(driver, lambda d: d.execute_script(
        "return !document.querySelector('.leaflet-cluster-anim, .leaflet-zoom-anim')"),
          "the map never stopped animating")


def rect(driver, selector: str) -> dict:
    return driver.execute_script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,"
        " height: r.height};", selector)


def table_rows(driver) -> list[dict]:
    return driver.execute_script(
        "return [...document.querySelectorAll('#events-table tbody tr[data-event-id]')].map("
        "tr => ({id: tr.dataset.eventId, cells: [...tr.cells].map(td => td.textContent)}));")


def api_rows(base: str, **filters) -> dict:
    query = urllib.parse.urlencode({"format": "rows", "limit": 20000, **filters})
    return _get(f"{base}/events?{query}")


def status(driver) -> str:
    return driver.find_element("id", "status").text


# --- 1. layout -----------------------------------------------------------------------------


def test_layout_side_by_side_on_a_desktop_and_stacked_on_a_phone(app_server, browser):
    open_app(browser, app_server, size=WIDE)
    ms = int(browser.execute_script("return document.body.dataset.firstRenderMs"))
    assert ms < FIRST_RENDER_BUDGET_MS, f"first render took {ms} ms"
    mapped, table, panel = (rect(browser, s) for s in ("#map", "#events-table-section", "#panel"))
    assert mapped["width"] >= 450 and mapped["height"] >= 400
    assert mapped["right"] <= table["left"] + 1 and table["right"] <= panel["left"] + 1
    assert abs(mapped["top"] - table["top"]) < 2
    assert browser.find_elements("css selector", ".ea-marker, .ea-cluster")
    artifact(browser, "app-1400x900.png")

    open_app(browser, app_server, size=NARROW)
    header, mapped = rect(browser, "header"), rect(browser, "#map")
    table, panel = rect(browser, "#events-table-section"), rect(browser, "#panel")
    viewport = browser.execute_script("return document.documentElement.clientWidth")
    assert header["height"] < 120, header
    assert mapped["width"] >= viewport - 2 and mapped["height"] >= 280
    assert table["top"] >= mapped["bottom"] - 1 and panel["top"] >= table["bottom"] - 1
    assert table["width"] >= viewport - 2
    artifact(browser, "app-400x800.png")


# --- 2. the events table -------------------------------------------------------------------


def _column(rows: list[dict], index: int) -> list[float]:
    return [-1.0 if row["cells"][index] == "—" else float(row["cells"][index]) for row in rows]


def test_table_sorts_pages_and_follows_the_filters(app_server, browser):
    open_app(browser, app_server)
    total = api_rows(app_server)["total"]
    rows = table_rows(browser)
    assert len(rows) == min(50, total)
    dates = [row["cells"][0] for row in rows if row["cells"][0] != "undated"]
    assert dates == sorted(dates, reverse=True)
    assert f"of {total}" in browser.find_element("css selector", ".pager .range").text

    for key, index in (("deaths", 3), ("confidence", 4), ("sources", 5)):
        browser.find_element("css selector", f"button.sort[data-sort='{key}']").click()
        values = _column(table_rows(browser), index)
        assert values == sorted(values, reverse=True), key
        assert max(values) > 0, key
    browser.find_element("css selector", "button.sort[data-sort='sources']").click()
    values = _column(table_rows(browser), 5)
    assert values == sorted(values)
    assert "order=asc" in browser.current_url and "sort=sources" in browser.current_url
    browser.find_element("css selector", "button.sort[data-sort='type']").click()
    types = [row["cells"][1] for row in table_rows(browser)]
    assert types == sorted(types)

    browser.find_element("xpath", "//nav[@class='pager']/button[contains(., 'Next')]").click()
    assert browser.find_element("css selector", ".pager .range").text.startswith("51–100")

    form = browser.find_element("id", "filters")
    form.find_element("name", "family").send_keys("remote")
    form.find_element("xpath", ".//button[text()='Apply']").click()
    expected = api_rows(app_server, family="remote")["total"]
    _wait(browser, lambda d: status(d).startswith(f"{expected} events"), "filter not applied")
    assert all(row["cells"][1].startswith("remote.") for row in table_rows(browser))


def test_table_keyboard_navigation_opens_the_event_and_flies_the_map(app_server, browser):
    from selenium.webdriver.common.keys import Keys

    open_app(browser, app_server)
    browser.execute_script("document.querySelector('#events-table tbody tr').focus()")
    active = browser.switch_to.active_element
    active.send_keys(Keys.ARROW_DOWN)
    active = browser.switch_to.active_element
    second = table_rows(browser)[1]["id"]
    assert active.get_attribute("data-event-id") == second
    active.send_keys(Keys.ENTER)
    _wait(browser, lambda d: d.find_elements("css selector", "#evidence blockquote"),
          "Enter did not open the event")
    assert browser.find_element("css selector", "#panel dl").text.endswith(second)
    assert f"event={second}" in browser.current_url
    row = next(r for r in api_rows(app_server)["rows"] if r["id"] == second)
    _wait(browser, lambda d: _near(d, row["lat"], row["lon"]), "the map did not fly there")
    assert browser.find_element("css selector", "tr.selected").get_attribute(
        "data-event-id") == second


def _near(driver, lat: float, lon: float) -> bool:
    centre = driver.execute_script(
        "const v = new URLSearchParams(location.search).get('map'); return v && v.split(',');")
    return bool(centre) and abs(float(centre[0]) - lat) < 0.2 \
        and abs(float(centre[1]) - lon) < 0.2 and int(centre[2]) >= 9


# --- 3. export -----------------------------------------------------------------------------


def _written(base: str, **params) -> int:
    query = urllib.parse.urlencode(params)
    with urllib.request.urlopen(f"{base}/export?{query}", timeout=60) as response:
        return int(response.headers["X-Written"])


def test_export_of_the_current_view_from_the_ui(app_server, browser):
    # The served app builds ACLED's admin2 table in the background at start; a whole export
    # first makes sure that is done, so what is timed below is the filtered export itself.
    everything = _written(app_server, format="acled-csv")
    open_app(browser, app_server, "?family=remote")
    browser.find_element("css selector", "#tools summary").click()
    for format in ("acled-csv", "geojson", "parquet"):
        button = browser.find_element("css selector", f"#exports button[data-format='{format}']")
        button.click()
        _wait(browser, lambda d, b=button: b.get_attribute("data-exported-ms"),
              f"the {format} export did not finish")
        ms = int(button.get_attribute("data-exported-ms"))
        assert ms < EXPORT_BUDGET_MS, f"{format} export took {ms} ms"
        assert int(button.get_attribute("data-exported-bytes")) > 0
        expected = _written(app_server, format=format, family="remote")
        assert f": {expected} rows written" in status(browser), status(browser)
    assert _written(app_server, format="acled-csv", family="remote") < everything


# --- 4. forgiving search -------------------------------------------------------------------


def _apply(driver, **values) -> None:
    form = driver.find_element("id", "filters")
    for name, value in values.items():
        field = form.find_element("name", name)
        if field.get_attribute("type") == "date" or field.tag_name == "select":
            # typing a date depends on the locale; a select is not typed into
            driver.execute_script("arguments[0].value = arguments[1]", field, value)
            continue
        field.clear()
        field.send_keys(value)
    form.find_element("xpath", ".//button[text()='Apply']").click()


def _view(driver) -> tuple[float, float, int] | None:
    value = driver.execute_script("return new URLSearchParams(location.search).get('map')")
    if not value:
        return None
    lat, lon, zoom = value.split(",")
    return float(lat), float(lon), int(zoom)


def test_aliases_and_spellings_find_what_the_names_find(app_server, browser):
    open_app(browser, app_server)
    islamic_state = api_rows(app_server, actor="Islamic State")["total"]
    assert islamic_state > 0
    for alias in ("ISIS", "Daesh"):
        _apply(browser, actor=alias)
        _wait(browser, lambda d, a=alias: f"actor “{a}” read as IS (Islamic State)" in status(d),
              f"{alias} was not read as Islamic State")
        assert status(browser).startswith(f"{islamic_state} events")
    _apply(browser, actor="", admin1="Raqqa")
    raqqah = api_rows(app_server, admin1="Ar-Raqqah")["total"]
    _wait(browser, lambda d: "read as Ar-Raqqah" in status(d), "Raqqa was not read as Ar-Raqqah")
    assert status(browser).startswith(f"{raqqah} events") and raqqah > 0


def test_a_text_search_fits_the_map_and_a_place_search_flies_there(app_server, browser):
    open_app(browser, app_server)
    word = "Raqqa"
    found = [row for row in api_rows(app_server, q=word)["rows"] if row["lat"] is not None]
    assert found
    _apply(browser, q=word)
    _wait(browser, lambda d: status(d).startswith(f"{api_rows(app_server, q=word)['total']} "),
          "the text search was not applied")
    lats = sorted(row["lat"] for row in found)
    lons = sorted(row["lon"] for row in found)
    lat, lon, _ = _view(browser)
    assert lats[0] - 1 <= lat <= lats[-1] + 1 and lons[0] - 1 <= lon <= lons[-1] + 1

    place = browser.find_element("css selector", "#place-form input[name=place]")
    place.send_keys("Deir ezzor")
    browser.find_element("xpath", "//form[@id='place-form']//button[text()='Go']").click()
    _wait(browser, lambda d: "Deir ez-Zor" in d.find_element("id", "place-results").text,
          "no place listed")
    _wait(browser, lambda d: (v := _view(d)) and abs(v[0] - 35.3) < 0.5
          and abs(v[1] - 40.1) < 0.5, "the map did not fly to Deir ez-Zor")


# --- 5. shareable state --------------------------------------------------------------------


def test_filters_selection_and_view_survive_a_reload(app_server, browser):
    chosen = api_rows(app_server, family="remote", admin1="Ar-Raqqah")
    assert chosen["total"] > 0
    event_id = chosen["rows"][0]["id"]
    query = f"?family=remote&admin1=Raqqa&event={event_id}&map=35.9000,39.0000,8&sort=deaths"
    open_app(browser, app_server, query)
    form = browser.find_element("id", "filters")
    assert form.find_element("name", "family").get_attribute("value") == "remote"
    assert form.find_element("name", "admin1").get_attribute("value") == "Raqqa"
    assert status(browser).startswith(f"{chosen['total']} events")
    _wait(browser, lambda d: d.find_elements("css selector", "#evidence blockquote"),
          "the selected event was not opened")
    assert browser.find_element("css selector", "#panel dl").text.endswith(event_id)
    assert browser.find_element("css selector", "tr.selected").get_attribute(
        "data-event-id") == event_id
    lat, lon, zoom = _view(browser)
    assert abs(lat - 35.9) < 0.01 and abs(lon - 39.0) < 0.01 and zoom == 8
    deaths = browser.find_element("css selector", "th[aria-sort='descending']")
    assert "Deaths" in deaths.text

    # What the analyst changes goes into the URL, so a reload (or a shared link) shows it.
    _apply(browser, start="2016-01-01")
    _wait(browser, lambda d: "start=2016-01-01" in d.current_url, "the URL missed the date")
    expected = api_rows(app_server, family="remote", admin1="Ar-Raqqah",
                        start="2016-01-01")["total"]
    _wait(browser, lambda d: status(d).startswith(f"{expected} events"), "not applied")
    browser.refresh()
    _wait(browser, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"),
          "the reload never finished")
    assert status(browser).startswith(f"{expected} events")
    assert browser.find_element("id", "filters").find_element(
        "name", "start").get_attribute("value") == "2016-01-01"


# --- 6. review -----------------------------------------------------------------------------


def _field(driver, label: str):
    return driver.find_element(
        "xpath", f"//form[@class='correction']//label[text()='{label}']/following-sibling::*[1]")


def _error_of(driver, label: str) -> str:
    field = _field(driver, label)
    return driver.find_element("id", field.get_attribute("aria-describedby")).text


def test_review_form_validates_saves_and_shows_the_history(app_server, browser):
    from selenium.webdriver.common.keys import Keys

    event_id = api_rows(app_server, family="remote")["rows"][0]["id"]
    open_app(browser, app_server, f"?event={event_id}")
    _wait(browser, lambda d: d.find_elements("css selector", "form.correction"), "no review form")
    browser.find_element("css selector", "#tools summary").click()
    browser.find_element("name", "token").send_keys(TOKEN)
    browser.find_element("xpath", "//button[text()='Keep']").click()
    reviewer = browser.find_element(
        "xpath", "//section[@class='review-box']//label[text()='Reviewer']/following-sibling::*[1]")
    reviewer.send_keys("Analyst A")
    save = browser.find_element("xpath", "//button[text()='Save corrections']")

    deaths = _field(browser, "Deaths")
    deaths.clear()
    deaths.send_keys("many")
    place = _field(browser, "Place")
    place.clear()
    place.send_keys("Aleppo")
    actors = _field(browser, "Actors")
    actors.send_keys("\nsomebody")
    save.click()
    assert "whole number" in _error_of(browser, "Deaths")
    assert deaths.get_attribute("aria-invalid") == "true"
    assert "pick the place" in _error_of(browser, "Place")
    assert "role: name" in _error_of(browser, "Actors")
    assert _get(f"{app_server}/reviews?event_id={event_id}")["reviews"] == []

    deaths.clear()
    deaths.send_keys("7")
    actors.send_keys(Keys.BACKSPACE * len("\nsomebody"))
    browser.find_element("xpath", "//form[@class='correction']//button[text()='Find']").click()
    choice = _wait(browser, lambda d: d.find_elements("css selector", ".place-choices .choice"),
                   "no place choices")[0]
    assert choice.text.startswith("Aleppo")
    choice.click()
    browser.find_element("xpath", "//button[text()='Save corrections']").click()
    _wait(browser, lambda d: len(d.find_elements("css selector", ".history-list li")) >= 2,
          "the history does not show the corrections")
    saved = _get(f"{app_server}/events/{event_id}")
    assert saved["fatalities"]["best"] == 7 and saved["location"]["name"] == "Aleppo"
    reviews = _get(f"{app_server}/reviews?event_id={event_id}")["reviews"]
    assert {(r["action"], r["field"], r["reviewer"]) for r in reviews} == {
        ("correct", "fatalities", "Analyst A"), ("correct", "location", "Analyst A")}
    history = browser.find_element("css selector", ".history-list").text
    assert "correct fatalities" in history and "→ 7" in history and "Analyst A" in history
    assert "→ Aleppo" in history


# --- 7. a readable map ---------------------------------------------------------------------


def _rgb(driver, script: str, *args) -> list[str]:
    return driver.execute_script(script, *args)


def test_cluster_colours_follow_the_legend(app_server, browser):
    open_app(browser, app_server)
    legend = browser.execute_script(
        "const probe = document.createElement('div'); document.body.append(probe);"
        "const out = {}; for (const item of document.querySelectorAll('#legend span')) {"
        "  probe.style.background = item.style.getPropertyValue('--c');"
        "  out[item.textContent.split(' ')[0]] = getComputedStyle(probe).backgroundColor; }"
        "probe.remove(); return out;")
    clusters = browser.execute_script(
        "return [...document.querySelectorAll('.ea-cluster')].map(c => "
        "[c.dataset.family, getComputedStyle(c).backgroundColor]);")
    assert clusters, "no clusters drawn"
    for family, colour in clusters:
        assert legend[family] == colour, (family, colour)
    assert {family for family, _ in clusters} - {"mixed"}, "no cluster has a dominant type"


def test_flow_badges_list_their_events_and_one_place_flows_are_points(app_server, browser):
    flows = _get(f"{app_server}/flows")["flows"]
    several = next(flow for flow in flows if flow["count"] > 1)
    in_place = [flow for flow in flows if (flow["origin"]["lat"], flow["origin"]["lon"])
                == (flow["destination"]["lat"], flow["destination"]["lon"])]
    open_app(browser, app_server)
    assert len(browser.find_elements("css selector", "path.ea-flow-point")) == len(in_place)
    badge = next(b for b in browser.find_elements("css selector", ".ea-flow-count")
                 if b.get_attribute("title").startswith(
                     f"{several['origin']['name']} → {several['destination']['name']}"))
    browser.execute_script("arguments[0].closest('.leaflet-marker-icon').click()", badge)
    items = _wait(browser, lambda d: d.find_elements("css selector", ".event-list button"),
                  "the badge opened no list")
    assert sorted(item.get_attribute("data-event-id") for item in items) == \
        sorted(several["event_ids"])
    items[1].click()
    _wait(browser, lambda d: d.find_elements("css selector", "#evidence blockquote"),
          "the list opened no event")
    assert browser.find_element("css selector", "#panel dl").text.endswith(
        several["event_ids"][1])


def test_a_clicked_marker_leaves_no_focus_box(app_server, browser):
    open_app(browser, app_server)
    marker = next(m for m in browser.find_elements("css selector", ".ea-marker-icon, "
                                                   ".ea-cluster-icon") if m.is_displayed())
    marker.click()
    outline = browser.execute_script(
        "const a = document.activeElement; return a && a.closest('#map') ?"
        " getComputedStyle(a).outlineStyle : 'none';")
    assert outline == "none"


def test_a_bad_date_range_clears_the_map_and_says_why(app_server, browser):
    open_app(browser, app_server)
    assert browser.find_elements("css selector", ".ea-marker, .ea-cluster")
    _apply(browser, start="2017-01-01", end="2016-01-01")
    _wait(browser, lambda d: "is after" in status(d), "no reason given")
    assert "error" in browser.find_element("id", "status").get_attribute("class")
    assert not browser.find_elements("css selector", ".ea-marker, .ea-cluster, path.ea-flow")
    assert browser.find_element("css selector", "#events-table tbody").text == "No events match."


def test_timeline_spans_the_news_and_dragging_fills_the_dates(app_server, browser):
    from selenium.webdriver.common.action_chains import ActionChains

    rows = api_rows(app_server)["rows"]
    news = sorted(row["date_start"] for row in rows if row["date_start"] and not row["recalled"])
    recalled = [row for row in rows if row["recalled"]]
    open_app(browser, app_server)
    first = browser.find_element("css selector", "#timeline text").text
    assert first <= news[0] and (date.fromisoformat(news[0]) - date.fromisoformat(first)).days < 7
    # Recalled history ("in 1982") is listed but does not stretch the timeline.
    dated = [row["date_start"] for row in recalled if row["date_start"]]
    if dated:  # the demo store has some; a smaller fallback store may not
        assert min(dated) < first
    chart = browser.find_element("id", "timeline")
    width = chart.size["width"]
    ActionChains(browser).move_to_element_with_offset(chart, width // 4, 0).click_and_hold() \
        .move_by_offset(width // 5, 0).release().perform()
    form = browser.find_element("id", "filters")
    _wait(browser, lambda d: form.find_element("name", "start").get_attribute("value"),
          "dragging did not fill From")
    start = form.find_element("name", "start").get_attribute("value")
    end = form.find_element("name", "end").get_attribute("value")
    assert first < start < end
    expected = api_rows(app_server, start=start, end=end)["total"]
    _wait(browser, lambda d: status(d).startswith(f"{expected} events"), "the drag did not filter")


# --- 8. accessibility ----------------------------------------------------------------------


def axe_violations(driver) -> list[str]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (cd web && npm ci)")
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map("
        "v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target)}))))"
        ".catch(e => done([{id: 'axe failed: ' + e, impact: 'critical', nodes: []}]));")
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in result
            if v["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_violations_on_the_main_views(app_server, browser):
    browser.set_script_timeout(60)
    event_id = api_rows(app_server)["rows"][0]["id"]
    open_app(browser, app_server)
    assert axe_violations(browser) == [], "map and table"
    open_app(browser, app_server, f"?event={event_id}")
    _wait(browser, lambda d: d.find_elements("css selector", "form.correction"), "no event")
    browser.find_element("css selector", "#tools summary").click()
    assert axe_violations(browser) == [], "event panel and tools"
    browser.find_element("css selector", "button.doc-link").click()
    _wait(browser, lambda d: d.find_elements("css selector", ".document-text"), "no document")
    assert axe_violations(browser) == [], "document view"
    open_app(browser, app_server, size=NARROW)
    assert axe_violations(browser) == [], "phone layout"


def test_keyboard_reaches_the_table_the_panel_and_the_review(app_server, browser):
    from selenium.webdriver.common.keys import Keys

    open_app(browser, app_server)
    skip = browser.find_element("css selector", "a.skip")
    browser.execute_script("arguments[0].focus()", skip)
    skip.send_keys(Keys.ENTER)
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == "events-table-section"
    for _ in range(10):  # Tab on: the sort buttons, then the rows
        active.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if active.tag_name == "tr":
            break
    assert active.tag_name == "tr", "Tab never reached a table row"
    outline = browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", active)
    assert outline != "none", "the focused row shows no focus"
    active.send_keys(Keys.ENTER)
    _wait(browser, lambda d: d.find_elements("css selector", "#panel button.doc-link"),
          "Enter did not open the event")
    link = browser.find_element("css selector", "#panel button.doc-link")
    link.send_keys(Keys.ENTER)
    _wait(browser, lambda d: d.find_elements("css selector", ".document-text"),
          "'read the document' is not keyboard operable")


def test_enter_on_a_map_marker_opens_its_event(app_server, browser):
    from selenium.webdriver.common.keys import Keys

    open_app(browser, app_server)
    marker = next(m for m in browser.find_elements("css selector", ".ea-marker-icon")
                  if m.is_displayed())
    event_id = marker.find_element("css selector", ".ea-marker").get_attribute("data-event-id")
    assert marker.get_attribute("tabindex") == "0" and marker.get_attribute("title")
    browser.execute_script("arguments[0].focus()", marker)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(browser, lambda d: d.find_elements("css selector", "#evidence blockquote"),
          "Enter on a marker opened nothing")
    assert browser.find_element("css selector", "#panel dl").text.endswith(event_id)


# --- 9. summaries --------------------------------------------------------------------------


def _expected_summary(rows: list[dict]) -> tuple[dict, list[tuple[str, int, int]]]:
    months: dict[str, list[int]] = {}
    regions: dict[tuple[str, str], list[int]] = {}
    for row in rows:
        deaths = row["deaths"] or 0
        if row["date_start"] and not row["recalled"]:
            month = months.setdefault(row["date_start"][:7], [0, 0])
            month[0] += 1
            month[1] += deaths
        region = regions.setdefault((row["admin1"] or "(unknown)", row["country_code"] or ""),
                                    [0, 0])
        region[0] += 1
        region[1] += deaths
    ranked = sorted(regions.items(), key=lambda item: (-item[1][0], -item[1][1]))
    return months, [(name, events, deaths) for (name, _), (events, deaths) in ranked]


def _shown_summary(driver) -> tuple[str, int, list[tuple[str, int, int]]]:
    totals = driver.find_element("css selector", ".summary-totals").text
    bars = len(driver.find_elements("css selector", ".month-chart rect.events-bar"))
    table = [tuple(cell.text for cell in row.find_elements("css selector", "th, td"))
             for row in driver.find_elements("css selector", ".admin1-table tbody tr")]
    return totals, bars, [(name.rsplit(" (", 1)[0], int(events), int(deaths))
                          for name, events, deaths in table]


def test_summaries_of_the_current_filter(app_server, browser):
    open_app(browser, app_server)
    for filters in ({}, {"family": "remote"}):
        if filters:
            _apply(browser, **filters)
            total = api_rows(app_server, **filters)["total"]
            _wait(browser, lambda d, t=total: status(d).startswith(f"{t} events"), "not applied")
        months, regions = _expected_summary(api_rows(app_server, **filters)["rows"])
        totals, bars, table = _shown_summary(browser)
        events = sum(m[0] for m in months.values())
        deaths = sum(m[1] for m in months.values())
        assert totals.startswith(f"{events} dated events, {deaths} deaths"), (filters, totals)
        assert bars == len(months)
        assert [(n, e) for n, e, _ in table] == [(n, e) for n, e, _ in regions[:len(table)]]
        assert [d for *_, d in table] == [d for *_, d in regions[:len(table)]]
    titles = [t.get_attribute("textContent") for t in
              browser.find_elements("css selector", ".month-chart rect.events-bar title")]
    month, (count, dead) = sorted(months.items())[0]
    assert titles[0] == f"{month}: {count} events, {dead} deaths"
