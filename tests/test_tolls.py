"""Deaths counted the way ACLED counts them (issue 20): the figure a note says was coded, and
tolls the figure patterns miss. Sentences are invented, in ACLED's style."""

from __future__ import annotations

import pytest

from eventatlas.events.coded_tolls import apply_coded_toll, coded_toll
from eventatlas.events.tolls import extra_death_figures, summed_toll
from eventatlas.model import Event, Evidence


@pytest.mark.parametrize(("text", "figure"), [
    ("Rebels clashed with the army near Kalo. Fatalities coded as 9 (6 soldiers and 3 rebels).",
     9),
    ("Militants attacked a base. An unknown number were killed. Unspecified number of "
     "fatalities coded as 3.", 3),
    ("Police raided two camps. 15 fatalities split across 5 events and coded as 2 for this "
     "event.", 2),
    ("A mob lynched a suspected thief in Bole. 1 fatality.", 1),
    ("Gunmen attacked a checkpoint. Fatalities coded as 0 (local media reported 4).", 0),
    # Two totals: the last is the sum of the parts.
    ("Soldiers were ambushed. Unknown militant fatalities coded as 3. Total fatalities coded "
     "as 7.", 7),
])
def test_the_coded_figure_is_read(text, figure):
    assert coded_toll(text) == figure


@pytest.mark.parametrize("text", [
    "Police raided a market. Unknown fatalities coded as 10. Fatalities are split across four "
    "events.",  # a total shared out: this event's share is not stated
    "Two soldiers were killed in shelling (fatalities coded to the Kalo event).",
    "Rebels attacked the town, killing 12 civilians.",
    "One fatality coded separately.",
])
def test_no_figure_for_this_event(text):
    assert coded_toll(text) is None


def _event(text: str, type_: str, trigger: str, start: int = 0) -> Event:
    return Event(id="x", type=type_, evidence=[Evidence(start, start + len(text), text)],
                 trigger=trigger)


def test_the_coded_figure_is_the_first_violent_event_s_toll():
    note = ("Militants clashed with soldiers near Kalo. Fatalities coded as 5 (2 soldiers and 3 "
            "militants).")
    clash = _event("Militants clashed with soldiers near Kalo.", "battle.armed_clash", "clashed")
    bookkeeping = _event("Fatalities coded as 5 (2 soldiers and 3 militants).",
                         "battle.nonstate_overtakes_territory", "coded", 43)
    kept = apply_coded_toll([clash, bookkeeping], note)
    assert kept == [clash]
    assert clash.fatalities is not None and clash.fatalities.best == 5


@pytest.fixture(scope="module")
def extract(pipeline):
    from eventatlas.extract import Extractor

    extractor = Extractor(pipeline=pipeline)
    return lambda text: extractor.extract_text(text, published="2024-03-02")["events"]


def test_the_dead_in_the_next_sentence_are_the_clash_s_toll_not_its_actor(extract):
    events = extract("On 2 March 2024, soldiers clashed with Al Shabaab militants near Dinsoor "
                     "town (Dinsoor, Bay). 9 militants were killed.")
    clashes = [e for e in events if e["type"].startswith("battle.")]
    assert len(clashes) == 1
    assert clashes[0]["fatalities"]["best"] == 9
    assert clashes[0]["acled"]["actor2"] == "Al Shabaab"


def test_soldiers_killed_after_a_bomb_are_its_toll(extract):
    events = extract("On 2 March 2024, a roadside bomb planted by Al Shabaab exploded targeting "
                     "an army convoy near Dinsoor (Dinsoor, Bay). Two soldiers were killed.")
    assert [e["type"] for e in events] == ["remote.ied"]
    assert events[0]["fatalities"]["best"] == 2


@pytest.mark.parametrize(("text", "figure"), [
    ("On 3 May 2021, the district chairman's driver - also a party organiser - was shot dead "
     "by unidentified gunmen in Kalia.", 1),
    ("On 3 May 2021, a local leader of the youth wing of the ruling party was stabbed to death "
     "by rivals in Gouripur.", 1),
    ("On 3 May 2021, a ward councillor, who was also a school teacher, was killed by "
     "assailants.", 1),
    ("On 3 May 2021, a 32-year-old was shot and killed by the police in Tipitapa.", 1),
    ("On 3 May 2021, an elderly woman was strangled to death by a neighbour.", 1),
    ("On 3 May 2021, a trader was attacked and killed by robbers at a market.", 1),
])
def test_one_victim_described_at_length_is_one_death(text, figure):
    found = extra_death_figures(text)
    assert [q.value for _, _, q in found] == [figure]
    assert found[0][2].text in text  # the words as written


@pytest.mark.parametrize("text", [
    "Gangs attacked the neighbourhood, killing an unknown number of residents.",
    "A convoy was hit by a roadside bomb near Marka.",
    "A police post was attacked and burned overnight.",
])
def test_no_single_death_where_none_is_stated(text):
    assert extra_death_figures(text) == []


def test_a_dateline_number_is_not_the_first_of_two_figures():
    toll = summed_toll("Updated Oct 082017 MOSCOW Some 120 extremists and 60 foreign mercenaries "
                       "were killed in air strikes.")
    assert toll is not None and toll.value == 180


def test_a_dateline_s_day_or_year_is_not_the_first_of_two_figures():
    toll = summed_toll("AFP Friday 24 Oct 2014 Ten children and five women have been killed in "
                       "air strikes.")
    assert toll is not None and toll.value == 15
