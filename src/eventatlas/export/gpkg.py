"""GeoPackage for QGIS and other GIS desktops, written by GDAL through pyogrio.

Two layers in EPSG:4326: `events`, a Point per located event at its place (its location, else
where a movement started, else where it ended), and `flows`, a LineString from origin to
destination per movement whose two ends are different points (a zero-length line is invalid).
A flow is on both layers, so `events` alone is the whole map. Fields are typed (dates as
dates, counts as integers, null when unknown) and named in at most 10 characters, so a layer
saved again as a Shapefile keeps every name whole; `FIELDS` says what each holds and the layer
metadata carries the same descriptions. Background and unlocated events are left out and
counted, as for GeoJSON.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa

from eventatlas.errors import OptionError
from eventatlas.export import fields
from eventatlas.export.fields import EventRecord

EVENTS_LAYER, FLOWS_LAYER = "events", "flows"
GEOMETRY = "geom"
CRS = "EPSG:4326"
PYOGRIO_MISSING = ("--format gpkg needs pyogrio (GDAL): pip install 'pyogrio==0.13.0' "
                   "(or eventatlas[gpkg])")
# How WKB spells a little-endian 2D point and line (ISO 19125; GeoPackage stores WKB inside).
_WKB_POINT, _WKB_LINESTRING = 1, 2


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _acled(key: str) -> Callable[[EventRecord], Any]:
    return lambda event: (event.get("acled") or {}).get(key)


def _place(key: str) -> Callable[[EventRecord], Any]:
    return lambda event: (fields.primary_place(event) or {}).get(key)


def _role(event: EventRecord) -> str | None:
    return next((role for role in fields.PLACE_ROLES if fields.has_point(event.get(role))), None)


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # at most 10 characters (the Shapefile limit)
    type: pa.DataType
    value: Callable[[EventRecord], Any]
    description: str


FIELDS: tuple[Field, ...] = (
    Field("event_id", pa.string(), lambda e: e["id"], "EventAtlas event id"),
    Field("type", pa.string(), lambda e: e["type"], "EventAtlas event type (eventatlas types)"),
    Field("family", pa.string(), fields.family, "type family: conflict, movement, ..."),
    Field("acled_type", pa.string(), _acled("event_type"), "ACLED event_type"),
    Field("acled_sub", pa.string(), _acled("sub_event_type"), "ACLED sub_event_type"),
    Field("actor1", pa.string(), _acled("actor1"), "ACLED actor1"),
    Field("actor2", pa.string(), _acled("actor2"), "ACLED actor2"),
    Field("date_start", pa.date32(), lambda e: _date((e.get("date") or {}).get("start")),
          "first day the event may have happened"),
    Field("date_end", pa.date32(), lambda e: _date((e.get("date") or {}).get("end")),
          "last day the event may have happened"),
    Field("time_prec", pa.int8(), lambda e: (e.get("date") or {}).get("time_precision"),
          "ACLED time_precision: 1 day, 2 week, 3 month or vaguer"),
    Field("place", pa.string(), _place("name"), "gazetteer name of the point"),
    Field("place_role", pa.string(), _role, "location, origin or destination"),
    Field("country", pa.string(), _place("country_code"), "ISO 3166-1 alpha-2 code"),
    Field("admin1", pa.string(), _place("admin1"), "first-level region"),
    Field("geo_prec", pa.int8(), _place("geo_precision"),
          "ACLED geo_precision: 1 town, 2 district, 3 region or vaguer"),
    Field("origin", pa.string(), lambda e: (e.get("origin") or {}).get("name"),
          "where a movement started"),
    Field("dest", pa.string(), lambda e: (e.get("destination") or {}).get("name"),
          "where a movement ended"),
    Field("fatalities", pa.int64(), fields.fatalities_best, "deaths, ACLED's lowest figure"),
    Field("quantity", pa.int64(), fields.quantity_best, "how many (people, families, ...)"),
    Field("qty_unit", pa.string(), lambda e: (e.get("quantity") or {}).get("unit"),
          "what `quantity` counts"),
    Field("modality", pa.string(), lambda e: e.get("modality"),
          "asserted, reported, claimed, denied, ..."),
    Field("source", pa.string(), fields.attribution_source, "who the report cites"),
    Field("confidence", pa.float64(), lambda e: e.get("confidence"), "0 to 1"),
    Field("n_sources", pa.int32(), lambda e: len(fields.document_ids(e)) or 1,
          "reports the event comes from"),
    Field("outlets", pa.string(), lambda e: fields.joined(fields.outlets(e)) or None,
          "publishers, '; ' between them"),
    Field("doc_ids", pa.string(), lambda e: fields.joined(fields.document_ids(e)) or None,
          "document ids, '; ' between them"),
    Field("evidence", pa.string(), lambda e: "\n".join(fields.evidence_texts(e, flat=True))
          or None, "the words the event rests on, one span a line"),
)
SCHEMA = pa.schema([pa.field(item.name, item.type) for item in FIELDS]
                   + [pa.field(GEOMETRY, pa.binary())])


def point_wkb(place: dict[str, Any]) -> bytes:
    return struct.pack("<BIdd", 1, _WKB_POINT, place["lon"], place["lat"])


def line_wkb(*places: dict[str, Any]) -> bytes:
    coordinates = [value for place in places for value in (place["lon"], place["lat"])]
    return struct.pack(f"<BII{len(coordinates)}d", 1, _WKB_LINESTRING, len(places),
                       *coordinates)


def _flow_ends(event: EventRecord) -> tuple[dict[str, Any], dict[str, Any]] | None:
    if not fields.is_flow(event):
        return None
    origin, destination = event["origin"], event["destination"]
    same = (origin["lon"], origin["lat"]) == (destination["lon"], destination["lat"])
    return None if same else (origin, destination)


def _row(event: EventRecord) -> dict[str, Any]:
    return {item.name: item.value(event) for item in FIELDS}


def _import_pyogrio() -> Any:
    try:
        import pyogrio
    except ImportError as error:
        raise OptionError(PYOGRIO_MISSING) from error
    return pyogrio


def write_gpkg(events: Iterable[EventRecord], target: Path) -> tuple[int, int]:
    """Write the `events` and `flows` layers to a new `target`; returns (points written,
    events left out for having no coordinates)."""
    pyogrio = _import_pyogrio()
    points, flows, unlocated = [], [], 0
    for event in fields.current(events):
        role = _role(event)
        if role is None:
            unlocated += 1
            continue
        points.append(_row(event) | {GEOMETRY: point_wkb(event[role])})
        ends = _flow_ends(event)
        if ends is not None:
            flows.append(_row(event) | {GEOMETRY: line_wkb(*ends)})
    target.unlink(missing_ok=True)  # a GeoPackage is a database: writing into one adds layers
    metadata = {f"field:{item.name}": item.description for item in FIELDS}
    for layer, rows, shape in ((EVENTS_LAYER, points, "Point"), (FLOWS_LAYER, flows,
                                                                   "LineString")):
        pyogrio.write_arrow(pa.Table.from_pylist(rows, schema=SCHEMA), str(target),
                            layer=layer, driver="GPKG", geometry_name=GEOMETRY,
                            geometry_type=shape, crs=CRS, layer_metadata=metadata)
    return len(points), unlocated
