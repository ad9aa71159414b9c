"""Store event dicts as GeoJSON, CSV and aggregated flows (pure functions, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import orjson
from fastapi.responses import JSONResponse

from eventatlas.export.acled import COLUMNS, acled_rows
from eventatlas.export.csvfile import csv_text
from eventatlas.export.fields import current
from eventatlas.output import to_geojson

# `format=csv` is the ACLED-format export, row for row and column for column.
CSV_COLUMNS: tuple[str, ...] = COLUMNS


def _first_document(event: dict[str, Any]) -> str | None:
    sources = event.get("sources") or []
    return sources[0].get("document_id") if sources else None


def events_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection in the shape of `eventatlas.output.to_geojson` (a Point per located
    place role, a LineString per movement flow), plus the store's own properties. A flow
    within one place (Aleppo to Aleppo) is a Point, not an invalid zero-length LineString, and
    an unknown property is null, never ""."""
    features: list[dict[str, Any]] = []
    for event in current(events):
        collection = to_geojson([{"document": {"id": _first_document(event)},
                                  "events": [event]}])
        fatalities = event.get("fatalities") or {}
        for feature in collection["features"]:
            feature["properties"].update({
                "family": event.get("family") or event["type"].split(".", 1)[0],
                "level": event.get("level"),
                "fatalities_best": fatalities.get("best"),
                "corroboration": event.get("corroboration"),
                "review_status": event.get("review_status"),
            })
            features.append(_valid(feature))
    return {"type": "FeatureCollection", "features": features}


def _valid(feature: dict[str, Any]) -> dict[str, Any]:
    geometry = feature["geometry"]
    ends = geometry["coordinates"]
    if geometry["type"] == "LineString" and all(end == ends[0] for end in ends):
        feature["geometry"] = {"type": "Point", "coordinates": ends[0]}
    feature["properties"] = {key: None if value == "" else value
                             for key, value in feature["properties"].items()}
    return feature


def events_csv(events: Iterable[dict[str, Any]], timestamp: int | None = None) -> str:
    """The ACLED-format CSV export of `events` (`eventatlas export --format acled-csv`): the
    same columns and rows (background and undated events left out), written by the same
    formula-guarded writer."""
    return csv_text(acled_rows(current(events), timestamp=timestamp), COLUMNS)


# An event dated more than this before its first report is recalled history ("in 1982"):
# kept in listings, left off the timeline so that it spans the news.
RECALLED_AFTER_DAYS = 365


def _recalled(event: dict[str, Any]) -> bool:
    if event.get("background"):
        return True
    end = (event.get("date") or {}).get("end")
    reported = event.get("first_reported")
    if not end or not reported:
        return False
    return (date.fromisoformat(reported[:10]) - date.fromisoformat(end[:10])).days \
        > RECALLED_AFTER_DAYS


def _primary_place(event: dict[str, Any]) -> dict[str, Any] | None:
    """Where an event is drawn: its location, else the destination, else the origin."""
    for role in ("location", "destination", "origin"):
        if _located(event.get(role)):
            return event[role]
    return event.get("location") or event.get("destination") or event.get("origin")


def event_rows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One short row per event: what the web UI's map markers, table, timeline and
    summaries need (a page of full events carries every source's evidence)."""
    rows = []
    for event in events:
        place = _primary_place(event) or {}
        when = event.get("date") or {}
        origin, destination = event.get("origin"), event.get("destination")
        rows.append({
            "id": event["id"], "type": event["type"],
            "family": event.get("family") or event["type"].split(".", 1)[0],
            "date_start": when.get("start"), "date_end": when.get("end"),
            "deaths": (event.get("fatalities") or {}).get("best"),
            "confidence": event.get("confidence"), "sources": event.get("corroboration"),
            "place": place.get("name"), "admin1": place.get("admin1"),
            "country_code": place.get("country_code"), "lat": place.get("lat"),
            "lon": place.get("lon"), "review_status": event.get("review_status"),
            "flow": _located(origin) and _located(destination),
            "recalled": _recalled(event)})
    return rows


def _located(place: dict[str, Any] | None) -> bool:
    return bool(place) and place.get("lat") is not None and place.get("lon") is not None


def _amount(quantity: dict[str, Any] | None) -> tuple[int | None, int | None, str | None]:
    if not quantity:
        return None, None, None
    value = quantity.get("value")
    low = value if value is not None else quantity.get("low")
    high = value if value is not None else quantity.get("high")
    return low, high, quantity.get("unit")


def aggregate_flows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Movement events grouped by (origin, destination): how many events, which ones, and the
    summed stated amounts per unit (low and high bounds kept apart, never mixed across units).
    Only flows with both ends geolocated can be drawn; the others are counted as `unlocated`
    by the caller."""
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for event in events:
        origin, destination = event.get("origin"), event.get("destination")
        if not (_located(origin) and _located(destination)):
            continue
        assert origin is not None and destination is not None
        key = (origin["name"], origin["lat"], origin["lon"],
               destination["name"], destination["lat"], destination["lon"])
        group = groups.setdefault(key, {
            "origin": {k: origin.get(k) for k in ("name", "lat", "lon", "admin1",
                                                  "country_code", "precision")},
            "destination": {k: destination.get(k) for k in ("name", "lat", "lon", "admin1",
                                                            "country_code", "precision")},
            "count": 0, "event_ids": [], "types": [], "amounts": {},
            "date_start": None, "date_end": None,
        })
        group["count"] += 1
        group["event_ids"].append(event["id"])
        if event["type"] not in group["types"]:
            group["types"].append(event["type"])
        low, high, unit = _amount(event.get("quantity"))
        if unit is not None:
            amount = group["amounts"].setdefault(unit, {"low": 0, "high": 0})
            amount["low"] += low or 0
            amount["high"] = None if amount["high"] is None or high is None \
                else amount["high"] + high
        when = event.get("date") or {}
        if when.get("start") and (group["date_start"] is None
                                  or when["start"] < group["date_start"]):
            group["date_start"] = when["start"]
        if when.get("end") and (group["date_end"] is None or when["end"] > group["date_end"]):
            group["date_end"] = when["end"]
    return sorted(groups.values(), key=lambda group: (-group["count"], group["origin"]["name"],
                                                      group["destination"]["name"]))


class FastJSONResponse(JSONResponse):
    """JSON rendered by orjson: a page of fused events is ~100 kB of nested dicts, which
    FastAPI's generic encoder took ~14 ms to walk and orjson writes in a fraction of one.
    Values orjson refuses (integers beyond 64 bits) fall back to the standard encoder."""

    def render(self, content: Any) -> bytes:
        try:
            return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
        except TypeError:
            return super().render(content)

