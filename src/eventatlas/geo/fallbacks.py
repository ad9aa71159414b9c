"""Candidates for names the gazetteer lacks as written.

In order: a possessive whose apostrophe scraping dropped ("Syrias"); the name without a
designator ("Benue State", "Pott Co.", "Town of Groton"); the place whose people a demonym names
("Ohioans", "New Londoners"); an AP abbreviation written out ("W. Columbia"); then, with
`fuzzy`, the other initial vowel ("Efrin" for Afrin) and close spellings, in the document's
countries only; and last the place inside a longer name ("Port of Los Angeles", form
`FORM_INNER`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from eventatlas.geo.admin1_names import shipped_names
from eventatlas.geo.context import FORM_INNER
from eventatlas.geo.gazetteer import FORM_COUNTY, Candidate, Gazetteer
from eventatlas.geo.normalize import normalize_name
from eventatlas.geo.scoring import UNAMBIGUOUS_POPULATION
from eventatlas.geo.sources import FORM_DEMONYM

FUZZY_MIN_LENGTH = 5  # shorter names are not respelled (nor read as possessives)
FUZZY_SCORE = 88.0  # rapidfuzz ratio of a close spelling, in the document's countries
# Without the document's countries, only a closer spelling of a prominent place (a region or a
# city of 100,000) will do: "Deir Ezzor" for Deir ez-Zor.
FUZZY_PROMINENT_SCORE = 93.0
# Initial vowels that transliterate one Arabic/Kurdish sound (Efrin, Afrin).
_VOWEL_SWAP = {"E": "A", "A": "E", "e": "a", "a": "e"}
# "X State", "X Township", ...: the kinds of place the designator means.
_DESIGNATOR_KINDS: dict[str, frozenset[str]] = {
    "state": frozenset({"admin1"}),
    "city": frozenset({"city"}), "town": frozenset({"city"}), "village": frozenset({"city"}),
    "township": frozenset({"city", "admin2"}), "twp.": frozenset({"city", "admin2"}),
    "twp": frozenset({"city", "admin2"}), "borough": frozenset({"city", "admin2"}),
}
_COUNTY_ABBREVIATIONS = frozenset({"co.", "cty.", "cnty."})  # "Pott Co." is Pott(awattamie)...
_PREFIX_DESIGNATORS: dict[str, frozenset[str]] = {
    "town of": frozenset({"city"}), "city of": frozenset({"city"}),
    "village of": frozenset({"city"}), "township of": frozenset({"city", "admin2"}),
    "state of": frozenset({"admin1"}), "county of": frozenset({"admin2"}),
}
# English demonym endings and what they replace (Ohio-ans, Iow-ans → Iowa, Ontar-ians →
# Ontario, Kans-ans → Kansas, Richmond-ites, New London-ers, Czech-s), tried in this order.
_DEMONYM_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ians", ("ia", "io", "")), ("ian", ("ia", "io")), ("ans", ("", "a", "as")),
    ("an", ("a", "", "as")), ("ites", ("",)), ("ite", ("",)), ("ers", ("",)), ("s", ("",)),
)
PLURAL_ENDING = "s"  # a bare plural: only of a demonym ("Czechs"), not of a town ("Chairs")
DEMONYM_MIN_STEM = 3
DEMONYM_MIN_POPULATION = 10_000
# Words that name a kind of feature or body, not a place: a run of only these inside a longer
# name ("City Hall", "State University") is not looked up as a place.
_GENERIC_WORDS = frozenset({
    "airport", "avenue", "bank", "basilica", "bay", "beach", "bridge", "building", "camp",
    "castle", "cathedral", "center", "centre", "chamber", "chambers", "church", "city",
    "college", "commission", "conference", "congress", "council", "county", "court", "cup",
    "district", "east", "embassy", "estate", "fc", "federal", "festival", "field", "general",
    "government", "hall", "harbor", "harbour", "high", "highway", "hill", "hills", "hospital",
    "hotel", "house", "international", "island", "islands", "lake", "lakes", "medical",
    "memorial", "mount", "mountain", "mountains", "museum", "national", "new", "north",
    "office", "palace", "park", "parliament", "point", "port", "prison", "race", "racecourse",
    "regional", "republic", "river", "road", "school", "senate", "show", "square", "st",
    "st.", "state", "station", "street", "summit", "south", "tower", "town", "township",
    "trade", "university", "valley", "village", "wall", "west", "world",
})
# Abbreviations of a name's first word (AP style): "W. Columbia", "Ft. Myers", "Mt. Airy".
_LEADING_ABBREVIATIONS: dict[str, str] = {
    "n.": "North", "s.": "South", "e.": "East", "w.": "West", "ft.": "Fort", "mt.": "Mount",
    "pt.": "Point",
}
# Feature words written before the name they are named after: "Lake Hartwell", "Mount Hood".
_LEADING_FEATURE_WORDS = frozenset({"lake", "mount", "mt.", "port", "fort", "river", "cape"})
_JOINING_WORDS = frozenset({"of", "the", "and", "de", "du", "la", "on", "upon", "under"})


def candidates(gazetteer: Gazetteer, name: str, countries: Counter[str],
               fuzzy: bool = True) -> list[Candidate]:
    """Exact-key matches; else the name without a designator ("Benue State", "Pott Co.",
    "Town of Groton") or as the people of a place ("Ohioans", "New Londoners"); else close
    spellings, only in the document's countries; else the place named inside a longer
    name ("Port of Los Angeles", "Dubai World Cup")."""
    found = (gazetteer.lookup(name, every_form=True) or possessive(gazetteer, name)
             or designated(gazetteer, name) or demonym_of(gazetteer, name)
             or abbreviation_spelled_out(gazetteer, name))
    if found:
        return found
    # ACLED's name of a province or district the gazetteer spells otherwise or lacks
    # ("Nuristan", an upazila): the GeoNames region it lies in.
    found = shipped_names().places(gazetteer, name)
    if found:
        return found
    if fuzzy and len(normalize_name(name)) >= FUZZY_MIN_LENGTH:
        found = initial_vowel_variant(gazetteer, name, countries) or [
            candidate for candidate, similarity in gazetteer.fuzzy_lookup(name, limit=10)
            if (similarity >= FUZZY_SCORE
                and countries[candidate.country_code or ""] > 0)
            or (similarity >= FUZZY_PROMINENT_SCORE and is_prominent(candidate))
        ] or shipped_names().close_places(
            gazetteer, name, [code for code, weight in countries.items() if weight > 0])
    return found or inner_place(gazetteer, name)


def abbreviation_spelled_out(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """The name with its first word's abbreviation written out, as AP style shortens a
    compass word or "Fort", "Mount", "Point" before a name: "W. Columbia" is West
    Columbia, "Pt. Pleasant" Point Pleasant (GeoNames lists only some such forms)."""
    words = name.split()
    full = _LEADING_ABBREVIATIONS.get(words[0].casefold()) if len(words) > 1 else None
    if full is None:
        return []
    return gazetteer.lookup(" ".join([full, *words[1:]]), every_form=True)


def designated(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """The place a designator names: "Benue State" is the state Benue, "Pott Co." a county,
    "Readington Township" / "Town of Groton" the town. The hint words (`hints`) cover
    "province" and "county"; these forms are left out there because "State" and "City"
    are also parts of names (Islamic State, Kansas City) that must be looked up whole
    first, which is what reaching this fallback means."""
    words = name.split()
    if len(words) < 2:
        return []
    last, first = words[-1].casefold(), " ".join(words[:2]).casefold()
    if last in _COUNTY_ABBREVIATIONS:
        return [c for c in gazetteer.lookup(" ".join(words[:-1]) + " County")
                if c.kind == "admin2"]
    if last in _DESIGNATOR_KINDS:
        kinds = _DESIGNATOR_KINDS[last]
        return [c for c in gazetteer.lookup(" ".join(words[:-1])) if c.kind in kinds]
    if first in _PREFIX_DESIGNATORS and len(words) > 2:
        kinds = _PREFIX_DESIGNATORS[first]
        return [c for c in gazetteer.lookup(" ".join(words[2:])) if c.kind in kinds]
    return []


def demonym_of(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """The place whose people a name calls by an English demonym the gazetteer lacks:
    "Ohioans", "Iowans", "Ontarians", "Gazans", "Richmondites", "New Londoners", and the
    plural of a known demonym ("Czechs"). Only a country, region or town of at least
    DEMONYM_MIN_POPULATION counts: small places rarely have a name for their people, and a
    stem that only meets a village is a coincidence."""
    lowered = name.casefold()
    for ending, replacements in _DEMONYM_ENDINGS:
        stem = name[: -len(ending)]
        if not lowered.endswith(ending) or len(stem) < DEMONYM_MIN_STEM:
            continue
        for replacement in replacements:
            found = [c for c in gazetteer.lookup(stem + replacement, every_form=True)
                     if c.form != FORM_COUNTY and (
                         c.kind != "city" or c.population >= DEMONYM_MIN_POPULATION)
                     and (ending != PLURAL_ENDING or c.form == FORM_DEMONYM)]
            if found:
                return found
    return []


def inner_place(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """A facility, organisation or event named after its place, which the gazetteer lacks
    ("Port of Los Angeles", "Dubai World Cup", "Manchester City", "University of
    California"): the longest run of its words that is a place name, so the mention lands
    on the place it is in rather than nowhere. Runs of generic words alone ("City Hall",
    "West Wing") and lower-case words are skipped: they name kinds of things, not places.
    Only names (not abbreviations or demonyms) count, and the run must not be the whole."""
    words = name.split()
    if len(words) < 2:
        return []
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            run, before = words[start:start + size], words[:start]
            # English puts the place first ("Dubai World Cup") or after "of" ("Bank of
            # England") or a feature word ("Lake Hartwell"); a place word at the end of a
            # name is its head noun, not its place ("Soviet Union", "French Quarter",
            # "West Wing").
            if before and not (before[-1].casefold() in _JOINING_WORDS or all(
                    word.casefold() in _LEADING_FEATURE_WORDS for word in before)):
                continue
            if (not all(word[:1].isupper() or word.casefold() in _JOINING_WORDS
                        for word in run)
                    or not run[0][:1].isupper() or not run[-1][:1].isupper()
                    or all(word.casefold().strip(".,") in _GENERIC_WORDS
                           or word.casefold() in _JOINING_WORDS for word in run)):
                continue
            found = gazetteer.lookup(" ".join(run))
            if found:
                return [dataclasses.replace(c, form=FORM_INNER) for c in found]
    return []


def initial_vowel_variant(gazetteer: Gazetteer, name: str,
                          countries: Counter[str]) -> list[Candidate]:
    """"Efrin" for "Afrin": an initial ʿayn/alif vowel is written e or a. Only towns in the
    document's countries, since in general the two letters make different names."""
    if name[:1] not in _VOWEL_SWAP:
        return []
    variant = _VOWEL_SWAP[name[0]] + name[1:]
    return [c for c in gazetteer.lookup(variant)
            if c.kind == "city" and countries[c.country_code or ""] > 0]


def possessive(gazetteer: Gazetteer, name: str) -> list[Candidate]:
    """"Syrias", "Ankaras": a possessive whose apostrophe scraping dropped. Only prominent
    owners (countries, regions, big cities), so a plain plural is not read as a place."""
    if len(name) < FUZZY_MIN_LENGTH or not name.endswith("s"):
        return []
    return [c for c in gazetteer.lookup(name[:-1])
            if c.kind in ("country", "admin1") or c.population >= UNAMBIGUOUS_POPULATION]


def is_prominent(candidate: Candidate) -> bool:
    """A country, an admin1 region or a town of UNAMBIGUOUS_POPULATION."""
    return candidate.kind in ("country", "admin1") or (
        candidate.kind == "city" and candidate.population >= UNAMBIGUOUS_POPULATION)

