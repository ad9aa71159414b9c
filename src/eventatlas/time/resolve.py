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

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from eventatlas.model import Basis, DateRange
from eventatlas.time.absolute import ABSOLUTE_HANDLERS
from eventatlas.time.anchored import ANCHORED_HANDLERS
from eventatlas.time.expressions import PATTERNS, RESOLVE_ONLY
from eventatlas.time.periods import DaySpan, usable
from eventatlas.time.reading import Context, Match, Tense
from eventatlas.time.relative import RELATIVE_HANDLERS

_HANDLERS: dict[str, Callable[[Match, Context], DaySpan | None]] = {
    **ABSOLUTE_HANDLERS, **RELATIVE_HANDLERS, **ANCHORED_HANDLERS}
# Kinds read from the anchor rather than the reference: their result is "context".
ANCHORED = frozenset(ANCHORED_HANDLERS)
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
        return replace(previous, text=phrase, basis="context") if usable(previous) else None
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
            basis: Basis = "context" if name in ANCHORED and usable(previous) else "explicit"
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
