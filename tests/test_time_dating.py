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


def test_a_definite_incident_takes_the_day_given_to_it_just_before(extract):
    # FA-KES 1926479219: "the attack which it says kills" is the attack "on August 21".
    result = extract("Obama is seeking backing for the strikes in response to an alleged "
                     "chemical weapons attack near Damascus on August 21. Washington blames the "
                     "Syrian government for the attack which it says kills more than 1400 "
                     "people.", published=date(2013, 9, 9))
    assert dated(result, "kills") == ("2013-08-21", "2013-08-21")


def test_a_definite_incident_needs_the_day_to_be_its_own(extract):
    # The day belongs to the warning, not to the air strikes it answers (FA-KES 1923848195).
    result = extract("Rebel group Jaysh al-Islam warned two days ago that it would launch a "
                     "barrage of missiles at the capital in response to deadly air strikes on "
                     "Douma. The group has carried out such barrages before including on "
                     "January 25 when it fired dozens of rockets after a similar warning killing "
                     "six. In Douma the government air strikes brought chaos with civilians "
                     "streaming into a makeshift clinic.", published=date(2015, 2, 5))
    assert "2015-02-03" not in {e["date"]["start"] for e in result["events"]
                                if e["evidence"][0]["text"].startswith("In Douma")}


def test_a_lead_without_a_day_takes_the_day_of_the_sentence_telling_it_in_detail(extract):
    # FA-KES 1924058144: "the men" of the second sentence are the lead's "33 young men"; and
    # the glued "Published ..." line is not the clause the activists report.
    result = extract("Published April 6 2017 Syrian activists say the Daesh terrorist group has "
                     "killed 33 young men in eastern Syria close to the border with Iraq. The "
                     "Britain-based Syrian Observatory for Human Rights says Daesh members slit "
                     "the throats of the men aged between 18 and 25 near the town of Mayadeen on "
                     "Wednesday. The group says its not clear who the men were.",
                     published=None, title="Daesh terrorists kill 33 men in Syrias Deir el-Zour")
    assert result["document"]["published"] == "2017-04-06"
    [headline] = [e for e in result["events"] if e["evidence"][0]["text"].startswith("Daesh")]
    assert (headline["date"]["start"], headline["date"]["end"]) == ("2017-04-05", "2017-04-05")
