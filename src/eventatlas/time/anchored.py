"""Handlers for dates read from the anchor, the date told before: "a year earlier", "the
following day", "the same week", "the quarter", "the year-earlier period". Their result has
basis "context" when there is an anchor. `ANCHORED_HANDLERS` maps pattern names to them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from eventatlas.quantity import parse_number
from eventatlas.time.periods import (
    DaySpan,
    calendar_period,
    is_quarter,
    quarter_of,
    shift_span,
    units_back,
    usable,
    week_of,
)
from eventatlas.time.reading import Context, Match, norm

_STEP_MONTHS = {"month": 1, "year": 12}
_STEP_DAYS = {"day": 1, "week": 7}


def _shift(m: Match, ctx: Context) -> DaySpan | None:
    """"a year earlier", "two days later": the anchor moved, keeping its shape. Without an
    anchor the count runs from the reference, as "ago" does."""
    count = 1 if norm(m.group("n")) in ("a", "an", "one") else parse_number(m.group("n"))
    if count is None:
        return None
    sign = -1 if norm(m.group("dir") or m.group("dir2")) in ("earlier", "before") else 1
    unit = m.group("unit").lower()
    if not usable(ctx.previous):
        if sign > 0:
            return None
        return units_back(unit, ctx.reference, count, count)
    anchor = ctx.anchor
    assert anchor.start is not None and anchor.end is not None
    start, end = shift_span(anchor.start, anchor.end, months=sign * count * _STEP_MONTHS.get(
        unit, 0), days=sign * count * _STEP_DAYS.get(unit, 0))
    return start, end, anchor.precision


_DAY_PARTS = ("day", "morning", "afternoon", "evening", "night")


def _adjacent(m: Match, ctx: Context) -> DaySpan | None:
    """"the following day", "the previous week", "the day before": next to the anchor."""
    direction = norm(m.group("dir") or m.group("dir2"))
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
        saturday = week_of(anchor)[0] + timedelta(days=5 + 7 * step)
        return saturday, saturday + timedelta(days=1), "week"
    return calendar_period(unit, anchor, step)


def _same(m: Match, ctx: Context) -> DaySpan | None:
    """"the same day", "that week", "later that year": the anchor's day, week or year."""
    anchor, unit = ctx.anchor, m.group("unit").lower()
    assert anchor.start is not None and anchor.end is not None
    if unit in _DAY_PARTS:
        return anchor.start, anchor.end, anchor.precision
    if unit == "weekend":
        saturday = week_of(anchor.start)[0] + timedelta(days=5)
        return saturday, saturday + timedelta(days=1), "week"
    return calendar_period(unit, anchor.start, 0)


def _this_unit(m: Match, ctx: Context) -> DaySpan | None:
    """"the year", "the quarter", "the year-earlier period": the unit under discussion."""
    mod, unit = norm(m.group("mod")), m.group("unit").lower()
    back = 1 if mod in ("year-earlier", "year-ago", "comparable") else 0
    if unit == "year":
        year = ctx.reference.year - back
        return date(year, 1, 1), date(year, 12, 31), "year"
    previous = ctx.previous
    if previous is not None and previous.start is not None and (
            is_quarter(previous) or (unit == "period" and usable(previous))):
        start, end = shift_span(previous.start, previous.end or previous.start,
                                months=-12 * back)
        return start, end, previous.precision
    if unit == "period":
        return None
    current = mod in ("current", "this")
    start, end = quarter_of(ctx.reference, 0 if current else 1)
    if back:
        start, end = shift_span(start, end, months=-12)
    return start, end, "month"


def _year_earlier(m: Match, ctx: Context) -> DaySpan | None:
    """"year-earlier" used as a noun: the anchor a year back, or last year."""
    if usable(ctx.previous):
        anchor = ctx.anchor
        assert anchor.start is not None and anchor.end is not None
        start, end = shift_span(anchor.start, anchor.end, months=-12)
        return start, end, anchor.precision
    year = ctx.reference.year - 1
    return date(year, 1, 1), date(year, 12, 31), "year"


ANCHORED_HANDLERS: dict[str, Callable[[Match, Context], DaySpan | None]] = {
    "shift": _shift, "adjacent": _adjacent, "same": _same, "this_unit": _this_unit,
    "year_earlier": _year_earlier,
}
