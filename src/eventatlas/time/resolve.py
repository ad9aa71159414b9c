"""Resolve a temporal expression to a `DateRange`, relative to the report's reference date.

Conventions (news reports look back far more often than forward, so ambiguity resolves to
the past):

* A bare weekday ("on Thursday") is the latest such day on or before the reference; the same
  day counts, because a report filed on Thursday about "Thursday" means that day.
  "last Friday" is strictly before, "next Monday" strictly after.
* Weeks run Monday to Sunday. "last week" is the whole previous calendar week; "earlier this
  week/month/year" runs from the start of the period to the reference.
* A month or day without a year is in the reference year, or the year before if that would
  put it after the reference.
* "N months ago" is that calendar month; vague counts ("a few", "several") become a range of
  whole units: `VAGUE_COUNTS` says how many units back.
* A range of several days has precision "week" (ACLED's "a few days"), longer ones "month".
* Anaphora ("since then", "at the time") take the previous event's date, basis "context".

Nothing here raises on bad input: an impossible date (31/02) resolves to None.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

from eventatlas.model import DateRange, Precision
from eventatlas.quantity import parse_number
from eventatlas.time.expressions import MONTHS, PATTERNS, RESOLVE_ONLY, WEEKDAYS

# How many units back a vague count reaches, as (nearest, farthest).
VAGUE_COUNTS: dict[str, tuple[int, int]] = {
    "a few": (2, 4), "few": (2, 4), "several": (3, 7), "a couple of": (2, 3),
    "a couple": (2, 3), "couple of": (2, 3), "a number of": (2, 7),
}
RECENT_DAYS = 30  # "recently": within the last month
ONGOING_DAYS = 7  # "continues"/"ongoing": assumed to have been going on for the past week
_PRECEDING = ("last", "past", "on last")
_FOLLOWING = ("next", "coming", "on the following")

Match = re.Match[str]


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, back: int) -> tuple[int, int]:
    index = year * 12 + month - 1 - back
    return index // 12, index % 12 + 1


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), _month_end(year, month)


def _week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _span_precision(start: date, end: date) -> Precision:
    days = (end - start).days
    if days == 0:
        return "day"
    return "week" if days <= ONGOING_DAYS else "month"


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _past_year(month: int, day: int, reference: date) -> int:
    """The reference year, or the one before if the month/day would fall after the reference."""
    after = (month, day) > (reference.month, reference.day)
    return reference.year - 1 if after else reference.year


def _year_of(m: Match, month: int, day: int, reference: date) -> int:
    return int(m.group("y")) if m.group("y") else _past_year(month, day, reference)


# Each handler reads one `PATTERNS` match and returns (start, end, precision) or None.
Span = tuple[date, date, Precision]


def _iso(m: Match, reference: date) -> Span | None:
    day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return day, day, "day"


def _slash(m: Match, reference: date) -> Span | None:
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    year = year + 2000 if year < 100 else year
    # Day-month order unless that is impossible (03/13/2016); both impossible → None.
    for day, month in ((a, b), (b, a)):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        return found, found, "day"
    return None


def _day_month(m: Match, reference: date) -> Span | None:
    month, day = _month(m.group("mon")), _day(m.group("d"))
    found = date(_year_of(m, month, day, reference), month, day)
    return found, found, "day"


def _day_range(m: Match, reference: date) -> Span | None:
    month, first, last = _month(m.group("mon")), _day(m.group("d1")), _day(m.group("d2"))
    year = _year_of(m, month, first, reference)
    start, end = date(year, month, first), date(year, month, last)
    return (start, end, _span_precision(start, end)) if start <= end else None


def _month_only(m: Match, reference: date) -> Span | None:
    month = _month(m.group("mon"))
    if m.group("y"):
        year = int(m.group("y"))
    else:
        year = _month_year(_norm(m.group(0)).split()[0], month, reference)
    return *_month_range(year, month), "month"


def _month_year(prefix: str, month: int, reference: date) -> int:
    """The year of a named month: "this March" is in the reference year, "next March" the
    first one after the reference month, anything else the latest one not after it."""
    if prefix == "this":
        return reference.year
    if prefix == "next":
        return reference.year if month > reference.month else reference.year + 1
    return reference.year if month <= reference.month else reference.year - 1


def _year(m: Match, reference: date) -> Span | None:
    year = int(m.group("y"))
    return date(year, 1, 1), date(year, 12, 31), "year"


def _weekday(m: Match, reference: date) -> Span | None:
    target, mod = WEEKDAYS[m.group("wd").lower()], _norm(m.group("mod"))
    back = (reference.weekday() - target) % 7
    if mod in _FOLLOWING:
        day = reference + timedelta(days=(target - reference.weekday() - 1) % 7 + 1)
    elif mod == "this":
        day = _week_of(reference)[0] + timedelta(days=target)
    else:
        day = reference - timedelta(days=back or (7 if mod in _PRECEDING else 0))
    return day, day, "day"


_DEICTIC_OFFSETS = {"yesterday": -1, "last night": -1, "overnight": -1, "tomorrow": 1}


def _deictic(m: Match, reference: date) -> Span | None:
    day = reference + timedelta(days=_DEICTIC_OFFSETS.get(_norm(m.group("word")), 0))
    return day, day, "day"


def _period(m: Match, reference: date) -> Span | None:
    mod, unit = _norm(m.group("mod")).removeprefix("the "), m.group("unit").lower()
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(mod, 0)
    if unit == "weekend":
        saturday = _week_of(reference)[0] + timedelta(days=5 + 7 * step)
        return saturday, saturday + timedelta(days=1), "week"
    start, end, precision = _calendar_period(unit, reference, step)
    if mod == "earlier this":
        end = reference
    elif mod == "later this":
        start = reference
    return start, end, precision


def _calendar_period(unit: str, reference: date, step: int) -> Span:
    """The calendar week/month/year `step` periods away from the one holding `reference`."""
    if unit == "week":
        start, end = _week_of(reference + timedelta(weeks=step))
        return start, end, "week"
    if unit == "month":
        return *_month_range(*_shift_month(reference.year, reference.month, -step)), "month"
    year = reference.year + step
    return date(year, 1, 1), date(year, 12, 31), "year"


def _units_back(unit: str, reference: date, near: int, far: int) -> Span:
    """Whole units from `far` to `near` units before the reference."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        start, end = reference - timedelta(days=far), reference - timedelta(days=near)
        return start, end, _span_precision(start, end)
    if unit == "week":
        start = _week_of(reference - timedelta(weeks=far))[0]
        return start, _week_of(reference - timedelta(weeks=near))[1], "week"
    if unit == "month":
        start = _month_range(*_shift_month(reference.year, reference.month, far))[0]
        return start, _month_range(*_shift_month(reference.year, reference.month, near))[1], "month"
    return date(reference.year - far, 1, 1), date(reference.year - near, 12, 31), "year"


def _ago(m: Match, reference: date) -> Span | None:
    count = 1 if _norm(m.group("n")) in ("a", "an") else parse_number(m.group("n"))
    if count is None:
        return None
    return _units_back(m.group("unit"), reference, count, count)


def _vague_ago(m: Match, reference: date) -> Span | None:
    near, far = VAGUE_COUNTS[_norm(m.group("few"))]
    return _units_back(m.group("unit"), reference, near, far)


def _vague_past(m: Match, reference: date) -> Span | None:
    """"the past few days": from the farthest plausible point up to the reference."""
    _, far = VAGUE_COUNTS[_norm(m.group("few"))]
    start, _, precision = _units_back(m.group("unit"), reference, far, far)
    return start, reference, "week" if precision == "day" else precision


def _recently(m: Match, reference: date) -> Span | None:
    return reference - timedelta(days=RECENT_DAYS), reference, "month"


_HANDLERS: dict[str, Callable[[Match, date], Span | None]] = {
    "iso": _iso, "slash": _slash, "day_range": _day_range, "month_day_range": _day_range,
    "day_month": _day_month, "month_day": _day_month, "month": _month_only,
    "month_year": _month_only, "year": _year, "weekday": _weekday, "deictic": _deictic,
    "period": _period, "vague_ago": _vague_ago, "ago": _ago, "vague_past": _vague_past,
    "recently": _recently,
}


def resolve_expression(
    text: str, reference: date, *, previous: DateRange | None = None
) -> DateRange | None:
    """The days `text` refers to, read from `reference` (usually the publication date).

    `previous` is the date of the event mentioned before, for "since then"/"at the time".
    Returns None when the expression is not understood or names an impossible date.
    """
    phrase = re.sub(r"['’]s$", "", text.strip().rstrip(",.;:"))  # "Friday's meeting"
    if PATTERNS["anaphor"].fullmatch(phrase):
        return replace(previous, text=phrase, basis="context") if previous else None
    candidates = [(name, PATTERNS[name]) for name in _HANDLERS]
    candidates += [(name, pattern) for name, pattern in RESOLVE_ONLY.items()]
    for name, pattern in candidates:
        match = pattern.fullmatch(phrase)
        if match is None:
            continue
        handler = _HANDLERS[name]
        try:
            span = handler(match, reference)
        except (ValueError, OverflowError):
            return None  # an impossible calendar date such as 31 February
        if span is not None:
            return DateRange(span[0], span[1], span[2], text=phrase, basis="explicit")
    return _dateparser_fallback(phrase, reference)


_NAMED = re.compile(r"\b(?:[A-Z][a-z]{2,8}\.?\s+\d|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8})")


def _dateparser_fallback(phrase: str, reference: date) -> DateRange | None:
    """Other written-out dates ("Sept. 3rd, 2016"); only phrases with a named month and a
    number are tried, because dateparser turns vague words ("the 1990s") into arbitrary days.
    """
    if not _NAMED.search(phrase):
        return None
    from dateparser.date import DateDataParser  # slow import; only needed for odd forms

    parser = DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": datetime.combine(reference, datetime.min.time()),
        "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY",
    })
    try:
        data = parser.get_date_data(phrase)
    except (ValueError, OverflowError):
        return None
    if data.date_obj is None or data.period != "day":
        return None
    day = data.date_obj.date()
    return DateRange(day, day, "day", text=phrase, basis="explicit")


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
