"""The analyst's app in Chromium: accessibility (axe-core on the main views, keyboard paths) and
the summaries of the current filter."""

from __future__ import annotations

from datetime import date

import pytest

from test_web_ui import pytestmark  # noqa: F401  (skips without a browser or a built UI)
from web_app_support import (
    AXE,
    NARROW,
    _apply,
    _wait,
    api_rows,
    open_app,
    record,
    status,
    wait_for_base_map,
)

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
    found = {}
    open_app(browser, app_server)
    wait_for_base_map(browser)  # the labels are on the map too
    found["map and table"] = axe_violations(browser)
    open_app(browser, app_server, f"?event={event_id}")
    _wait(browser, lambda d: d.find_elements("css selector", "form.correction"), "no event")
    browser.find_element("css selector", "#tools summary").click()
    found["event panel and tools"] = axe_violations(browser)
    browser.find_element("css selector", "button.doc-link").click()
    _wait(browser, lambda d: d.find_elements("css selector", ".document-text"), "no document")
    found["document view"] = axe_violations(browser)
    open_app(browser, app_server, size=NARROW)
    found["phone layout"] = axe_violations(browser)
    record("axe_serious_or_critical", {view: len(items) for view, items in found.items()})
    assert {view: items for view, items in found.items() if items} == {}


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
    # Tab on from the row (the pager, the panel) to "read the document", then the review.
    link = _tab_to(browser, "button.doc-link", 6)
    reached = [_tab_to(browser, f"xpath=//button[text()='{name}']", 30).text
               for name in ("Confirm", "Reject", "Save corrections")]
    assert reached == ["Confirm", "Reject", "Save corrections"]
    browser.execute_script("arguments[0].focus()", link)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(browser, lambda d: d.find_elements("css selector", ".document-text"),
          "'read the document' is not keyboard operable")
    # The button is gone with the event: the keyboard goes on from the document's title, and
    # "back to the event" brings the event back.
    assert browser.switch_to.active_element.tag_name == "h2"
    active = browser.switch_to.active_element
    active.send_keys(Keys.SHIFT + Keys.TAB)
    back = browser.switch_to.active_element
    assert back.text == "← back to the event"
    back.send_keys(Keys.ENTER)
    _wait(browser, lambda d: d.find_elements("css selector", "#evidence blockquote"),
          "'back to the event' did not open it")


def _tab_to(driver, target: str, most: int):
    """Press Tab from the focused element until `target` (a CSS selector, or xpath=...) has
    the focus, at most `most` times; returns it."""
    from selenium.webdriver.common.keys import Keys

    how, what = ("xpath", target[6:]) if target.startswith("xpath=") else ("css selector", target)
    wanted = driver.find_element(how, what)
    for _ in range(most):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if driver.switch_to.active_element == wanted:
            return wanted
    raise AssertionError(f"{most} Tabs did not reach {target}")


def test_the_timeline_works_from_the_keyboard(app_server, browser):
    from selenium.webdriver.common.keys import Keys

    open_app(browser, app_server)
    skip = browser.find_element("css selector", "a.skip")
    browser.execute_script("arguments[0].focus()", skip)
    skip.send_keys(Keys.ENTER)  # past the filters and the map's items, then Tab on
    timeline = _tab_to(browser, "#timeline", 20)
    assert timeline.get_attribute("role") == "slider"
    # Focused, it picks the last week; two weeks back, then one more week at its end.
    last = int(timeline.get_attribute("aria-valuemax"))
    assert timeline.get_attribute("aria-valuenow") == str(last)
    timeline.send_keys(Keys.ARROW_LEFT, Keys.ARROW_LEFT, Keys.SHIFT + Keys.ARROW_RIGHT)
    assert timeline.get_attribute("aria-valuenow") == str(last - 2)
    start, end = timeline.get_attribute("aria-valuetext").split(" to ")
    assert (date.fromisoformat(end) - date.fromisoformat(start)).days == 13
    assert date.fromisoformat(start).weekday() == 0
    timeline.send_keys(Keys.ENTER)
    expected = api_rows(app_server, start=start, end=end)["total"]
    _wait(browser, lambda d: status(d).startswith(f"{expected} events"), "Enter did not filter")
    form = browser.find_element("id", "filters")
    assert form.find_element("name", "start").get_attribute("value") == start
    assert form.find_element("name", "end").get_attribute("value") == end
    assert browser.switch_to.active_element == timeline
    timeline.send_keys(Keys.ESCAPE)
    total = api_rows(app_server)["total"]
    _wait(browser, lambda d: status(d).startswith(f"{total} events"), "Escape did not clear")
    assert form.find_element("name", "start").get_attribute("value") == ""


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
    # The keyboard goes on in the event, not through the map's other items.
    assert browser.switch_to.active_element.tag_name == "h2"


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
        if row["recalled"]:  # background events: off the timeline and the summaries
            continue
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
