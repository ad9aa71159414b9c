"""How many: counts of people and things in noun phrases, age ranges, and fatality figures.

News rarely gives a clean integer. "Dozens of families", "more than 20 civilians" and
"some 300 households" all carry a different kind of uncertainty, so a `Quantity` keeps `value`
for one stated figure and `low`/`high` bounds for vague or ranged ones. The vague words map to
ranges that follow their plain meaning ("dozens" = at least two dozen, fewer than a hundred).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from eventatlas.ages import MAX_AGE, parse_age_range
from eventatlas.model import Fatalities, Quantity

__all__ = ["MAX_AGE", "parse_age_range"]  # moved to `eventatlas.ages`; importable from here too

_SMALL: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
}

# Vague amounts as (low, high): the smallest and largest count the word can plainly mean.
VAGUE_AMOUNTS: dict[str, tuple[int | None, int | None]] = {
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, None),
    "a handful": (2, 5),
    "a couple": (2, 3),
    "a few": (2, 4),
    "several": (3, 7),
}

# Head noun → canonical unit. Several words share a unit so events compare across reports;
# `group_word` recovers the word the report used ("civilians", "residents").
UNITS: dict[str, str] = {
    "family": "families", "families": "families",
    "household": "households", "households": "households",
    "people": "people", "persons": "people", "person": "people",
    "civilian": "people", "civilians": "people", "resident": "people", "residents": "people",
    "individuals": "people", "inhabitants": "people", "villagers": "people",
    "refugees": "people", "displaced": "people", "idps": "people", "patients": "people",
    # IDMC counts displacements, not only people: "1,200 new displacements", "300 evacuees".
    "displacements": "people", "evacuees": "people", "returnees": "people",
    # SANA and others count the dead as "martyrs"; rescuers, medics and students are civilians.
    "martyrs": "people", "victims": "people", "students": "people", "worshippers": "people",
    "workers": "people", "medics": "people", "journalists": "people", "activists": "people",
    "passengers": "people", "shepherds": "people",
    "fighter": "fighters", "fighters": "fighters", "militant": "fighters",
    "militants": "fighters", "gunmen": "fighters", "jihadists": "fighters",
    "rebels": "fighters", "insurgents": "fighters", "combatants": "fighters",
    "terrorists": "fighters", "extremists": "fighters",
    "militiamen": "fighters", "mercenaries": "fighters", "recruits": "fighters",
    "soldier": "soldiers", "soldiers": "soldiers", "troops": "soldiers",
    "forces": "soldiers", "pilots": "soldiers", "airmen": "soldiers", "officers": "soldiers",
    "policemen": "soldiers", "guards": "soldiers", "personnel": "soldiers",
    "servicemen": "soldiers",
    "child": "children", "children": "children", "kids": "children", "minors": "children",
    "boys": "children", "girls": "children",
    "woman": "women", "women": "women", "man": "men", "men": "men",
    "commanders": "commanders", "leaders": "leaders", "members": "members",
    "house": "houses", "houses": "houses", "homes": "houses", "buildings": "buildings",
    "villages": "villages", "vehicles": "vehicles", "trucks": "vehicles", "cars": "vehicles",
    "airstrikes": "airstrikes", "strikes": "airstrikes", "raids": "airstrikes",
    "bodies": "bodies", "tents": "tents",
}

_NUM_WORD = "|".join(sorted([*_SMALL, *_SCALES], key=len, reverse=True))
# At most MAX_NUMBER_WORDS words: "two hundred and seventy-five thousand three hundred" needs
# seven. Unbounded, "one one one ..." made every pattern built on NUMBER quadratic.
MAX_NUMBER_WORDS = 10
_WORD_NUMBER = (
    rf"(?:a\s+(?:{'|'.join(_SCALES)})|(?:{_NUM_WORD}))"
    rf"(?:(?:[\s-]+|\s+and\s+)(?:{_NUM_WORD})){{0,{MAX_NUMBER_WORDS - 1}}}"
)
# Thousands by commas ("14,000"; "61, 000", a PDF's stray space, only before a 0-group) or spaces
_DIGIT_NUMBER = (r"\d{1,3}(?:,\d{3}|,\s0\d\d(?!\d))+|(?<![\d,.])\d{1,3}(?:\s\d{3})+(?![\d,])"
                 r"|\d+(?:\.\d+)?")  # "14 000" as UN reports print it; "May 12, 300" stays two
_SPACED_THOUSANDS = re.compile(r"(?<=\d)\s(?=\d{3}(?!\d))")
NUMBER = rf"(?:(?:{_DIGIT_NUMBER})(?:\s+(?:{'|'.join(_SCALES)}))?|{_WORD_NUMBER})"
_VAGUE = "|".join(
    re.escape(word).replace(r"\ ", r"\s+") for word in sorted(VAGUE_AMOUNTS, key=len, reverse=True)
)

# Modifiers turn one figure into bounds; each maps to how the figure N becomes (value, low, high).
_AT_LEAST = r"at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of"
_MORE_THAN = r"more\s+than|over|upwards\s+of|in\s+excess\s+of"
_UP_TO = r"up\s+to|as\s+many\s+as|at\s+most|no\s+more\s+than|a\s+maximum\s+of"
_LESS_THAN = r"less\s+than|fewer\s+than|under|below"
_ABOUT = (
    r"about|around|some|nearly|almost|approximately|roughly|an\s+estimated|close\s+to"
    r"|estimated|approx\.|~"
)
# A modifier and the space after it, before a figure (patterns here and in `figures` use it).
COUNT_MODIFIER = (
    rf"(?P<mod>(?P<at_least>{_AT_LEAST})|(?P<more_than>{_MORE_THAN})|(?P<up_to>{_UP_TO})"
    rf"|(?P<less_than>{_LESS_THAN})|(?P<about>{_ABOUT}))\s+"
)
# One amount: a range ("between 10 and 20", "10-20"), a vague word ("dozens") or a number.
AMOUNT = (
    rf"(?:between\s+(?P<lo>{NUMBER})\s+and\s+(?P<hi>{NUMBER})"
    rf"|(?P<lo2>{_DIGIT_NUMBER})\s*(?:-|–|—|to)\s*(?P<hi2>{_DIGIT_NUMBER}"
    rf"(?:\s+(?:{'|'.join(_SCALES)}))?)"
    rf"|(?P<vague>{_VAGUE})|(?P<num>{NUMBER}))"
)
# Words allowed between the amount and the head noun ("of its top", "Kurdish"): never another
# number, so "3 killed 20 people" reads as 20 people.
_GAP_WORD = rf"(?!(?:{_NUM_WORD}|{_VAGUE})\b)(?!\d)[A-Za-z][\w’'-]*"
# The head nouns of `UNITS` as one alternation, longest first.
UNIT_WORDS = "|".join(sorted(UNITS, key=len, reverse=True))
# "Displaced" before a unit word describes it: "300 displaced families" counts families.
_KNOWN = re.compile(
    rf"\b(?:{COUNT_MODIFIER})?{AMOUNT}(?:\s+of)?(?:\s+{_GAP_WORD}){{0,3}}?\s+(?P<unit>{UNIT_WORDS})\b"
    rf"(?!(?<=displaced)\s+(?:{UNIT_WORDS})\b)",
    re.IGNORECASE,
)
# For a phrase handed over on its own, any head noun will do: the last word before a stop word.
_STOP = r"(?:of|from|in|on|at|to|who|which|that|were|was|had|have|and|with|into|by)\b"
_ANY = re.compile(
    rf"\b(?:{COUNT_MODIFIER})?{AMOUNT}(?:\s+of)?(?P<words>(?:\s+(?!{_STOP}){_GAP_WORD}){{1,4}})",
    re.IGNORECASE,
)


# Figures longer than this are ignored: a 310-digit number made float() overflow (and counts
# this large are no event's).
MAX_FIGURE_DIGITS = 15


def parse_number(text: str) -> int | None:
    """An integer from digits ("1,200", "2.5 million") or English words ("seventy-five")."""
    cleaned = _SPACED_THOUSANDS.sub("", text.strip().lower().replace(",", ""))
    if not cleaned:
        return None
    parts = cleaned.split()
    if re.fullmatch(r"\d+(?:\.\d+)?", parts[0]):
        if len(parts[0].split(".")[0]) > MAX_FIGURE_DIGITS:
            return None  # no count of people has 16 digits; float() would give inf
        scale = _SCALES.get(parts[1], 1) if len(parts) > 1 else 1
        return round(float(parts[0]) * scale)
    return _words_to_number(re.split(r"[\s-]+", cleaned))


def _words_to_number(words: list[str]) -> int | None:
    total, current, seen = 0, 0, False
    for word in words:
        if word == "and":
            continue
        if word == "a":
            current, seen = 1, True
        elif word in _SMALL:
            current, seen = current + _SMALL[word], True
        elif word == "hundred":
            current, seen = max(current, 1) * 100, True
        elif word in _SCALES:
            total, current, seen = total + max(current, 1) * _SCALES[word], 0, True
        else:
            return None
    return total + current if seen else None


def _bounds(match: re.Match[str]) -> tuple[int | None, int | None, int | None] | None:
    """(value, low, high) for the amount in a `_KNOWN`/`_ANY` match. A range ("25,000 to
    30,000") keeps both bounds and, as IDMC codes it, the lower as its figure."""
    lo_text = match.group("lo") or match.group("lo2")
    if lo_text:
        hi_text = match.group("hi") or match.group("hi2")
        low, high = _scaled_low(lo_text, hi_text), parse_number(hi_text)
        if low is None or high is None or low > high:
            return None
        return low, low, high
    vague = match.group("vague")
    if vague:
        low, high = VAGUE_AMOUNTS[re.sub(r"\s+", " ", vague.lower())]
        return (low if low == high else None), low, high
    number = parse_number(match.group("num"))
    return None if number is None else _apply_modifier(match, number)


def _scaled_low(lo_text: str, hi_text: str) -> int | None:
    """The low end of a range whose scale is written once, after the high: "4 to 5 million",
    "between 2 and 3 thousand" (the low is 4 million, not 4)."""
    low, high = parse_number(lo_text), parse_number(hi_text)
    scale = hi_text.split()[-1].lower()
    if low is None or high is None or scale not in _SCALES or lo_text.split()[-1].lower() in (
            _SCALES):
        return low
    return low * _SCALES[scale] if low * _SCALES[scale] <= high else low


# The qualifier a figure was given with, as IDMC records it next to the figure.
QUALIFIERS = ("at_least", "more_than", "up_to", "less_than", "about")


def _qualifier(match: re.Match[str]) -> str | None:
    return next((name for name in QUALIFIERS if match.group(name)), None)


def _apply_modifier(match: re.Match[str], n: int) -> tuple[int | None, int | None, int | None]:
    """"At least N" and "more than N" state N as the figure (IDMC's and ACLED's reading) and
    bound it from below; "up to N" and "fewer than N" only bound it from above."""
    if match.group("at_least"):
        return n, n, None
    if match.group("more_than"):
        return n, n + 1, None
    if match.group("up_to"):
        return None, None, n
    if match.group("less_than"):
        return None, None, n - 1
    if match.group("about"):
        # An approximate figure is still the report's best estimate, but not a bound.
        return n, None, None
    return n, n, n


def quantity_from_match(match: re.Match[str], unit: str) -> Quantity | None:
    """The quantity a match of a pattern built on COUNT_MODIFIER and AMOUNT counts, in `unit`."""
    bounds = _bounds(match)
    if bounds is None:
        return None
    value, low, high = bounds
    return Quantity(unit=unit, text=match.group(0).strip(), value=value, low=low, high=high,
                    qualifier=_qualifier(match))


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every counted phrase with a known head noun in `text`, as (start, end, quantity)."""
    found: list[tuple[int, int, Quantity]] = []
    for match in _KNOWN.finditer(text):
        quantity = quantity_from_match(match, UNITS[match.group("unit").lower()])
        if quantity is not None:
            found.append((match.start(), match.end(), quantity))
    return found


def parse_quantity(text: str) -> Quantity | None:
    """The first counted noun phrase in `text` ("dozens of families"), or None.

    Known head nouns map to canonical units; any other noun becomes its own unit, lowercased.
    """
    found = find_quantities(text)
    if found:
        return found[0][2]
    match = _ANY.search(text)
    if match is None:
        return None
    head = match.group("words").split()[-1].lower().strip("’'-")
    return quantity_from_match(match, UNITS.get(head, head))


def group_word(quantity: Quantity) -> str | None:
    """The noun the report used for a quantity ("civilians" for unit "people")."""
    for word in reversed(re.findall(r"[A-Za-z]+", quantity.text)):
        if word.lower() in UNITS:
            return word.lower()
    return None


# ACLED's codebook figures for vague tolls: "dozens" is coded 12, "hundreds" 100, "several"
# and "a few" 3... the smallest number the word can mean, so tolls are never inflated.
ACLED_VAGUE_FATALITIES: dict[str, int] = {
    "a dozen": 12, "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
    "tens of thousands": 10_000, "hundreds of thousands": 100_000, "millions": 1_000_000,
    "a handful": 2, "a couple": 2, "a few": 2, "several": 3,
}
_MORE_THAN_TEXT = re.compile(rf"^\s*(?:{_MORE_THAN})\s", re.IGNORECASE)


def stated_figure(quantity: Quantity) -> int | None:
    """The lowest figure a report credibly states: the number itself for "more than 33" and
    "at least 12", ACLED's figure for a vague word ("dozens" → 12), else the value or low."""
    vague = re.search(_VAGUE, quantity.text, re.IGNORECASE)
    if quantity.value is None and vague is not None:
        return ACLED_VAGUE_FATALITIES.get(re.sub(r"\s+", " ", vague.group(0).lower()))
    if quantity.value is not None:
        return quantity.value
    if quantity.low is not None and _MORE_THAN_TEXT.search(quantity.text):
        return quantity.low - 1
    return quantity.low


def parse_fatalities(figures: str | Sequence[Quantity]) -> Fatalities | None:
    """(low, best, high) over the figures reported for one event, following ACLED.

    ACLED codes the lowest credible figure when sources differ, so `best` is the smallest
    stated figure (`stated_figure`: "more than 33" → 33, "dozens" → 12); `low`/`high` span
    everything reported. A string is first scanned with `find_quantities`. None when no figure
    bounds anything.
    """
    quantities = (
        [q for _, _, q in find_quantities(figures)] if isinstance(figures, str) else figures
    )
    # Bounds where the figure has them ("more than 33": 34 and open above), else the figure.
    bounded = [q.low is not None or q.high is not None for q in quantities]
    lows = [q.low if b else q.value for q, b in zip(quantities, bounded, strict=True)]
    highs = [q.high if b else q.value for q, b in zip(quantities, bounded, strict=True)]
    known_lows = [n for n in lows if n is not None]
    known_highs = [n for n in highs if n is not None]
    if not known_lows and not known_highs:
        return None
    low = min(known_lows) if known_lows else None
    # An open-ended figure ("more than 20") leaves the top unknown unless another is higher.
    high = max(known_highs) if known_highs else None
    if high is not None and any(h is None and lo is not None and lo > high
                                for lo, h in zip(lows, highs, strict=True)):
        high = None
    stated = [n for q in quantities if (n := stated_figure(q)) is not None]
    best = min(stated) if stated else low
    if best is not None and low is not None:
        low = min(low, best)  # "dozens": ACLED's 12 is below the word's plain 24
    return Fatalities(low=low, best=best, high=high)


# Death figures in running text. Each pattern captures one amount tied to a word of dying:
# "killed at least 21 civilians", "killing 12", "At least 43 people were killed", "40 dead",
# "the death toll rose to 40", "72 people, including nine children, were killed" (the whole,
# not the part). The victim noun is optional: "Air strikes kill 12 in Aleppo".
# The gap never crosses a word of hurting: in "killed 3 injured in ..." no victim follows 3.
_VICTIM = (rf"(?:\s+(?:(?!injur|wound|hurt){_GAP_WORD}\s+){{0,2}}?(?P<unit>{UNIT_WORDS})"
           r"\b)?")
_FIGURE = rf"(?:(?:{COUNT_MODIFIER})?{AMOUNT})"
_NOT_YEAR = r"(?!(?:19|20)\d\d\b)"
# A figure followed by "injured"/"wounded" counts the hurt: "Civilian killed, 3 injured",
# "killed 10 and wounded 15" must not read 3 or 15 as dead.
_NOT_HURT = r"(?!\s+(?:(?:other|more|others|people|persons|civilians)\s+)?(?:were\s+)?" \
    r"(?:injur|wound|hurt))"
# "including N children", "some of them children": the part of a toll named after the whole.
_PART_OF = (r"(?:including|among\s+them|among\s+whom|most\s+of\s+them|mostly|many\s+of\s+them"
            r"|some\s+of\s+them|half\s+of\s+them|the\s+majority)")
_DEATH_PATTERNS = [
    re.compile(rf"\b{_NOT_YEAR}{_FIGURE}{_VICTIM},?\s+{_PART_OF}\b[^.;]{{0,80}}?"
               rf"\b(?:were|have\s+been|had\s+been)?\s*(?:killed|dead|died)\b", re.IGNORECASE),
    # "the death toll from the twin explosions in Homs rose to 32", "death toll at least 126"
    re.compile(rf"\bdeath\s+toll\b(?:\s+\S+){{0,14}}?\s+(?:(?:to|of|at|hits?|reached|reaches|"
               rf"stands\s+at|stood\s+at|is|was)\s+)?{_NOT_YEAR}{_FIGURE}\b{_NOT_HURT}{_VICTIM}",
               re.IGNORECASE),
    re.compile(rf"\b(?:kill(?:s|ed|ing)?)\s+(?:all\s+)?{_NOT_YEAR}{_FIGURE}"
               rf"\b{_NOT_HURT}{_VICTIM}", re.IGNORECASE),
    # "left 20 people dead", "leaving three dead"; not "left dozens of people injured" or
    # "left 5,000 people homeless": "left" counts the dead only when it says so.
    re.compile(rf"\b(?:left|leaving)\s+(?:all\s+)?{_NOT_YEAR}{_FIGURE}\b{_NOT_HURT}{_VICTIM}"
               r"(?=\s+(?:dead|killed)\b)", re.IGNORECASE),
    # "claiming 4 martyrs", "claimed the lives of 20 people", "the killing of one person"
    re.compile(rf"\b(?:claim(?:s|ed|ing)?(?:\s+the\s+lives?\s+of)?|(?:the\s+)?(?:killing|deaths?)"
               rf"\s+of)\s+{_NOT_YEAR}{_FIGURE}\b{_NOT_HURT}{_VICTIM}", re.IGNORECASE),
    re.compile(rf"\b{_NOT_YEAR}{_FIGURE}{_VICTIM}\s+(?:\w+\s+)?(?:were|have\s+been|had\s+been|"
               rf"was|are|being)?\s*(?:killed|dead|died|die)\b", re.IGNORECASE),
]
# A running total is not the news: "more than 300,000 killed since 2011", "at least 123
# civilians have been killed since the offensive began", "in six years of war". "Since Tuesday"
# or "in the past 24 hours" still date the news itself.
_RECENT_START = (r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|dawn"
                 r"|midnight|the\s+morning|this\s+morning|last\s+night|early|late|noon)")
_SINCE = rf"\bsince\b(?!\s+{_RECENT_START}\b)"
_RUNNING = (rf"{_SINCE}|\bso\s+far\b|\bto\s+date\b|\b(?:in|over|during|throughout)\s+"
            r"(?:the\s+)?(?:past\s+|last\s+)?(?:(?:few|several|\w+)\s+)?(?:years|months)\b"
            r"|\bover\s+the\s+course\s+of\b")
_CUMULATIVE_AFTER = re.compile(rf"^[^.;]{{0,60}}?(?:{_RUNNING})", re.IGNORECASE)
_CUMULATIVE_BEFORE = re.compile(rf"(?:^|[.;]\s*){_SINCE}[^.;,]{{0,40}},?\s*$", re.IGNORECASE)
# Tolls this large are a war's or a massacre campaign's tally, never one attack's news.
MAX_EVENT_TOLL = 5_000


def is_cumulative(text: str, start: int, end: int, quantity: Quantity) -> bool:
    """Whether the death figure at `text[start:end]` is a running or historical total."""
    figure = stated_figure(quantity) or quantity.high or 0
    return (figure > MAX_EVENT_TOLL
            or _CUMULATIVE_AFTER.search(text[end:]) is not None
            or _CUMULATIVE_BEFORE.search(text[max(0, start - 60):start]) is not None)


# Every death pattern holds one of these words; most sentences hold none and are not searched.
_DEATH_WORDS = ("kill", "dead", "die", "death", "left", "leaving", "claim")


def find_death_figures(text: str) -> list[tuple[int, int, Quantity]]:
    """Every stated death figure in `text` as (start, end, quantity), left to right; a figure
    inside a larger one's span ("nine children" in "72 people including nine children were
    killed") is left out. The unit is the victim noun, "people" when none is given."""
    # Fresh quantities each call: events keep and may change what they are given.
    return [(start, end, replace(quantity)) for start, end, quantity in _death_figures(text)]


@lru_cache(maxsize=1024)
def _death_figures(text: str) -> tuple[tuple[int, int, Quantity], ...]:
    """`find_death_figures`, cached: a sentence reporting several events is read once."""
    lowered = text.lower()
    if not any(word in lowered for word in _DEATH_WORDS):
        return ()
    found: list[tuple[int, int, Quantity]] = []
    for pattern in _DEATH_PATTERNS:
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end, _ in found):
                continue
            unit = UNITS[match.group("unit").lower()] if match.group("unit") else "people"
            quantity = quantity_from_match(match, unit)
            if quantity is not None and (quantity.value or quantity.low or quantity.high):
                found.append((match.start(), match.end(), quantity))
    return tuple(sorted(found, key=lambda item: item[0]))
