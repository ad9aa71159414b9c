"""Background: happenings a report recalls rather than reports.

"Syria has been locked in a civil war since 2011", "the 1982 Hama massacre" in a 2017 story:
the words describe real events, but not the news. They keep `background: true` in the output
(so a reader can still see them) and stay out of the store, the map, fused events and
exports. An event is background when its date ends long before the report was published, or
when its date is a long period rather than a day or a few ("since 2011", "over the past five
years").
"""

from __future__ import annotations

from datetime import date, timedelta

from eventatlas.model import DateRange, Event

HISTORY = timedelta(days=365)  # ended over a year before publication
PERIOD = timedelta(days=365)  # a year or more is a period of history, not one happening


def is_background(when: DateRange | None, published: date | None) -> bool:
    if when is None or when.start is None or when.end is None:
        return False
    if when.end - when.start >= PERIOD:
        return True
    return published is not None and when.end < published - HISTORY


def mark_background(events: list[Event], published: date | None) -> None:
    for event in events:
        event.background = is_background(event.date, published)
