"""Place hints carried by a mention's own words: "Hasakah province", "northern Syria"; and
whether the words are an acronym ("SANA", "SDF"), which says organisation more than place.

Kept free of spaCy so the resolver can read hints from plain `Mention` text.
"""

from __future__ import annotations

import re

# Designator word after a name → the kind of place it names ("state" is left out: Islamic State).
DESIGNATORS: dict[str, str] = {
    "province": "admin1", "governorate": "admin1", "countryside": "admin1",
    "region": "admin1", "oblast": "admin1",
    "district": "admin2", "county": "admin2", "parish": "admin2",
}
# A facility named after the town it lies by ("Al-Hol camp", "Bagram air base", "the
# Kabul-Jalalabad road") is placed at that town, less precisely (`resolve`). Lower case only:
# "Florida Highway Patrol" and "Long Beach Airport" are names of their own. (A neighbourhood
# is placed by the town written around it, "Tombo neighbourhood of Freetown", see `chains`.)
FACILITY_WORDS = frozenset({
    "camp", "camps", "base", "airbase", "airport", "airfield", "prison", "checkpoint", "road",
    "highway", "motorway",
})
# Words between a name and its facility word: "Kakuma refugee camp", "Bagram air base".
FACILITY_MODIFIERS = frozenset({
    "refugee", "idp", "displacement", "military", "army", "air", "naval", "police", "border",
})
# Only these designators are folded into the entity: "Hasakah province" is one place name.
EXTENDABLE = frozenset({"province", "governorate", "countryside", "region", "district"})
COMPASS = re.compile(r"^(north|south|east|west|central|(north|south)-?(east|west))(ern)?$")
# Hints that say the name is a region's, not a town's: the reading a bare name gives way to.
REGION_HINTS = frozenset({"admin1", "admin2", "region"})
# All capitals this short are an acronym: mostly an organisation (SDF, YPG, ISIS, SANA, UCLA),
# whatever town it spells, unless it names a large city.
ACRONYM_MAX = 5


def text_hint(text: str) -> str | None:
    """The hint carried inside a mention's own words ("Hasakah province", "northern Syria")."""
    if len(text.split()) > 1 and text.split()[-1] in FACILITY_WORDS:
        return "facility"
    words = text.casefold().split()
    if len(words) > 1 and words[-1] in DESIGNATORS:
        return DESIGNATORS[words[-1]]
    if len(words) > 1 and COMPASS.match(words[0]):
        return "region"
    return None


def is_acronym(text: str) -> bool:
    """"SANA", "U.N.": letters only, all capitals, at most ACRONYM_MAX of them."""
    letters = text.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= ACRONYM_MAX


def strip_hint_words(text: str) -> str:
    """The name inside a hinted mention: "Hasakah province" → "Hasakah"."""
    words = text.split()
    if len(words) > 1 and words[-1] in FACILITY_WORDS:
        words = words[:-1]
        if len(words) > 1 and words[-1] in FACILITY_MODIFIERS:
            words = words[:-1]  # "Bagram air base" → "Bagram"
    elif len(words) > 1 and words[-1].casefold() in DESIGNATORS:
        words = words[:-1]
    if len(words) > 1 and COMPASS.match(words[0].casefold()):
        words = words[1:]
    return " ".join(words)


# Plural designators after a list of names: "Butler, Clark and Warren counties" makes every
# name of the list a county, though only the last one touches the word.
PLURAL_DESIGNATORS: dict[str, str] = {
    "counties": "admin2", "parishes": "admin2", "districts": "admin2",
    "provinces": "admin1", "governorates": "admin1",
}
# A name before "border" is a region's ("the New York border"); before "border crossing" or
# "border gate" a town's.
BORDER_WORDS = frozenset({"border", "borders", "frontier"})
_BORDER_PLACES = frozenset({"crossing", "crossings", "gate", "post", "point", "checkpoint",
                            "town", "city", "village"})
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)")
_WORD_BEFORE = re.compile(r"\b([a-z]+(?:-[a-z]+)?)[ \t]+\Z")  # lower case: "central", not "North"
# What stands between two names of one list: a comma, "and", "or", or a comma and one of them.
LIST_GAP = re.compile(r"\s*(?:,\s*(?:(?:and|or|&)\s+)?|(?:and|or|&)\s+)", re.IGNORECASE)


def context_hints(text: str, spans: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Hints the words right after place names in a plain text carry, without spaCy.

    "Douglas County" with only "Douglas" marked (a gold toponym, or a recogniser that cut the
    designator off) is the county; "Becker, Clay and Douglas counties" makes all three
    counties. The recogniser reads the singular case on spaCy tokens (`place_hint`); this is
    the same rule for mentions that come without their tokens, plus the plural list, which
    US local news writes all the time and which otherwise reads as three towns.
    """
    hints: dict[tuple[int, int], str] = {}
    ordered = sorted(set(spans))
    for index, (start, end) in enumerate(ordered):
        before = _WORD_BEFORE.search(text, max(0, start - 24), start)
        if before is not None and COMPASS.match(before.group(1)):
            # "northern Syria", "central Washington" with only the name marked: the compass
            # word the recogniser folds into a mention ("northeastern Syria", `text_hint`).
            hints[(start, end)] = "region"
            continue
        match = _WORD_AFTER.match(text, end)
        if match is None:
            continue
        word = match.group(1).casefold()
        if facility_follows(text, end):
            hints[(start, end)] = "facility"  # "Al-Hol camp", "Kakuma refugee camp"
        elif word in BORDER_WORDS:
            # "the New York border", "the Kentucky border": a state's or country's edge, unless
            # it names a crossing ("the Tal Abyad border crossing" is a town's).
            after = _WORD_AFTER.match(text, match.end())
            if after is None or after.group(1).casefold() not in _BORDER_PLACES:
                hints[(start, end)] = "region"
        elif word in DESIGNATORS:  # as `recognize.place_hint` reads the token after a span
            hints[(start, end)] = DESIGNATORS[word]
        elif word in PLURAL_DESIGNATORS:
            kind = PLURAL_DESIGNATORS[word]
            hints[(start, end)] = kind
            # Walk back through the list: "Butler, Clark, ..., Preble or Warren counties".
            later_start = start
            for previous in range(index - 1, -1, -1):
                prev_start, prev_end = ordered[previous]
                gap = text[prev_end:later_start]
                if prev_end > later_start or not LIST_GAP.fullmatch(gap):
                    break
                hints[(prev_start, prev_end)] = kind
                later_start = prev_start
    return hints


def facility_follows(text: str, position: int) -> bool:
    """Whether the words of `text` after `position` are a facility word in lower case ("camp"),
    or a modifier and one ("refugee camp", "air base")."""
    after = _WORD_AFTER.match(text, position)
    if after is None:
        return False
    if after.group(1) in FACILITY_WORDS:
        return True
    second = _WORD_AFTER.match(text, after.end())
    return (after.group(1) in FACILITY_MODIFIERS and second is not None
            and second.group(1) in FACILITY_WORDS)
