"""TIMEX3 values for resolved dates, as TempEval-3 writes them."""

from datetime import date

import pytest

from eventatlas.model import DateRange
from eventatlas.time.timex import timex_value, to_timex

DCT = date(2013, 3, 22)  # a Friday, as in TempEval-3's platinum AP_20130322


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Friday", "2013-03-22"),
        ("yesterday", "2013-03-21"),
        ("the last week", "2013-W11"),
        ("last month", "2013-02"),
        ("in 2009", "2009"),
        ("2009", "2009"),
        ("late last July", "2012-07"),
        ("the third quarter", "2013-Q3"),
        ("the first half", "2013-H1"),
        ("this summer", "2013-SU"),
        ("the 1990s", "199X"),
        ("the 20th century", "19"),
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("the future", "FUTURE_REF"),
        ("the weekend", None),
    ],
)
def test_timex_values(text, value):
    assert timex_value(text, DCT) == value


def test_ranges_that_are_no_calendar_unit_fall_back_to_their_precision():
    found = DateRange(date(2013, 3, 18), date(2013, 3, 20), "week")
    assert to_timex(found) == "2013-W12"
    assert to_timex(DateRange(None, None, "day", text="on Thursday")) is None
