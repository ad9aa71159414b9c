"""Which date an event takes (`eventatlas.events.dating`), on short sentences in the style of
Syrian-war wire reports. Reports are published Tuesday 2016-08-02 unless the text says so."""

from __future__ import annotations

from datetime import date

import pytest

from eventatlas.ingest import RawInput, build_document

TUESDAY = date(2016, 8, 2)


@pytest.fixture(scope="module")
def extract(pipeline):
    def run(text: str, published: date | None = TUESDAY, title: str | None = None) -> dict:
        document = build_document(RawInput("<test>", text, is_html=False),
                                  published=published, title=title)
        return pipeline.process(document).result()
    return run


def dated(result: dict, trigger: str) -> tuple[str, str]:
    [event] = [e for e in result["events"] if e["trigger"] == trigger]
    return event["date"]["start"], event["date"]["end"]


def test_a_relative_clause_on_another_noun_does_not_date_the_event(extract):
    result = extract("ISIS militants beheaded eight rebel fighters who had surrendered in the "
                     "town last week, a monitor said on Monday. The fighters had been promised "
                     "an amnesty by the group.")
    assert dated(result, "beheaded") == ("2016-08-01", "2016-08-01")  # said on Monday


def test_a_clause_after_before_or_since_dates_its_own_happening(extract):
    result = extract("Government forces shelled the town of Jayrud after rebels shot down a "
                     "government jet on Friday. Residents said many homes were destroyed.")
    assert dated(result, "shelled") == ("2016-08-02", "2016-08-02")  # not Friday 29 July


def test_a_clause_saying_something_else_continues_is_not_the_events_aspect(extract):
    result = extract("Russian jets killed 30 militants near Deir ez-Zor as the offensive "
                     "continues, the ministry said. The ministry gave no figure for civilians.")
    assert dated(result, "killed") == ("2016-08-02", "2016-08-02")  # a day, not the past week


def test_a_published_line_run_into_the_lead_keeps_the_leads_own_date(extract):
    result = extract("Published August 2 2016 An air strike on Sunday killed 12 civilians in the "
                     "town of Atareb. Rescue workers pulled bodies from the rubble of the market.",
                     published=None)
    assert result["document"]["published"] == "2016-08-02"
    assert dated(result, "strike") == ("2016-07-31", "2016-07-31")


def test_a_headline_event_takes_the_date_of_the_lead(extract):
    result = extract("Air strikes killed at least 18 people in a market in Aleppo on Friday, a "
                     "monitor said. Rebels said government forces lost dozens of soldiers in "
                     "clashes last week near Hama.",
                     title="Dozens killed in Syria as violence rages on")
    [headline] = [e for e in result["events"] if e["evidence"][0]["text"].startswith("Dozens")]
    assert (headline["date"]["start"], headline["date"]["end"]) == ("2016-07-29", "2016-07-29")


def test_a_date_line_cut_by_sentence_splitting_still_dates_the_report(extract):
    # "30 October 2016 35 cases ..." splits after "30": "October 2016" alone is still the
    # publication day, not the month.
    result = extract("30 October 2016 35 cases of suffocation in terrorist chemical attack on "
                     "al-Hamadaniyeh area in Aleppo city. Medics treated the victims.",
                     published=None, title="35 cases of suffocation in chemical attack in Aleppo")
    assert result["document"]["published"] == "2016-10-30"
    for event in result["events"]:
        assert event["date"]["precision"] == "day", event["date"]
