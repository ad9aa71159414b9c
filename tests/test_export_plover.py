"""The PLOVER export checked against the current PLOVER manual's own lists (draft 0.8, 2021,
transcribed in tests/fixtures/plover/manual-0.8.yaml): every category, mode, context, sector,
actor code and field name the export writes must be one the manual defines."""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path

import pycountry
import pytest
import yaml

from eventatlas import ontology
from eventatlas.export import events_from_results, export_events
from eventatlas.export.plover import QUAD_CODES, SCORES, plover_record

MANUAL = yaml.safe_load((Path(__file__).parent / "fixtures" / "plover" / "manual-0.8.yaml")
                        .read_text(encoding="utf-8"))
CATEGORIES: dict[str, dict] = MANUAL["categories"]


@pytest.fixture(scope="module")
def events(seed_result):
    return list(events_from_results([seed_result]))


@pytest.fixture(scope="module")
def records(events, tmp_path_factory):
    path = tmp_path_factory.mktemp("plover") / "events.jsonl"
    report = export_events(events, "plover-jsonl", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert report.written == len(lines)
    return [json.loads(line) for line in lines]


def ours(record: dict) -> set[str]:
    """The keys of a record or object that are not our `ea_` extensions."""
    return {key for key in record if not key.startswith("ea_")}


def assert_valid(record: dict) -> None:
    """One record against the manual's lists."""
    assert ours(record) <= set(MANUAL["record_fields"]), ours(record) - set(MANUAL["record_fields"])
    assert set(MANUAL["required_fields"]) <= set(record)
    (category,) = record["event"]
    assert category in CATEGORIES
    assert set(record.get("mode", [])) <= set(CATEGORIES[category]["modes"]), record["mode"]
    assert set(record.get("context", [])) <= set(MANUAL["contexts"])
    assert record["quad_code"] == CATEGORIES[category]["quad"]
    for actor in record["source"] + record.get("recipient", []):
        assert ours(actor) <= set(MANUAL["actor_fields"])
        code = actor.get("code")
        assert code is None or code in MANUAL["non_state_codes"] or \
            pycountry.countries.get(alpha_3=code) is not None, code
        assert actor.get("sector") is None or actor["sector"] in MANUAL["sectors"]
    assert ours(record.get("event_loc", {})) <= set(MANUAL["location_fields"])
    assert ours(record.get("cite_info", {})) <= set(MANUAL["cite_info_fields"])


def test_every_type_maps_to_the_manuals_lists():
    for event_type in ontology.EVENT_TYPES:
        code = ontology.plover_code(event_type.code)
        if code.category is None:
            continue
        assert code.category in CATEGORIES, event_type.code
        assert set(code.modes) <= set(CATEGORIES[code.category]["modes"]), event_type.code
        assert set(code.contexts) <= set(MANUAL["contexts"]), event_type.code
    assert set(QUAD_CODES) == set(SCORES) == set(CATEGORIES)
    assert {name: item["quad"] for name, item in CATEGORIES.items()} == QUAD_CODES
    # Nothing of the older drafts' or the GSR's labels reaches the export.
    coded = {ontology.plover_code(code).category for code in ontology.codes()}
    assert not coded & {"FIGHT", "DISAPPROVE", "OTHER", "CHANGE_GROUP", "INVESTIGATE"}


def test_every_type_exports_a_valid_record_or_none(events):
    """Each of our types, on a real seed event, gives a record the manual accepts, or none for
    the types PLOVER does not code."""
    template = next(event for event in events if event["type"] == "remote.air_strike")
    for event_type in ontology.EVENT_TYPES:
        event = deepcopy(template) | {"type": event_type.code, "id": event_type.code}
        record = plover_record(event)
        if ontology.plover_code(event_type.code).category is None:
            assert record is None, event_type.code
            continue
        assert_valid(record)
        assert record["event"] == [ontology.plover_code(event_type.code).category]


def test_seed_records_are_valid_and_say_what_the_report_says(records):
    # 9 events: the flight (PLOVER codes no such event) and the accusation ("are accused":
    # no named accuser, only the outlet that reports it) are left out.
    assert len(records) == 7
    for record in records:
        assert_valid(record)
        assert record["coder"] == "EventAtlas" and record["cite_info"]["publication"] == \
            "ARA News"
        assert record["cite_info"]["codebook"] == "PLOVER 0.8"
    assert "movement.flight" not in {record["ea_type"] for record in records}
    expelled = next(r for r in records if r["ea_type"] == "movement.forced_displacement")
    assert (expelled["event"], expelled["mode"], expelled["context"]) == \
        (["COERCE"], ["deport"], ["migration"])
    (isis,) = expelled["source"]
    assert (isis["identifier_text"], isis["code"], isis["sector"]) == \
        ("IS (Islamic State)", "IMG", "REB")
    assert {"code": "SYR", "sector": "CVL", "actor_text": "dozens of Kurdish families",
            "identifier_text": "Civilians (Syria)"}.items() <= expelled["recipient"][0].items()
    assert expelled["event_loc"]["name"] == "Ar Raqqah"
    assert (expelled["event_loc"]["country code"], expelled["event_loc"]["cc3"]) == ("SY", "SYR")
    assert (expelled["date"], "enddate" in expelled) == ("2016-11-11", False)
    strikes = [r for r in records if r["ea_type"] == "remote.air_strike"]
    assert {r["source"][0]["code"] for r in strikes} == {"RUS", "IGO"}
    assert all((r["event"], r["mode"], r["event_scale"]) ==
               (["ASSAULT"], ["heavy-weapons"], -9.3) for r in strikes)
    assert strikes[0]["enddate"] > strikes[0]["date"]  # "this week": a range, not one day
    threat = next(r for r in records if r["ea_type"] == "statement.threat")
    assert (threat["event"], threat["mode"], threat["quad_code"]) == (["THREATEN"], ["violence"], 3)


def test_battles_are_side_a_side_b_and_modalities_are_contexts(events):
    strike = next(event for event in events if event["type"] == "remote.air_strike")
    clash = deepcopy(strike) | {"type": "battle.armed_clash", "modality": "denied"}
    clash["actors"] = [
        {"role": "actor", "name": "Military Forces of Syria", "kind": "state_forces",
         "country_code": "SY", "text": "the army"},
        {"role": "target", "name": "Jabhat al-Nusra", "kind": "rebel_group", "text": "Nusra"}]
    record = plover_record(clash)
    assert_valid(record)
    assert (record["mode"], record["context"]) == (["sideAB"], ["negation"])
    assert [actor["identifier_text"] for actor in record["recipient"]] == ["Jabhat al-Nusra"]
    one_side = deepcopy(clash) | {"modality": "planned"}
    one_side["actors"] = clash["actors"][:1]
    record = plover_record(one_side)
    assert ("mode" in record, record["context"], "recipient" in record) == \
        (False, ["future"], False)
    unsourced = deepcopy(clash)
    unsourced["actors"] = clash["actors"][1:]
    assert plover_record(unsourced) is None  # the manual codes no event without a source
