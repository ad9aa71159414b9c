"""What the web app's Chromium tests share (tests/test_web_app*.py): `eventatlas serve` over a
copy of the demo store (the seed report and FA-KES articles, fused), a headless Chromium, and
helpers to drive the page.

The store is a copy of $EVENTATLAS_DEMO_DB (default /tmp/demo.duckdb, what `eventatlas demo`
writes in this workplace) when there is one, else built here from the seed and the first
FA-KES dev articles. Screenshots go to tmp/artifacts/ (git-ignored by a .gitignore the test
writes there). Skips as tests/test_web_ui.py does when no browser or no built UI is there."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from test_web_ui import _get, _wait, headless_chromium, serving

ROOT = Path(__file__).parents[1]
# A store to reuse only when named: `eventatlas demo`'s default /tmp/demo.duckdb may have been
# built by an older pipeline (other admin1 spellings, other events).
DEMO_DB = Path(os.environ["EVENTATLAS_DEMO_DB"]) if os.environ.get("EVENTATLAS_DEMO_DB") else None
ARTIFACTS = Path(os.environ.get("EVENTATLAS_ARTIFACTS", ROOT / "tmp" / "artifacts"))
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
TOKEN = "app-test-token"
FALLBACK_ARTICLES = 80  # FA-KES articles loaded when no demo store is there to copy
FIRST_RENDER_BUDGET_MS = 2000
EXPORT_BUDGET_MS = 3000
WIDE, NARROW = (1400, 900), (400, 800)


@cache
def demo_store() -> Path:
    """The demo store to copy: $EVENTATLAS_DEMO_DB, else one built once per test session."""
    from eventatlas.commands.demo import default_fakes, load_demo

    if DEMO_DB is not None and DEMO_DB.is_file():
        return DEMO_DB
    built = Path(tempfile.mkdtemp(prefix="eventatlas-demo-")) / "demo.duckdb"
    load_demo(str(built), default_fakes(), FALLBACK_ARTICLES)
    return built


def demo_server(tmp_path_factory) -> Iterator[str]:
    """`eventatlas serve` over a fresh copy of the demo store (each test module writes its own
    copy); yields its URL. Test modules wrap this as their `app_server` fixture."""
    db = tmp_path_factory.mktemp("app") / "demo.duckdb"
    shutil.copy(demo_store(), db)
    with serving(db, TOKEN) as base:
        yield base


def chromium() -> Iterator[object]:
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


def record(name: str, value: object) -> None:
    """Keep a measured figure (first render, export time, axe-core violations) in
    tmp/artifacts/measures.json, beside the screenshots, for the report of a run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "measures.json"
    measures = json.loads(path.read_text()) if path.is_file() else {}
    measures[name] = value
    path.write_text(json.dumps(measures, indent=2, sort_keys=True) + "\n")


def open_app(driver, base: str, query: str = "", size=WIDE) -> None:
    driver.set_window_size(*size)
    driver.get(f"{base}/{query}")
    _wait(driver, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"),
          "the page never finished loading")
    wait_until_still(driver)


def wait_until_still(driver) -> None:
    """Wait for the map's zoom and cluster animations to end."""
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


def wait_for_base_map(driver) -> None:
    """Wait until the base map's admin1 borders and labels match the view (they load after
    the first render)."""
    _wait(driver, lambda d: d.execute_script(
        "return Boolean(document.getElementById('map').dataset.labelled)"),
          "the base map's labels never came")


def boxes(driver, selector: str) -> list[dict]:
    """Bounding boxes of the visible elements matching `selector`."""
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map(e => {"
        " const r = e.getBoundingClientRect(); return {text: e.textContent, left: r.left,"
        " right: r.right, top: r.top, bottom: r.bottom}; }).filter(b => b.right > b.left);",
        selector)


def overlapping(found: list[dict]) -> list[tuple[str, str]]:
    """Pairs of boxes that cover one another (by more than a pixel)."""
    return [(a["text"], b["text"]) for i, a in enumerate(found) for b in found[i + 1:]
            if a["left"] + 1 < b["right"] and b["left"] + 1 < a["right"]
            and a["top"] + 1 < b["bottom"] and b["top"] + 1 < a["bottom"]]
