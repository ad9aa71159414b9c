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

_EXPLICIT_KINDS = ("iso", "slash", "day_month", "month_day")
_PUBLISHED_LINE = re.compile(
    r"^[ \t]*(?:(?:first\s+)?published|posted|updated|last\s+updated|date)(?:\s+on)?"
    r"\s*[:\-–—]?\s*(?P<rest>.{4,80})$",
    re.IGNORECASE | re.MULTILINE,
)
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
        found = _explicit_date(match.group("rest"), None)
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


def _from_dateline(text: str, reference: date | None) -> date | None:
    match = _DATELINE.search(text)
    return _explicit_date(match.group("when"), reference) if match else None
