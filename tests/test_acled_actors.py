"""ACLED-style sides of an event: actor1/actor2 names, inter codes, interaction (issue 20)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from eventatlas.actors.acled import acled_sides, document_country
from eventatlas.actors.ontology import load_ontology
from eventatlas.model import Actor, DateRange, Event, Evidence, Place

TRAIN = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "events" / "acled" / \
    "train.csv"


def event(type_: str, text: str, country: str | None = "KE",
          actors: list[Actor] | None = None) -> Event:
    place = Place(name="Town", text="Town", precision="city", lat=0.0, lon=0.0,
                  country_code=country) if country else None
    return Event(id="x", type=type_, evidence=[Evidence(0, len(text), text)],
                 location=place, actors=actors or [])


def test_protesters_and_rioters_take_the_country():
    sides = acled_sides(event("protest.peaceful", "Traders marched in Nairobi."))
    assert sides["actor1"] == "Protesters (Kenya)" and sides["inter1"] == 6
    assert sides["actor2"] is None and sides["interaction"] == 60
    sides = acled_sides(event("riot.violent_demonstration",
                              "Youths burned tyres and police fired tear gas.", "BD"))
    assert sides["actor1"] == "Rioters (Bangladesh)"
    assert sides["actor2"] == "Police Forces of Bangladesh" and sides["interaction"] == 15


def test_named_group_from_the_text_and_civilians_as_the_other_side():
    sides = acled_sides(event("civilians.attack", "Al Shabaab militants killed a farmer.", "SO"))
    assert sides["actor1"] == "Al Shabaab" and sides["inter1"] == 2
    assert sides["actor2"] == "Civilians (Somalia)" and sides["interaction"] == 27


def test_unidentified_attackers_and_police_versus_army():
    sides = acled_sides(event("civilians.attack", "Unknown gunmen shot a trader.", "SD"))
    assert sides["actor1"] == "Unidentified Armed Group (Sudan)" and sides["inter1"] == 3
    sides = acled_sides(event("protest.intervention", "Police dispersed the crowd.", "PH"))
    assert sides["actor2"] == "Police Forces of the Philippines"
    soldiers = Actor("actor", "Military Forces of Yemen", "soldiers", "state_forces",
                     "state_forces_ye", "YE")
    sides = acled_sides(event("battle.armed_clash", "Soldiers fought Houthi fighters.", "YE",
                              [soldiers]))
    assert sides["actor1"] == "Military Forces of Yemen" and sides["inter1"] == 1
    assert sides["actor2"] == "Houthis: Ansar Allah" and sides["interaction"] == 12


def test_party_supporters_are_the_crowd_s_associates():
    sides = acled_sides(event("riot.mob_violence", "BNP activists attacked a shop.", "BD"))
    assert sides["actor1"] == "Rioters (Bangladesh)"
    assert sides["assoc_actor_1"] == "BNP: Bangladesh Nationalist Party"


def test_report_country_when_the_event_has_no_place():
    assert document_country([], "Kenyan police arrested two men.") == "KE"
    sides = acled_sides(event("protest.peaceful", "Teachers marched.", None), "ID")
    assert sides["actor1"] == "Protesters (Indonesia)"


def test_ontology_groups_carry_acled_codes():
    ontology = load_ontology()
    assert ontology.get("awami_league").inter == 3
    assert ontology.get("mayi_mayi").name == "Mayi Mayi Militia"


@pytest.mark.skipif(not TRAIN.is_file(), reason="needs ../shared ACLED data")
def test_frequent_named_groups_are_in_the_ontology():
    names = {entry.name for entry in load_ontology().entries.values()}
    with TRAIN.open(encoding="utf-8") as handle:
        counts: dict[str, int] = {}
        for row in csv.DictReader(handle):
            counts[row["actor1"]] = counts.get(row["actor1"], 0) + 1
    for name in ("Al Shabaab", "NPA: New People's Army", "AL: Bangladesh Awami League",
                 "JNIM: Group for Support of Islam and Muslims", "Taliban"):
        assert counts.get(name, 0) > 100 and name in names


@pytest.mark.parametrize(("text", "country", "actor1"), [
    ("Pokot militia raided a village and drove away 200 goats.", "KE",
     "Pokot Ethnic Militia (Kenya)"),
    ("Suspected ethnic Amhara gunmen killed four farmers.", "ET",
     "Amhara Ethnic Militia (Ethiopia)"),
    # ACLED's lineage for a clan it knows (clans.yaml); a clan it does not, as the text says.
    ("A Marehan clan militia attacked herders at a water point.", "SO",
     "Darod-Marehan Sub-Clan Militia (Somalia)"),
    ("Hawiye Hawadle clan militia clashed with Al Shabaab near Buloburde.", "SO",
     "Hawiye-Hawadle Sub-Clan Militia (Somalia)"),
    ("A Qorsoole clan militia attacked herders at a water point.", "SO",
     "Qorsoole Clan Militia (Somalia)"),
    ("Two unspecified clan militias fought over grazing land.", "SD",
     "Unidentified Clan Militia (Sudan)"),
    # A community named before "communal militia", the first of a pair, unnamed militiamen.
    ("Members of a Kutum communal militia looted a lorry.", "SD",
     "Kutum Communal Militia (Sudan)"),
    ("Fighting broke out between Gabra and Borana ethnic militias over a well.", "KE",
     "Gabra Ethnic Militia (Kenya)"),
    ("Ethnic militiamen burned two huts near the river.", "ET",
     "Unidentified Ethnic Militia (Ethiopia)"),
    ("Ethnic Somali gunmen raided a kraal at night.", "KE", "Somali Ethnic Militia (Kenya)"),
])
def test_identity_militias_are_named_as_acled_names_them(text, country, actor1):
    sides = acled_sides(event("battle.armed_clash", text, country))
    assert sides["actor1"] == actor1 and sides["inter1"] == 4


def test_the_second_of_two_militias_is_actor2():
    sides = acled_sides(event("battle.armed_clash",
                              "Gabra and Borana ethnic militias clashed over a well.", "KE"))
    assert sides["actor2"] == "Borana Ethnic Militia (Kenya)" and sides["interaction"] == 44


def test_mercenaries_are_external_forces():
    sides = acled_sides(event("civilians.attack", "Wagner mercenaries beat two traders.", "CF"))
    assert sides["actor1"] == "Wagner Group" and sides["inter1"] == 8


def test_state_forces_fighting_gangs_or_abroad_have_a_generic_opponent():
    sides = acled_sides(event("battle.armed_clash",
                              "Police forces clashed with gang members near the port.", "HT"))
    assert sides["actor2"] == "Unidentified Gang (Haiti)" and sides["interaction"] == 13
    russians = Actor("actor", "Military Forces of Russia", "Russian forces", "state_forces",
                     "state_forces_ru", "RU")
    sides = acled_sides(event("battle.armed_clash",
                              "Russian forces attempted an offensive near the village.", "UA",
                              [russians]))
    assert sides["actor1"] == "Military Forces of Russia" and sides["inter1"] == 8
    assert sides["actor2"] == "Military Forces of Ukraine"


def test_a_sentence_opening_with_soldiers_or_gendarmes_names_state_forces():
    sides = acled_sides(event("civilians.attack",
                              "Soldiers from an infantry battalion shot a farmer.", "NG"))
    assert sides["actor1"] == "Military Forces of Nigeria"
    sides = acled_sides(event("battle.armed_clash",
                              "JNIM militants attacked the gendarmerie in the town.", "BF"))
    assert sides["actor2"] == "Police Forces of Burkina Faso"


def test_a_nationality_or_a_known_group_is_no_ethnic_militia():
    for text in ("Syrian militias shelled the town.",
                 "The Lebanese Shia militia Hizballah says it fought in Qusayr."):
        sides = acled_sides(event("battle.armed_clash", text, "SY"))
        assert "Ethnic" not in (sides["actor1"] or "")
    sides = acled_sides(event("civilians.attack", "Mayi Mayi militia attacked a village.", "CD"))
    assert sides["actor1"] and "Ethnic" not in sides["actor1"]


def test_units_keep_the_name_acled_gives_them_and_foreign_forces_are_external():
    sides = acled_sides(event("civilians.attack",
                              "Indian BSF shot and killed a Bangladeshi cattle trader.", "BD"))
    assert sides["actor1"] == "Police Forces of India Border Security Force"
    assert sides["inter1"] == 8  # India's forces acting in Bangladesh
    sides = acled_sides(event("battle.armed_clash",
                              "Puntland Dervish Forces clashed with Al Shabaab.", "SO"))
    assert sides["actor1"] == "Military Forces of Somalia Puntland Dervish Force"


@pytest.mark.parametrize(("type_", "text"), [
    ("remote.grenade", "A 28-year-old woman was injured when a grenade exploded near her house."),
    ("riot.violent_demonstration",
     "Two persons were injured when blockaders threw a petrol bomb at a bus."),
])
def test_unarmed_people_hurt_are_the_civilians_side(type_, text):
    assert acled_sides(event(type_, text))["actor2"] == "Civilians (Kenya)"


def test_soldiers_hurt_by_a_bomb_are_not_civilians():
    sides = acled_sides(event("remote.ied", "Two soldiers were injured when a mine exploded.",
                              "AF"))
    assert sides["actor2"] != "Civilians (Afghanistan)"


def test_two_clan_militias_are_the_two_sides_of_their_clash():
    sides = acled_sides(event("battle.armed_clash", "A Marehan clan militia clashed with an "
                              "Ayr sub-clan militia over a water point.", "SO"))
    assert (sides["actor1"], sides["actor2"], sides["interaction"]) == (
        "Darod-Marehan Sub-Clan Militia (Somalia)",
        "Hawiye-Habar Gedir-Ayr Sub-Clan Militia (Somalia)", 44)


def test_two_groups_named_either_or_are_one_joint_side():
    sides = acled_sides(event("battle.armed_clash", "Suspected JNIM and/or ISGS militants "
                              "attacked a gendarmerie post near Djibo.", "BF"))
    assert sides["actor1"] == ("JNIM: Group for Support of Islam and Muslims and/or "
                               "Islamic State (Greater Sahara)")
    assert sides["inter1"] == 2
    assert sides["actor2"] not in ("JNIM: Group for Support of Islam and Muslims",
                                   "Islamic State (Greater Sahara)")


def test_gunshots_heard_with_no_shooter_are_an_unidentified_armed_group():
    sides = acled_sides(event("strategic.other", "Gunshots were heard in the Delmas 40 area "
                              "overnight. The shooters are unknown.", "HT"))
    assert sides["actor1"] == "Unidentified Armed Group (Haiti)" and sides["inter1"] == 3
    assert acled_sides(event("strategic.other", "A curfew was declared in the town.",
                             "HT"))["actor1"] is None


def test_a_mob_that_attacks_the_police_has_them_as_the_other_side():
    sides = acled_sides(event("riot.mob_violence", "A mob torched a police station after a "
                              "local trader died in custody.", "BD"))
    assert sides["actor2"] == "Police Forces of Bangladesh"
    sides = acled_sides(event("riot.mob_violence", "Villagers beat a suspected thief and "
                              "handed him over to the police.", "BD"))
    assert sides["actor2"] == "Civilians (Bangladesh)"


def test_one_state_s_forces_against_another_s_named_by_nationality():
    sides = acled_sides(event("remote.shelling", "Ukrainian forces shelled Russian positions "
                              "near Kreminna. Casualties unknown.", "UA"))
    assert sides["actor1"] == "Military Forces of Ukraine"
    assert sides["actor2"] == "Military Forces of Russia" and sides["interaction"] == 18


def test_villagers_fighting_over_land_are_their_village_s_communal_militia():
    sides = acled_sides(event("battle.armed_clash", "Two groups of villagers clashed over a "
                              "land dispute in Dakshinpara village, leaving 6 injured.", "BD"))
    assert sides["actor1"] == "Dakshinpara Communal Militia (Bangladesh)"
    assert sides["inter1"] == 4
    sides = acled_sides(event("battle.armed_clash", "Unidentified gunmen clashed with a patrol "
                              "in Dakshinpara village.", "BD"))
    assert sides["actor1"] != "Dakshinpara Communal Militia (Bangladesh)"


def test_forces_named_only_as_what_was_attacked_are_not_the_attacker():
    sides = acled_sides(event("remote.ied", "Resistance fighters attacked a military convoy "
                              "with landmines near Kalay.", "MM"))
    assert sides["actor1"] == "Unidentified Armed Group (Myanmar)" and sides["inter1"] == 3
    assert sides["actor2"] == "Military Forces of Myanmar"
    sides = acled_sides(event("battle.armed_clash", "A soldier was wounded during an attack by "
                              "BIFF gunmen in Datu Piang.", "PH"))
    assert sides["actor1"] == "BIFF: Bangsamoro Islamic Freedom Fighters"


def test_a_national_party_s_people_fight_at_home_whatever_the_place_resolved_to():
    # "Rajapur" is a town in India too: the party names the country.
    sides = acled_sides(event("riot.mob_violence", "Two factions of Awami League activists "
                              "clashed in Rajapur, injuring five.", "IN"))
    assert sides["actor1"] == "Rioters (Bangladesh)"
    sides = acled_sides(event("civilians.attack", "Wagner mercenaries looted shops in Bria.",
                              "CF"))
    assert sides["actor2"] == "Civilians (Central African Republic)"


def test_the_side_a_fight_was_with_is_the_second_side():
    sides = acled_sides(event("battle.armed_clash", "Two youths were killed in a gunfight with "
                              "police in Jessore.", "BD"))
    assert sides["actor1"] == "Unidentified Armed Group (Bangladesh)"
    assert sides["actor2"] == "Police Forces of Bangladesh"


def test_the_story_s_country_beats_a_place_resolved_abroad():
    # A place name shared with another country resolved there; the words are Ethiopian.
    text = ("Federal soldiers shot and killed 8 people in Liban woreda of Guji zone (Oromia) "
            "during an operation against OLF-Shane.")
    sides = acled_sides(event("civilians.attack", text, "KR"))
    assert sides["actor2"] == "Civilians (Ethiopia)"


def test_a_bomb_against_soldiers_was_not_laid_by_them():
    sides = acled_sides(event("remote.ied", "Bombs exploded at a school occupied by the "
                              "military in Mogok. Three soldiers were wounded.", "MM"))
    assert sides["actor1"] == "Unidentified Armed Group (Myanmar)" and sides["inter1"] == 3
    assert sides["actor2"] == "Military Forces of Myanmar"


def test_unnamed_foreign_forces_are_unidentified_military_forces():
    sides = acled_sides(event("remote.air_strike", "International forces conducted an airstrike "
                              "targeting Al Shabaab near Jilib.", "SO"))
    assert sides["actor1"] == "Unidentified Military Forces" and sides["inter1"] == 8
    assert sides["actor2"] == "Al Shabaab"


def test_who_defused_a_bomb_is_actor1_not_who_planted_it():
    planter = Actor("actor", "Al Shabaab", "Al Shabaab", "rebel_group", "al_shabaab", "SO")
    sides = acled_sides(event("strategic.disrupted_weapons", "Police defused an IED planted by "
                              "Al Shabaab near a market in Hodan.", "SO", [planter]))
    assert sides["actor1"] == "Police Forces of Somalia" and sides["inter1"] == 1


def test_forces_named_by_nationality_act_when_no_actor_was_resolved():
    sides = acled_sides(event("battle.armed_clash", "Egyptian security forces shot dead 12 "
                              "Islamic State militants in central Sinai.", "EG"))
    assert sides["actor1"] == "Military Forces of Egypt" and sides["inter1"] == 1


def test_crowds_that_fight_each_other_are_rioters_on_both_sides():
    sides = acled_sides(event("riot.mob_violence",
                              "Fruit traders clashed with sand workers at the market.", "BD"))
    assert sides["actor2"] == "Rioters (Bangladesh)" and sides["interaction"] == 55
    sides = acled_sides(event("riot.mob_violence",
                              "Supporters of two candidates fought with sticks.", "GH"))
    assert sides["actor2"] == "Rioters (Ghana)"
    # The police in the words: a violent demonstration was against them.
    sides = acled_sides(event("riot.violent_demonstration",
                              "Clashes between activists and police left 20 people hurt.",
                              "BD"))
    assert sides["actor2"] == "Police Forces of Bangladesh"


def test_two_groups_of_one_side_fight_each_other():
    for text, country, side in (
            ("Two groups of Chhatra League clashed at the college gate.", "BD",
             "BCL: Bangladesh Chhatra League"),
            ("Two unspecified clan militias clashed near the wells.", "SD",
             "Unidentified Clan Militia (Sudan)")):
        sides = acled_sides(event("battle.armed_clash", text, country))
        assert sides["actor1"] == side and sides["actor2"] == side


def test_what_belongs_to_the_forces_does_not_make_them_the_attacker():
    sides = acled_sides(event("remote.grenade",
                              "Two men threw grenades at the police station near the bridge.",
                              "MM"))
    assert sides["actor1"] == "Unidentified Armed Group (Myanmar)" and sides["inter1"] == 3
    sides = acled_sides(event("remote.ied", "A bomb destroyed a military-owned telecom tower.",
                              "MM"))
    assert sides["actor1"] == "Unidentified Armed Group (Myanmar)"


def test_a_group_named_as_the_planter_laid_the_bomb():
    sides = acled_sides(event("remote.ied", "Two soldiers were wounded when their truck hit a "
                              "Taliban-planted roadside bomb.", "AF"))
    assert sides["actor1"] == "Taliban" and sides["inter1"] == 2
    sides = acled_sides(event("remote.ied", "A farmer stepped on a landmine planted by the "
                              "military near the village.", "MM"))
    assert sides["actor1"] == "Military Forces of Myanmar" and sides["inter1"] == 1


def test_recurring_groups_of_acled_s_training_sides_are_known():
    sides = acled_sides(event("battle.armed_clash", "A regional leader of the Purba Banglar "
                              "Communist Party was killed in a gunfight with police.", "BD"))
    assert sides["actor1"] == "PBCP: Purba Banglar Communist Party" and sides["inter1"] == 2
    assert sides["actor2"] == "Police Forces of Bangladesh"


def test_philippine_clashes_name_the_rebels_first_as_acled_s_coders_do():
    text = "Soldiers had an encounter with New People's Army rebels in the hills."
    sides = acled_sides(event("battle.armed_clash", text, "PH"))
    assert sides["actor1"] == "NPA: New People's Army"
    assert sides["actor2"] == "Military Forces of the Philippines"
    text = "Soldiers had an encounter with Al Shabaab fighters in the hills."
    sides = acled_sides(event("battle.armed_clash", text, "SO"))
    assert sides["actor1"] == "Military Forces of Somalia"  # elsewhere the words' order


def test_government_troops_are_the_event_country_s():
    sides = acled_sides(event("battle.armed_clash",
                              "Government troops attacked Fano camps near Gondar.", "ET"))
    assert sides["actor1"] == "Military Forces of Ethiopia" and sides["inter1"] == 1


def test_party_men_a_mob_beats_are_civilians():
    bnp = Actor("target", "BNP: Bangladesh Nationalist Party", "a BNP leader", "political_group",
                "bnp", "BD")
    sides = acled_sides(event("riot.mob_violence",
                              "Ruling party activists beat a BNP leader at the market.", "BD",
                              [bnp]))
    assert sides["actor1"] == "Rioters (Bangladesh)"
    assert sides["actor2"] == "Civilians (Bangladesh)" and sides["interaction"] == 57


def test_a_clash_between_a_crowd_and_police_is_against_the_police():
    sides = acled_sides(event("riot.mob_violence", "Twenty people were hurt in a clash between "
                              "supporters of a candidate and police in the town.", "BD"))
    assert sides["actor2"] == "Police Forces of Bangladesh"


def test_the_owner_of_defused_weapons_is_actor2():
    sides = acled_sides(event("strategic.disrupted_weapons",
                              "Police defused an IED planted by Al Shabaab near the market.", "SO"))
    assert sides["actor2"] == "Al Shabaab" and sides["interaction"] == 12
    sides = acled_sides(event("strategic.disrupted_weapons",
                              "Police recovered three bombs from a house in the town.", "BD"))
    assert sides["actor2"] == "Unidentified Armed Group (Bangladesh)"


def test_civilians_are_named_after_their_nationality():
    sides = acled_sides(event("civilians.attack",
                              "Unknown gunmen opened fire on a Nigerien miner at the site.", "BF"))
    assert sides["actor2"] == "Civilians (Niger)"
    sides = acled_sides(event("civilians.attack", "Unknown gunmen shot a miner at the site.", "BF"))
    assert sides["actor2"] == "Civilians (Burkina Faso)"


def test_a_group_in_power_is_named_as_the_state_from_then_on():
    for year, actor1, inter1 in ((2020, "Taliban", 2), (2022, "Military Forces of Afghanistan", 1)):
        fight = event("civilians.attack", "Taliban forces beat four villagers in the market.",
                      "AF")
        fight.date = DateRange(date(year, 5, 11), date(year, 5, 11), "day")
        sides = acled_sides(fight)
        assert sides["actor1"] == actor1 and sides["inter1"] == inter1


def test_forces_firing_from_their_posts_are_the_shooters():
    sides = acled_sides(event("remote.shelling",
                              "Scores were hurt by shelling from army posts in the area.", "SY"))
    assert sides["actor1"] == "Military Forces of Syria"


def test_foreign_forces_against_militants_are_not_fighting_the_host_state():
    americans = Actor("actor", "Military Forces of the United States", "U.S. forces",
                      "state_forces", "state_forces_us", "US")
    sides = acled_sides(event("battle.armed_clash", "U.S. forces landed behind militant lines "
                              "near the town.", "SY", [americans]))
    assert sides["actor2"] != "Military Forces of Syria"
