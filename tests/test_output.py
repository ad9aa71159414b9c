"""The output contract: schema validation, offset checks, GeoJSON and the terminal table."""

import copy
import json
from datetime import date

import jsonschema
import pytest

from eventatlas.model import (
    Actor,
    DateRange,
    Document,
    Event,
    Evidence,
    Place,
    Quantity,
)
from eventatlas.ontology import codes
from eventatlas.output import (
    check_offsets,
    error_schema,
    output_schema,
    to_geojson,
    to_json,
    to_table,
    validate_error,
    validate_line,
    validate_result,
)

TEXT = (
    "Kurdish-led forces said they had advanced on the city from the north. "
    "This comes as dozens of families escaped Raqqa heading to Hasakah province in northeastern "
    "Syria."
)
SENTENCE = (
    "This comes as dozens of families escaped Raqqa heading to Hasakah province in northeastern "
    "Syria."
)
RAQQA = (35.95283, 39.00788)
HASAKAH = (36.5, 40.75)


def flight_document() -> Document:
    origin = Place(
        name="Ar Raqqah", text="Raqqa", precision="town", geonameid=172955,
        lat=RAQQA[0], lon=RAQQA[1], admin1="Ar-Raqqah", country_code="SY", start=111, end=116,
    )
    destination = Place(
        name="Al-Hasakah", text="Hasakah province", precision="admin1",
        lat=HASAKAH[0], lon=HASAKAH[1], admin1="Al-Hasakah", country_code="SY",
        start=128, end=144,
    )
    event = Event(
        id="ev-0a1b2c3d4e",
        type="movement.flight",
        evidence=[Evidence(start=70, end=167, text=SENTENCE)],
        date=DateRange(start=date(2016, 5, 2), end=date(2016, 5, 2), precision="day",
                       basis="publication"),
        actors=[Actor(role="affected", name="families", text="dozens of families",
                      kind="civilians", start=84, end=102)],
        origin=origin,
        destination=destination,
        quantity=Quantity(unit="families", text="dozens of families", low=24, high=99),
        modality="asserted",
        confidence=0.72,
        trigger="escaped",
    )
    return Document(
        id="doc-1", text=TEXT, title="Families flee Raqqa as fighting nears",
        outlet="ARA News", published=date(2016, 5, 2), url="https://example.org/raqqa",
        events=[event],
    )


@pytest.fixture
def result() -> dict:
    return flight_document().result()


def test_offsets_in_fixture_are_right():
    # Guards the fixture itself: the hand-written offsets must slice the text they claim.
    assert TEXT[70:167] == SENTENCE
    assert TEXT[111:116] == "Raqqa"
    assert TEXT[128:144] == "Hasakah province"


def test_result_validates(result):
    validate_result(result)
    validate_line(result)
    assert check_offsets(result) == []


def test_result_survives_json_round_trip(result):
    validate_result(json.loads(to_json(result)))
    assert "\n" not in to_json(result, indent=None)


def test_to_json_keeps_non_ascii(result):
    result["events"][0]["origin"]["name"] = "الرقة"
    assert "الرقة" in to_json(result)


def test_schema_is_a_valid_draft_2020_12_schema():
    schema = output_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator.check_schema(error_schema())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$defs"]["event"]["properties"]["type"]["enum"] == codes()


def test_schema_copies_are_independent():
    output_schema()["$defs"].clear()
    assert output_schema()["$defs"]


def _broken(result: dict, change) -> dict:
    broken = copy.deepcopy(result)
    change(broken["events"][0])
    return broken


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda e: e.update(type="movement.fleeing"), id="bad-type-code"),
        pytest.param(lambda e: e.update(confidence=2.0), id="confidence-above-1"),
        pytest.param(lambda e: e.update(confidence=-0.1), id="confidence-below-0"),
        pytest.param(lambda e: e.pop("evidence"), id="missing-evidence"),
        pytest.param(lambda e: e.update(evidence=[]), id="empty-evidence"),
        pytest.param(lambda e: e["evidence"][0].update(start=-1), id="negative-offset"),
        pytest.param(lambda e: e["evidence"][0].update(end="167"), id="string-offset"),
        pytest.param(lambda e: e.update(modality="rumoured"), id="bad-modality"),
        pytest.param(lambda e: e["date"].update(start="02/05/2016"), id="non-iso-date"),
        pytest.param(lambda e: e["date"].update(precision="decade"), id="bad-date-precision"),
        pytest.param(lambda e: e["origin"].update(precision="village"), id="bad-place-precision"),
        pytest.param(lambda e: e["actors"][0].update(role="victim"), id="bad-role"),
        pytest.param(lambda e: e["actors"][0].update(actor_id=None), id="null-optional-key"),
        pytest.param(lambda e: e.update(extra=1), id="unknown-field"),
        pytest.param(lambda e: e.pop("trigger"), id="missing-nullable-field"),
        pytest.param(
            lambda e: e.update(acled={"event_type": "Battles", "sub_event_type": "Armed clash"}),
            id="acled-not-the-types-mapping",
        ),
    ],
)
def test_broken_result_fails(result, change):
    with pytest.raises(jsonschema.ValidationError):
        validate_result(_broken(result, change))


def test_every_ontology_code_validates(result):
    for code in codes():
        event = Event(id="e", type=code, evidence=[Evidence(70, 167, SENTENCE)])
        result["events"] = [event.as_dict()]
        validate_result(result)


def test_check_offsets_catches_wrong_offset(result):
    result["events"][0]["evidence"][0]["start"] = 69
    problems = check_offsets(result)
    assert len(problems) == 1
    assert "ev-0a1b2c3d4e" in problems[0]


def test_check_offsets_catches_span_past_the_text(result):
    result["events"][0]["evidence"][0]["end"] = len(TEXT) + 5
    assert "outside the text" in check_offsets(result)[0]


def test_error_object():
    line = {"error": {"message": "empty input", "line": 3, "id": None}}
    validate_error(line)
    validate_line(line)
    with pytest.raises(jsonschema.ValidationError):
        validate_error({"error": {"message": "x", "line": "3", "id": None}})
    with pytest.raises(jsonschema.ValidationError):
        validate_error({"error": {"message": "x"}})


def test_geojson_points_and_flow(result):
    collection = to_geojson([result])
    assert collection["type"] == "FeatureCollection"
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in collection["features"] if f["geometry"]["type"] == "LineString"]

    assert {p["properties"]["place_role"] for p in points} == {"origin", "destination"}
    origin = next(p for p in points if p["properties"]["place_role"] == "origin")
    assert origin["geometry"]["coordinates"] == [RAQQA[1], RAQQA[0]]  # [lon, lat]
    assert origin["properties"]["place_name"] == "Ar Raqqah"
    assert origin["properties"]["quantity_low"] == 24
    assert origin["properties"]["quantity_high"] == 99
    assert origin["properties"]["document_id"] == "doc-1"
    assert origin["properties"]["evidence"] == SENTENCE
    assert origin["properties"]["acled_sub_event_type"] is None

    assert len(lines) == 1
    flow = lines[0]
    assert flow["geometry"]["coordinates"] == [[RAQQA[1], RAQQA[0]], [HASAKAH[1], HASAKAH[0]]]
    assert flow["properties"]["place_role"] == "flow"
    assert flow["properties"]["precision"] == "admin1"


def test_geojson_skips_places_without_coordinates(result):
    result["events"][0]["destination"]["lat"] = None
    features = to_geojson([result])["features"]
    assert [f["properties"]["place_role"] for f in features] == ["origin"]


def test_geojson_no_flow_for_non_movement(result):
    result["events"][0]["type"] = "strategic.other"
    kinds = {f["geometry"]["type"] for f in to_geojson([result])["features"]}
    assert kinds == {"Point"}


def test_table(result):
    table = to_table([result])
    assert "doc-1 | Families flee Raqqa as fighting nears | published 2016-05-02" in table
    assert "movement.flight" in table
    assert "Ar Raqqah → Al-Hasakah" in table
    assert "affected:families" in table
    assert "24-99 families" in table
    assert "\x1b" not in table
    assert to_table([result]) == table


def test_table_without_events():
    document = Document(id="doc-2", text="Nothing happened.")
    assert "(no events)" in to_table([document.result()])
