"""How a temporal expression is read: the `Context` (reference day, anchor, tense) and the
helpers every pattern handler shares (words normalised, month and day numbers, the year of a
yearless date)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from eventatlas.model import DateRange
from eventatlas.time.expressions import MONTHS
from eventatlas.time.periods import on_day, publication_range, usable

FUTURE_WINDOW_DAYS = 60  # a yearless date this little ahead is read as upcoming

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
        return self.previous if usable(self.previous) else publication_range(self.reference)


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def nearest_year(month: int, day: int, ctx: Context) -> int:
    """The latest year that puts month/day on or before the reference, unless the clause looks
    ahead or the day is only a little ahead (`FUTURE_WINDOW_DAYS`: "talks on December 3" in a
    report of November 20) and closer than its past reading."""
    reference = ctx.reference
    past = on_day(reference.year if (month, day) <= (reference.month, reference.day)
                  else reference.year - 1, month, day)
    future = on_day(past.year + 1, month, day)
    if ctx.tense == "past" or future <= reference:
        return past.year
    ahead, behind = (future - reference).days, (reference - past).days
    if ctx.tense == "future" or (ahead <= FUTURE_WINDOW_DAYS and ahead < behind):
        return future.year
    return past.year
