"""The analyst's app in Chromium: accessibility (axe-core on the main views, keyboard paths) and
the summaries of the current filter."""

from __future__ import annotations

import pytest

from test_web_ui import pytestmark  # noqa: F401  (skips without a browser or a built UI)
from web_app_support import (
    AXE,
    NARROW,
    _apply,
    _wait,
    api_rows,
    chromium,
    demo_server,
    open_app,
    status,
)


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    yield from demo_server(tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


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
