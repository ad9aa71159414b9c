"""Renderings of document results: JSON, GeoJSON for maps, and a plain table for terminals.

Every function takes the plain dicts from `Document.result()` (not model objects), so they work
the same on fresh results and on results read back from a JSON or JSONL file.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any, get_args

from eventatlas.model import GeoPrecision
from eventatlas.output.contract import PLACE_ROLES, has_point, is_flow

Result = dict[str, Any]
Feature = dict[str, Any]

_PRECISION_ORDER: tuple[str, ...] = get_args(GeoPrecision)


def to_json(result: Result, indent: int | None = 2) -> str:
    """The result as JSON text; `indent=None` gives one line (for JSONL). Non-ASCII kept as is."""
    return json.dumps(result, ensure_ascii=False, indent=indent)


# --- GeoJSON ------------------------------------------------------------------------------------


def _coordinates(place: dict[str, Any]) -> list[float]:
    # GeoJSON (RFC 7946) orders positions longitude first.
    return [place["lon"], place["lat"]]


def _event_properties(event: dict[str, Any], document_id: str) -> dict[str, Any]:
    """Flat properties shared by every feature of an event (GIS tools handle flat best)."""
    date = event.get("date") or {}
    quantity = event.get("quantity") or {}
    acled = event.get("acled") or {}
    attribution = event.get("attribution") or {}
    evidence = event.get("evidence") or [{}]
    return {
        "event_id": event["id"],
        "type": event["type"],
        "acled_sub_event_type": acled.get("sub_event_type"),
        "date_start": date.get("start"),
        "date_end": date.get("end"),
        # null, not "", for no actors: GIS tools tell a missing value from an empty string.
        "actors": "; ".join(actor["name"] for actor in event.get("actors", [])) or None,
        "quantity_value": quantity.get("value"),
        "quantity_low": quantity.get("low"),
        "quantity_high": quantity.get("high"),
        "quantity_unit": quantity.get("unit"),
        "modality": event.get("modality"),
        "source": attribution.get("source"),
        "confidence": event.get("confidence"),
        "document_id": document_id,
        "evidence": evidence[0].get("text"),
    }


def _point_feature(event: dict[str, Any], role: str, document_id: str) -> Feature:
    place = event[role]
    properties = _event_properties(event, document_id) | {
        "place_role": role, "place_name": place["name"], "precision": place["precision"],
    }
    return {
        "type": "Feature",
        "id": f"{event['id']}:{role}",
        "geometry": {"type": "Point", "coordinates": _coordinates(place)},
        "properties": properties,
    }


def _coarser(first: str, second: str) -> str:
    return max(first, second, key=_PRECISION_ORDER.index)


def _flow_feature(event: dict[str, Any], document_id: str) -> Feature:
    origin, destination = event["origin"], event["destination"]
    properties = _event_properties(event, document_id) | {
        "place_role": "flow",
        "place_name": f"{origin['name']} → {destination['name']}",
        # A line is only as precise as its vaguer end.
        "precision": _coarser(origin["precision"], destination["precision"]),
    }
    ends = [_coordinates(origin), _coordinates(destination)]
    # A movement within one place (Aleppo to Aleppo) is a Point: a zero-length LineString is
    # invalid geometry (RFC 7946 wants two distinct positions) and breaks GIS tools.
    geometry = ({"type": "Point", "coordinates": ends[0]} if ends[0] == ends[1]
                else {"type": "LineString", "coordinates": ends})
    return {"type": "Feature", "id": f"{event['id']}:flow", "geometry": geometry,
            "properties": properties}


def _event_features(event: dict[str, Any], document_id: str) -> list[Feature]:
    features = [
        _point_feature(event, role, document_id)
        for role in PLACE_ROLES
        if has_point(event.get(role))
    ]
    if is_flow(event):
        features.append(_flow_feature(event, document_id))
    return features


def to_geojson(results: list[Result]) -> dict[str, Any]:
    """A FeatureCollection: a Point per geolocated place role, a LineString per movement flow
    (a Point where both ends are the same place). Unknown values are null, never "".

    Places without coordinates are left out (there is nothing to draw), and so is recalled
    history (`background`: "the 1982 massacre" is not on today's map); the event is still in
    the JSON output.
    """
    features: list[Feature] = []
    for result in results:
        document_id = result["document"]["id"]
        for event in result["events"]:
            if not event.get("background"):
                features.extend(_event_features(event, document_id))
    return {"type": "FeatureCollection", "features": features}


# --- Terminal table -----------------------------------------------------------------------------

# (header, widest a column may grow before its cells wrap). Type codes fit unwrapped.
_COLUMNS: tuple[tuple[str, int], ...] = (
    ("type", 35), ("date", 22), ("actors", 28), ("where", 28), ("quantity", 18),
    ("modality", 12), ("source", 18), ("confidence", 10),
)
_GAP = "  "


def _date_cell(date: dict[str, Any] | None) -> str:
    if not date or not date.get("start"):
        return "-"
    start, end = date["start"], date.get("end")
    return start if not end or end == start else f"{start}..{end}"


def _place_name(place: dict[str, Any] | None) -> str:
    return place["name"] if place else "?"


def _where_cell(event: dict[str, Any]) -> str:
    """Movements read as origin → destination; everything else by its location."""
    origin, destination = event.get("origin"), event.get("destination")
    if origin or destination:
        return f"{_place_name(origin)} → {_place_name(destination)}"
    return event["location"]["name"] if event.get("location") else "-"


def _quantity_cell(quantity: dict[str, Any] | None) -> str:
    if not quantity:
        return "-"
    value, low, high = quantity.get("value"), quantity.get("low"), quantity.get("high")
    qualifier = quantity.get("qualifier")
    if value is not None and low is not None and high is not None and low < high:
        amount = f"{low}-{high}"  # a range: its lower bound is the figure
    elif value is not None:
        mark = {"more_than": "+", "at_least": "+"}.get(qualifier or "", "")
        amount = ("~" if qualifier == "about" else "") + f"{value}{mark}"
    elif low is not None and high is not None:
        amount = str(low) if low == high else f"{low}-{high}"
    elif low is not None:
        amount = f"{low}+"
    elif high is not None:
        amount = f"<={high}"
    else:
        amount = "?"
    return f"{amount} {quantity['unit']}"


def _row(event: dict[str, Any]) -> list[str]:
    # Sources have their own column.
    actors = ", ".join(f"{actor['role']}:{actor['name']}" for actor in event.get("actors", [])
                       if actor["role"] != "source")
    attribution = event.get("attribution") or {}
    return [
        event["type"],
        _date_cell(event.get("date")),
        actors or "-",
        _where_cell(event),
        _quantity_cell(event.get("quantity")),
        event.get("modality") or "-",
        attribution.get("source") or "-",
        f"{event.get('confidence', 0):.2f}",
    ]


def _widths(rows: list[list[str]]) -> list[int]:
    widths = []
    for index, (header, cap) in enumerate(_COLUMNS):
        longest = max([len(header), *(len(row[index]) for row in rows)])
        widths.append(min(longest, max(cap, len(header))))
    return widths


def _render_row(cells: list[str], widths: list[int]) -> list[str]:
    """One logical row as one or more lines: long cells wrap within their column."""
    pairs = zip(cells, widths, strict=True)
    wrapped = [textwrap.wrap(cell, width) or [""] for cell, width in pairs]
    height = max(len(lines) for lines in wrapped)
    lines = []
    for number in range(height):
        parts = [
            (column[number] if number < len(column) else "").ljust(width)
            for column, width in zip(wrapped, widths, strict=True)
        ]
        lines.append(_GAP.join(parts).rstrip())
    return lines


def _document_header(document: dict[str, Any]) -> str:
    title = document.get("title") or "(untitled)"
    published = document.get("published") or "unknown"
    return f"== {document['id']} | {title} | published {published}"


def _document_table(result: Result) -> list[str]:
    lines = [_document_header(result["document"])]
    rows = [_row(event) for event in result["events"]]
    if not rows:
        return [*lines, "(no events)"]
    widths = _widths(rows)
    lines.extend(_render_row([header for header, _ in _COLUMNS], widths))
    lines.append(_GAP.join("-" * width for width in widths))
    for row in rows:
        lines.extend(_render_row(row, widths))
    return lines


def to_table(results: list[Result]) -> str:
    """A plain fixed-width table per document (no colour codes, same input → same text)."""
    blocks = ["\n".join(_document_table(result)) for result in results]
    return "\n\n".join(blocks) + "\n" if blocks else ""
