"""Dates as users give them (options, API fields, Python calls): one reading for all."""

from __future__ import annotations

from datetime import date, datetime

from eventatlas.errors import OptionError

DateLike = date | str | None


def parse_date_option(value: str | None, what: str = "--published") -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise OptionError(f"{what}: {value!r} is not a date in YYYY-MM-DD form") from error


def as_date(value: DateLike, what: str = "published") -> date | None:
    """`value` as a date: dates pass, a datetime gives its day, a string must be YYYY-MM-DD."""
    if isinstance(value, datetime):
        return value.date()
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_date_option(value, what)
    raise OptionError(f"{what}: {value!r} is not a date or a YYYY-MM-DD string")
