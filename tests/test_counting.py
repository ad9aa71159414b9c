"""Tolls attached to violent events from their own sentence."""

from __future__ import annotations

from eventatlas.events.counting import attach_death_tolls, civilian_toll
from eventatlas.model import Event, Evidence, Fatalities, Quantity


def strike(sentence: str, type_: str = "remote.air_strike", toll: Fatalities | None = None,
           quantity: Quantity | None = None) -> Event:
    return Event(id="x", type=type_, evidence=[Evidence(0, len(sentence), sentence)],
                 fatalities=toll, quantity=quantity)


def test_news_figure_not_running_total():
    event = strike("More than 19 civilians were killed in Eastern Ghouta on Sunday, while more "
                   "than 300,000 people have been killed since 2011.")
    attach_death_tolls([event])
    assert event.fatalities is not None and event.fatalities.best == 19


def test_running_total_alone_gives_no_toll():
    event = strike("At least 123 civilians have been killed in the besieged suburb by airstrikes "
                   "and shelling since the regime began an offensive nearly two weeks ago.")
    attach_death_tolls([event])
    assert event.fatalities is None


def test_history_toll_read_from_the_victims_is_dropped():
    sentence = ("ISIS has killed hundreds of people since it declared a caliphate in June last "
                "year.")
    hundreds = Quantity("people", "hundreds of people", value=None, low=200, high=999)
    event = strike(sentence, "civilians.attack", Fatalities(100, 100, 999), hundreds)
    attach_death_tolls([event])
    assert event.fatalities is None


def test_injured_count_is_not_the_toll():
    event = strike("Civilian killed, 3 injured in terrorist attacks on Aleppo", "remote.shelling")
    attach_death_tolls([event])
    assert event.fatalities is None


def test_terrorists_killed_are_no_civilian_toll():
    event = strike("SDF foiled ISIS attack in northeastern Aleppo, 80 terrorists killed",
                   "battle.armed_clash")
    attach_death_tolls([event])
    as_dict = event.as_dict()
    assert as_dict["fatalities"]["best"] == 80 and civilian_toll(as_dict) == 0
