"""Calendar arithmetic for resolving dates: months, weeks, quarters, whole-unit ranges and
shifts that keep a range's shape, plus the two ranges set by convention (the publication day,
an ongoing week). Pure functions of dates; nothing here reads text.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from eventatlas.model import DateRange, Precision

ONGOING_DAYS = 7  # "continues"/"ongoing": assumed to have been going on for the past week
# A resolved range: (first day, last day, precision).
DaySpan = tuple[date, date, Precision]


def usable(found: DateRange | None) -> bool:
    return found is not None and found.start is not None and found.end is not None


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def shift_month(year: int, month: int, back: int) -> tuple[int, int]:
    index = year * 12 + month - 1 - back
    return index // 12, index % 12 + 1


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), month_end(year, month)


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def span_precision(start: date, end: date) -> Precision:
    days = (end - start).days
    if days == 0:
        return "day"
    return "week" if days <= ONGOING_DAYS else "month"


def on_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def calendar_period(unit: str, reference: date, step: int) -> DaySpan:
    """The calendar week/month/year `step` periods away from the one holding `reference`."""
    if unit == "week":
        start, end = week_of(reference + timedelta(weeks=step))
        return start, end, "week"
    if unit == "month":
        return *month_range(*shift_month(reference.year, reference.month, -step)), "month"
    year = reference.year + step
    return date(year, 1, 1), date(year, 12, 31), "year"


def units_back(unit: str, reference: date, near: int, far: int) -> DaySpan:
    """Whole units from `far` to `near` units before the reference."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        start, end = reference - timedelta(days=far), reference - timedelta(days=near)
        return start, end, span_precision(start, end)
    if unit == "week":
        start = week_of(reference - timedelta(weeks=far))[0]
        return start, week_of(reference - timedelta(weeks=near))[1], "week"
    if unit == "month":
        start = month_range(*shift_month(reference.year, reference.month, far))[0]
        return start, month_range(*shift_month(reference.year, reference.month, near))[1], "month"
    return date(reference.year - far, 1, 1), date(reference.year - near, 12, 31), "year"


def shift_span(start: date, end: date, *, months: int = 0, days: int = 0) -> tuple[date, date]:
    """Move a range, keeping whole months whole ("1989-Q3" a year back is "1988-Q3")."""
    if days:
        return start + timedelta(days=days), end + timedelta(days=days)
    whole = start.day == 1 and end == month_end(end.year, end.month)
    new_start = date(*shift_month(start.year, start.month, -months), 1)
    end_year, end_month = shift_month(end.year, end.month, -months)
    if whole:
        return new_start, month_end(end_year, end_month)
    day = min(start.day, calendar.monthrange(new_start.year, new_start.month)[1])
    moved = new_start.replace(day=day)
    return moved, moved + (end - start)


def quarter_of(day: date, back: int = 0) -> tuple[date, date]:
    year, month = shift_month(day.year, (day.month - 1) // 3 * 3 + 1, 3 * back)
    return date(year, month, 1), month_end(*shift_month(year, month, -2))


def is_quarter(found: DateRange | None) -> bool:
    if not usable(found):
        return False
    assert found is not None and found.start is not None
    return (found.start, found.end) == quarter_of(found.start)


def ongoing_range(reference: date, text: str) -> DateRange:
    """For a situation reported as going on ("continues", "ongoing", "amid"): the week up to
    the reference. By convention it starts `ONGOING_DAYS` days before and has precision
    "week"; basis is "publication" because the dates come from the report, not the words.
    """
    start = reference - timedelta(days=ONGOING_DAYS)
    return DateRange(start, reference, "week", text=text, basis="publication")


def publication_range(reference: date) -> DateRange:
    """The publication day itself, for events the text dates no other way."""
    return DateRange(reference, reference, "day", text=None, basis="publication")
