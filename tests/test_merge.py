"""Merging mentions of one happening within a report."""

from __future__ import annotations

from datetime import date

from eventatlas.events.merge import merge_events, same_happening
from eventatlas.model import Actor, DateRange, Event, Evidence, Fatalities, Place, Quantity

RAQQA = Place(name="Ar Raqqah", text="Raqqa", precision="town", geonameid=172955,
              admin1="Ar-Raqqah", country_code="SY")
PROVINCE = Place(name="Ar-Raqqah", text="Raqqa province", precision="admin1",
                 admin1="Ar-Raqqah", country_code="SY")
MOSUL = Place(name="Mosul", text="Mosul", precision="town", geonameid=99072, country_code="IQ")
COALITION = Actor(role="actor", name="coalition", text="the coalition", kind="x",
                  actor_id="coalition")
RUSSIA = Actor(role="actor", name="Russia", text="Russia", kind="x", actor_id="state_forces_ru")


def event(start: int, *, actors=(), location=None, when=None, toll=None, type_="remote.air_strike"):
    return Event(id="x", type=type_, evidence=[Evidence(start, start + 5, "words")],
                 actors=list(actors), location=location, date=when, fatalities=toll)


def day(d: date, basis: str = "explicit") -> DateRange:
    return DateRange(d, d, "day", basis=basis)  # type: ignore[arg-type]


def test_headline_and_lead_merge_with_both_evidences():
    merged = merge_events([event(0, actors=[COALITION], location=RAQQA),
                           event(100, actors=[COALITION], location=PROVINCE)], "doc")
    assert len(merged) == 1 and len(merged[0].evidence) == 2
    assert merged[0].id.startswith("ev-")


def test_different_actors_stay_apart():
    assert len(merge_events([event(0, actors=[COALITION], location=RAQQA),
                             event(9, actors=[RUSSIA], location=RAQQA)], "doc")) == 2


def test_different_towns_stay_apart():
    assert not same_happening(event(0, actors=[COALITION], location=RAQQA),
                              event(9, actors=[COALITION], location=MOSUL))


def test_old_explicit_date_is_not_the_days_news():
    today = date(2016, 11, 11)
    headline = event(0, actors=[COALITION], location=RAQQA, when=day(today, "publication"))
    history = event(50, actors=[COALITION], location=RAQQA, when=day(date(2011, 3, 15)))
    recent = event(90, actors=[COALITION], location=RAQQA, when=day(date(2016, 11, 9)))
    assert not same_happening(headline, history)
    assert same_happening(headline, recent)


def test_exact_toll_beats_vague_one():
    vague = Fatalities(low=24, best=24, high=99)
    exact = Fatalities(low=30, best=30, high=30)
    merged = merge_events([event(0, actors=[COALITION], toll=vague),
                           event(9, actors=[COALITION], toll=exact)], "doc")
    assert merged[0].fatalities == exact


def test_headline_without_perpetrator_joins_the_one_attack_it_can_be():
    headline = event(0, location=RAQQA)
    lead = event(30, actors=[COALITION], location=RAQQA)
    merged = merge_events([headline, lead], "doc")
    assert len(merged) == 1 and merged[0].actors_in("actor")[0].actor_id == "coalition"


def test_unattributed_mention_stays_apart_when_two_attackers_fit():
    coalition = event(0, actors=[COALITION], location=RAQQA)
    russia = event(30, actors=[RUSSIA], location=RAQQA)
    unattributed = event(60, location=RAQQA)
    assert len(merge_events([coalition, russia, unattributed], "doc")) == 3


def test_unattributed_mentions_of_one_act_merge_when_two_attackers_fit():
    # "Eyewitnesses said the regime used cluster bombs and vacuum bombs in the airstrikes":
    # three triggers, one act, beside two attackers' strikes.
    coalition = event(0, actors=[COALITION], location=RAQQA)
    russia = event(30, actors=[RUSSIA], location=RAQQA)
    mentions = [event(60 + 10 * i, location=RAQQA) for i in range(3)]
    merged = merge_events([coalition, russia, *mentions], "doc")
    assert len(merged) == 3
    assert [len(e.evidence) for e in merged] == [1, 1, 3]


def counted(start: int, toll: Fatalities, unit: str, source: str | None = None, **kw) -> Event:
    item = event(start, actors=[COALITION], toll=toll, **kw)
    value = toll.best if toll.low == toll.high else None  # "at least 12" states no value
    item.quantity = Quantity(unit, f"{toll.best} {unit}", value=value, low=toll.low,
                             high=toll.high)
    item.evidence[0].source = source
    return item


def test_part_of_the_victims_never_replaces_the_whole():
    # "5 civilians killed in rocket attacks ..." then "two women were killed"
    merged = merge_events([counted(0, Fatalities(5, 5, 5), "people"),
                           counted(9, Fatalities(2, 2, 2), "women")], "doc")
    assert merged[0].fatalities.best == 5 and merged[0].quantity.unit == "people"


def test_differing_sources_keep_the_lowest_figure():
    # the Observatory says at least 20 dead, SANA gives at least 12: ACLED codes 12
    merged = merge_events([counted(0, Fatalities(20, 20, None), "people", "SOHR"),
                           counted(9, Fatalities(12, 12, None), "people", "SANA")], "doc")
    assert merged[0].fatalities.best == 12


def test_same_source_later_part_keeps_the_lead_figure():
    # "More than 50 civilians killed in Aleppo" then "27 people were killed" in one district
    merged = merge_events([counted(0, Fatalities(51, 50, None), "people"),
                           counted(9, Fatalities(27, 27, 27), "people")], "doc")
    assert merged[0].fatalities.best == 50


def test_vague_headline_toll_takes_the_stated_figure():
    # "Scores killed in gas attack" ... "At least 72 people were killed" (a separate event)
    headline = counted(0, Fatalities(20, 20, 99), "people")
    body = event(9, actors=[RUSSIA], toll=Fatalities(72, 72, None))
    merged = merge_events([headline, body], "doc")
    assert len(merged) == 2 and merged[0].fatalities.best == 72


def test_vague_toll_keeps_a_figure_it_cannot_mean():
    # "Dozens killed" does not become the 160 of another report
    headline = counted(0, Fatalities(12, 12, 99), "people")
    merged = merge_events([headline, event(9, actors=[RUSSIA], toll=Fatalities(160, 160, 160))],
                          "doc")
    assert merged[0].fatalities.best == 12
