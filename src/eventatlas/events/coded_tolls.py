"""ACLED's own words for the figure it coded, read from a note: "Fatalities coded as 26 (23
soldiers and 3 militants)", "12 fatalities split across 3 events and coded as 4 for this
event", "1 fatality." ACLED's notes state it often (about one note in forty of its training
split, 99 % of the figures read there equal the coded figure); news never does, so the reader
costs nothing elsewhere.
"""

from __future__ import annotations

import re

from eventatlas.events.counting import is_violent
from eventatlas.model import Event, Fatalities
from eventatlas.quantity import parse_number

# ACLED's notes often state the figure they code, in their own words: "Fatalities coded as 26
# (23 soldiers and 3 militants)", "Unspecified number of fatalities coded as 3", "12
# fatalities split across 3 events and coded as 4 for this event", "2 fatalities coded here",
# "1 fatality." A figure for this event outranks a total, and the last total (the sum after
# its parts) outranks earlier ones; a total split over several events with no share for this
# one is left alone (ACLED's shares are uneven), as is a toll "coded to" another event.
_CODED_NUMBER = r"(?P<n>\d{1,5}|no|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
_THIS_EVENT = r"(?:here|to\s+this\s+event|in\s+this\s+event|for\s+this\s+event)"
_CODED_HERE = (
    re.compile(rf"\bcoded\s+(?:as\s+)?{_CODED_NUMBER}\s+(?:fatalit(?:y|ies)\s+)?{_THIS_EVENT}",
               re.IGNORECASE),
    re.compile(rf"(?:^|[\s(\[,;:]){_CODED_NUMBER}\s+(?:confirmed\s+|remaining\s+)?"
               rf"fatalit(?:y|ies)\s+(?:\([^)]*\)\s+)?(?:have\s+been\s+|were\s+|are\s+)?coded\s+"
               rf"{_THIS_EVENT}", re.IGNORECASE),
)
_CODED_TOTAL = (
    re.compile(rf"\bfatalit(?:y|ies)\b[^.;]{{0,40}}?\bcoded\s+as\s+{_CODED_NUMBER}\b"
               r"(?!\s+\w*\s*(?:events?|locations?|days?)\b)", re.IGNORECASE),
    re.compile(rf"(?:^|[\s(\[,;:]){_CODED_NUMBER}\s+fatalit(?:y|ies)\s+coded\b"
               r"(?!\s+(?:to|in|at|for|across|separately)\b)", re.IGNORECASE),
)
_SPLIT = re.compile(r"\b(?:split|spread|divided)\b", re.IGNORECASE)
_FATALITIES_ONLY = re.compile(
    rf"^\s*(?:at\s+least\s+)?{_CODED_NUMBER}\s+fatalit(?:y|ies)\s*\.?\s*$", re.IGNORECASE)


def coded_toll(text: str) -> int | None:
    """The fatality figure a note says ACLED coded for its event, or None (see above)."""
    if "fatalit" not in text.lower():
        return None
    for pattern in _CODED_HERE:
        if (match := pattern.search(text)) is not None:
            return _coded_number(match.group("n"))
    totals = sorted((m for pattern in _CODED_TOTAL for m in pattern.finditer(text)),
                    key=lambda m: m.start())
    if totals:
        last = totals[-1]
        return None if _SPLIT.search(text[last.start():]) else _coded_number(last.group("n"))
    for sentence in re.split(r"(?<=[.;])\s+", text):
        if (match := _FATALITIES_ONLY.match(sentence)) is not None:
            return _coded_number(match.group("n"))
    return None


def _coded_number(word: str) -> int | None:
    return 0 if word.lower() in ("no", "zero") else parse_number(word)


# Words of ACLED's bookkeeping that a typer may take for an event's word ("Fatalities coded
# as 26"): the sentence states a count, nothing happened in it.
_BOOKKEEPING_TRIGGERS = frozenset({"coded", "fatalities", "fatality"})


def apply_coded_toll(events: list[Event], text: str) -> list[Event]:
    """A note's coded figure (`coded_toll`) is the toll of its first violent event; events a
    typer read into the bookkeeping sentence itself are dropped."""
    figure = coded_toll(text)
    if figure is None:
        return events
    kept = [e for e in events if (e.trigger or "").lower() not in _BOOKKEEPING_TRIGGERS] or events
    main = next((e for e in kept if is_violent(e.type)), None)
    if main is not None:
        main.fatalities = Fatalities(low=figure, best=figure, high=figure)
    return kept
