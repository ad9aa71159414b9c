"""Event detection and typing on single real-world sentences (Syrian-war reporting style)."""

from __future__ import annotations

from datetime import date

import pytest

from eventatlas.events import lexicon
from eventatlas.geo.focus import focus_place
from eventatlas.ingest import RawInput, build_document
from eventatlas.model import Place
from eventatlas.ontology import codes


@pytest.fixture(scope="module")
def extract(pipeline):
    def run(text: str, published: date = date(2016, 8, 2)) -> list[dict]:
        document = build_document(RawInput("<test>", text, is_html=False), published=published)
        return pipeline.process(document).result()["events"]
    return run


def only(events: list[dict], event_type: str) -> dict:
    matching = [event for event in events if event["type"] == event_type]
    assert len(matching) == 1, [event["type"] for event in events]
    return matching[0]


def actor_ids(event: dict, role: str) -> list[str]:
    return [a.get("actor_id") for a in event["actors"] if a["role"] == role]


def test_lexicon_types_are_ontology_codes():
    typed = {*lexicon.VERB_TRIGGERS.values(), *lexicon.NOUN_TRIGGERS.values(),
             *lexicon.WEAPON_MODIFIERS.values(), *lexicon.ABSORBING_TYPES}
    # "movement" is the one placeholder: the detector types it from who moves whom.
    assert typed - set(codes()) == {"movement"}
    assert "remote.air_strike" in typed and "statement.threat" in typed


def test_air_strike_with_casualties_is_one_event(extract):
    events = extract("Ten civilians were killed and another 17 injured on Tuesday when Russian "
                     "warplanes struck a town in Syria's northern Aleppo province, according to "
                     "local activists.")
    strike = only(events, "remote.air_strike")
    assert len(events) == 1  # the killing is the strike's toll, not a second event
    assert actor_ids(strike, "actor") == ["state_forces_ru"]
    assert strike["fatalities"] == {"low": 10, "best": 10, "high": 10}
    assert strike["location"]["precision"] == "admin1" and "Aleppo" in strike["location"]["name"]
    assert strike["date"]["start"] == "2016-08-02"  # "on Tuesday" = the publication Tuesday
    assert strike["attribution"]["source"] == "local activists"
    assert strike["modality"] == "reported"


def test_a_killing_by_the_shelling_side_is_the_shellings_toll(extract):
    events = extract("Government forces shelled the town of Douma on Friday, killing 12 "
                     "civilians including three children, activists said.")
    shelling = only(events, "remote.shelling")
    assert len(events) == 1  # not a second attack counting the same dead (ACLED: one event)
    assert shelling["fatalities"]["best"] == 12
    assert actor_ids(shelling, "affected") == ["civilians_sy"]


def test_fighters_killed_by_a_strike_are_no_attack_on_civilians(extract):
    events = extract("Warplanes of the U.S.-led coalition bombed ISIS positions in Raqqa on "
                     "Thursday, killing five fighters, activists said.")
    assert [event["type"] for event in events] == ["remote.air_strike"]
    assert events[0]["fatalities"]["best"] == 5


def test_a_stated_toll_beats_a_vague_one_from_the_headline(extract):
    events = extract("Scores killed in gas attack in rebel-held Syria town\n\nWarplanes carried "
                     "out a suspected toxic gas attack that killed at least 72 people including "
                     "several children in a rebel-held town in northwestern Syria on Tuesday, "
                     "a monitoring group said.")
    attack = only(events, "remote.chemical")
    assert attack["fatalities"]["best"] == 72


def test_a_headline_killing_is_the_strike_the_lead_tells(extract):
    events = extract("Turkish strikes kill 9 in northeast Syria, Kurdish-led forces say\n\n"
                     "Turkish drone strikes killed nine people, including two children, in "
                     "villages near the town of Qamishli on Monday, the Kurdish-led Syrian "
                     "Democratic Forces (SDF) said.", published=date(2023, 3, 14))
    strike = only(events, "remote.air_strike")
    assert len(events) == 1  # not a second attack counting the same nine dead
    assert strike["fatalities"]["best"] == 9
    assert strike["date"]["start"] == "2023-03-13"
    assert len(strike["evidence"]) == 2


def test_protesters_doing_something_are_a_protest(extract):
    events = extract("Protesters blocked the main highway in Gusau on Monday to demand the "
                     "release of the hostages.", published=date(2023, 3, 14))
    protest = only(events, "protest.peaceful")
    assert protest["date"]["start"] == "2023-03-13"
    assert protest["location"]["country_code"] == "NG"


@pytest.mark.parametrize(("sentence", "event_type", "actor"), [
    ("Turkish drone strikes killed five fighters in Qamishli on Monday.", "remote.air_strike",
     "state_forces_tr"),
    ("Israeli shelling killed three people in Gaza on Sunday.", "remote.shelling",
     "state_forces_il"),
])
def test_a_nationality_on_a_strike_is_that_states_forces(extract, sentence, event_type, actor):
    assert actor_ids(only(extract(sentence), event_type), "actor") == [actor]


@pytest.mark.parametrize("sentence", [
    "Two Palestinian suicide bombers blew themselves up in Tel Aviv on Sunday.",
    "Heavy Syrian rebel shelling killed five people in Aleppo on Monday.",
])
def test_a_nationality_on_a_non_state_attack_names_no_state(extract, sentence):
    events = extract(sentence)
    assert events
    assert not any(actor.startswith("state_forces") for event in events
                   for actor in actor_ids(event, "actor") if actor)


def test_government_retakes_town_from_isis(extract):
    event = only(extract("Syrian government forces recaptured the town of Deir Hafer from "
                         "Islamic State militants on Sunday, state media said."),
                 "battle.government_regains_territory")
    assert actor_ids(event, "actor") == ["state_forces_sy"]
    assert actor_ids(event, "target") == ["isis"]
    assert event["location"]["country_code"] == "SY"
    assert event["date"]["start"] == "2016-07-31"


def test_clash_between_two_sides_is_one_event_with_both(extract):
    event = only(extract("At least 12 people were killed in clashes between rebels and "
                         "government forces in the Damascus suburb of Douma, the Syrian "
                         "Observatory for Human Rights said."), "battle.armed_clash")
    assert actor_ids(event, "actor") == ["unidentified_rebels"]
    assert actor_ids(event, "target") == ["state_forces_sy"]
    assert event["fatalities"]["best"] == 12 and event["fatalities"]["high"] is None
    assert event["attribution"]["source"] == "Syrian Observatory for Human Rights"


def test_flight_with_origin_destination_and_vague_count(extract):
    event = only(extract("Thousands of civilians fled Manbij towards Jarablus last week as the "
                         "SDF advanced."), "movement.flight")
    assert event["origin"]["name"] == "Manbij"
    assert "Jar" in event["destination"]["name"]
    assert (event["quantity"]["low"], event["quantity"]["high"]) == (2000, 9999)
    assert (event["date"]["start"], event["date"]["end"]) == ("2016-07-25", "2016-07-31")


def test_abduction_counts_any_plural_victims(extract):
    event = only(extract("ISIS militants abducted 20 shepherds near Palmyra on Monday, "
                         "activists reported."), "civilians.abduction")
    assert actor_ids(event, "actor") == ["isis"]
    assert event["quantity"]["value"] == 20
    assert event["location"]["geonameid"] == 163808


@pytest.mark.parametrize(("sentence", "modality"), [
    ("The army did not shell the village, a military spokesman said.", "denied"),
    ("If the rebels attack Hama, the government will bomb their positions.", "hypothetical"),
    ("The coalition plans to bomb Raqqa next week.", "planned"),
])
def test_modality(extract, sentence, modality):
    events = extract(sentence)
    assert events and all(event["modality"] == modality for event in events)


@pytest.mark.parametrize("sentence", [
    "Every threat to the group pushes it to transfer families of senior militants to Syria.",
    "Expelling the Kurds from Raqqa is the best solution.",
    "As the battle for Raqqa approaches, residents stock up on food.",
    "Abu Abdullah, a displaced man from the city of Raqqa, spoke to reporters.",
])
def test_generic_and_descriptive_sentences_give_no_event(extract, sentence):
    assert extract(sentence) == []


def test_threat_embeds_its_act(extract):
    events = extract("The SDF announced its readiness to storm Raqqa, warning civilians to stay "
                     "away from ISIS headquarters.")
    threat = only(events, "statement.threat")
    assert actor_ids(threat, "actor") == ["sdf"]
    assert not [e for e in events if e["type"].startswith("battle.")]


def test_forced_move_gives_forced_displacement(extract):
    event = only(extract("The group forced dozens of Yazidi families to leave Sinjar for "
                         "Tal Afar, residents said."), "movement.forced_displacement")
    affected = [a for a in event["actors"] if a["role"] == "affected"]
    assert affected and affected[0]["ethnicity"] == "Yazidi"
    assert event["quantity"]["unit"] == "families"


# --- FA-KES-style reports: weapon typing and the report's own town -----------------------------

def test_barrel_bomb_attack_is_an_air_strike(extract):
    events = extract("A barrel bomb attack killed 11 children in the town of Darayya on Monday.")
    assert "remote.air_strike" in [event["type"] for event in events]
    assert "remote.ied" not in [event["type"] for event in events]


def test_bombs_dropped_by_helicopters_are_an_air_strike(extract):
    events = extract("Regime helicopters dropped bombs on the town of Darayya, killing 20 "
                     "people.")
    assert "remote.air_strike" in [event["type"] for event in events]


def test_rocket_attack_with_toxic_gas_is_chemical(extract):
    events = extract("At least 6 civilians suffered suffocation in an ISIS rocket attack with "
                     "toxic gas on the town of Marea.")
    assert "remote.chemical" in [event["type"] for event in events]


def test_inline_dateline_is_not_the_event_location(extract):
    events = extract("BEIRUT A Russian air strike killed 38 civilians on Wednesday in the "
                     "Syrian city of Aleppo, a monitor said.")
    strike = next(event for event in events if event["type"] == "remote.air_strike")
    assert strike["location"]["name"] == "Aleppo"
    lone = extract("BEIRUT A Russian air strike killed 38 civilians on Wednesday, a monitor "
                   "said.")
    assert all((event["location"] or {}).get("country_code") != "LB" for event in lone)


def test_capital_speaking_for_its_government_is_not_the_focus(extract):
    events = extract("Ankara says it will keep supporting rebels. A suicide bombing killed 29 "
                     "people in the town of Azaz in Syria on Saturday. Ankara condemned the "
                     "attack.")
    bombing = next(event for event in events if event["type"] == "remote.suicide_bomb")
    assert bombing["location"]["country_code"] == "SY"


def _town(name: str, admin1: str, precision: str = "town") -> Place:
    return Place(name=name, text=name, precision=precision, admin1=admin1, country_code="SY")


def test_headline_town_and_its_province_outweigh_a_town_named_in_passing():
    title = "Idlib bombing deadliest school attack in Syria"
    text = (f"{title}\n\nAirstrikes hit a school in the town of Hass in Idlib province. Earlier, "
            "shelling hit Aleppo.")
    places = {(0, 5): _town("Idlib", "Idlib"),
              (text.index("Idlib province"), text.index("Idlib province") + 14):
                  _town("Idlib", "Idlib", "admin1"),
              (text.index("Aleppo"), text.index("Aleppo") + 6): _town("Aleppo", "Aleppo")}
    assert focus_place(places, [], None, text, title).name == "Idlib"
    # Without the headline, the province still votes for its town over Aleppo.
    del places[(0, 5)]
    places[(text.index("Hass"), text.index("Hass") + 4)] = _town("Hass", "Idlib")
    assert focus_place(places, [], None, text, title).name == "Hass"


def test_the_lead_names_the_incident_place_over_the_background():
    title = "Scores killed in gas attack on rebel-held town"
    text = (f"{title}\n\n4 April 2017 Scores killed in gas attack on rebel-held town. At least 72 "
            "people died in the town of Khan Sheikhun on Tuesday. Doctors in Khan Sheikhun "
            "treated survivors. "
            "Timeline: protests began in Damascus. Rebels shelled Damascus. Talks in Damascus "
            "failed.")
    places = {(start, start + len(name)): _town(name, admin1) for name, admin1 in (
        ("Khan Sheikhun", "Idlib"), ("Damascus", "Dimashq")) for start in _offsets(text, name)}
    assert focus_place(places, [], None, text, title).name == "Khan Sheikhun"
    # Past the lead, three background mentions outweigh one.
    assert focus_place(places, [], None, text, None).name == "Damascus"


def _offsets(text: str, name: str) -> list[int]:
    found, start = [], text.find(name)
    while start >= 0:
        found.append(start)
        start = text.find(name, start + 1)
    return found


def test_tag_list_furniture_does_not_pick_the_focus():
    text = ("Russian air strikes hit a village held by militants. Tags Russia Syria Assad "
            "Damascus Islamic State At least 53 civilians died in Al-Shafah near Deir ez-Zor.")
    damascus = text.index("Damascus")
    deir = text.index("Deir ez-Zor")
    places = {(damascus, damascus + 8): _town("Damascus", "Dimashq"),
              (deir, deir + 11): _town("Deir ez-Zor", "Deir ez-Zor")}
    assert focus_place(places, [], None, text, None).name == "Deir ez-Zor"


def test_town_naming_an_explosion_is_its_setting_but_a_country_is_the_attacker(extract):
    events = extract("Damascus explosion due to rocket bomb. The blast heard Saturday evening "
                     "was due to a rocket bomb and killed one person.")
    assert any((event["location"] or {}).get("name") == "Damascus" for event in events)
    strikes = extract("At least 45 people were killed in the US airstrike in the city of "
                      "Raqqah on Monday, local sources said.")
    strike = next(event for event in strikes if event["type"] == "remote.air_strike")
    assert strike["location"]["country_code"] == "SY"


# Where an event took place, in scraped reports that lost their commas (FA-KES style).

def test_place_after_a_preposition_is_the_setting_whatever_the_parse(extract):
    # Without the comma the parser hangs "Aleppo" off "Ministry" (nmod).
    event = only(extract("At least six civilians have been killed in a shelling of government "
                         "positions in the north-western outskirts of Aleppo the Russian Defense "
                         "Ministry said Thursday."), "remote.shelling")
    assert event["location"]["name"] == "Aleppo"
    # "in U.S. air strikes" still names who struck, not where.
    strike = only(extract("Six civilians were among 22 people killed in U.S. air strikes on "
                          "the city of Raqqa."), "remote.air_strike")
    assert strike["location"]["country_code"] == "SY"


def test_a_town_naming_a_site_is_where_the_site_is(extract):
    events = extract("More than 60 Syrian soldiers were killed in US-led coalition air strikes "
                     "on the Deir Ezzor air base on Saturday.")
    strike = only(events, "remote.air_strike")
    assert strike["location"]["name"] == "Deir ez-Zor"


def test_a_country_that_acts_is_not_the_setting(extract):
    event = only(extract("The United States called for immediate access to the site of the "
                         "alleged chemical attack."), "remote.chemical")
    assert (event.get("location") or {}).get("country_code") != "US"


def test_a_place_in_brackets_is_an_aside(extract):
    event = only(extract("Kurdish-led forces killed 35 Daesh militants (Daesh outlawed in "
                         "Russia) in the last 24 hours, local media reported."),
                 "battle.armed_clash")
    assert (event.get("location") or {}).get("country_code") != "RU"


def test_a_far_namesake_reached_by_a_loose_spelling_is_dropped():
    from eventatlas.events.arguments import PlaceIndex

    def town(name, text, country, start):
        return Place(name=name, text=text, precision="town", country_code=country,
                     start=start, end=start + len(text))

    places = [town("Aleppo", "Aleppo", "SY", 0), town("Homs", "Homs", "SY", 10),
              town("Damascus", "Damascus", "SY", 20),
              town("Ez Zahra", "al-Zahraa", "TN", 40),  # an Aleppo neighbourhood
              town("Brussels", "Brussels", "BE", 60)]  # a real town abroad, spelled as such
    index = PlaceIndex({(p.start, p.end): p for p in places})
    kept = {place.name for place in index.spans.values()}
    assert kept == {"Aleppo", "Homs", "Damascus", "Brussels"}
    # Not in a report that is not set anywhere yet.
    small = PlaceIndex({(p.start, p.end): p for p in places[2:4]})
    assert len(small.spans) == 2


def _violent(type_, start, country="SY", best=None, when=None):
    return {"type": type_, "trigger": "strike", "evidence": [{"start": start, "text": ""}],
            "location": {"name": "X", "country_code": country}, "fatalities": {"best": best},
            "date": when}


def test_main_event_is_set_in_the_reports_country_and_named_by_its_headline():
    from eventatlas.evaluate.events import main_event

    document = {"title": "Car bomb kills 17 near Azaz", "published": "2016-10-13"}
    headline = _violent("remote.ied", 0, best=17,
                        when={"start": "2016-10-01", "end": "2016-10-13"})  # merged, 13 days
    abroad = _violent("remote.air_strike", 300, country="AF", best=30)
    local = _violent("remote.air_strike", 200, best=2,
                     when={"start": "2016-10-13", "end": "2016-10-13"})
    result = {"document": document, "events": [local, headline, abroad]}
    assert main_event(result) is headline
    result = {"document": {**document, "title": ""}, "events": [local, abroad, local]}
    assert main_event(result) is local


def test_a_province_holding_the_focus_gives_way_to_it():
    from eventatlas.events.assemble import _vaguer_than_focus

    focus = _town("Manbij", "Aleppo")
    assert _vaguer_than_focus(_town("Aleppo", "Aleppo", "admin1"), focus)
    assert _vaguer_than_focus(_town("Syria", "", "country"), focus)
    # Another province, or a town, names a place of its own.
    assert not _vaguer_than_focus(_town("Idlib", "Idlib", "admin1"), focus)
    assert not _vaguer_than_focus(_town("Jarabulus", "Aleppo"), focus)


def test_a_capital_launching_strikes_is_their_author_not_their_setting(extract):
    events = extract("Moscow launched air strikes on rebel positions in support of the Syrian "
                     "army on Monday.")
    strikes = [event for event in events if event["type"] == "remote.air_strike"]
    assert strikes and all((event["location"] or {}).get("name") != "Moscow"
                           for event in strikes)
    # A town that saw fighting is where it happened.
    events = extract("Aleppo saw heavy shelling on Monday, killing 12 civilians.")
    assert any((event["location"] or {}).get("country_code") == "SY" for event in events)


def test_a_protest_is_where_the_protesters_are_not_what_it_is_about():
    from eventatlas.events.assemble import _protest_about_abroad

    kaluga = Place(name="Kaluga", text="Kaluga", precision="town", country_code="RU")
    ukraine = Place(name="Ukraine", text="Ukraine", precision="country", country_code="UA")
    assert _protest_about_abroad("protest.peaceful", ukraine, kaluga)
    assert not _protest_about_abroad("remote.shelling", ukraine, kaluga)
    # A country named is too vague a focus to overrule a town.
    assert not _protest_about_abroad("protest.peaceful", kaluga, ukraine)
