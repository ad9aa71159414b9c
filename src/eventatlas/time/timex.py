"""TIMEX3 values (TimeML) for resolved dates, so resolution can be scored against TempEval-3.

`to_timex` writes a `DateRange` as the ISO-like value TimeML annotators use: a day
"2013-03-22", a week "2013-W11", a weekend "2013-W11-WE", a month "2013-03", a quarter
"1989-Q3", a half "1989-H1", a season "1998-FA", a year "2013", a decade "199X".
`timex_value` adds the document-relative references TimeML writes as words ("now" →
PRESENT_REF, "recently" → PAST_REF, "the future" → FUTURE_REF), which have no calendar range.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from eventatlas.model import DateRange
from eventatlas.time.reading import Tense
from eventatlas.time.resolve import resolve_expression

# Words TimeML values as references to the document time rather than as calendar dates.
_REFS: dict[str, re.Pattern[str]] = {
    "PRESENT_REF": re.compile(
        r"(?:right\s+)?now|currently|current(?:ly)?|at\s+present|presently|these\s+days"
        r"|nowadays|the\s+present|at\s+the\s+moment|this\s+time",
        re.IGNORECASE,
    ),
    "PAST_REF": re.compile(
        r"(?:in\s+|until\s+)?(?:recent(?:ly)?|previously|formerly|once|earlier"
        r"|the\s+past|in\s+the\s+past|recent\s+(?:days|weeks|months|years)"
        r"|(?:the\s+)?past\s+(?:years|decades)|(?:several|many)\s+years\s+ago)",
        re.IGNORECASE,
    ),
    "FUTURE_REF": re.compile(
        r"(?:in\s+)?(?:the\s+)?(?:near\s+)?future|soon|(?:the\s+)?coming\s+(?:years|decades)"
        r"|later",
        re.IGNORECASE,
    ),
}


def timex_value(text: str, reference: date, *, previous: DateRange | None = None,
                tense: Tense = None) -> str | None:
    """The TIMEX3 value of a date expression read against `reference`, or None."""
    phrase = re.sub(r"\s+", " ", text.strip().rstrip(",.;:"))
    for value, pattern in _REFS.items():
        if pattern.fullmatch(phrase):
            return value
    resolved = resolve_expression(phrase, reference, previous=previous, tense=tense)
    return to_timex(resolved) if resolved is not None else None


def to_timex(found: DateRange) -> str | None:
    """The TIMEX3 value of a resolved range: the calendar unit it covers exactly, else the
    unit its precision names around its start."""
    start, end = found.start, found.end
    if start is None or end is None:
        return None
    exact = _calendar_unit(start, end)
    if exact is not None:
        return exact
    return _by_precision(found.precision, start)


def _calendar_unit(start: date, end: date) -> str | None:
    days = (end - start).days
    if days == 0:
        return start.isoformat()
    iso_year, week, weekday = start.isocalendar()
    if days == 6 and weekday == 1:
        return f"{iso_year}-W{week:02d}"
    if days == 1 and weekday == 6:
        return f"{iso_year}-W{week:02d}-WE"
    if start.day != 1 or end != _month_end(end):
        return _decade(start, end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 3 and start.month in _SEASONS:
        return f"{start.year}-{_SEASONS[start.month]}"
    if start.year != end.year:
        return _decade(start, end)
    if months == 1:
        return f"{start.year}-{start.month:02d}"
    if months == 3 and start.month % 3 == 1:
        return f"{start.year}-Q{start.month // 3 + 1}"
    if months == 6 and start.month in (1, 7):
        return f"{start.year}-H{1 if start.month == 1 else 2}"
    return str(start.year) if months == 12 else None


_SEASONS = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def _decade(start: date, end: date) -> str | None:
    whole = start == date(start.year, 1, 1) and end == date(end.year, 12, 31)
    if whole and start.year % 10 == 0 and end.year == start.year + 9:
        return str(start.year)[:3] + "X"
    if whole and start.year % 100 == 0 and end.year == start.year + 99:
        return f"{start.year // 100:02d}"
    return None


def _by_precision(precision: str, start: date) -> str:
    if precision == "day":
        return start.isoformat()
    if precision == "week":
        iso_year, week, _ = start.isocalendar()
        return f"{iso_year}-W{week:02d}"
    if precision == "month":
        return f"{start.year}-{start.month:02d}"
    return str(start.year)


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
