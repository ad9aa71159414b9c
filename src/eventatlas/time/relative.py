"""Handlers for dates read from the reference day: weekdays, "since Monday", "in the past 24
hours", "yesterday", "last week", "three days ago", "a few weeks ago", "recently". Each reads one
`PATTERNS` match against a `Context` and returns a `DaySpan` or None; `RELATIVE_HANDLERS` maps
pattern names to them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from eventatlas.quantity import parse_number
from eventatlas.time.expressions import WEEKDAYS
from eventatlas.time.periods import (
    DaySpan,
    calendar_period,
    is_quarter,
    shift_span,
    span_precision,
    units_back,
    week_of,
)
from eventatlas.time.reading import Context, Match, day_number, month_number, nearest_year, norm

# How many units back a vague count reaches, as (nearest, farthest).
VAGUE_COUNTS: dict[str, tuple[int, int]] = {
    "a few": (2, 4), "few": (2, 4), "several": (3, 7), "a couple of": (2, 3),
    "a couple": (2, 3), "couple of": (2, 3), "a number of": (2, 7),
}
RECENT_DAYS = 30  # "recently": within the last month
_PRECEDING = ("last", "past", "on last")
_FOLLOWING = ("next", "coming", "on the following")


def _weekday(m: Match, ctx: Context) -> DaySpan | None:
    reference = ctx.reference
    target, mod = WEEKDAYS[m.group("wd").lower()], norm(m.group("mod"))
    back = (reference.weekday() - target) % 7
    if not mod and ctx.tense == "future":
        day = reference + timedelta(days=(target - reference.weekday()) % 7)
    elif mod in _FOLLOWING:
        day = reference + timedelta(days=(target - reference.weekday() - 1) % 7 + 1)
    elif mod == "this":
        day = week_of(reference)[0] + timedelta(days=target)
    else:
        day = reference - timedelta(days=back or (7 if mod in _PRECEDING else 0))
    return day, day, "day"


def _weekday_range(m: Match, ctx: Context) -> DaySpan | None:
    """"on Tuesday and Wednesday": the later day read like a lone weekday, the earlier one the
    latest such day on or before it."""
    last = _weekday_on(WEEKDAYS[m.group("wd2").lower()], ctx)
    first = last - timedelta(days=(last.weekday() - WEEKDAYS[m.group("wd1").lower()]) % 7)
    return first, last, span_precision(first, last)


def _weekday_on(target: int, ctx: Context) -> date:
    reference = ctx.reference
    if ctx.tense == "future":
        return reference + timedelta(days=(target - reference.weekday()) % 7)
    return reference - timedelta(days=(reference.weekday() - target) % 7)


def _since_day(m: Match, ctx: Context) -> DaySpan | None:
    """"since Monday", "since 3 March": from that day up to the reference (a past reading:
    "since" looks back)."""
    past = replace(ctx, tense="past")
    if m.group("wd"):
        start = _weekday_on(WEEKDAYS[m.group("wd").lower()], past)
        if norm(m.group(0)).split()[1] == "last" and start == ctx.reference:
            start -= timedelta(days=7)
    else:
        month = month_number(m.group("mon") or m.group("mon2"))
        day = day_number(m.group("d") or m.group("d2"))
        given = m.group("y") or m.group("y2")
        start = date(int(given) if given else nearest_year(month, day, past), month, day)
    if start > ctx.reference:
        return start, start, "day"
    return start, ctx.reference, span_precision(start, ctx.reference)


def _past_hours(m: Match, ctx: Context) -> DaySpan | None:
    """"in the past 24 hours": the reference day and as many days before as the hours reach
    (at least one: a report's "last 24 hours" straddles two calendar days)."""
    hours = parse_number(m.group("n")) if m.group("n") else None
    days = max(1, -(-int(hours) // 24)) if hours else 1
    start = ctx.reference - timedelta(days=days)
    return start, ctx.reference, span_precision(start, ctx.reference)


_DEICTIC_OFFSETS = {"yesterday": -1, "last night": -1, "overnight": -1, "tomorrow": 1}


def _deictic(m: Match, ctx: Context) -> DaySpan | None:
    reference = ctx.reference
    day = reference + timedelta(days=_DEICTIC_OFFSETS.get(norm(m.group("word")), 0))
    return day, day, "day"


def _period(m: Match, ctx: Context) -> DaySpan | None:
    reference = ctx.reference
    mod, unit = norm(m.group("mod")).removeprefix("the "), m.group("unit").lower()
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(mod, 0)
    if unit == "weekend":
        saturday = week_of(reference)[0] + timedelta(days=5 + 7 * step)
        return saturday, saturday + timedelta(days=1), "week"
    start, end, precision = calendar_period(unit, reference, step)
    if mod == "earlier this":
        end = reference
    elif mod == "later this":
        start = reference
    return start, end, precision


def _ago(m: Match, ctx: Context) -> DaySpan | None:
    """"three days ago": that day; "a year ago" while a quarter is under discussion: that
    quarter a year back (reports compare like periods)."""
    count = 1 if norm(m.group("n")) in ("a", "an", "one") else parse_number(m.group("n"))
    if count is None:
        return None
    unit = m.group("unit").lower().rstrip("s")
    if unit == "year" and is_quarter(ctx.previous):
        anchor = ctx.anchor
        assert anchor.start is not None and anchor.end is not None
        return *shift_span(anchor.start, anchor.end, months=-12 * count), anchor.precision
    return units_back(unit, ctx.reference, count, count)


def _vague_ago(m: Match, ctx: Context) -> DaySpan | None:
    reference = ctx.reference
    near, far = VAGUE_COUNTS[norm(m.group("few"))]
    return units_back(m.group("unit"), reference, near, far)


def _vague_past(m: Match, ctx: Context) -> DaySpan | None:
    """"the past few days": from the farthest plausible point up to the reference."""
    reference = ctx.reference
    _, far = VAGUE_COUNTS[norm(m.group("few"))]
    start, _, precision = units_back(m.group("unit"), reference, far, far)
    return start, reference, "week" if precision == "day" else precision


def _recently(m: Match, ctx: Context) -> DaySpan | None:
    reference = ctx.reference
    return reference - timedelta(days=RECENT_DAYS), reference, "month"


RELATIVE_HANDLERS: dict[str, Callable[[Match, Context], DaySpan | None]] = {
    "weekday": _weekday, "weekday_range": _weekday_range, "since_day": _since_day,
    "past_hours": _past_hours, "deictic": _deictic, "period": _period, "vague_ago": _vague_ago,
    "ago": _ago, "vague_past": _vague_past, "recently": _recently,
}
