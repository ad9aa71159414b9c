"""Tolls attached to violent events from their own sentence."""

from __future__ import annotations

from eventatlas.events.counting import attach_death_tolls, civilian_toll
from eventatlas.model import Actor, Event, Evidence, Fatalities, Quantity


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


def _as_dict(sentence: str, figure: int, toll_text: str, unit: str = "people",
             victims: list[tuple[str, str]] = ()) -> dict:
    event = strike(sentence, "remote.suicide_bomb", Fatalities(figure, figure, figure),
                   Quantity(unit, toll_text, figure, figure, figure))
    event.actors = [Actor("target", text, text, kind) for text, kind in victims]
    return event.as_dict()


def test_combatants_named_after_a_bare_toll_are_no_civilians():
    # The toll names no one; the words right after it (or its victims) name armed men.
    assert civilian_toll(_as_dict("A suicide bomber kills five Kurdish police at a checkpoint.",
                                  5, "kills five")) == 0
    assert civilian_toll(_as_dict("Air raids on the camp killed three members of a "
                                  "pro-government militia.", 3, "killed three")) == 0
    assert civilian_toll(_as_dict("Strikes on the town kill 19.", 19, "kill 19",
                                  victims=[("ISIL positions", "rebel_group")])) == 0
    # People at large, or victims named as people, stay civilians.
    assert civilian_toll(_as_dict("A car bomb killed 12 people including soldiers.", 12,
                                  "killed 12 people")) == 12
    assert civilian_toll(_as_dict("Shelling kills 11.", 11, "kills 11",
                                  victims=[("rebels and eleven people", "rebel_group")])) == 11


def test_a_count_of_strikes_is_no_toll():
    assert civilian_toll(_as_dict("Aleppo pounded by 56 airstrikes.", 56, "56 airstrikes",
                                  unit="airstrikes")) is None


# Deaths ACLED's way (issue 20): tolls with no figure-and-noun phrase, and the next sentence.
def _toll(sentence: str, type_: str = "civilians.attack") -> int | None:
    event = strike(sentence, type_)
    attach_death_tolls([event])
    return event.fatalities.best if event.fatalities else None


def test_one_person_named_by_role():
    assert _toll("A shopkeeper was shot dead by unidentified men near the market.") == 1
    assert _toll("Gunmen stopped the bus, killing a truck driver.") == 1
    assert _toll("One Mayi Mayi was killed in the fighting.", "battle.armed_clash") == 1


def test_both_and_pairs():
    assert _toll("Two men were attacked on the road. Both victims died.") == 2
    assert _toll("A farmer and his son were killed by raiders.") == 2


def test_figure_before_any_noun_and_lynching():
    assert _toll("12 Al Shabaab were killed in the clash.", "battle.armed_clash") == 12
    assert _toll("Villagers lynch three suspected goat thieves.", "riot.mob_violence") == 3


def test_killed_and_injured_counts_the_dead_only():
    assert _toll("Four were killed and three injured in the blast.", "remote.explosive") == 4


def test_leaving_dead_and_ranges_take_the_lower_figure():
    assert _toll("The bomb exploded, leaving at least 5 people dead.", "remote.explosive") == 5
    assert _toll("Between 5 and 7 people were killed in the raid.") == 5


def test_not_a_person():
    assert _toll("A vehicle was burned and a house was looted.") is None


def test_toll_in_the_next_sentence_folds_into_the_clash():
    from eventatlas.events.merge import merge_events
    from eventatlas.model import Actor

    first = "Militants clashed with soldiers near the town."
    second = "9 Taliban fighters were killed in the clashes."
    clash = Event(id="a", type="battle.armed_clash", evidence=[Evidence(0, len(first), first)],
                  actors=[Actor("actor", "Taliban", "Militants", "rebel_group", "taliban")])
    start = len(first) + 1
    toll = Event(id="b", type="civilians.attack",
                 evidence=[Evidence(start, start + len(second), second)], trigger="killed")
    attach_death_tolls([toll])
    merged = merge_events([clash, toll], "doc")
    assert len(merged) == 1 and merged[0].type == "battle.armed_clash"
    assert merged[0].fatalities is not None and merged[0].fatalities.best == 9


def test_dead_soldiers_never_make_a_civilian_attack():
    from eventatlas.events.merge import merge_events

    first = "A roadside bomb struck a convoy on Monday."
    second = "Elsewhere, the ceremony went ahead."
    third = "Two soldiers were killed."
    bomb = Event(id="a", type="remote.explosive", evidence=[Evidence(0, len(first), first)])
    other = Event(id="c", type="protest.peaceful",
                  evidence=[Evidence(len(first) + 1, len(first) + 1 + len(second), second)])
    start = len(first) + len(second) + 2
    toll = Event(id="b", type="civilians.attack",
                 evidence=[Evidence(start, start + len(third), third)], trigger="killed")
    attach_death_tolls([toll])
    merged = merge_events([bomb, other, toll], "doc")
    assert [e.type for e in merged] == ["remote.explosive", "protest.peaceful"]
    assert merged[0].fatalities is not None and merged[0].fatalities.best == 2


def test_more_ways_of_stating_one_death():
    assert _toll("A trader was chopped to death by a gang.") == 1
    assert _toll("Gunmen shot and killed the village chairman.") == 1
    assert _toll("The bomb went off, resulting in the death of a passer-by.", "remote.ied") == 1
    assert _toll("1 senior commander was killed.", "battle.armed_clash") == 1


def test_two_groups_of_dead_are_added():
    assert _toll("Five soldiers and three rebels were killed in the attack.",
                 "battle.armed_clash") == 8
