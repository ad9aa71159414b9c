"""`eventatlas extract --format geojson` (output.formats.to_geojson): valid geometry, nulls."""

from __future__ import annotations

from copy import deepcopy

from eventatlas.output import to_geojson

ALEPPO = {"name": "Aleppo", "text": "Aleppo", "geonameid": 170063, "lat": 36.20124,
          "lon": 37.16117, "admin1": "Aleppo", "country_code": "SY", "precision": "town",
          "geo_precision": 1, "basis": "explicit"}


def test_flow_within_one_place_is_a_point_and_missing_values_are_null(seed_result):
    result = deepcopy(seed_result)
    flight = next(event for event in result["events"] if event["type"] == "movement.flight")
    flight.update(origin=ALEPPO, destination=ALEPPO, location=None, actors=[], date=None)
    features = {feature["id"]: feature for feature in to_geojson([result])["features"]}
    flow = features[f"{flight['id']}:flow"]
    assert flow["geometry"] == {"type": "Point", "coordinates": [37.16117, 36.20124]}
    assert flow["properties"]["actors"] is None and flow["properties"]["date_start"] is None
    for feature in features.values():
        if feature["geometry"]["type"] == "LineString":
            start, end = feature["geometry"]["coordinates"]
            assert start != end
        assert "" not in feature["properties"].values()
    # The seed's real flows (Raqqa to Hasakah, Mosul to Syria...) stay lines.
    assert any(feature["geometry"]["type"] == "LineString" for feature in features.values())
