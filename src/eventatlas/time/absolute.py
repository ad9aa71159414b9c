"""Handlers for dates the text names outright: ISO and slashed dates, days and day ranges of a
month, months, years, decades, centuries, quarters and seasons. Each reads one `PATTERNS` match
against a `Context` and returns a `DaySpan` or None; `ABSOLUTE_HANDLERS` maps pattern names to
them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from eventatlas.time.periods import DaySpan, month_end, month_range, shift_month, span_precision
from eventatlas.time.reading import Context, Match, day_number, month_number, nearest_year, norm


def _year_of(m: Match, month: int, day: int, ctx: Context) -> int:
    return int(m.group("y")) if m.group("y") else nearest_year(month, day, ctx)


def _iso(m: Match, ctx: Context) -> DaySpan | None:
    day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return day, day, "day"


def _slash(m: Match, ctx: Context) -> DaySpan | None:
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


def _day_month(m: Match, ctx: Context) -> DaySpan | None:
    month, day = month_number(m.group("mon")), day_number(m.group("d"))
    found = date(_year_of(m, month, day, ctx), month, day)
    return found, found, "day"


def _day_range(m: Match, ctx: Context) -> DaySpan | None:
    month = month_number(m.group("mon"))
    first, last = day_number(m.group("d1")), day_number(m.group("d2"))
    year = _year_of(m, month, first, ctx)
    start, end = date(year, month, first), date(year, month, last)
    return (start, end, span_precision(start, end)) if start <= end else None


def _month_only(m: Match, ctx: Context) -> DaySpan | None:
    month = month_number(m.group("mon"))
    if m.group("y"):
        year = int(m.group("y"))
    else:
        words = re.sub(r"^(?:early|late|mid)[\s-]+", "", norm(m.group(0)))
        year = _month_year(words.split()[0], month, ctx)
    return *month_range(year, month), "month"


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
    return nearest_year(month, 1, ctx)


def _month_rel_year(m: Match, ctx: Context) -> DaySpan | None:
    """"June last year", "January this year"."""
    year = ctx.reference.year + {"last": -1, "next": 1}.get(m.group("rel").lower(), 0)
    return *month_range(year, month_number(m.group("mon"))), "month"


def _year(m: Match, ctx: Context) -> DaySpan | None:
    year = int(m.group("y"))
    return date(year, 1, 1), date(year, 12, 31), "year"


def _century(m: Match, ctx: Context) -> DaySpan | None:
    first = (int(m.group("c")) - 1) * 100
    return date(first, 1, 1), date(first + 99, 12, 31), "year"


def _decade(m: Match, ctx: Context) -> DaySpan | None:
    first = int(m.group("dec"))
    return date(first, 1, 1), date(first + 9, 12, 31), "year"


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4}


def _quarter(m: Match, ctx: Context) -> DaySpan | None:
    """"the third quarter", "first-half", "2016's fourth quarter": in the reference year unless
    the phrase names or points to another."""
    number, months = _ORDINALS[m.group("ord").lower()], 3
    if m.group("unit").lower() == "half":
        number, months = (number, 6) if number <= 2 else (0, 0)
    if not months:
        return None
    year = ctx.reference.year + {"last": -1, "next": 1}.get(norm(m.group("rel")), 0)
    year = int(m.group("y") or m.group("y1") or year)
    start_month = (number - 1) * months + 1
    start = date(year, start_month, 1)
    return start, month_end(year, start_month + months - 1), "month"


_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _season(m: Match, ctx: Context) -> DaySpan | None:
    first_month = _SEASONS[(m.group("season") or m.group("season2")).lower()]
    mod, reference = norm(m.group("mod")), ctx.reference
    years = [int(m.group("y"))] if m.group("y") else [reference.year + k for k in (-1, 0, 1)]
    spans = [_season_span(year, first_month) for year in years]
    if mod == "last":
        spans = [span for span in spans if span[1] < reference] or spans
        return spans[-1]
    if mod == "next":
        return next((span for span in spans if span[0] > reference), spans[-1])
    return spans[len(spans) // 2]


def _season_span(year: int, first_month: int) -> DaySpan:
    end_year, end_month = shift_month(year, first_month, -2)
    return date(year, first_month, 1), month_end(end_year, end_month), "month"


ABSOLUTE_HANDLERS: dict[str, Callable[[Match, Context], DaySpan | None]] = {
    "iso": _iso, "slash": _slash, "dotted": _slash, "day_range": _day_range,
    "month_day_range": _day_range, "day_month": _day_month, "month_day": _day_month,
    "month": _month_only, "month_year": _month_only, "month_rel_year": _month_rel_year,
    "year": _year, "decade": _decade, "century": _century, "quarter": _quarter,
    "season": _season,
}
