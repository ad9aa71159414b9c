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
    assert fold("Paraná") == "parana"
    assert not place_match(gold, [{"name": "Goma", "text": "Goma", "admin1": "Nord Kivu",
                                   "lat": None, "lon": None}])


def test_eval_displacement_on_shared_data():
    shared = shared_dir()
    if shared is None or not (shared / "data" / "displacement").is_dir():
        pytest.skip("no ../shared/data/displacement in this checkout")
    from eventatlas.evaluate.displacement import evaluate

    metrics, outcomes = evaluate(shared / "data" / "displacement" / "idmc-labelled.csv",
                                 limit=30)
    assert len(outcomes) == 30
    assert metrics["found"] is not None and metrics["figure_within_20"] is not None
