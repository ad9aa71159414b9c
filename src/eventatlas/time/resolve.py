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
* Anaphora ("since then", "at the time", "the same day") take the previous date (the anchor),
  basis "context"; shifts from it ("a year earlier", "the following day", "two days later")
  keep its shape, so a year before a quarter is a quarter.
* A yearless date or month ("March 3", "in January") is the nearest such day to the reference,
  the past winning ties; a known tense ("will meet on Monday") picks the side. Weekdays stay on
  the past side unless the tense is future.
* Ordinal quarters and halves ("the third quarter", "first-half") are in the reference year;
  "the quarter" is the anchor's quarter, else the last completed one.

Nothing here raises on bad input: an impossible date (31/02) resolves to None.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from eventatlas.model import Basis, DateRange, Precision
from eventatlas.quantity import parse_number
from eventatlas.time.expressions import MONTHS, PATTERNS, RESOLVE_ONLY, WEEKDAYS

# How many units back a vague count reaches, as (nearest, farthest).
VAGUE_COUNTS: dict[str, tuple[int, int]] = {
    "a few": (2, 4), "few": (2, 4), "several": (3, 7), "a couple of": (2, 3),
    "a couple": (2, 3), "couple of": (2, 3), "a number of": (2, 7),
}
FUTURE_WINDOW_DAYS = 60  # a yearless date this little ahead is read as upcoming
RECENT_DAYS = 30  # "recently": within the last month
ONGOING_DAYS = 7  # "continues"/"ongoing": assumed to have been going on for the past week
_PRECEDING = ("last", "past", "on last")
_FOLLOWING = ("next", "coming", "on the following")

Match = re.Match[str]
Tense = Literal["past", "future"] | None


@dataclass(frozen=True, slots=True)
class Context:
    """What an expression is read against: the reference day, the anchor for anaphora (the
    previous date in the narrative) and the tense of the clause, when known."""

    reference: date
    previous: DateRange | None = None
    tense: Tense = None

    @property
    def anchor(self) -> DateRange:
        return self.previous if _usable(self.previous) else publication_range(self.reference)


def _usable(found: DateRange | None) -> bool:
    return found is not None and found.start is not None and found.end is not None


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


def _nearest_year(month: int, day: int, ctx: Context) -> int:
    """The latest year that puts month/day on or before the reference, unless the clause looks
    ahead or the day is only a little ahead (`FUTURE_WINDOW_DAYS`: "talks on December 3" in a
    report of November 20) and closer than its past reading."""
    reference = ctx.reference
    past = _on_day(reference.year if (month, day) <= (reference.month, reference.day)
                   else reference.year - 1, month, day)
    future = _on_day(past.year + 1, month, day)
    if ctx.tense == "past" or future <= reference:
        return past.year
    ahead, behind = (future - reference).days, (reference - past).days
    if ctx.tense == "future" or (ahead <= FUTURE_WINDOW_DAYS and ahead < behind):
        return future.year
    return past.year


def _on_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _year_of(m: Match, month: int, day: int, ctx: Context) -> int:
    return int(m.group("y")) if m.group("y") else _nearest_year(month, day, ctx)


# Each handler reads one `PATTERNS` match and returns (start, end, precision) or None.
Span = tuple[date, date, Precision]


def _iso(m: Match, ctx: Context) -> Span | None:
    day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return day, day, "day"


def _slash(m: Match, ctx: Context) -> Span | None:
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


def _day_month(m: Match, ctx: Context) -> Span | None:
    month, day = _month(m.group("mon")), _day(m.group("d"))
    found = date(_year_of(m, month, day, ctx), month, day)
    return found, found, "day"


def _day_range(m: Match, ctx: Context) -> Span | None:
    month, first, last = _month(m.group("mon")), _day(m.group("d1")), _day(m.group("d2"))
    year = _year_of(m, month, first, ctx)
    start, end = date(year, month, first), date(year, month, last)
    return (start, end, _span_precision(start, end)) if start <= end else None


def _month_only(m: Match, ctx: Context) -> Span | None:
    month = _month(m.group("mon"))
    if m.group("y"):
        year = int(m.group("y"))
    else:
        words = re.sub(r"^(?:early|late|mid)[\s-]+", "", _norm(m.group(0)))
        year = _month_year(words.split()[0], month, ctx)
    return *_month_range(year, month), "month"


def _month_year(prefix: str, month: int, ctx: Context) -> int:
    """The year of a named month: "this March" is in the reference year, "next March" the
    first one after the reference month, "last March" the latest one before it; otherwise the
    nearest (its middle day nearest the reference)."""
    reference = ctx.reference
    if prefix == "this":
        return reference.year
    if prefix == "next":
        return reference.year if month > reference.month else reference.year + 1
    if month == reference.month:
        return reference.year
    if prefix == "last":
        return reference.year if month < reference.month else reference.year - 1
    return _nearest_year(month, 1, ctx)


def _month_rel_year(m: Match, ctx: Context) -> Span | None:
    """"June last year", "January this year"."""
    year = ctx.reference.year + {"last": -1, "next": 1}.get(m.group("rel").lower(), 0)
    return *_month_range(year, _month(m.group("mon"))), "month"


def _year(m: Match, ctx: Context) -> Span | None:
    year = int(m.group("y"))
    return date(year, 1, 1), date(year, 12, 31), "year"


def _weekday(m: Match, ctx: Context) -> Span | None:
    reference = ctx.reference
    target, mod = WEEKDAYS[m.group("wd").lower()], _norm(m.group("mod"))
    back = (reference.weekday() - target) % 7
    if not mod and ctx.tense == "future":
        day = reference + timedelta(days=(target - reference.weekday()) % 7)
    elif mod in _FOLLOWING:
        day = reference + timedelta(days=(target - reference.weekday() - 1) % 7 + 1)
    elif mod == "this":
        day = _week_of(reference)[0] + timedelta(days=target)
    else:
        day = reference - timedelta(days=back or (7 if mod in _PRECEDING else 0))
    return day, day, "day"


def _weekday_range(m: Match, ctx: Context) -> Span | None:
    """"on Tuesday and Wednesday": the later day read like a lone weekday, the earlier one the
    latest such day on or before it."""
    last = _weekday_on(WEEKDAYS[m.group("wd2").lower()], ctx)
    first = last - timedelta(days=(last.weekday() - WEEKDAYS[m.group("wd1").lower()]) % 7)
    return first, last, _span_precision(first, last)


def _weekday_on(target: int, ctx: Context) -> date:
    reference = ctx.reference
    if ctx.tense == "future":
        return reference + timedelta(days=(target - reference.weekday()) % 7)
    return reference - timedelta(days=(reference.weekday() - target) % 7)


def _since_day(m: Match, ctx: Context) -> Span | None:
    """"since Monday", "since 3 March": from that day up to the reference (a past reading:
    "since" looks back)."""
    past = replace(ctx, tense="past")
    if m.group("wd"):
        start = _weekday_on(WEEKDAYS[m.group("wd").lower()], past)
        if _norm(m.group(0)).split()[1] == "last" and start == ctx.reference:
            start -= timedelta(days=7)
    else:
        month = _month(m.group("mon") or m.group("mon2"))
        day = _day(m.group("d") or m.group("d2"))
        given = m.group("y") or m.group("y2")
        start = date(int(given) if given else _nearest_year(month, day, past), month, day)
    if start > ctx.reference:
        return start, start, "day"
    return start, ctx.reference, _span_precision(start, ctx.reference)


def _past_hours(m: Match, ctx: Context) -> Span | None:
    """"in the past 24 hours": the reference day and as many days before as the hours reach
    (at least one: a report's "last 24 hours" straddles two calendar days)."""
    hours = parse_number(m.group("n")) if m.group("n") else None
    days = max(1, -(-int(hours) // 24)) if hours else 1
    start = ctx.reference - timedelta(days=days)
    return start, ctx.reference, _span_precision(start, ctx.reference)


_DEICTIC_OFFSETS = {"yesterday": -1, "last night": -1, "overnight": -1, "tomorrow": 1}


def _deictic(m: Match, ctx: Context) -> Span | None:
    reference = ctx.reference
    day = reference + timedelta(days=_DEICTIC_OFFSETS.get(_norm(m.group("word")), 0))
    return day, day, "day"


def _period(m: Match, ctx: Context) -> Span | None:
    reference = ctx.reference
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


def _ago(m: Match, ctx: Context) -> Span | None:
    """"three days ago": that day; "a year ago" while a quarter is under discussion: that
    quarter a year back (reports compare like periods)."""
    count = 1 if _norm(m.group("n")) in ("a", "an", "one") else parse_number(m.group("n"))
    if count is None:
        return None
    unit = m.group("unit").lower().rstrip("s")
    if unit == "year" and _is_quarter(ctx.previous):
        anchor = ctx.anchor
        assert anchor.start is not None and anchor.end is not None
        return *_shift_span(anchor.start, anchor.end, months=-12 * count), anchor.precision
    return _units_back(unit, ctx.reference, count, count)


def _vague_ago(m: Match, ctx: Context) -> Span | None:
    reference = ctx.reference
    near, far = VAGUE_COUNTS[_norm(m.group("few"))]
    return _units_back(m.group("unit"), reference, near, far)


def _vague_past(m: Match, ctx: Context) -> Span | None:
    reference = ctx.reference
    """"the past few days": from the farthest plausible point up to the reference."""
    _, far = VAGUE_COUNTS[_norm(m.group("few"))]
    start, _, precision = _units_back(m.group("unit"), reference, far, far)
    return start, reference, "week" if precision == "day" else precision


def _recently(m: Match, ctx: Context) -> Span | None:
    reference = ctx.reference
    return reference - timedelta(days=RECENT_DAYS), reference, "month"


def _century(m: Match, ctx: Context) -> Span | None:
    first = (int(m.group("c")) - 1) * 100
    return date(first, 1, 1), date(first + 99, 12, 31), "year"


def _decade(m: Match, ctx: Context) -> Span | None:
    first = int(m.group("dec"))
    return date(first, 1, 1), date(first + 9, 12, 31), "year"


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4}


def _quarter(m: Match, ctx: Context) -> Span | None:
    """"the third quarter", "first-half", "2016's fourth quarter": in the reference year unless
    the phrase names or points to another."""
    number, months = _ORDINALS[m.group("ord").lower()], 3
    if m.group("unit").lower() == "half":
        number, months = (number, 6) if number <= 2 else (0, 0)
    if not months:
        return None
    year = ctx.reference.year + {"last": -1, "next": 1}.get(_norm(m.group("rel")), 0)
    year = int(m.group("y") or m.group("y1") or year)
    start_month = (number - 1) * months + 1
    start = date(year, start_month, 1)
    return start, _month_end(year, start_month + months - 1), "month"


_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _season(m: Match, ctx: Context) -> Span | None:
    first_month = _SEASONS[(m.group("season") or m.group("season2")).lower()]
    mod, reference = _norm(m.group("mod")), ctx.reference
    years = [int(m.group("y"))] if m.group("y") else [reference.year + k for k in (-1, 0, 1)]
    spans = [_season_span(year, first_month) for year in years]
    if mod == "last":
        spans = [span for span in spans if span[1] < reference] or spans
        return spans[-1]
    if mod == "next":
        return next((span for span in spans if span[0] > reference), spans[-1])
    return spans[len(spans) // 2]


def _season_span(year: int, first_month: int) -> Span:
    end_year, end_month = _shift_month(year, first_month, -2)
    return date(year, first_month, 1), _month_end(end_year, end_month), "month"


def _shift_span(start: date, end: date, *, months: int = 0, days: int = 0) -> tuple[date, date]:
    """Move a range, keeping whole months whole ("1989-Q3" a year back is "1988-Q3")."""
    if days:
        return start + timedelta(days=days), end + timedelta(days=days)
    whole = start.day == 1 and end == _month_end(end.year, end.month)
    new_start = date(*_shift_month(start.year, start.month, -months), 1)
    end_year, end_month = _shift_month(end.year, end.month, -months)
    if whole:
        return new_start, _month_end(end_year, end_month)
    day = min(start.day, calendar.monthrange(new_start.year, new_start.month)[1])
    moved = new_start.replace(day=day)
    return moved, moved + (end - start)


_STEP_MONTHS = {"month": 1, "year": 12}
_STEP_DAYS = {"day": 1, "week": 7}


def _shift(m: Match, ctx: Context) -> Span | None:
    """"a year earlier", "two days later": the anchor moved, keeping its shape. Without an
    anchor the count runs from the reference, as "ago" does."""
    count = 1 if _norm(m.group("n")) in ("a", "an", "one") else parse_number(m.group("n"))
    if count is None:
        return None
    sign = -1 if _norm(m.group("dir") or m.group("dir2")) in ("earlier", "before") else 1
    unit = m.group("unit").lower()
    if not _usable(ctx.previous):
        if sign > 0:
            return None
        return _units_back(unit, ctx.reference, count, count)
    anchor = ctx.anchor
    assert anchor.start is not None and anchor.end is not None
    start, end = _shift_span(anchor.start, anchor.end, months=sign * count * _STEP_MONTHS.get(
        unit, 0), days=sign * count * _STEP_DAYS.get(unit, 0))
    return start, end, anchor.precision


_DAY_PARTS = ("day", "morning", "afternoon", "evening", "night")


def _adjacent(m: Match, ctx: Context) -> Span | None:
    """"the following day", "the previous week", "the day before": next to the anchor."""
    direction = _norm(m.group("dir") or m.group("dir2"))
    step = 1 if direction in ("following", "next", "after") else -1
    unit = (m.group("unit") or m.group("unit2")).lower()
    anchor = ctx.anchor.end if step > 0 else ctx.anchor.start
    assert anchor is not None
    if unit in _DAY_PARTS and ctx.anchor.precision != "day":
        return None  # "the next morning" after "in 1990" names no day
    if unit in _DAY_PARTS:
        day = anchor + timedelta(days=step)
        return day, day, "day"
    if unit == "weekend":
        saturday = _week_of(anchor)[0] + timedelta(days=5 + 7 * step)
        return saturday, saturday + timedelta(days=1), "week"
    return _calendar_period(unit, anchor, step)


def _same(m: Match, ctx: Context) -> Span | None:
    """"the same day", "that week", "later that year": the anchor's day, week or year."""
    anchor, unit = ctx.anchor, m.group("unit").lower()
    assert anchor.start is not None and anchor.end is not None
    if unit in _DAY_PARTS:
        return anchor.start, anchor.end, anchor.precision
    if unit == "weekend":
        saturday = _week_of(anchor.start)[0] + timedelta(days=5)
        return saturday, saturday + timedelta(days=1), "week"
    return _calendar_period(unit, anchor.start, 0)


def _quarter_of(day: date, back: int = 0) -> tuple[date, date]:
    year, month = _shift_month(day.year, (day.month - 1) // 3 * 3 + 1, 3 * back)
    return date(year, month, 1), _month_end(*_shift_month(year, month, -2))


def _is_quarter(found: DateRange | None) -> bool:
    if not _usable(found):
        return False
    assert found is not None and found.start is not None
    return (found.start, found.end) == _quarter_of(found.start)


def _this_unit(m: Match, ctx: Context) -> Span | None:
    """"the year", "the quarter", "the year-earlier period": the unit under discussion."""
    mod, unit = _norm(m.group("mod")), m.group("unit").lower()
    back = 1 if mod in ("year-earlier", "year-ago", "comparable") else 0
    if unit == "year":
        year = ctx.reference.year - back
        return date(year, 1, 1), date(year, 12, 31), "year"
    previous = ctx.previous
    if previous is not None and previous.start is not None and (
            _is_quarter(previous) or (unit == "period" and _usable(previous))):
        start, end = _shift_span(previous.start, previous.end or previous.start,
                                 months=-12 * back)
        return start, end, previous.precision
    if unit == "period":
        return None
    current = mod in ("current", "this")
    start, end = _quarter_of(ctx.reference, 0 if current else 1)
    if back:
        start, end = _shift_span(start, end, months=-12)
    return start, end, "month"


def _year_earlier(m: Match, ctx: Context) -> Span | None:
    """"year-earlier" used as a noun: the anchor a year back, or last year."""
    if _usable(ctx.previous):
        anchor = ctx.anchor
        assert anchor.start is not None and anchor.end is not None
        start, end = _shift_span(anchor.start, anchor.end, months=-12)
        return start, end, anchor.precision
    year = ctx.reference.year - 1
    return date(year, 1, 1), date(year, 12, 31), "year"


_HANDLERS: dict[str, Callable[[Match, Context], Span | None]] = {
    "iso": _iso, "slash": _slash, "dotted": _slash, "day_range": _day_range,
    "month_day_range": _day_range, "day_month": _day_month, "month_day": _day_month,
    "month": _month_only, "month_year": _month_only, "month_rel_year": _month_rel_year,
    "year": _year, "decade": _decade, "century": _century,
    "quarter": _quarter, "season": _season, "shift": _shift, "adjacent": _adjacent,
    "same": _same, "weekday": _weekday, "weekday_range": _weekday_range,
    "since_day": _since_day, "past_hours": _past_hours, "deictic": _deictic, "period": _period,
    "vague_ago": _vague_ago, "ago": _ago, "vague_past": _vague_past, "recently": _recently,
    "this_unit": _this_unit, "year_earlier": _year_earlier,
}
# Kinds read from the anchor rather than the reference: their result is "context".
ANCHORED = frozenset({"shift", "adjacent", "same", "this_unit", "year_earlier"})
_FUTURE_CUES = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|(?:is|are)\s+(?:due|set|scheduled|expected|going)\s+to"
    r"|(?:is|are)\s+to\s+be|plans?\s+to|planned|scheduled|upcoming)\b",
    re.IGNORECASE,
)


# Hedges and prepositions in front of a date change nothing about which days it names.
_LEAD = re.compile(r"^(?:around|about|approximately|roughly|circa|sometime|as\s+early\s+as"
                   r"|as\s+late\s+as|until|till|through|on|at|by)\s+", re.IGNORECASE)


def clause_tense(text: str) -> Tense:
    """"future" when the words around an expression look ahead ("will", "is due to",
    "scheduled"), else None: the past is the default reading of news, not a cue."""
    return "future" if _FUTURE_CUES.search(text) else None


def resolve_expression(
    text: str, reference: date, *, previous: DateRange | None = None, tense: Tense = None
) -> DateRange | None:
    """The days `text` refers to, read from `reference` (usually the publication date).

    `previous` is the date mentioned before (the anchor of "since then", "the following day",
    "a year earlier"); `tense` ("past"/"future") settles yearless dates and bare weekdays.
    Returns None when the expression is not understood or names an impossible date.
    """
    phrase = re.sub(r"['’]s$", "", text.strip().rstrip(",.;:"))  # "Friday's meeting"
    if PATTERNS["anaphor"].fullmatch(phrase):
        return replace(previous, text=phrase, basis="context") if _usable(previous) else None
    ctx = Context(reference, previous, tense)
    candidates = [(name, PATTERNS[name]) for name in PATTERNS if name in _HANDLERS]
    candidates += [(name, pattern) for name, pattern in RESOLVE_ONLY.items()]
    for name, pattern in candidates:
        match = pattern.fullmatch(phrase) or pattern.fullmatch(_LEAD.sub("", phrase))
        if match is None:
            continue
        try:
            span = _HANDLERS[name](match, ctx)
        except (ValueError, OverflowError):
            return None  # an impossible calendar date such as 31 February
        if span is not None:
            basis: Basis = "context" if name in ANCHORED and _usable(previous) else "explicit"
            return DateRange(span[0], span[1], span[2], text=phrase, basis=basis)
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
