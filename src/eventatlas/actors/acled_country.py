"""Where an event happened, in ACLED's terms: the country its generic sides are named after
("Rioters (Bangladesh)"), and ACLED's spelling of the country.

The event's place decides, else the report's (`document_country`). Two cues outrank a place
that resolved to a namesake abroad: the one home country of the national parties the event's
words name (Awami League, BCL: their fights happen at home), and the learned country prior
(`geo.country_prior`) when it is sure of the words' country and all but rules out the place's.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

import pycountry

from eventatlas.actors.ontology import (
    DEMONYMS,
    NOT_DEMONYMS,
    AliasMatch,
    country_code_for,
    country_display_name,
    country_for_demonym,
    load_ontology,
)
from eventatlas.geo import country_prior
from eventatlas.geo.country_prior import story_country
from eventatlas.model import Event

# ACLED's country names where ours differ, and the ones it writes with "the" after "Forces of".
ACLED_COUNTRY_NAMES = {"TR": "Turkey", "CI": "Ivory Coast", "SZ": "eSwatini",
                       "CZ": "Czech Republic", "TL": "East Timor", "CV": "Cape Verde"}
# Words for local administrative units that name the country ("Kumarkhali upazila").
ADMIN_COUNTRY = ((re.compile(r"\b(?:upazila|union parishad)\b", re.IGNORECASE), "BD"),
                 (re.compile(r"\b(?:barangay|brgy)\b", re.IGNORECASE), "PH"),
                 (re.compile(r"\bregency\b", re.IGNORECASE), "ID"))
# The learned prior's probability below which it rules an event's place country out.
RULED_OUT = 0.01
# Capitalised words inside sentences (names): the prior's evidence.
NAMES = re.compile(r"(?<![.!?]\s)(?<!^)(?<=\s|\()[A-Z][\w'-]+")
MIN_NAMES = 3

def country_name(code: str) -> str:
    return ACLED_COUNTRY_NAMES.get(code) or country_display_name(code)


@lru_cache(maxsize=32)
def aliases_in(text: str) -> tuple[AliasMatch, ...]:
    """The ontology's aliases in an event's words, found once for the three side readers."""
    return tuple(load_ontology().find_all(text))


def home_of_parties(text: str) -> str | None:
    """The one country of the national parties and their wings an event's words name ("Awami
    League supporters", "BCL activists"): their fights happen at home, whatever a place name
    shared with a neighbour resolved to. (Militias fight abroad: Hezbollah in Syria.)"""
    ontology = load_ontology()
    homes = {entry.country for match in aliases_in(text)
             if (entry := ontology.choose(match)).kind == "political_group"
             and entry.country and not entry.id.startswith("government_")}
    return homes.pop() if len(homes) == 1 else None


def story_home(text: str, code: str | None) -> str | None:
    """The country the learned prior is sure the words are set in, when the event's place is in
    a country it all but rules out ("Guji zone (Oromia)" resolved to a namesake abroad); a
    place it finds merely less likely stands (Al Shabaab fights in Somalia and Kenya)."""
    prior = country_prior.shipped_prior()
    if prior is None or code is None or code not in prior.codes:
        return None
    if len(NAMES.findall(text)) < MIN_NAMES:
        return None  # too few names for the prior to know anything ("Unknown gunmen shot ...")
    odds = prior.probabilities(text)  # once: the sure guess and the place's odds both read it
    guess = country_prior.sure(prior.best_of(odds))
    if guess is None or guess.code == code:
        return None
    return guess.code if float(odds[prior.codes.index(code)]) < RULED_OUT else None


def event_country(event: Event) -> str | None:
    for place in (event.location, event.origin, event.destination):
        if place is not None and place.country_code:
            return place.country_code
    return next((a.country_code for a in event.actors if a.country_code), None)


def document_country(events: list[Event], text: str) -> str | None:
    """The report's country: the commonest country of its events' places, else the first
    country named (or named by its people's word) in the text, else its actors' country, else
    the learned prior's (`geo.country_prior`) when it is sure."""
    counts = Counter(code for event in events
                     for place in (event.location, event.origin, event.destination)
                     if place is not None and (code := place.country_code))
    if counts:
        return counts.most_common(1)[0][0]
    for match in _country_words().finditer(text):
        code = country_code_for(match.group(0)) or country_for_demonym(match.group(0))
        if code:
            return code
    for pattern, code in ADMIN_COUNTRY:
        if pattern.search(text):
            return code
    found = next((a.country_code for event in events for a in event.actors
                  if a.country_code), None)
    if found is None and (learned := story_country(text)) is not None:
        return learned.code  # what the words say, when the learned prior is sure
    return found


@cache
def _country_words() -> re.Pattern[str]:
    names = set(ACLED_COUNTRY_NAMES.values())
    names |= {country_display_name(c.alpha_2) for c in pycountry.countries}
    names |= {word for words in DEMONYMS.values() for word in words} - NOT_DEMONYMS
    body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{body})s?\b")
