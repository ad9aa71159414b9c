"""The GeoPackage export as QGIS reads it: opened with GDAL (pyogrio), types and values checked."""

from __future__ import annotations

from copy import deepcopy
from datetime import date

import pytest

from eventatlas.export import FORMATS, events_from_results, export_events
from eventatlas.export.gpkg import FIELDS, line_wkb, point_wkb

pyogrio = pytest.importorskip("pyogrio")

ALEPPO = {"name": "Aleppo", "text": "Aleppo", "geonameid": 170063, "lat": 36.20124,
          "lon": 37.16117, "admin1": "Aleppo", "country_code": "SY", "precision": "town",
          "geo_precision": 1, "basis": "explicit"}


@pytest.fixture(scope="module")
def events(seed_result):
    return list(events_from_results([seed_result]))


@pytest.fixture(scope="module")
def gpkg(events, tmp_path_factory):
    flight = next(event for event in events if event["type"] == "movement.flight")
    same_place = deepcopy(flight) | {"id": "ev-aleppo", "origin": ALEPPO, "destination": ALEPPO,
                                     "location": None}
    path = tmp_path_factory.mktemp("gpkg") / "events.gpkg"
    report = export_events([*events, same_place], "gpkg", path)
    return path, report


def _table(path, layer):
    _meta, table = pyogrio.read_arrow(path, layer=layer)
    return table


def test_gpkg_is_a_format_of_the_export():
    assert "gpkg" in FORMATS


def test_two_layers_in_wgs84_with_short_typed_fields(gpkg):
    path, report = gpkg
    assert [name for name, _ in pyogrio.list_layers(path)] == ["events", "flows"]
    info = pyogrio.read_info(path, layer="events")
    assert info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326"
    assert info["features"] == report.written > 0
    assert all(len(name) <= 10 for name in info["fields"])
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["date_start"] == "datetime64[D]" and types["time_prec"] == "int16"
    assert types["fatalities"] == "int64" and types["confidence"] == "float64"
    assert list(info["fields"]) == [item.name for item in FIELDS]
    assert pyogrio.read_info(path, layer="flows")["geometry_type"] == "LineString"


def test_values_as_gdal_reads_them(gpkg, events):
    path, _report = gpkg
    table = _table(path, "events").to_pylist()
    mosul = next(row for row in table if row["origin"] == "Mosul")
    assert mosul["quantity"] == 75 and mosul["qty_unit"] == "families"
    assert mosul["fatalities"] is None and mosul["actor2"] is None  # null, not ""
    assert mosul["date_start"] == date(2016, 7, 1)
    assert all("" not in row.values() for row in table)
    # A flow within one place is a point only: no zero-length line on the flows layer.
    aleppo = next(row for row in table if row["event_id"] == "ev-aleppo")
    assert aleppo["geom"] == point_wkb(ALEPPO) and aleppo["place"] == "Aleppo"
    flows = _table(path, "flows").to_pylist()
    assert "ev-aleppo" not in {row["event_id"] for row in flows}
    mosul_flow = next(row for row in flows if row["event_id"] == mosul["event_id"])
    by_id = {event["id"]: event for event in events}
    event = by_id[mosul["event_id"]]
    assert mosul_flow["geom"] == line_wkb(event["origin"], event["destination"])


def test_background_and_unlocated_events_left_out(gpkg, events):
    path, report = gpkg
    ids = {row["event_id"] for row in _table(path, "events").to_pylist()}
    background = {event["id"] for event in events if event.get("background")}
    unlocated = {event["id"] for event in events
                 if not any(event.get(role) and event[role].get("lat") is not None
                            for role in ("location", "origin", "destination"))}
    assert not ids & (background | unlocated)
    assert report.skipped == len(background | unlocated)


def test_stdout_is_refused(events):
    from eventatlas.errors import OptionError

    with pytest.raises(OptionError, match="gpkg"):
        export_events(events, "gpkg", "-")
