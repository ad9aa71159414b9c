"""End to end on the canonical input: the ARA News report on ISIS evacuating Raqqa (2016-11-11).

Each event the report states must come out with the right type, actors, places, date, quantity
and source, with evidence that quotes the article; the file-photo caption and the page furniture
must not become events.
"""

from __future__ import annotations

import pytest

from eventatlas.output import check_offsets, validate_result

RAQQA, HASAKAH_CITY, TADMUR, MOSUL, SYRIA = 172955, 173811, 163808, 99072, 163843


def events_of(result: dict, event_type: str) -> list[dict]:
    return [event for event in result["events"] if event["type"] == event_type]


def actor_ids(event: dict, role: str) -> set[str]:
    return {a.get("actor_id") for a in event["actors"] if a["role"] == role}


def evidence_text(event: dict) -> str:
    return " ".join(item["text"] for item in event["evidence"])


def test_output_validates_and_offsets_hold(seed_result):
    validate_result(seed_result)
    assert check_offsets(seed_result) == []


def test_document_metadata(seed_result):
    document = seed_result["document"]
    assert document["title"].startswith("ISIS senior commanders evacuate headquarters in Raqqa")
    assert document["outlet"] == "ARA News"
    assert document["byline"] == "Qehreman Miste"
    assert document["dateline"] == "HASAKAH"
    assert document["published"] == "2016-11-11"
    assert document["language"] == "en"
    assert any("File photo" in caption for caption in document["captions"])
    for furniture in ("Leave a comment", "ten + one", "follow us", "Short link", "Reporting by"):
        assert furniture not in document["text"]


def test_isis_relocates_commanders_families_and_hq_from_raqqa(seed_result):
    [event] = [e for e in events_of(seed_result, "movement.relocation")
               if e["origin"] and e["origin"]["geonameid"] == RAQQA]
    assert actor_ids(event, "actor") == {"isis"}
    acled = event["acled"]
    assert (acled["event_type"], acled["sub_event_type"]) == ("Strategic developments", "Other")
    assert acled["actor1"] == "Islamic State (Syria)" and acled["inter1"] == 2
    # Headline, lead and Abu Abdullah's quote are one happening, all kept as evidence.
    text = evidence_text(event)
    assert "evacuate headquarters" in text and "continues transferring families" in text
    assert "Senior militants of ISIS are transferring their families" in text
    assert event["attribution"]["source"] == "local sources"
    # "continues ..., local sources reported on Thursday": ongoing up to Thursday 10 November.
    assert event["date"]["end"] == "2016-11-10"
    assert event["date"]["precision"] == "week"


def test_families_flee_raqqa_to_hasakah_province(seed_result):
    [event] = events_of(seed_result, "movement.flight")
    assert event["origin"]["geonameid"] == RAQQA
    assert event["destination"]["precision"] == "admin1"
    assert event["destination"]["country_code"] == "SY"
    assert "Hasakah" in event["destination"]["text"]
    assert event["quantity"]["unit"] == "families"
    assert (event["quantity"]["low"], event["quantity"]["high"]) == (24, 99)
    assert event["quantity"]["value"] is None
    assert {a["kind"] for a in event["actors"] if a["role"] == "affected"} == {"civilians"}
    assert "escaped Raqqa" in evidence_text(event)


def test_sdf_threatens_to_storm_raqqa_last_week(seed_result):
    [event] = events_of(seed_result, "statement.threat")
    assert actor_ids(event, "actor") == {"sdf"}
    assert "isis" in actor_ids(event, "target")
    assert event["location"]["geonameid"] == RAQQA
    assert (event["date"]["start"], event["date"]["end"]) == ("2016-10-31", "2016-11-06")
    assert event["date"]["precision"] == "week"
    assert "readiness to storm" in evidence_text(event)
    # The storming is announced, not done: no battle event.
    assert not [e for e in seed_result["events"] if e["type"].startswith("battle.")]


def test_coalition_and_russian_air_strikes_are_two_events(seed_result):
    strikes = events_of(seed_result, "remote.air_strike")
    assert sorted(a for e in strikes for a in actor_ids(e, "actor")) == [
        "coalition", "state_forces_ru"]
    for event in strikes:
        assert event["location"]["geonameid"] == RAQQA
        assert event["attribution"]["source"] == "Abu Abdullah"
        assert event["plover"] == {"event_type": "FIGHT", "mode": "aerial"}
        assert "ongoing airstrikes" in evidence_text(event)


def test_isis_conscripts_men_aged_14_to_40(seed_result):
    [event] = events_of(seed_result, "recruitment.forced")
    assert actor_ids(event, "actor") == {"isis"}
    [men] = [a for a in event["actors"] if a["role"] == "affected"]
    assert (men["age_min"], men["age_max"]) == (14, 40)
    # "Abdullah said" is Abu Abdullah, named in full two paragraphs earlier.
    assert event["attribution"]["source"] == "Abu Abdullah"
    assert event["modality"] == "reported"


def test_isis_forces_kurdish_families_to_palmyra(seed_result):
    [event] = events_of(seed_result, "movement.forced_displacement")
    assert actor_ids(event, "actor") == {"isis"}
    assert event["destination"]["geonameid"] == TADMUR
    assert event["origin"]["geonameid"] == RAQQA
    affected = [a for a in event["actors"] if a["role"] == "affected"]
    assert any(a.get("ethnicity") == "Kurdish" and a["kind"] == "civilians" for a in affected)
    assert (event["quantity"]["low"], event["quantity"]["high"]) == (24, 99)
    assert "pro-ISIS media source" in event["attribution"]["source"]
    # The pro-ISIS source claims it; local activists independently report it: "reported".
    sources = [item.get("source") for item in event["evidence"]]
    assert sources == ["pro-ISIS media source", "Local activists"]
    assert event["modality"] == "reported"


def test_75_leaders_families_moved_from_mosul_a_few_months_ago(seed_result):
    [event] = [e for e in events_of(seed_result, "movement.relocation")
               if e["origin"] and e["origin"]["geonameid"] == MOSUL]
    assert actor_ids(event, "actor") == {"isis"}
    assert event["origin"]["country_code"] == "IQ"
    assert event["destination"]["geonameid"] == SYRIA
    assert event["destination"]["precision"] == "country"
    assert event["quantity"]["value"] == 75 and event["quantity"]["unit"] == "families"
    assert event["date"]["precision"] == "month"
    assert (event["date"]["start"], event["date"]["end"]) == ("2016-07-01", "2016-09-30")
    assert event["attribution"]["source"] == "local sources"


def test_caption_habitual_and_opinion_sentences_give_no_event(seed_result):
    everything = " ".join(evidence_text(event) for event in seed_result["events"])
    assert "executing" not in everything  # the file-photo caption
    assert "every threat to the group" not in everything  # habitual
    assert "Expelling the Kurds" not in everything  # an opinion quoted, not an event
    assert "The SDF includes" not in everything  # composition, not an event
    assert not events_of(seed_result, "civilians.attack")


@pytest.mark.parametrize("field", ["date", "location"])
def test_every_event_has_date_and_place(seed_result, field):
    for event in seed_result["events"]:
        assert event[field] is not None, event["type"]


def test_speakers_are_sources_not_actors(seed_result):
    for event in seed_result["events"]:
        sources = {a["name"]: a["kind"] for a in event["actors"] if a["role"] == "source"}
        named = {a["name"] for a in event["actors"] if a["role"] != "source"}
        assert not named & {"Abu Abdullah", "pro-ISIS media source", "local sources"}
        if event["attribution"]:
            assert event["attribution"]["source"] in sources
    [conscription] = events_of(seed_result, "recruitment.forced")
    assert {a["name"]: a["kind"] for a in conscription["actors"]
            if a["role"] == "source"} == {"Abu Abdullah": "person"}
