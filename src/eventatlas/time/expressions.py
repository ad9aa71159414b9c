"""Find temporal expressions in a sentence with regular expressions.

Each kind of expression is one named pattern in `PATTERNS`; `resolve.py` matches the same
patterns again to decide what a found expression means, so finding and resolving can't drift
apart. Month and weekday names must be capitalised: "march" and "may" are common words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eventatlas.quantity import NUMBER

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|20)\d\d"
_PART = r"(?:morning|afternoon|evening|night)"
_UNIT = r"(?:day|week|month|year)s?"
_WEEKDAY_MOD = (
    r"on\s+last|on\s+the\s+following|on|last|next|this|past|coming|early|late|earlier|later"
)
_FEW = r"(?i:a\s+few|several|a\s+couple\s+of|a\s+couple|a\s+number\s+of)"
_EDGE = r"early|late|mid|the\s+(?:end|start|beginning|middle)\s+of"
_EDGE_OF = r"(?:in\s+|by\s+|at\s+)?the\s+(?:end|start|beginning|middle)\s+of"
_APPROX = r"almost|nearly|about|around|some|roughly|more\s+than|over|just\s+over|less\s+than"
_ORDINAL = r"first|second|third|fourth|1st|2nd|3rd|4th"
_SEASON = r"spring|summer|fall|autumn|winter"
_ANCHORED_UNIT = r"day|morning|afternoon|evening|night|week|weekend|month|year"
# "before"/"after" followed by a noun phrase ("two days before the vote") anchor on that
# phrase, not on the narrative time: only a clause-final "before"/"after" counts.
_NOT_NP = r"(?!\s+(?:the|a|an|his|her|its|their|this|that|\w+ing)\b)"


def _i(pattern: str) -> str:
    """Case-insensitive group, leaving month and weekday names case-sensitive."""
    return f"(?i:{pattern})"


# Order matters only for ties: the finder keeps the longest match, earlier patterns win ties.
PATTERNS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern)
    for name, pattern in {
        "iso": rf"\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b",
        "slash": r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b",
        # "02.10.2017", "16-11-2014": day first, as in the European and Arab press.
        "dotted": r"\b(?P<a>[0-3]?\d)([.-])(?P<b>[01]?\d)\2(?P<y>(?:19|20)\d\d)\b",
        "day_range": (
            rf"\b(?:{_i('between|from')}\s+)?(?P<d1>{_DAY})\s*(?:-|–|—|{_i('and|to|until')})\s*"
            rf"(?P<d2>{_DAY})\s+(?:{_i('of')}\s+)?(?P<mon>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
        "month_day_range": (
            rf"\b(?:{_i('between|from')}\s+)?(?P<mon>{_MONTH})\s+(?P<d1>{_DAY})\s*"
            rf"(?:-|–|—|{_i('and|to|until')})\s*(?P<d2>{_DAY})\b(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
        "day_month": (
            rf"\b(?:{_i('on')}\s+)?(?:{_WEEKDAY},?\s+)?(?:{_i('the')}\s+)?(?P<d>{_DAY})\s+"
            rf"(?:{_i('of')}\s+)?(?P<mon>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
        "month_day": (
            rf"\b(?:{_i('on')}\s+)?(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s+(?P<d>{_DAY})\b"
            rf"(?!\s*(?:-|–|,?\s*\d{{1,2}}\b))(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
        "month": (
            rf"\b(?:{_i('early|late|mid')}[\s-]+)?"
            rf"{_i('in|during|since|by|until|early|late|mid|of|last|this|next')}[\s-]+"
            rf"(?P<mon>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
        "month_rel_year": (
            rf"\b(?:{_i('in|during|since|by|until|early|late|mid|of')}[\s-]+)?(?P<mon>{_MONTH})"
            rf"\s+(?P<rel>{_i('this|last|next')})\s+{_i('year')}\b"
        ),
        # A bare month name needs its year: "March" alone is as likely a verb.
        "month_year": rf"\b(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})\b",
        "year": (
            rf"\b(?:{_i('in|during|since|by|until|early|late|mid|of|fiscal')}[\s-]+"
            rf"|{_i(_EDGE_OF)}\s+)"
            rf"(?P<y>{_YEAR})\b"
        ),
        "century": _i(
            rf"\b(?:the\s+)?(?:(?:{_EDGE})[\s-]+)?(?P<c>1[0-9]|2[01])(?:st|nd|rd|th)[\s-]+century\b"
        ),
        "decade": _i(
            rf"\b(?:the\s+)?(?:(?:{_EDGE})[\s-]+)?(?P<dec>(?:1[89]|20)\d0)['’]?s\b"
        ),
        "quarter": _i(
            rf"\b(?:(?:the|this|last|next|its|(?P<y1>{_YEAR})(?:['’]s)?|(?P<rel>this|last|next)"
            rf"\s+year['’]s)\s+)?(?:fiscal\s+)?(?P<ord>{_ORDINAL})[\s-]+(?P<unit>quarter|half)"
            rf"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y>{_YEAR}))?\b"
        ),
        "season": _i(
            rf"\b(?:(?P<mod>this|last|next|early|late|mid|(?:in|during)\s+the)[\s-]+"
            rf"(?P<season>{_SEASON})|(?P<season2>{_SEASON})(?:\s+of)?\s+(?P<y>{_YEAR}))\b"
        ),
        "shift": _i(
            rf"\b(?P<n>{NUMBER}|an?|one)\s+(?P<unit>day|week|month|year)s?\s+"
            rf"(?:(?P<dir>earlier|later)|(?P<dir2>before|after){_NOT_NP})\b"
        ),
        "adjacent": _i(
            rf"\b(?:on\s+|by\s+)?the\s+(?P<dir>following|next|previous|preceding|prior)\s+"
            rf"(?P<unit>{_ANCHORED_UNIT})\b|\bthe\s+(?P<unit2>day|night|week)\s+"
            rf"(?P<dir2>before|after){_NOT_NP}"
        ),
        "same": _i(
            rf"\b(?:(?P<dir>earlier|later)\s+)?(?:on\s+|in\s+)?(?:the\s+same|that(?:\s+same)?)"
            rf"\s+(?P<unit>{_ANCHORED_UNIT})\b"
        ),
        # "on Tuesday and Wednesday", "between Monday and Thursday": both days and those between.
        "weekday_range": (
            rf"\b(?:{_i('on|between|from')}\s+)?(?P<wd1>{_WEEKDAY})(?:\s+{_i(_PART)})?\s*"
            rf"(?:-|–|—|{_i('and|to|until|through')})\s*(?P<wd2>{_WEEKDAY})(?:\s+{_i(_PART)})?\b"
        ),
        # "since Monday", "since 3 March": from that day up to the reference.
        "since_day": (
            rf"\b{_i('since')}\s+(?:{_i('early|late|last')}\s+)?(?:(?P<wd>{_WEEKDAY})"
            rf"(?:\s+{_i(_PART)})?|(?:{_i('the')}\s+)?(?P<d>{_DAY})\s+(?:{_i('of')}\s+)?"
            rf"(?P<mon>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?|(?P<mon2>{_MONTH})\s+(?P<d2>{_DAY})\b"
            rf"(?:,?\s+(?P<y2>{_YEAR}))?)\b"
        ),
        "weekday": (
            rf"\b(?:(?P<mod>{_i(_WEEKDAY_MOD)})\s+)?"
            rf"(?P<wd>{_WEEKDAY})(?:\s+{_i(_PART)})?\b"
        ),
        "deictic": (
            _i(r"\b(?:(?:early|late|earlier|later)\s+)?(?P<word>yesterday|today|tonight|tomorrow|earlier\s+today|later\s+today"
               rf"|this\s+{_PART}|last\s+night|overnight)(?:\s+{_PART})?\b")
        ),
        "period": _i(
            rf"\b(?:(?:{_EDGE})[\s-]+)?(?P<mod>earlier\s+this|later\s+this|last|this|next|past"
            r"|the\s+past|the\s+last|the\s+previous|previous|the\s+coming|coming)\s+(?P<unit>week|month|year|weekend)\b"
        ),
        "vague_ago": rf"\b(?P<few>{_FEW})\s+(?P<unit>{_i(_UNIT)})\s+{_i('ago|earlier|before')}\b",
        "ago": (
            rf"\b(?:{_i(_APPROX)}\s+)?(?P<n>{_i(NUMBER)}|{_i('an?')})\s+(?P<unit>{_i(_UNIT)})\s+{_i('ago')}\b"
        ),
        "vague_past": _i(
            rf"\b(?:in\s+|over\s+|during\s+)?the\s+(?:past|last)\s+(?P<few>few|several|couple\s+of)"
            rf"\s+(?P<unit>{_UNIT})\b"
        ),
        # "in the past 24 hours", "during the last hours": the day of the report and the one before.
        "past_hours": _i(
            rf"\b(?:in\s+|over\s+|during\s+|within\s+)?the\s+(?:past|last|previous)\s+"
            rf"(?:(?P<n>{NUMBER})\s+|few\s+|several\s+|couple\s+of\s+)?hours\b"
        ),
        "recently": _i(r"\b(?P<word>recently|in\s+recent\s+(?:days|weeks))\b"),
        "anaphor": _i(r"\b(?P<word>since\s+then|at\s+the\s+time|at\s+that\s+time)\b"),
    }.items()
}

# Accepted by `resolve_expression` when they make up the whole expression, but never searched
# for: a lone "2010" or "March" in running text is as often a count or a verb.
RESOLVE_ONLY: dict[str, re.Pattern[str]] = {
    "month_year": re.compile(rf"(?:{_i('early|mid|late')}[\s-]+)?(?P<mon>{_MONTH})(?P<y>)"),
    "year": re.compile(rf"(?:{_i('fiscal')}\s+)?(?P<y>{_YEAR})"),
    # "the year", "the quarter", "the year-earlier period": the reference's or the anchor's.
    "this_unit": re.compile(_i(
        r"(?:the|this|that)\s+(?P<mod>(?:latest|most\s+recent|recent|past|last|previous|"
        r"current|same|just-ended|year-earlier|year-ago|comparable|full|fiscal)\s+)?"
        r"(?:fiscal\s+)?(?P<unit>year|quarter|period)"
    )),
    "year_earlier": re.compile(_i(r"(?:a\s+)?year[\s-](?:earlier|ago)")),
}


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A temporal expression: character offsets into the searched text, and its words."""

    start: int
    end: int
    text: str
    kind: str = ""


# Patterns that cannot match without a digit (each has a mandatory year, day or number):
# most sentences have none, and these are skipped there.
_NEEDS_DIGIT = frozenset({
    "iso", "slash", "dotted", "day_range", "month_day_range", "day_month", "month_day",
    "month_year", "year", "century", "decade",
})
_DIGIT = re.compile(r"\d")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                "dec")
_WEEKDAY_WORDS = tuple(WEEKDAYS)
_UNIT_WORDS = ("day", "week", "month", "year")
_PART_WORDS = ("morning", "afternoon", "evening", "night")
_YEAR_STARTS = ("18", "19", "20")
# Words (lower-case, as substrings) that every match of a pattern holds: one of each group.
# A sentence without them is not searched with that pattern. Scanning ~30 patterns over
# every sentence was the costliest regular-expression work in the pipeline; these checks are
# cheap and exact (each group lists the alternatives of a part the pattern cannot match
# without; "tonight" and "overnight" hold "night", a year starts "18", "19" or "20").
_ANCHORS: dict[str, tuple[tuple[str, ...], ...]] = {
    "iso": (("-",), _YEAR_STARTS),
    "slash": (("/",),),
    "dotted": (("19", "20"),),
    "day_range": (_MONTH_STEMS,),
    "month_day_range": (_MONTH_STEMS,),
    "day_month": (_MONTH_STEMS,),
    "month_day": (_MONTH_STEMS,),
    "month": (_MONTH_STEMS,),
    "month_rel_year": (_MONTH_STEMS, ("year",)),
    "month_year": (_MONTH_STEMS, _YEAR_STARTS),
    "year": (_YEAR_STARTS,),
    "century": (("century",),),
    "decade": (("0s", "0's", "0’s"),),
    "quarter": (("quarter", "half"),),
    "season": (("spring", "summer", "fall", "autumn", "winter"),),
    "shift": (_UNIT_WORDS, ("earlier", "later", "before", "after")),
    "adjacent": ((*_UNIT_WORDS, *_PART_WORDS),
                 ("following", "next", "previous", "preceding", "prior", "before", "after")),
    "same": ((*_UNIT_WORDS, *_PART_WORDS), ("same", "that")),
    "weekday_range": (_WEEKDAY_WORDS,),
    "since_day": (("since",),),
    "weekday": (_WEEKDAY_WORDS,),
    "deictic": (("yesterday", "today", "tomorrow", *_PART_WORDS),),
    "period": (("week", "month", "year"),),
    "vague_ago": (_UNIT_WORDS, ("ago", "earlier", "before")),
    "ago": (_UNIT_WORDS, ("ago",)),
    "vague_past": (_UNIT_WORDS, ("past", "last"), ("few", "several", "couple")),
    "past_hours": (("hour",),),
    "recently": (("recent",),),
    "anaphor": (("then", "time"),),
}


def find_time_expressions(text: str) -> list[TimeExpression]:
    """Every temporal expression in `text`, left to right, longest match where they overlap."""
    has_digit = _DIGIT.search(text) is not None
    lowered = text.lower()
    candidates = [
        TimeExpression(m.start(), m.end(), m.group(0), name)
        for name, pattern in PATTERNS.items()
        if (has_digit or name not in _NEEDS_DIGIT) and _anchored(name, lowered)
        for m in pattern.finditer(text)
    ]
    order = list(PATTERNS)
    candidates.sort(key=lambda e: (-(e.end - e.start), order.index(e.kind), e.start))
    chosen: list[TimeExpression] = []
    for candidate in candidates:
        if all(candidate.end <= kept.start or candidate.start >= kept.end for kept in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda e: e.start)


def _anchored(name: str, lowered: str) -> bool:
    # Plain loops: nested generators cost as much as the searches they spare.
    for group in _ANCHORS.get(name, ()):
        for anchor in group:
            if anchor in lowered:
                break
        else:
            return False
    return True
