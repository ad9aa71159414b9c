"""The analyst's app in Chromium: a readable map (item 7 of issue 22): an offline base map with
admin1 borders and place names, cluster colours that follow the legend, flow badges that stay
readable and list their events, points for one-place flows, no focus box after a click, a bad
filter that clears the map, and a timeline that spans the news and fills the dates."""

from __future__ import annotations

import json
from datetime import date

import pytest

from test_web_ui import pytestmark  # noqa: F401  (skips without a browser or a built UI)
from web_app_support import (
    NARROW,
    TOKEN,
    WIDE,
    _apply,
    _get,
    _view,
    _wait,
    api_rows,
    boxes,
    open_app,
    overlapping,
    status,
    wait_for_base_map,
    wait_until_still,
)


def test_the_base_map_names_places_and_regions_from_the_app_alone(app_server, browser):
    # A set view over Syria and Iraq: the first view fits the store's events, which any change
    # to where events are placed moves (and with it which labels have room).
    open_app(browser, app_server, "?map=35.5,40.0,6", size=WIDE)
    wait_for_base_map(browser)
    labels = {kind: [b["text"] for b in boxes(browser, f".ea-label-{kind}")]
              for kind in ("town", "admin1", "country")}
    # Natural Earth's admin1 names at its label points, the gazetteer's biggest towns.
    assert {"Ar Raqqah", "Idlib", "Ninawa"} <= set(labels["admin1"]), labels["admin1"]
    assert {"Aleppo", "Damascus", "Baghdad"} <= set(labels["town"]), labels["town"]
    assert "Syria" in labels["country"], labels["country"]
    assert overlapping(boxes(browser, ".ea-label")) == []
    # Borders are drawn (a canvas under the markers) from files the app serves itself: with
    # the machine offline the map reads the same.
    assert browser.find_elements("css selector", ".leaflet-basemap-pane canvas")
    fetched = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name);")
    assert f"{app_server}/static/vendor/natural-earth/admin1.json" in fetched
    assert [url for url in fetched if not url.startswith(app_server)] == []
    # Labels follow the view: zoomed in on Raqqa, its town is named.
    open_app(browser, app_server, "?map=35.95,39.01,10", size=NARROW)
    wait_for_base_map(browser)
    assert "Ar Raqqah" in [b["text"] for b in boxes(browser, ".ea-label-town")]
    assert overlapping(boxes(browser, ".ea-label")) == []


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


def _badge_of(driver, flow: dict):
    """The marker (a focusable .leaflet-marker-icon) of `flow`'s count badge."""
    title = f"{flow['origin']['name']} → {flow['destination']['name']}"
    badge = next(b for b in driver.find_elements("css selector", ".ea-flow-count")
                 if b.get_attribute("title").startswith(title))
    return badge.find_element("xpath", "./ancestor::div[contains(@class, 'leaflet-marker-icon')]")


def _a_flow_told_twice(base: str) -> dict:
    """A flow made of several events: the full demo store has one (Ar Raqqah -> Tadmur, the
    seed's forced move told again by a later article); a smaller store gets a second report of
    that move through the API, a later one, so that it is a second event, not the same one."""
    several = next((f for f in _get(f"{base}/flows")["flows"] if f["count"] > 1), None)
    if several is not None:
        return several
    report = {"text": "ISIS forces moved 40 Kurdish families from Raqqa to the city of Palmyra "
                      "on Sunday, activists said.", "published": "2017-02-05"}
    _get(f"{base}/documents", {"Authorization": f"Bearer {TOKEN}",
                               "Content-Type": "application/json"}, json.dumps(report).encode())
    return next(f for f in _get(f"{base}/flows")["flows"] if f["count"] > 1)


def test_flow_badges_list_their_events_and_one_place_flows_are_points(app_server, browser):
    from selenium.webdriver.common.keys import Keys

    several = _a_flow_told_twice(app_server)
    assert {several["origin"]["name"], several["destination"]["name"]} == {"Ar Raqqah", "Tadmur"}
    flows = _get(f"{app_server}/flows")["flows"]
    in_place = [flow for flow in flows if (flow["origin"]["lat"], flow["origin"]["lon"])
                == (flow["destination"]["lat"], flow["destination"]["lon"])]
    open_app(browser, app_server)
    assert len(browser.find_elements("css selector", "path.ea-flow-point")) == len(in_place)
    browser.execute_script("arguments[0].click()", _badge_of(browser, several))
    items = _wait(browser, lambda d: d.find_elements("css selector", ".event-list button"),
                  "the badge opened no list")
    assert sorted(item.get_attribute("data-event-id") for item in items) == \
        sorted(several["event_ids"])
    items[1].click()
    _wait(browser, lambda d: d.find_elements("css selector", "#evidence blockquote"),
          "the list opened no event")
    assert browser.find_element("css selector", "#panel dl").text.endswith(
        several["event_ids"][1])

    # The same from the keyboard: Enter on the badge, Tab to an event, Enter opens it and the
    # keyboard goes on in the event.
    open_app(browser, app_server)
    badge = _badge_of(browser, several)
    assert badge.get_attribute("tabindex") == "0"
    browser.execute_script("arguments[0].focus()", badge)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(browser, lambda d: d.find_elements("css selector", ".event-list button"),
          "Enter on the badge opened no list")
    assert browser.switch_to.active_element.tag_name == "h2"
    browser.switch_to.active_element.send_keys(Keys.TAB)
    item = browser.switch_to.active_element
    assert item.get_attribute("data-event-id") == several["event_ids"][0]
    item.send_keys(Keys.ENTER)
    _wait(browser, lambda d: d.find_elements("css selector", "#evidence blockquote"),
          "Enter on the list opened no event")
    assert browser.switch_to.active_element.text == browser.find_element(
        "css selector", "#panel h2").text


SHOWN_BADGES = ".leaflet-marker-icon:not(.crowded) > .ea-flow-count"


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["1400x900", "400x800"])
def test_flow_badges_never_cover_one_another(app_server, browser, size):
    open_app(browser, app_server, size=size)
    flows = _get(f"{app_server}/flows")["flows"]
    shown = boxes(browser, SHOWN_BADGES)
    assert overlapping(shown) == []
    assert len(shown) >= min(3, len(flows))
    # A badge with no room hides, yet every badge stays in the keyboard's reach.
    icons = browser.find_elements("css selector", ".leaflet-marker-icon:has(> .ea-flow-count)")
    assert len(icons) == len(flows)
    assert {icon.get_attribute("tabindex") for icon in icons} == {"0"}
    # Above the markers: a shown badge is what a click on it reaches.
    for badge in browser.find_elements("css selector", SHOWN_BADGES):
        hit = browser.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "const e = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);"
            "return Boolean(e && e.closest('.ea-flow-count'));", badge)
        assert hit, badge.get_attribute("title")
    zoom = _view(browser)[2]
    browser.find_element("css selector", ".leaflet-control-zoom-in").click()
    _wait(browser, lambda d: _view(d)[2] == zoom + 1, "the map did not zoom in")
    wait_until_still(browser)
    assert len(boxes(browser, SHOWN_BADGES)) >= len(shown), "zooming in hid badges"
    assert overlapping(boxes(browser, SHOWN_BADGES)) == []
    # Flows switched off and on again in the layer control come back placed.
    toggle = browser.find_element(
        "xpath", "//label[normalize-space(.)='Flows']//input[@type='checkbox']")
    for _ in range(2):
        browser.execute_script("arguments[0].click()", toggle)
    assert len(boxes(browser, SHOWN_BADGES)) >= len(shown)
    assert overlapping(boxes(browser, SHOWN_BADGES)) == []


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
