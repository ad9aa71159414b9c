"""Exports of the seed report's events, read back with csv / json / pyarrow and checked value
by value against what the report says."""

from __future__ import annotations

import csv
import json

import pytest

from eventatlas.export import (
    FORMATS,
    EventFilter,
    ExportOptions,
    events_from_results,
    export_events,
)
from eventatlas.export.acled import COLUMNS, interaction
from eventatlas.export.hxl import HASHTAGS, HEADERS

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

STAMP = 1_700_000_000


@pytest.fixture(scope="module")
def events(seed_result):
    return list(events_from_results([seed_result]))


def by_type(rows, key, value):
    return [row for row in rows if row[key] == value]


def test_acled_csv_round_trip(events, tmp_path):
    path = tmp_path / "events.csv"
    report = export_events(events, "acled-csv", path, ExportOptions(timestamp=STAMP))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMNS
    assert report.written == len(rows) == len(events) == 9
    (expelled,) = by_type(rows, "ea_type", "movement.forced_displacement")
    assert (expelled["disorder_type"], expelled["event_type"], expelled["sub_event_type"]) == \
        ("Political violence", "Violence against civilians", "Attack")
    # The pipeline's ACLED sides, in ACLED's naming.
    assert (expelled["actor1"], expelled["inter1"]) == ("Islamic State (Syria)", "2")
    assert (expelled["actor2"], expelled["inter2"]) == ("Civilians (Syria)", "7")
    assert expelled["assoc_actor_2"] == "Kurdish Ethnic Group (Syria)"
    assert expelled["interaction"] == "27"
    assert expelled["civilian_targeting"] == "Civilian targeting"
    assert (expelled["iso"], expelled["region"], expelled["country"]) == \
        ("760", "Middle East", "Syria")
    assert (expelled["location"], expelled["geo_precision"]) == ("Ar Raqqah", "1")
    assert float(expelled["latitude"]) == pytest.approx(35.95283)
    assert (expelled["event_date"], expelled["time_precision"]) == ("2016-11-11", "1")
    assert (expelled["ea_destination"], expelled["ea_quantity_low"]) == ("Tadmur", "24")
    assert (expelled["source"], expelled["source_scale"]) == ("ARA News", "Subnational")
    assert expelled["admin2"] == expelled["admin3"] == ""  # GeoNames has no Syrian districts
    assert expelled["fatalities"] == "0" and expelled["timestamp"] == str(STAMP)
    assert expelled["ea_attribution"] == "pro-ISIS media source"
    assert "Palmyra" in expelled["notes"] and "\n" not in expelled["notes"]
    spans = json.loads(expelled["ea_evidence"])
    document = events[0]["sources"][0]["document_id"]
    assert spans and all(span["document_id"] == document for span in spans)


def test_acled_conventions(events, tmp_path):
    path = tmp_path / "events.csv"
    export_events(events, "acled-csv", path, ExportOptions(timestamp=STAMP))
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    strikes = {row["actor1"]: row for row in by_type(rows, "ea_type", "remote.air_strike")}
    # Foreign state forces and the coalition are ACLED's "External/Other forces" in Syria.
    assert strikes["Military Forces of Russia"]["inter1"] == "8"
    assert strikes["Military Forces of Russia"]["interaction"] == "80"
    assert strikes["Operation Inherent Resolve: US-led coalition"]["sub_event_type"] == \
        "Air/drone strike"
    mosul = next(row for row in by_type(rows, "ea_type", "movement.relocation")
                 if row["location"] == "Mosul")
    # "A few months ago" = July..September: the middle of the period, precision 3.
    assert (mosul["event_date"], mosul["time_precision"]) == ("2016-08-15", "3")
    assert (mosul["country"], mosul["iso"], mosul["admin1"]) == ("Iraq", "368", "Ninewa")
    assert mosul["assoc_actor_1"] == "IS (Islamic State): members' families"
    assert mosul["actor2"] == "" and mosul["interaction"] == "20"
    (flight,) = by_type(rows, "ea_type", "movement.flight")
    assert flight["event_type"] == flight["disorder_type"] == flight["sub_event_type"] == ""
    assert flight["ea_destination"] == "Al-Hasakah"
    assert interaction(7, 2) == 27 and interaction(None, None) is None


def test_acled_only_keeps_what_acled_codes(events, tmp_path):
    path = tmp_path / "acled.csv"
    report = export_events(events, "acled-csv", path, ExportOptions(acled_only=True))
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    kept = {row["ea_type"] for row in rows}
    assert kept == {"movement.relocation", "remote.air_strike", "recruitment.forced",
                    "movement.forced_displacement"}
    assert report.skipped == 3 and all(row["event_type"] for row in rows)


def test_hxl_csv_has_hashtag_row(events, tmp_path):
    path = tmp_path / "events-hxl.csv"
    export_events(events, "hxl-csv", path, ExportOptions(timestamp=STAMP))
    lines = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert tuple(lines[0]) == HEADERS and tuple(lines[1]) == HASHTAGS
    for tag in ("#date+occurred", "#event+type+acled", "#event+type+eventatlas",
                "#actor+name+first", "#adm1+name", "#geo+lat", "#geo+lon",
                "#affected+hh+displaced", "#affected+idps+ind", "#affected+killed"):
        assert tag in lines[1]
    assert len(set(lines[1])) == len(lines[1])
    tagged = [dict(zip(lines[1], line, strict=True)) for line in lines[2:]]
    assert len(tagged) == 9
    expelled = next(row for row in tagged if row["#event+type+eventatlas"]
                    == "movement.forced_displacement")
    # "dozens of Kurdish families": at least 24 households, no count of people
    assert (expelled["#affected+hh+displaced"], expelled["#affected+idps+ind"]) == ("24", "")
    assert expelled["#adm1+name"] == "Ar Raqqa" and expelled["#country+code"] == "SYR"
    assert expelled["#loc+name+destination"] == "Tadmur"


def test_geojson_points_and_flows(events, tmp_path):
    path = tmp_path / "events.geojson"
    report = export_events(events, "geojson", path)
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert report.written == len(collection["features"]) == 9
    shapes = {feature["properties"]["ea_event_id"]: feature["geometry"]
              for feature in collection["features"]}
    flight = next(e for e in events if e["type"] == "movement.flight")
    assert shapes[flight["id"]] == {"type": "LineString",
                                    "coordinates": [[39.00788, 35.95283], [41.1, 36.45]]}
    strike = next(e for e in events if e["type"] == "remote.air_strike")
    assert shapes[strike["id"]] == {"type": "Point", "coordinates": [39.00788, 35.95283]}


def test_geojson_leaves_out_unlocated(events, tmp_path):
    unlocated = dict(events[0], location=None, origin=None, destination=None)
    report = export_events([unlocated, events[1]], "geojson", tmp_path / "x.geojson")
    assert (report.written, report.skipped) == (1, 1)


def test_parquet_round_trip(events, seed_result, tmp_path):
    from eventatlas.export.parquet import EVENT_SCHEMA

    path = tmp_path / "events.parquet"
    export_events(events, "parquet", path)
    table = pq.read_table(path)
    assert table.schema.equals(EVENT_SCHEMA)
    rows = table.to_pylist()
    mosul = next(row for row in rows if row["location_name"] == "Mosul")
    assert (mosul["quantity_value"], mosul["quantity_unit"]) == (75, "families")
    assert (mosul["destination_name"], mosul["destination_precision"]) == ("Syria", "country")
    assert mosul["date_start"].isoformat() == "2016-07-01"
    assert mosul["plover_event_type"] == "MOBILIZE"
    text = seed_result["document"]["text"]
    for row in rows:
        assert row["evidence"]
        for span in row["evidence"]:
            assert text[span["start"]:span["end"]] == span["text"]
        assert row["sources"][0]["outlet"] == "ARA News"


def test_filters(events):
    def kept(**options):
        return {event["type"] for event in EventFilter(**options).apply(events)}

    from datetime import date

    assert kept(type="remote.air_strike") == {"remote.air_strike"}
    assert kept(country="IQ") == {"movement.relocation"}
    assert kept(family="statement") == {"statement.threat", "statement.accusation"}
    # Palmyra (Tadmur, 34.56 N 38.28 E) lies inside; every other event also touches Raqqa,
    # Mosul is outside, and so is Syria's country point (35 N 38 E, where the Mosul families
    # went: "to Syria").
    assert kept(bbox=(38.1, 34.0, 38.5, 34.9)) == {"movement.forced_displacement"}
    assert kept(end=date(2016, 9, 30)) == {"movement.relocation"}
    assert kept(start=date(2016, 11, 11)) == {"remote.air_strike", "recruitment.forced",
                                              "statement.accusation",
                                              "movement.forced_displacement"}
    assert kept(actor="russia") == {"remote.air_strike"}
    assert kept(actor="isis", family="recruitment") == {"recruitment.forced"}
    assert all(e["confidence"] >= 0.8 for e in EventFilter(min_confidence=0.8).apply(events))


def test_every_format_writes(events, tmp_path):
    for name in FORMATS:
        report = export_events(events, name, tmp_path / f"out.{name}")
        assert report.written > 0 and (tmp_path / f"out.{name}").stat().st_size > 0
