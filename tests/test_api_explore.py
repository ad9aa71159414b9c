"""What the web app asks the API for beyond listing: short rows for the map and table, export of
the filtered view through the export writers, forgiving search (actor aliases, admin1
spellings) and the gazetteer's place search. Real app, real pipeline, the seed report."""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
import pytest

from eventatlas.api.search import expand_actor, expand_admin1, places
from test_api import make_client, post_seed


@pytest.fixture(scope="module")
def client(tmp_path_factory, pipeline):
    app_client, store = make_client(tmp_path_factory.mktemp("explore") / "seed.duckdb", pipeline)
    with app_client:
        assert post_seed(app_client).status_code == 201
        yield app_client
    store.close()


def rows(client, **params) -> dict:
    response = client.get("/events", params={"format": "rows", "limit": 5000, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_rows_are_one_short_line_per_event(client):
    listed = client.get("/events", params={"limit": 1000}).json()
    short = rows(client)
    assert short["total"] == listed["total"] == len(short["rows"])
    by_id = {event["id"]: event for event in listed["events"]}
    for row in short["rows"]:
        event = by_id[row["id"]]
        assert row["type"] == event["type"] and row["sources"] == event["corroboration"]
        assert row["date_start"] == (event["date"] or {}).get("start")
        if row["lat"] is not None:
            assert 30 < row["lat"] < 40 and 25 < row["lon"] < 50
    assert any(row["flow"] for row in short["rows"])
    # The seed's events are news (dated around publication), none recalled history.
    assert not any(row["recalled"] for row in short["rows"])


def test_export_writes_the_filtered_view_with_the_export_writers(client):
    total = rows(client)["total"]
    response = client.get("/export", params={"format": "acled-csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert int(response.headers["x-total-count"]) == total
    assert len(table) == int(response.headers["x-written"]) > 0
    # The same columns and rows as `format=csv` (the ACLED-format export), timestamp aside.
    same = list(csv.DictReader(io.StringIO(client.get("/events", params={
        "format": "csv", "limit": 5000}).text)))
    assert [{k: v for k, v in row.items() if k != "timestamp"} for row in table] == \
        [{k: v for k, v in row.items() if k != "timestamp"} for row in same]

    movements = client.get("/export", params={"format": "acled-csv", "family": "movement"})
    moved = list(csv.DictReader(io.StringIO(movements.text)))
    assert moved and {row["ea_family"] for row in moved} == {"movement"}
    assert len(moved) < len(table)

    geojson = client.get("/export", params={"format": "geojson"})
    assert geojson.headers["content-type"].startswith("application/geo+json")
    collection = geojson.json()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == int(geojson.headers["x-written"]) > 0

    parquet = client.get("/export", params={"format": "parquet", "family": "movement"})
    frame = pq.read_table(io.BytesIO(parquet.content))
    assert frame.num_rows == len(moved)
    assert set(frame.column("family").to_pylist()) == {"movement"}


def test_export_refuses_an_unknown_format_and_bad_filters(client):
    assert client.get("/export", params={"format": "xlsx"}).status_code == 422
    bad = client.get("/export", params={"start": "2016-12-01", "end": "2016-01-01"})
    assert bad.status_code == 400 and "start is after end" in bad.json()["detail"]


def test_actor_aliases_from_the_ontology_find_the_same_events(client):
    by_name = rows(client, actor="Islamic State")
    assert by_name["total"] > 0
    for alias in ("ISIS", "Daesh", "IS", "isil"):
        found = rows(client, actor=alias)
        assert found["total"] == by_name["total"], alias
        assert found["interpreted"]["actor"]["meaning"] == "IS (Islamic State)"
    assert expand_actor("Daesh").used == "isis"
    assert expand_actor("somebody unknown").used == "somebody unknown"


def test_admin1_spellings_are_forgiven(client):
    exact = rows(client, admin1="Ar-Raqqah")
    assert exact["total"] > 0
    for spelling in ("Raqqa", "raqqa", "Ar Raqqah", "Raqa"):
        found = rows(client, admin1=spelling)
        assert found["total"] == exact["total"], spelling
    # Events carry ACLED's spelling of the region, so the filter asks for it.
    assert rows(client, admin1="Raqqa")["interpreted"]["admin1"]["used"] == "Ar Raqqa"
    assert expand_admin1("Deir ezzor").used == "Deir ez Zor"
    assert expand_admin1("Metro Manila").used == "NCR"
    assert expand_admin1("Nowhere-at-all").used == "Nowhere-at-all"


def test_place_search_over_gazetteer_names(client):
    response = client.get("/places", params={"q": "Raqqa"})
    assert response.status_code == 200
    found = response.json()["places"]
    assert found[0]["name"] == "Ar-Raqqah" and found[0]["country_code"] == "SY"
    assert {place["kind"] for place in found} >= {"admin1", "city"}
    assert 35 < found[0]["lat"] < 37 and 38 < found[0]["lon"] < 40
    assert places("Aleppo")[0]["admin1"] == "Aleppo"
    assert client.get("/places", params={"q": ""}).status_code == 422


def test_major_places_name_the_map_in_view(client):
    syria = "35.5,32.3,42.4,37.4"  # min_lon,min_lat,max_lon,max_lat
    response = client.get("/places/major", params={"bbox": syria, "limit": 8})
    assert response.status_code == 200
    found = response.json()["places"]
    towns = [place for place in found if place["kind"] == "city"]
    assert len(towns) == 8 and {"Aleppo", "Damascus"} <= {town["name"] for town in towns}
    assert "Syria" in {place["name"] for place in found if place["kind"] == "country"}
    populations = [place["population"] for place in found]
    assert populations == sorted(populations, reverse=True)
    assert all(32.3 <= p["lat"] <= 37.4 and 35.5 <= p["lon"] <= 42.4 for p in found)
    # Around Raqqa its own town comes first; a box at sea holds none.
    raqqa = client.get("/places/major", params={"bbox": "38.5,35.7,39.3,36.2"}).json()["places"]
    assert next(p["name"] for p in raqqa if p["kind"] == "city") == "Ar Raqqah"
    sea = client.get("/places/major", params={"bbox": "-40,-40,-39,-39"}).json()["places"]
    assert sea == []
    assert client.get("/places/major", params={"bbox": "1,2,3"}).status_code == 400
    assert client.get("/places/major").status_code == 422
    assert client.get("/places/major", params={"bbox": ""}).status_code == 400  # fuzz found a 500
