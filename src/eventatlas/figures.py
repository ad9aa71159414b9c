"""Displacement figures, the way IDMC codes them: how many a movement event moved.

`eventatlas.quantity` reads counted noun phrases; this module reads the sentence around a
movement: the people counted nearest its trigger when the trigger's own arguments carry no
figure ("800 people evacuated in Mizia", "close to 1,000 were evacuated", "some 12,000 people
... forced to flee"), a total named after its figure ("almost 274,000, the total number of
people displaced"), and a group counted in two units ("about 310 households (about 1,600
people)"), kept as the figure plus its `equivalent`. Death and injury figures are never a
movement's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from eventatlas.model import Quantity
from eventatlas.quantity import (
    AMOUNT,
    COUNT_MODIFIER,
    UNIT_WORDS,
    UNITS,
    find_death_figures,
    find_quantities,
    quantity_from_match,
)

# Units a displacement figure counts: people and the households they live in.
PEOPLE_UNITS = frozenset({"people", "children", "women", "men"})
HOUSEHOLD_UNITS = frozenset({"families", "households"})
MOVED_UNITS = PEOPLE_UNITS | HOUSEHOLD_UNITS
# The figure right after a count of the hurt, missing or dead is theirs, not the displaced's;
# so is a count of the affected, which IDMC keeps apart ("23,000 people have been affected and
# 2,536 relocated"), unless the same people are said to have moved ("affected and evacuated").
_NOT_MOVED = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:(?:were|have\s+been|had\s+been|are|was)\s+)?"
    r"(?:injur|wound|hurt|kill|dead|died|missing|drown|rescued\s+from\s+the\s+rubble"
    r"|affected\b(?!\s+and\s+(?:were\s+|have\s+been\s+)?(?:evacuat|displac|relocat)))",
    re.IGNORECASE,
)
# "almost 274,000 the total number of people displaced", "1,964, the total of households",
# "100,000 to 120,000 – The number of people that were forced out of their homes" (a table's
# figure and its caption, joined by any one mark).
_TOTAL_AFTER = re.compile(
    rf"\b(?:{COUNT_MODIFIER})?{AMOUNT}\s*[^\w\s]?\s*(?:(?:is|was|being|as)\s+)?the\s+"
    rf"(?:(?:total|overall)\s+(?:number\s+|figure\s+)?|number\s+)of\s+(?:\w+\s+){{0,2}}?"
    rf"(?P<unit>{UNIT_WORDS})\b",
    re.IGNORECASE,
)
# Words of displacement a bare count may stand before: "53 evacuated", "2,536 relocated",
# "3,500 forced to flee", "nearly 70,000 have been left homeless".
_MOVED_WORDS = (r"evacuated|displaced|relocated|uprooted|homeless|forced|fled|fleeing|sheltered"
                r"|rendered|resettled|moved|returned")
# A people's name may stand between a count and its verb, after up to two words that describe
# it: "730,000 Rohingya have fled", "about 740,000 Muslim minority Rohingya have fled".
_PEOPLE_NAME = r"(?:(?:[\w-]+\s+){0,2}?(?-i:[A-Z][a-z]+)\s+)?"
_NOT_A_YEAR = r"(?!(?:19|20)\d\d\b)"
# The whole number, not its first group: "280" of "280,000" must not end a bare count.
_WHOLE = r"(?![.,]?\d)"
# A count right after a word of hurting or killing counts the hurt or dead: "injured dozens";
# after "affected", the affected: "the rains affected more than 1.1 million people".
_HURT_BEFORE = re.compile(r"\b(?:injur|wound|hurt|kill|affect)\w*\s+$", re.IGNORECASE)
# "close to 1,000 were evacuated", "300 had fled", "53 evacuated", "(85,000 of which have been
# relocated)": a count of people with its noun left out, before a verb or a word of displacement.
_BARE_COUNT = re.compile(
    rf"\b{_NOT_A_YEAR}(?P<count>(?:{COUNT_MODIFIER})?{AMOUNT}){_WHOLE}\s+{_PEOPLE_NAME}"
    r"(?:more\s+|others\s+|of\s+(?:them|which|whom)\s+)?(?:who\s+)?"
    rf"(?=(?:were|have|had|are|was|remain|left|to\s+(?:leave|flee|evacuate)|{_MOVED_WORDS})\b)",
    re.IGNORECASE,
)
# "displaced more than 4,000", "forced 17,000 to leave", "prompted about 730,000 Rohingya to
# flee", "left 3,200 homeless": the count a displacing verb takes as its object, noun left out
# (a count with its noun is read by `find_quantities`).
_OBJECT_COUNT = re.compile(
    r"\b(?:displac|evacuat|relocat|uproot|forc|prompt|render|resettl|driv)\w*\s+(?:another\s+)?"
    rf"{_NOT_A_YEAR}(?P<count>(?:{COUNT_MODIFIER})?{AMOUNT}){_WHOLE}(?:\s+(?:others|more))?"
    rf"(?=\s*(?:[,.;)]|$|\s+{_PEOPLE_NAME}(?:to|from|out|in|and|homeless|across|after)\b))",
    re.IGNORECASE,
)
# "160 homes were evacuated", "the evacuation of 50 houses", "evacuated 24 homes".
_EVACUATED_AFTER = re.compile(r"^\s*(?:(?:were|have\s+been|had\s+been|are|was)\s+)?"
                              r"(?:\w+\s+)?evacuated\b", re.IGNORECASE)
_EVACUATION_BEFORE = re.compile(r"\bevacuat\w*\s+(?:(?:of|for|from)\s+)?(?:the\s+)?$",
                                re.IGNORECASE)
# "(about 1,600 people)", ", or some 1,600 people,", "— 1,600 people —", "comprising 1,600
# people", "1,600 people from 310 households": a second count of the same group, straight
# after the first (in the other unit class: people against households).
_EQUIVALENT_GAP = re.compile(
    r"^\s*(?:\(|,?\s*(?:or|i\.e\.|that\s+is|comprising|totall?ing|consisting\s+of"
    r"|made\s+up\s+of|equivalent\s+to|from|in)\s+|[–—-]\s*)\s*$",
    re.IGNORECASE)


def moved_counts(text: str) -> list[tuple[int, int, Quantity]]:
    """Counts in `text` that may be a movement's figure, left to right: counted people or
    households, totals named after their figure, and bare counts before a verb; not the
    dead, hurt or missing, and no count inside another."""
    deaths = [(s, e) for s, e, _ in find_death_figures(text)]
    found: list[tuple[int, int, Quantity]] = []
    for pattern in (_TOTAL_AFTER, _BARE_COUNT, _OBJECT_COUNT):
        for match in pattern.finditer(text):
            unit = match.groupdict().get("unit")
            quantity = quantity_from_match(match, UNITS[unit.lower()] if unit else "people")
            if quantity is None:
                continue
            if match.groupdict().get("count"):  # the count alone, not the verb before it
                quantity.text = match.group("count").strip()
                found.append((match.start("count"), match.end("count"), quantity))
            else:
                found.append((match.start(), match.end(), quantity))
    found += [(start, end, _evacuated_homes(text, start, end, quantity))
              for start, end, quantity in find_quantities(text)]
    kept: list[tuple[int, int, Quantity]] = []
    for start, end, quantity in sorted(found, key=lambda item: (item[0], -item[1])):
        if quantity.unit not in MOVED_UNITS or _figure(quantity) in (None, 0):
            continue
        if any(s < end and start < e for s, e in deaths) or _NOT_MOVED.search(text[end:]) or (
                _HURT_BEFORE.search(text[:start])):
            continue
        if any(s <= start and end <= e for s, e, _ in kept):
            continue
        kept.append((start, end, quantity))
    return pair_equivalents(text, kept)


def _evacuated_homes(text: str, start: int, end: int, quantity: Quantity) -> Quantity:
    """"about 160 homes were evacuated", "the evacuation of 50 houses": homes emptied count
    the households that lived in them, as IDMC codes them; homes destroyed or damaged are
    housing, not a movement, and stay houses."""
    if quantity.unit == "houses" and (_EVACUATED_AFTER.match(text[end:])
                                      or _EVACUATION_BEFORE.search(text[:start])):
        return replace(quantity, unit="households")
    return quantity


def pair_equivalents(text: str, found: list[tuple[int, int, Quantity]]
                     ) -> list[tuple[int, int, Quantity]]:
    """Fold "N households (about M people)" into one count of N households whose
    `equivalent` is M people; a count in the same unit class is left alone."""
    paired: list[tuple[int, int, Quantity]] = []
    index = 0
    while index < len(found):
        start, end, quantity = found[index]
        if index + 1 < len(found):
            n_start, n_end, second = found[index + 1]
            if (_unit_class(second.unit) != _unit_class(quantity.unit)
                    and _EQUIVALENT_GAP.match(text[end:n_start])):
                stop = n_end + 1 if text[n_end:n_end + 1] == ")" else n_end
                paired.append((start, stop, replace(quantity, equivalent=second)))
                index += 2
                continue
        paired.append((start, end, quantity))
        index += 1
    return paired


def _unit_class(unit: str) -> str:
    return "households" if unit in HOUSEHOLD_UNITS else "people"


def _figure(quantity: Quantity) -> int | None:
    for figure in (quantity.value, quantity.low, quantity.high):
        if figure is not None:
            return figure
    return None


def movement_figure(sentence: str, trigger_at: int) -> Quantity | None:
    """The count in `sentence` nearest the movement trigger at character `trigger_at`
    (ties go to the count before it, the usual subject), or None."""
    counts = moved_counts(sentence)
    if not counts:
        return None

    def distance(item: tuple[int, int, Quantity]) -> tuple[int, int]:
        start, end, _ = item
        if end <= trigger_at:
            return trigger_at - end, 0
        return max(0, start - trigger_at), 1

    return replace(min(counts, key=distance)[2])


# "709,841 people displaced in Jajpur and 363,832 in Puri district", "In Beni, 4,000 were
# evacuated and another 2,000 in Butembo": after a count, more bare counts each with a place
# of their own are parts of one figure, which IDMC sums. A part's place is a few words with no
# verb ("and 300 in the city were hurt" counts others), up to a comma, "and" or the end.
_FIRST_PLACE = re.compile(r"^[^.;\d]{0,60}?(?:\b(?:in|at|from|to|into)\s+[^.;\d]{1,80}?)?"
                          r"(?=,|\s+and\s)", re.IGNORECASE)
_PLACE_WORDS = (r"(?:(?!(?:were|was|are|is|have|has|had|been|being|remain\w*|who|which)\b)"
                r"[^\s.;,\d]+\s*){1,6}?")
_PLACE_PART = re.compile(
    rf"(?:,\s*(?:and\s+)?|\s+and\s+)(?:another\s+|a\s+further\s+)?{_NOT_A_YEAR}"
    rf"(?P<count>(?:{COUNT_MODIFIER})?{AMOUNT}){_WHOLE}\s+(?:more\s+)?(?:in|at|from|to|into)\s+"
    rf"(?!\d|the\s+(?:past|last|first)\b){_PLACE_WORDS}(?=,|\s+and\s|[.;]|$)",
    re.IGNORECASE,
)


def with_place_parts(sentence: str, quantity: Quantity) -> Quantity:
    """`quantity` summed with the counts that follow it place by place ("1,200 in X and 800
    in Y": 2,000), as IDMC totals an excerpt; unchanged when there are none or when any of
    the counts is vague or a bound rather than a stated figure."""
    start = sentence.find(quantity.text) if quantity.text else -1
    if start < 0 or quantity.value is None:
        return quantity
    end = start + len(quantity.text)
    first = _FIRST_PLACE.match(sentence[end:])
    if first is None:
        return quantity
    parts: list[Quantity] = []
    position = end + first.end()
    while part := _PLACE_PART.match(sentence, position):
        counted = quantity_from_match(part, quantity.unit)
        if counted is None or counted.value is None:
            return quantity
        parts.append(counted)
        position = part.end()
    if not parts:
        return quantity
    total = quantity.value + sum(part.value or 0 for part in parts)
    return replace(quantity, text=sentence[start:position].strip(), value=total,
                   low=total if quantity.low is not None else None,
                   high=total if quantity.high is not None else None)


def with_equivalent(sentence: str, quantity: Quantity) -> Quantity:
    """`quantity` with the second count that follows it in `sentence` as its equivalent."""
    if quantity.equivalent is not None:
        return quantity
    for _, _, found in moved_counts(sentence):
        if found.equivalent is not None and found.text == quantity.text:
            return replace(quantity, equivalent=found.equivalent)
    return quantity
