"""Store event dicts as GeoJSON, CSV and aggregated flows (pure functions, no I/O)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import orjson
from fastapi.responses import JSONResponse

from eventatlas.output import to_geojson

CSV_COLUMNS: tuple[str, ...] = (
    "id", "level", "type", "family", "acled_sub_event_type", "date_start", "date_end",
    "location", "location_lat", "location_lon", "admin1", "country_code", "origin",
    "destination", "actors", "quantity_value", "quantity_low", "quantity_high",
    "quantity_unit", "fatalities_best", "modality", "source", "confidence", "corroboration",
    "first_reported", "review_status", "documents", "evidence",
)
# Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _first_document(event: dict[str, Any]) -> str | None:
    sources = event.get("sources") or []
    return sources[0].get("document_id") if sources else None


def events_geojson(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection in the shape of `eventatlas.output.to_geojson` (a Point per located
    place role, a LineString per movement flow), plus the store's own properties."""
    features: list[dict[str, Any]] = []
    for event in events:
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
            features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def _place_name(place: dict[str, Any] | None) -> str | None:
    return place.get("name") if place else None


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_row(event: dict[str, Any]) -> list[Any]:
    location = event.get("location") or {}
    anchor = location or event.get("destination") or event.get("origin") or {}
    quantity = event.get("quantity") or {}
    when = event.get("date") or {}
    acled = event.get("acled") or {}
    attribution = event.get("attribution") or {}
    evidence = event.get("evidence") or []
    row = {
        "id": event["id"], "level": event.get("level"), "type": event["type"],
        "family": event.get("family"), "acled_sub_event_type": acled.get("sub_event_type"),
        "date_start": when.get("start"), "date_end": when.get("end"),
        "location": _place_name(event.get("location")),
        "location_lat": anchor.get("lat"), "location_lon": anchor.get("lon"),
        "admin1": anchor.get("admin1"), "country_code": anchor.get("country_code"),
        "origin": _place_name(event.get("origin")),
        "destination": _place_name(event.get("destination")),
        "actors": "; ".join(f"{a['role']}:{a['name']}" for a in event.get("actors") or []),
        "quantity_value": quantity.get("value"), "quantity_low": quantity.get("low"),
        "quantity_high": quantity.get("high"), "quantity_unit": quantity.get("unit"),
        "fatalities_best": (event.get("fatalities") or {}).get("best"),
        "modality": event.get("modality"), "source": attribution.get("source"),
        "confidence": event.get("confidence"), "corroboration": event.get("corroboration"),
        "first_reported": event.get("first_reported"),
        "review_status": event.get("review_status"),
        "documents": "; ".join(
            str(source.get("document_id")) for source in event.get("sources") or []),
        "evidence": evidence[0]["text"] if evidence else None,
    }
    return [_safe_cell(row[column]) for column in CSV_COLUMNS]


def events_csv(events: Iterable[dict[str, Any]]) -> str:
    """One row per event (the location, else the destination, else the origin, as its point);
    cells that a spreadsheet would run as a formula are quoted with a leading apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        writer.writerow(_csv_row(event))
    return buffer.getvalue()


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

