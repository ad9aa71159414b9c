"""GeoJSON for GIS tools: one feature per event, a LineString from origin to destination for
a movement flow with both ends located at two different points, else a Point at the event's
place (a flow within one place, Aleppo to Aleppo, is a Point: a zero-length LineString is
invalid). Properties are the ACLED-format row as JSON values (so a map layer and the
spreadsheet share columns): unknown values are null, never "", and `ea_evidence` /
`ea_sources` are arrays. Background and unlocated events are left out and counted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from eventatlas.export import fields
from eventatlas.export.acled import acled_row
from eventatlas.export.fields import EventRecord

Feature = dict[str, Any]


def _position(place: dict[str, Any]) -> list[float]:
    return [place["lon"], place["lat"]]  # RFC 7946: longitude first


def geometry(event: EventRecord) -> dict[str, Any] | None:
    if fields.is_flow(event):
        ends = [_position(event["origin"]), _position(event["destination"])]
        if ends[0] != ends[1]:
            return {"type": "LineString", "coordinates": ends}
    for role in fields.PLACE_ROLES:
        if fields.has_point(event.get(role)):
            return {"type": "Point", "coordinates": _position(event[role])}
    return None


def feature(event: EventRecord, timestamp: int | None = None) -> Feature | None:
    shape = geometry(event)
    if shape is None:
        return None
    properties = acled_row(event, timestamp)
    properties["ea_geometry"] = "flow" if shape["type"] == "LineString" else "place"
    return {"type": "Feature", "id": event["id"], "geometry": shape, "properties": properties}


@dataclass(slots=True)
class FeatureCollection:
    features: list[Feature] = field(default_factory=list)
    unlocated: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"type": "FeatureCollection", "features": self.features}


def feature_collection(events: Iterable[EventRecord], timestamp: int | None = None) \
        -> FeatureCollection:
    collection = FeatureCollection()
    for event in fields.current(events):
        item = feature(event, timestamp)
        if item is None:
            collection.unlocated += 1
        else:
            collection.features.append(item)
    return collection
