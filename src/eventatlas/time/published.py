"""When was a report published? Page metadata first, then what the text and URL say.

Order of trust: HTML metadata (htmldate reads `article:published_time`, JSON-LD and the like),
then an explicit "Published on ..." line, then a date in the URL path, then a wire-style
dateline ("DAMASCUS, March 3 (Reuters) -"). Everything runs offline: htmldate only parses
the HTML it is given.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from eventatlas.time.expressions import PATTERNS, find_time_expressions
from eventatlas.time.resolve import resolve_expression

logger = logging.getLogger(__name__)

_EXPLICIT_KINDS = ("iso", "slash", "dotted", "day_month", "month_day")
# "Published on ...", "Posted: ...", "Date of publication 4 April 2017": at a line start, or
# anywhere in the opening when the text has lost its line breaks.
_PUBLISHED_LINE = re.compile(
    r"(?:^[ \t]*|(?<=\s))(?:(?:first\s+)?published|posted|updated|last\s+updated|date"
    r"|date\s+of\s+publication|publication\s+date)(?:\s+(?:on|at))?"
    r"\s*[:\-–—]?\s*(?P<rest>[^\n]{4,80})",
    re.IGNORECASE | re.MULTILINE,
)
_PREPOSITIONS = "on|in|since|until|till|by|from|of|between|and|to|before|after|at|during"
OPENING_CHARS = 300  # how far into a text a bare leading date still reads as its date line
# A date in a sentence ("on 3 March 2016 rebels...") dates an event, not the report.
_IN_SENTENCE = re.compile(
    rf"\b(?:{_PREPOSITIONS})\s+$", re.IGNORECASE
)
_LEADING_PREPOSITION = re.compile(rf"(?:{_PREPOSITIONS})\s", re.IGNORECASE)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?:[/_.-]|$)")
_DATELINE = re.compile(
    r"^[ \t]*[A-Z][A-Z .'’-]+(?:,\s*[A-Za-z .'’-]+)?,\s*(?P<when>[^()\n]{3,30}?)\s*"
    r"\((?:[A-Za-z .]+)\)\s*[-–—]",
    re.MULTILINE,
)


def find_published_date(
    text: str, html: str | None = None, url: str | None = None, *, reference: date | None = None
) -> date | None:
    """The publication date of a report, or None when nothing states one.

    `reference` (e.g. the crawl date) gives a year to a dateline that has none ("March 3");
    without it such datelines are ignored rather than guessed.
    """
    return (
        (_from_html(html, url) if html else None)
        or _from_published_line(text)
        or (_from_url(url) if url else None)
        or _from_dateline(text, reference)
        or _from_opening(text)
    )


def _from_html(html: str, url: str | None) -> date | None:
    if "<" not in html:
        return None  # htmldate would download a string that looks like a URL: stay offline
    try:
        from htmldate import find_date  # imported lazily: only HTML input needs it

        found = find_date(
            html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d", url=url
        )
    except Exception:  # htmldate raises assorted parser errors on broken markup
        logger.debug("htmldate failed", exc_info=True)
        return None
    return date.fromisoformat(found) if found else None


def _explicit_date(text: str, reference: date | None) -> date | None:
    """The first full date in `text`; a yearless one only with a reference for its year."""
    for expression in find_time_expressions(text):
        if expression.kind not in _EXPLICIT_KINDS:
            continue
        match = PATTERNS[expression.kind].fullmatch(expression.text)
        has_year = expression.kind in ("iso", "slash") or bool(match and match.group("y"))
        if not has_year and reference is None:
            continue
        resolved = resolve_expression(expression.text, reference or date.today())
        if resolved is not None and resolved.start is not None:
            return resolved.start
    return None


def _from_published_line(text: str) -> date | None:
    for match in _PUBLISHED_LINE.finditer(text):
        found = _explicit_date(_unglue(match.group("rest")), None)
        if found:
            return found
    return None


def _from_url(url: str) -> date | None:
    match = _URL_DATE.search(url)
    if match is None:
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _unglue(text: str) -> str:
    """Scraped date lines lose their spaces: "Apr 232017", "21.08.2013Get short URL"."""
    text = _GLUED_DAY_YEAR.sub(r"\1 \2", text)
    return _GLUED_YEAR_WORD.sub(r"\1 ", text)


_GLUED_DAY_YEAR = re.compile(r"\b([A-Z][a-z]{2,8}\.?\s+[0-3]\d)((?:19|20)\d\d)\b")
_GLUED_YEAR_WORD = re.compile(r"(?<=\d[./-])((?:19|20)\d\d)(?=[A-Za-z])")


def _from_opening(text: str) -> date | None:
    """A full date heading the article ("Wed 05 Apr 2017 Syria attack...", "02.10.2017 Fifteen
    people...", "Monitor AFP Sunday 8 Oct 2017 ..."): the first one in the opening characters
    that does not sit inside a sentence as a prepositional object."""
    found = _opening_date(text)
    return found[2] if found else None


def date_line_span(text: str) -> tuple[int, int] | None:
    """Where the date that heads the article stands in `text` (a "Published ..." line or a bare
    leading date), as (start, end) offsets; None when it has none. Time expressions there date
    the report, not the events in the sentence they got glued to."""
    match = next(iter(_PUBLISHED_LINE.finditer(text[:OPENING_CHARS])), None)
    if match is not None and _explicit_date(_unglue(match.group("rest")), None):
        # Only the date itself: the line's words run on into the first sentence when the text
        # has lost its line breaks ("Published April 13 2017 An air strike on Tuesday ...").
        found = _first_date_span(match.group("rest"))
        if found is not None:
            return match.start("rest") + found[0], match.start("rest") + found[1]
        return match.start("rest"), match.end("rest")
    found = _opening_date(text)
    return (found[0], found[1]) if found else None


def _first_date_span(rest: str) -> tuple[int, int] | None:
    """Where the first full date of a "Published ..." line's words stands in them (found in the
    unglued words, "Apr 232017" read as "Apr 23 2017", and mapped back)."""
    unglued = _unglue(rest)
    for expression in find_time_expressions(unglued):
        if expression.kind in _EXPLICIT_KINDS and _explicit_date(expression.text, None):
            positions = _original_positions(unglued, rest)
            return positions[expression.start], positions[expression.end - 1] + 1
    return None


def _original_positions(unglued: str, original: str) -> list[int]:
    """For each character of `unglued` (`original` with spaces inserted), its index in
    `original` (an inserted space maps to the character after it)."""
    positions, j = [], 0
    for char in unglued:
        matched = j < len(original) and original[j] == char
        positions.append(min(j, len(original) - 1))
        j += matched
    return positions


def _opening_date(text: str) -> tuple[int, int, date] | None:
    original = text[:OPENING_CHARS]
    opening = _unglue(original)
    for expression in find_time_expressions(opening):
        in_sentence = _IN_SENTENCE.search(opening[:expression.start]) or _LEADING_PREPOSITION.match(
            expression.text)
        if expression.kind not in _EXPLICIT_KINDS or in_sentence:
            continue
        found = _explicit_date(expression.text, None)
        if found is not None:
            positions = _original_positions(opening, original)
            return positions[expression.start], positions[expression.end - 1] + 1, found
    return None


def _from_dateline(text: str, reference: date | None) -> date | None:
    match = _DATELINE.search(text)
    return _explicit_date(match.group("when"), reference) if match else None
