"""Resolving expressions against a reference date (seed article published Friday 2016-11-11)."""

from datetime import date

import pytest

from eventatlas.model import DateRange
from eventatlas.time import ongoing_range, publication_range, resolve_expression
from eventatlas.time.resolve import clause_tense

FRIDAY = date(2016, 11, 11)


def span(text, reference=FRIDAY, **kwargs):
    found = resolve_expression(text, reference, **kwargs)
    assert found is not None, text
    return found.start, found.end, found.precision


# Seed checks from the ARA News report.
def test_on_thursday_is_the_day_before_a_friday_report():
    found = resolve_expression("on Thursday", FRIDAY)
    assert found == DateRange(
        date(2016, 11, 10), date(2016, 11, 10), "day", text="on Thursday", basis="explicit"
    )


def test_last_week_is_the_previous_monday_to_sunday():
    assert span("Last week") == (date(2016, 10, 31), date(2016, 11, 6), "week")


def test_a_few_months_ago_is_two_to_four_whole_months_back():
    assert span("A few months ago") == (date(2016, 7, 1), date(2016, 9, 30), "month")


def test_since_then_takes_the_previous_events_date():
    previous = resolve_expression("A few months ago", FRIDAY)
    found = resolve_expression("Since then", FRIDAY, previous=previous)
    assert found is not None and previous is not None
    assert (found.start, found.end, found.precision) == (previous.start, previous.end, "month")
    assert found.basis == "context"
    assert resolve_expression("Since then", FRIDAY) is None
    assert resolve_expression("at the time", FRIDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday", date(2016, 11, 10)),
        ("Friday", date(2016, 11, 11)),  # the same day counts
        ("on Saturday", date(2016, 11, 5)),
        ("last Friday", date(2016, 11, 4)),  # "last" is strictly before
        ("last Wednesday", date(2016, 11, 9)),
        ("next Monday", date(2016, 11, 14)),
        ("next Friday", date(2016, 11, 18)),
        ("Thursday night", date(2016, 11, 10)),
        ("yesterday", date(2016, 11, 10)),
        ("today", date(2016, 11, 11)),
        ("this morning", date(2016, 11, 11)),
        ("earlier today", date(2016, 11, 11)),
        ("March 3", date(2016, 3, 3)),
        ("December 3", date(2016, 12, 3)),  # only 22 days ahead: the coming one
        ("January 20", date(2016, 1, 20)),  # ten months ahead: the past one
        ("3 March 2016", date(2016, 3, 3)),
        ("2016-03-03", date(2016, 3, 3)),
        ("03/04/2016", date(2016, 4, 3)),  # day-month order preferred
        ("03/13/2016", date(2016, 3, 13)),  # ...unless impossible
        ("Sept. 3rd, 2016", date(2016, 9, 3)),
        ("three days ago", date(2016, 11, 8)),
    ],
)
def test_single_days(text, expected):
    assert span(text) == (expected, expected, "day")


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("this week", date(2016, 11, 7), date(2016, 11, 13), "week"),
        ("earlier this week", date(2016, 11, 7), date(2016, 11, 11), "week"),
        ("two weeks ago", date(2016, 10, 24), date(2016, 10, 30), "week"),
        ("last month", date(2016, 10, 1), date(2016, 10, 31), "month"),
        ("earlier this month", date(2016, 11, 1), date(2016, 11, 11), "month"),
        ("3 months ago", date(2016, 8, 1), date(2016, 8, 31), "month"),
        ("in March", date(2016, 3, 1), date(2016, 3, 31), "month"),
        ("in December", date(2016, 12, 1), date(2016, 12, 31), "month"),  # next month
        ("in February", date(2016, 2, 1), date(2016, 2, 29), "month"),
        ("in March 2016", date(2016, 3, 1), date(2016, 3, 31), "month"),
        ("last year", date(2015, 1, 1), date(2015, 12, 31), "year"),
        ("in 2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("between 3 and 5 May", date(2016, 5, 3), date(2016, 5, 5), "week"),
        ("between 3 and 5 May 2015", date(2015, 5, 3), date(2015, 5, 5), "week"),
        ("a few days ago", date(2016, 11, 7), date(2016, 11, 9), "week"),
        ("several days ago", date(2016, 11, 4), date(2016, 11, 8), "week"),
        ("several months ago", date(2016, 4, 1), date(2016, 8, 31), "month"),
        ("a few years ago", date(2012, 1, 1), date(2014, 12, 31), "year"),
        ("recently", date(2016, 10, 12), date(2016, 11, 11), "month"),
    ],
)
def test_ranges(text, start, end, precision):
    assert span(text) == (start, end, precision)


def test_result_carries_the_expression_text():
    found = resolve_expression("Last week,", FRIDAY)
    assert found is not None
    assert (found.text, found.basis) == ("Last week", "explicit")


@pytest.mark.parametrize(
    "text", ["31/02/2016", "31 February 2016", "2016-02-30", "between 5 and 3 May"]
)
def test_impossible_dates_are_none(text):
    assert resolve_expression(text, FRIDAY) is None


@pytest.mark.parametrize("text", ["earlier", "the situation", "", "later on", "the period"])
def test_not_understood_is_none(text):
    assert resolve_expression(text, FRIDAY) is None


def test_year_boundaries():
    new_year = date(2017, 1, 2)
    assert span("last month", new_year) == (date(2016, 12, 1), date(2016, 12, 31), "month")
    assert span("A few months ago", new_year) == (date(2016, 9, 1), date(2016, 11, 30), "month")
    assert span("last week", new_year) == (date(2016, 12, 26), date(2017, 1, 1), "week")


def test_ongoing_range_is_the_week_before_the_reference():
    found = ongoing_range(FRIDAY, "continues transferring")
    assert found == DateRange(
        date(2016, 11, 4), FRIDAY, "week", text="continues transferring", basis="publication"
    )


def test_publication_range():
    assert publication_range(FRIDAY) == DateRange(FRIDAY, FRIDAY, "day", basis="publication")


def test_tense_settles_yearless_dates_and_weekdays():
    assert span("December 3", tense="past") == (date(2015, 12, 3), date(2015, 12, 3), "day")
    assert span("in December", tense="past")[0] == date(2015, 12, 1)
    # "talks will resume Monday" in a Friday report: the coming Monday.
    assert span("Monday", tense="future") == (date(2016, 11, 14), date(2016, 11, 14), "day")
    assert span("Monday") == (date(2016, 11, 7), date(2016, 11, 7), "day")


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("the following day", date(2016, 3, 4), date(2016, 3, 4), "day"),
        ("the next day", date(2016, 3, 4), date(2016, 3, 4), "day"),
        ("the day before", date(2016, 3, 2), date(2016, 3, 2), "day"),
        ("the same day", date(2016, 3, 3), date(2016, 3, 3), "day"),
        ("earlier that day", date(2016, 3, 3), date(2016, 3, 3), "day"),
        ("two days later", date(2016, 3, 5), date(2016, 3, 5), "day"),
        ("a year earlier", date(2015, 3, 3), date(2015, 3, 3), "day"),
        ("a week later", date(2016, 3, 10), date(2016, 3, 10), "day"),
        ("that week", date(2016, 2, 29), date(2016, 3, 6), "week"),
        ("later that year", date(2016, 1, 1), date(2016, 12, 31), "year"),
    ],
)
def test_anaphora_read_from_the_previous_date(text, start, end, precision):
    anchor = resolve_expression("3 March 2016", FRIDAY)
    found = resolve_expression(text, FRIDAY, previous=anchor)
    assert found is not None, text
    assert (found.start, found.end, found.precision, found.basis) == (
        start, end, precision, "context")


def test_a_year_earlier_keeps_the_shape_of_a_quarter():
    quarter = resolve_expression("the third quarter", date(1989, 10, 26))
    assert quarter is not None
    assert (quarter.start, quarter.end) == (date(1989, 7, 1), date(1989, 9, 30))
    earlier = resolve_expression("a year earlier", date(1989, 10, 26), previous=quarter)
    assert earlier is not None and (earlier.start, earlier.end) == (date(1988, 7, 1),
                                                                    date(1988, 9, 30))


def test_shifts_without_an_anchor_count_back_from_the_reference():
    assert span("a year earlier") == (date(2015, 1, 1), date(2015, 12, 31), "year")
    assert resolve_expression("the following day", FRIDAY) is not None  # from the report day
    # A day-sized step from a month- or year-sized anchor names no day.
    year = resolve_expression("in 2014", FRIDAY)
    assert resolve_expression("the next morning", FRIDAY, previous=year) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("02.10.2017", date(2017, 10, 2), date(2017, 10, 2)),
        ("16-11-2014", date(2014, 11, 16), date(2014, 11, 16)),
        ("June last year", date(2015, 6, 1), date(2015, 6, 30)),
        ("late last July", date(2016, 7, 1), date(2016, 7, 31)),
        ("the 1990s", date(1990, 1, 1), date(1999, 12, 31)),
        ("the 20th century", date(1900, 1, 1), date(1999, 12, 31)),
        ("the first half", date(2016, 1, 1), date(2016, 6, 30)),
        ("last summer", date(2016, 6, 1), date(2016, 8, 31)),
        ("fiscal 1989", date(1989, 1, 1), date(1989, 12, 31)),
        ("around Nov. 1", date(2016, 11, 1), date(2016, 11, 1)),
        ("almost four years ago", date(2012, 1, 1), date(2012, 12, 31)),
        ("Earlier yesterday", date(2016, 11, 10), date(2016, 11, 10)),
    ],
)
def test_more_forms(text, start, end):
    found = resolve_expression(text, FRIDAY)
    assert found is not None, text
    assert (found.start, found.end) == (start, end)


def test_clause_tense():
    assert clause_tense("Talks will resume on Monday in Geneva.") == "future"
    assert clause_tense("The vote is scheduled for March 3.") == "future"
    assert clause_tense("Rebels shelled the town on Monday.") is None


# Day ranges in running news text (reference: Friday 2016-11-11).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Tuesday and Wednesday", (date(2016, 11, 8), date(2016, 11, 9))),
        ("between Thursday and Saturday", (date(2016, 11, 3), date(2016, 11, 5))),
        ("since Tuesday", (date(2016, 11, 8), FRIDAY)),
        ("since last Friday", (date(2016, 11, 4), FRIDAY)),
        ("since 3 November", (date(2016, 11, 3), FRIDAY)),
        ("in the past 24 hours", (date(2016, 11, 10), FRIDAY)),
        ("over the past 48 hours", (date(2016, 11, 9), FRIDAY)),
        ("during the last hours", (date(2016, 11, 10), FRIDAY)),
    ],
)
def test_day_ranges_run_to_their_last_day(text, expected):
    assert span(text)[:2] == expected


def test_since_a_day_of_the_year_past_looks_back_a_year():
    assert span("since December 2")[:2] == (date(2015, 12, 2), FRIDAY)
