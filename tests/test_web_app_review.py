"""The analyst's app in Chromium: the review form (validation, reviewer, history). The readable
map's tests are in tests/test_web_app_map.py."""

from __future__ import annotations

from test_web_ui import pytestmark  # noqa: F401  (skips without a browser or a built UI)
from web_app_support import (
    TOKEN,
    _get,
    _wait,
    api_rows,
    open_app,
)

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
