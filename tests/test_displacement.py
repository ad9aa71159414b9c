"""Displacement figures the IDMC way, on invented sentences, and `eval displacement` on the
shared dev excerpts when this checkout has them."""

from __future__ import annotations

import pytest

from conftest import shared_dir
from eventatlas.evaluate.displacement import (
    GoldExcerpt,
    Outcome,
    fold,
    movement_event,
    place_match,
    score,
    unwrapped,
)
from eventatlas.figures import moved_counts, movement_figure
from eventatlas.quantity import find_quantities, parse_fatalities, parse_number


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "qualifier"),
    [
        ("More than 55,000 people were displaced", 55_000, 55_001, None, "more_than"),
        ("over 2,000 persons fled", 2_000, 2_001, None, "more_than"),
        ("nearly 500 families left", 500, None, None, "about"),
        ("almost 1,200 residents were moved", 1_200, None, None, "about"),
        ("An estimated 3,000 people were evacuated", 3_000, None, None, "about"),
        ("at least 800 families were evacuated", 800, 800, None, "at_least"),
        ("An estimated 25,000 to 30,000 IDPs fled", 25_000, 25_000, 30_000, "about"),
        ("between 40 and 60 households", 40, 40, 60, None),
        ("14 000 people were evacuated", 14_000, 14_000, 14_000, None),
    ],
)
def test_qualified_figures_keep_the_number(text, value, low, high, qualifier):
    ((_, _, quantity),) = find_quantities(text)
    assert (quantity.value, quantity.low, quantity.high) == (value, low, high)
    assert quantity.qualifier == qualifier
    assert ("qualifier" in quantity.as_dict()) == (qualifier is not None)


def test_spaced_thousands_and_displacements():
    assert parse_number("9 300") == 9_300
    ((_, _, quantity),) = find_quantities("The floods caused 1,200 new displacements.")
    assert (quantity.value, quantity.unit) == (1_200, "people")
    # a year next to a count is not a thousands group
    assert [q.value for _, _, q in find_quantities("In 2013 300 people left.")] == [300]


def test_fatalities_stay_open_above_for_more_than():
    assert parse_fatalities("Activists said more than 30 civilians died.").high is None
    assert parse_fatalities("at least 12 people were killed").best == 12


def test_households_and_people_kept_apart():
    ((_, _, quantity),) = moved_counts("About 310 households (about 1,600 people) fled.")
    assert (quantity.value, quantity.unit) == (310, "households")
    assert quantity.equivalent is not None
    assert (quantity.equivalent.value, quantity.equivalent.unit) == (1_600, "people")
    assert quantity.as_dict()["equivalent"]["unit"] == "people"


@pytest.mark.parametrize(
    ("sentence", "first", "second"),
    [
        ("The floods displaced 1,600 people from 310 households.", "people", "households"),
        ("The floods displaced 310 families comprising 1,600 people.", "families", "people"),
        ("The storm displaced 310 households, totalling 1,600 individuals.", "households",
         "people"),
    ],
)
def test_a_group_counted_in_both_units(sentence, first, second):
    ((_, _, quantity),) = moved_counts(sentence)
    assert quantity.unit == first
    assert quantity.equivalent is not None and quantity.equivalent.unit == second


def test_two_groups_in_one_unit_are_not_one():
    counts = moved_counts("Some 1,600 people from 310 villages fled, and 200 people in Goma.")
    assert all(quantity.equivalent is None for _, _, quantity in counts)


@pytest.mark.parametrize(
    ("sentence", "trigger", "value"),
    [
        ("In the valley, close to 1,000 were evacuated as the river rose.", "evacuated", 1_000),
        ("The storm affected 90,000 people and forced 17,000 to leave their homes.", "leave",
         17_000),
        ("Officials said almost 274,000, the total number of people displaced, remain in camps.",
         "displaced", 274_000),
        ("Two people were killed and 300 people fled the village.", "fled", 300),
    ],
)
def test_movement_figure_nearest_the_trigger(sentence, trigger, value):
    quantity = movement_figure(sentence, sentence.index(trigger))
    assert quantity is not None and quantity.value == value


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        # a bare count before a word of displacement, its noun left out
        ("Flooding hit the delta; 64 evacuated overnight.", 64, None),
        ("Another 1,480 relocated to higher ground on Friday.", 1_480, None),
        ("Two died and nearly 9,000 have been left homeless.", 9_000, "about"),
        ("Landslides killed six and 2,100 forced to flee their villages.", 2_100, None),
        # a people's name between the count and its verb
        ("The offensive drove some 40,000 Fulani to flee south.", 40_000, "about"),
        ("Over 12,000 Burundians have fled since March.", 12_000, "more_than"),
        # the count a displacing verb takes as its object
        ("The cyclone displaced more than 7,500, the agency said.", 7_500, "more_than"),
        ("Fighting uprooted an estimated 31,000 in Ituri.", 31_000, "about"),
        ("The fire rendered 140 homeless.", 140, None),
    ],
)
def test_bare_and_object_counts_of_the_displaced(sentence, value, qualifier):
    counts = [quantity for _, _, quantity in moved_counts(sentence)]
    assert [(q.value, q.unit, q.qualifier) for q in counts] == [(value, "people", qualifier)]


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        # the affected are counted apart from the displaced, IDMC's way
        ("Over 31,000 people have been affected and 1,420 relocated.", [1_420]),
        ("Heavy rains affected nearly 2.4 million people and forced 9,300 to leave their homes.",
         [9_300]),
        ("Some 12,400 families were affected and evacuated.", [12_400]),
        # a count of which some moved, and a people named after words that describe it
        ("Some 61,000 people were affected (22,000 of whom have been relocated).", [22_000]),
        ("About 81,000 mostly Muslim Rohingya have fled since the crackdown.", [81_000]),
        ("More than 9,000 ethnic Karen who fled the fighting are in camps.", [9_000]),
    ],
)
def test_moved_counts_leave_out_the_affected(sentence, values):
    assert [q.value for _, _, q in moved_counts(sentence)] == values


def test_displaced_before_a_unit_describes_it():
    counts = [(q.value, q.unit) for text in ("Some 730 displaced families reached the camp.",
                                             "The 95 displaced households and 40 displaced left.")
              for _, _, q in find_quantities(text)]
    assert counts == [(730, "families"), (95, "households"), (40, "people")]


def test_homes_evacuated_count_households_and_homes_destroyed_none():
    evacuated = [(q.value, q.unit) for sentence in (
        "Crews urged the evacuation of about 90 homes along the creek.",
        "Some 45 houses were evacuated after the dam cracked.")
        for _, _, q in moved_counts(sentence)]
    assert evacuated == [(90, "households"), (45, "households")]
    assert moved_counts("The blaze destroyed 45 houses near the dam.") == []


def test_a_count_is_read_whole_and_never_the_hurt():
    counts = moved_counts("The raids killed 40 people, wounded dozens and displaced more than "
                          "62,000 others, the agency said.")
    assert [(q.value, q.qualifier) for _, _, q in counts] == [(62_000, "more_than")]


def test_bare_counts_are_not_houses_years_or_the_dead():
    assert moved_counts("Some 4,000 houses were destroyed.") == []
    assert moved_counts("The camp, opened in 2015, displaced nobody.") == []
    assert moved_counts("The blast killed 12 and evacuated nobody.") == []


def test_dead_and_hurt_are_no_movement_figure():
    sentence = "Fifteen people were injured and 40 people were killed as families fled."
    assert movement_figure(sentence, sentence.index("fled")) is None


def test_scoring_one_excerpt():
    gold = GoldExcerpt("x", "idmc", "...", [55_000], "people", "Displaced", ["Ituri Province"],
                       "CD")
    event = {"type": "movement.flight", "quantity": {"value": 55_000, "low": 55_001,
                                                     "high": None, "unit": "people"}}
    assert movement_event([{"type": "statement.threat"}, event]) is event
    outcome = Outcome(gold, "movement.flight", 55_000, "people",
                      [{"name": "Ituri", "text": "Ituri", "admin1": "Ituri", "lat": None,
                        "lon": None}])
    flags = score(outcome)
    assert flags["found"] and flags["figure_exact"] and flags["unit"] and flags["place"]
    assert not flags["place_named"]  # the excerpt ("...") never names Ituri
    gold.text = "Fighting in Ituri province displaced 55,000."
    assert score(outcome)["place_named"]
    assert fold("Paraná") == "parana"
    assert not place_match(gold, [{"name": "Goma", "text": "Goma", "admin1": "Nord Kivu",
                                   "lat": None, "lon": None}])


def test_wrapped_excerpts_are_read_as_one_paragraph():
    assert unwrapped("A total of 2,300 people were evacuated and 40\npeople rescued.") == (
        "A total of 2,300 people were evacuated and 40 people rescued.")


@pytest.fixture(scope="module")
def movements(pipeline):
    from eventatlas.ingest import RawInput, build_document

    def run(text: str) -> list[dict]:
        document = build_document(RawInput("<test>", text, is_html=False))
        return [event for event in pipeline.process(document).result()["events"]
                if event["type"].startswith("movement.")]
    return run


@pytest.mark.parametrize(
    ("text", "event_type", "value"),
    [
        ("Aid agencies said some 45,000 IDPs were living in camps near Bunia.",
         "movement.flight", 45_000),
        ("About 900 evacuees spent the night in school buildings after the dam broke.",
         "movement.relocation", 900),
        ("Kenya now hosts more than 400,000 Somali refugees, the agency said.",
         "movement.flight", 400_000),
        ("Officials ordered the relocation of 12,000 residents of low-lying districts.",
         "movement.relocation", 12_000),
        ("Nearly 3,000 returnees reached their villages last month, the agency said.",
         "movement.return", 3_000),
    ],
)
def test_the_displaced_named_by_what_they_are_make_a_movement(movements, text, event_type,
                                                              value):
    found = movements(text)
    assert [(event["type"], event["quantity"]["value"]) for event in found] == [
        (event_type, value)]


def test_the_displaced_are_never_who_displaced_them(movements):
    (event,) = movements("A bomb hit buses carrying Syrian evacuees near Aleppo on Saturday.")[-1:]
    assert event["type"] == "movement.relocation"
    assert [actor for actor in event["actors"] if actor["role"] == "actor"] == []


def test_a_camp_named_for_the_displaced_is_no_movement(movements):
    assert movements("Jets bombed a refugee camp near the border, killing four women.") == []
    assert movements("Shells hit an IDP camp outside the town on Monday, the agency said.") == []


def test_a_movement_takes_the_place_named_in_another_clause_of_its_sentence(movements):
    (event,) = movements("Officials said the floods in Malawi, which has appealed for aid, left "
                         "11,000 people sheltering in schools.")
    assert event["type"] == "movement.flight" and event["quantity"]["value"] == 11_000
    assert event["origin"]["name"] == "Malawi"


def test_eval_displacement_on_shared_data():
    shared = shared_dir()
    if shared is None or not (shared / "data" / "displacement").is_dir():
        pytest.skip("no ../shared/data/displacement in this checkout")
    from eventatlas.evaluate.displacement import evaluate

    metrics, outcomes = evaluate(shared / "data" / "displacement" / "idmc-labelled.csv",
                                 limit=30)
    assert len(outcomes) == 30
    assert metrics["found"] is not None and metrics["figure_within_20"] is not None


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("The floods left 5,000 people homeless in Sindh province on Monday.", 5_000, "people"),
    ("About 300 families lost their homes when the river burst its banks.", 300, "families"),
    ("The fire rendered 200 families homeless in the camp.", 200, "families"),
])
def test_a_home_lost_is_a_displacement(movements, text, value, unit):
    found = movements(text)
    assert [(e["quantity"]["value"], e["quantity"]["unit"]) for e in found] == [(value, unit)]


def test_leaving_something_else_is_no_displacement(movements):
    assert movements("The river left its banks near the town on Monday.") == []


def test_halves_are_fixed_and_keep_a_page_together():
    from eventatlas.evaluate.displacement import half_of

    def isi(excerpt_id: str, text: str) -> GoldExcerpt:
        return GoldExcerpt(excerpt_id, "isi", text, [], None, "DISPLACED", [], None)

    halves = {half_of(isi(f"isi-EN{n}-10", "x")) for n in range(40)}
    assert halves == {"tune", "check"}
    assert half_of(isi("isi-EN7-10", "Some fled.")) == half_of(isi("isi-EN7-990", "Others"))
    idmc = GoldExcerpt("idmc-3", "idmc", "Floods displaced 300.", [300], "people", "Displaced",
                       [], None)
    assert half_of(idmc) == half_of(GoldExcerpt("idmc-4", "idmc", "Floods  displaced 300.", [3],
                                                None, "Displaced", [], None))
