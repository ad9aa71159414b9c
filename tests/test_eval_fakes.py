"""`eventatlas eval fakes` on two FA-KES-style rows written for these tests, and on the dev set."""

from datetime import date

import pytest

from conftest import FIXTURES, shared_dir
from eventatlas.corpora.fakes import GoldArticle, read_fakes
from eventatlas.evaluate.fakes import (
    Outcome,
    main_event,
    miss_kind,
    placed_outside,
    score,
)

SAMPLE = FIXTURES / "time" / "fakes-sample.csv"


def test_reads_gold_columns():
    first, second = read_fakes(SAMPLE)
    assert (first.date, first.civilians, first.noncivilians) == (date(2017, 4, 4), 12, 0)
    assert (second.date, second.civilians, second.noncivilians) == (date(2016, 10, 2), 0, 29)


def test_main_event_is_the_lead_event_with_a_toll_not_the_history():
    history = {"type": "civilians.attack", "fatalities": {"best": 230000},
               "date": {"start": "2011-03-01", "end": "2016-11-11"}}
    lead = {"type": "remote.air_strike", "fatalities": {"best": 12},
            "date": {"start": "2016-11-10", "end": "2016-11-10"}}
    talk = {"type": "statement.claim", "fatalities": None, "date": None}
    assert main_event([talk, history, lead], date(2016, 11, 11)) is lead
    assert main_event([talk]) is talk
    assert main_event([]) is None


def test_lists_event_places_outside_syria_and_its_neighbours():
    raqqa = {"name": "Ar Raqqah", "text": "Raqqa", "lat": 35.95, "lon": 39.01,
             "country_code": "SY"}
    utah = {"name": "Toquerville", "text": "Tokkhar", "lat": 37.25, "lon": -113.28,
            "country_code": "US"}
    events = [{"type": "remote.air_strike", "location": raqqa, "origin": None},
              {"type": "remote.air_strike", "location": utah},
              {"type": "civilians.attack", "location": utah, "background": True},
              {"type": "statement.claim", "location": {**utah, "lat": None}}]
    assert placed_outside(events) == [("Tokkhar", "Toquerville", "US", "remote.air_strike")]


def _miss(gold: date, published: date | None, ours: date | None) -> Outcome:
    outcome = Outcome(GoldArticle("1", "", "", gold, None, None), published=published,
                      date_start=ours, date_end=ours)
    outcome.flags = score(outcome)
    return outcome


def test_sorts_date_misses_by_what_the_text_allows():
    text = ("Air strikes killed 12 civilians in Atareb on Monday, a monitor said. The town was "
            "hit on October 5 in a battle that cost 30 lives.")
    published = date(2014, 10, 10)  # a Friday
    assert miss_kind(_miss(date(2014, 10, 6), published, date(2014, 10, 6)), text) is None
    assert miss_kind(_miss(date(2014, 10, 6), None, None), text) == "no_publication"
    assert miss_kind(_miss(date(2014, 10, 10), published, date(2014, 10, 6)),
                     text) == "gold_is_publication"
    assert miss_kind(_miss(date(2014, 10, 4), published, date(2014, 10, 8)), text) == "in_text"
    assert miss_kind(_miss(date(2014, 9, 1), published, date(2014, 10, 6)),
                     text) == "out_of_text"


def test_scores_the_sample(pipeline):
    from eventatlas.evaluate.fakes import evaluate

    metrics, outcomes = evaluate(SAMPLE)
    assert metrics["published_found"] == 1.0  # "Wed 05 Apr 2017", "03.10.2016"
    assert [o.published for o in outcomes] == [date(2017, 4, 5), date(2016, 10, 3)]
    assert metrics["date_within_1"] == 1.0  # "on Tuesday", "on Sunday"
    assert [o.civilians for o in outcomes] == [12, 0]  # 29 rebels are combatants
    assert metrics["civilians_exact"] == 1.0


def test_fakes_dev_runs():
    shared = shared_dir()
    path = shared / "data/articles/fakes-dev.csv" if shared else None
    if path is None or not path.is_file():
        pytest.skip("FA-KES dev not available in ../shared")
    from eventatlas.evaluate.fakes import evaluate

    metrics, _ = evaluate(path, limit=20)
    assert metrics["errors"] == 0
    assert metrics["published_found"] >= 0.9
