"""Hierarchies in the text: a town named with the district and province that hold it.

Conflict reporting, ACLED's notes above all, writes a place as a chain, narrowest first:
"Djaiba (Djugu, Ituri)", "Buaale town (Bu'aale, Middle Juba)", "Leon de los Aldama,
Guanajuato", "Kabul's Chahar Asyab district", "Ein Issa town in Ar-Raqqa countryside",
"Tombo neighbourhood of Freetown city". `find_chains` reads such chains from the text alone
(spaCy often labels their parts PERSON or ORG, or swallows a parenthesis into one entity);
`PlaceResolver` (`resolve.py`) then resolves each chain as one: the candidates of its parts that
contain one another win, and when the narrowest part is unknown the chain stops at the
narrowest part it could place, with that part's precision (a district at ACLED geo_precision 2,
a province at 3), never at a same-named town elsewhere.

A chain is only a reading of the words; nothing is decided until its parts' candidates are
found to nest (`nests`), so a plain list ("Homs, Hama, Idlib") yields no chain place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from eventatlas.geo.admin1_names import admin1_name
from eventatlas.geo.districts import district_core
from eventatlas.geo.gazetteer import Candidate, Gazetteer, haversine_km
from eventatlas.geo.normalize import normalize_name
from eventatlas.model import Place

# Words after a name that say what kind of place it is, and the precision the chain gives a
# place known only down to that part. Lower case only: "Western Area Urban" is a name.
DISTRICT_WORDS = frozenset({
    "district", "districts", "locality", "upazila", "township", "county", "regency",
    "municipality", "territory", "commune", "department", "subdistrict", "sub-district",
    "prefecture", "division", "zone", "lga", "tehsil",
    # What ACLED's notes call districts elsewhere: Ethiopia's woredas, South Sudan's payams,
    # Bangladesh's unions and "sadar" (a district's home upazila), Ukraine's hromadas, Uganda's
    # sub-counties, Sierra Leone's chiefdoms, India's talukas and blocks.
    "woreda", "payam", "union", "sadar", "territorial community", "hromada", "raion",
    "rayon", "sub-county", "subcounty", "chiefdom", "taluka", "mandal", "block", "cercle",
})
PROVINCE_WORDS = frozenset({
    "province", "state", "region", "governorate", "countryside", "oblast",
})
TOWN_WORDS = frozenset({
    "town", "city", "village", "neighbourhood", "neighborhood", "area", "camp", "suburb",
    "quarter", "village tract", "kebele", "corregimiento", "barangay",
})
# A part of a town: what such a head is named with is the town, not a region.
PART_OF_TOWN_WORDS = frozenset({
    "neighbourhood", "neighborhood", "area", "camp", "suburb", "quarter"})
DESIGNATORS = DISTRICT_WORDS | PROVINCE_WORDS | TOWN_WORDS
# A capitalised name of up to four words, with the joining particles of Spanish, Arabic and
# French names ("Leon de los Aldama", "Ras al-Ain", "Bu'aale").
_WORD = r"[A-Z][\w'’\-]*"
_JOIN = r"(?:de|del|de los|de la|des|du|al|el|bin|ibn|wa)"
NAME = rf"{_WORD}(?:\s+(?:{_JOIN}\s+)?{_WORD}){{0,3}}"
_DESIGNATOR = "|".join(sorted((re.escape(w) for w in DESIGNATORS), key=len, reverse=True))


def _part_pattern(tag: str) -> str:
    """A name, captured as `tag`, and the designator after it, if any, as `tag` + "d"."""
    return rf"(?P<{tag}>{NAME})(?:\s+(?P<{tag}d>{_DESIGNATOR})\b)?"


# "Djaiba (Djugu, Ituri)", "Al Kereinik town (Kereneik locality, West Darfur state)".
_PARENTHESIS = re.compile(
    _part_pattern("a") + r"\s*\(" + _part_pattern("b")
    + r"(?:\s*,\s*" + _part_pattern("c") + r")?(?:\s*,\s*" + _part_pattern("e") + r")?\)")
# "Leon de los Aldama, Guanajuato", "Kamdesh district, Nuristan".
_COMMAS = re.compile(
    _part_pattern("a") + r",\s+" + _part_pattern("b")
    + r"(?:,\s+" + _part_pattern("c") + r")?(?=[\s.,;:)]|$)")
# "Kabul's Chahar Asyab district", "Harinakunda's Bishkhali village".
_POSSESSIVE = re.compile(rf"(?P<b>{NAME})['’]s\s+" + _part_pattern("a"))
# "Ein Issa town in Ar-Raqqa countryside", "Tombo neighbourhood of Freetown city",
# "Pakhimara village of Kalapara upazila": the narrow part needs its designator here.
_INSIDE = re.compile(
    rf"(?P<a>{NAME})\s+(?P<ad>{_DESIGNATOR})\s+(?:in|of)\s+(?:the\s+)?" + _part_pattern("b"))

# A district named after its main town (Djugu, Bossaso) is placed at that town: a town this
# close to it is inside. Districts of the countries ACLED covers are mostly under 60 km across.
DISTRICT_KM = 60.0


@dataclass(frozen=True, slots=True)
class Part:
    """One name of a chain: its span in the text and the designator written after it."""

    start: int
    end: int
    text: str
    designator: str | None

    @property
    def level(self) -> str | None:
        """"admin2", "admin1" or "city" by the designator; None when there is none."""
        if self.designator in DISTRICT_WORDS:
            return "admin2"
        if self.designator in PROVINCE_WORDS:
            return "admin1"
        if self.designator in TOWN_WORDS:
            return "city"
        return None


def find_chains(text: str) -> list[tuple[list[Part], bool]]:
    """The chains of place names in `text`, each narrowest first, and whether the chain is a
    hierarchy by its form (a parenthesis, a possessive, "X town in Y"), not commas alone.
    Fresh lists each call, read once per text: the focus and the resolver both ask for a
    document's chains, and the four patterns scan the whole text."""
    return [(list(parts), structural) for parts, structural in _chains_of(text)]


@lru_cache(maxsize=8)
def _chains_of(text: str) -> tuple[tuple[tuple[Part, ...], bool], ...]:
    return tuple((tuple(parts), structural) for parts, structural in _find_chains(text))


def _find_chains(text: str) -> list[tuple[list[Part], bool]]:
    chains: list[list[Part]] = []
    structural: set[int] = set()
    for pattern in (_PARENTHESIS, _POSSESSIVE, _INSIDE, _COMMAS):
        for match in pattern.finditer(text):
            parts = [_part(match, tag) for tag in ("a", "b", "c", "e")
                     if match.groupdict().get(tag)]
            if len(parts) >= 2 and not any(_overlaps(parts[0], chain[0]) for chain in chains):
                chains.append(parts)
                if pattern is not _COMMAS or parts[0].designator is not None:
                    # "Daman district, Kandahar": a designator makes commas a hierarchy.
                    structural.add(id(parts))
    # "Tombo neighbourhood of Freetown city (Western Area Urban, Western)": one chain of four.
    for chain in sorted(chains, key=lambda chain: chain[0].start):
        for other in chains:
            if chain and other and other is not chain and other[0] == chain[-1]:
                chain.extend(other[1:])
                other.clear()
                if id(other) in structural:
                    structural.add(id(chain))
    return [(chain, id(chain) in structural) for chain in chains if chain]


def _part(match: re.Match[str], tag: str) -> Part:
    designator = match.groupdict().get(tag + "d")
    return Part(match.start(tag), match.end(tag), match.group(tag),
                designator.casefold() if designator else None)


def _overlaps(one: Part, other: Part) -> bool:
    return one.start < other.end and other.start < one.end


def nests(narrow: Candidate, broad: Candidate) -> bool:
    """Whether `narrow` lies inside `broad`: the same country, the same admin1 for a province,
    the same county or district (or, without one, within DISTRICT_KM of its point) for an admin2,
    within DISTRICT_KM of a town that stands for its district ("Djugu", "Bossaso")."""
    if narrow is broad or narrow.country_code != broad.country_code or not broad.country_code:
        return False
    if broad.kind in ("country", "continent"):
        return narrow.kind != broad.kind
    if broad.kind == "admin1":
        return narrow.kind in ("admin2", "city") and narrow.admin1_code == broad.admin1_code
    if narrow.kind not in ("admin2", "city"):
        return False
    if broad.kind == "admin2" and narrow.admin2_key and broad.admin2_key:
        return narrow.admin2_key == broad.admin2_key or (
            district_core(narrow.admin2_key) == district_core(broad.admin2_key))
    return _distance(narrow, broad) <= DISTRICT_KM


def _distance(one: Candidate, other: Candidate) -> float:
    if None in (one.lat, one.lon, other.lat, other.lon):
        return float("inf")
    return haversine_km(one.lat, one.lon, other.lat, other.lon)  # type: ignore[arg-type]


# A link between two parts that nest is worth this much in the chain's score, on top of the
# resolver's scores of the candidates: "Djugu" beside "Ituri", "Leon" beside "Guanajuato".
W_LINK = 4.0
HINT_OF_LEVEL = {"admin2": "admin2", "admin1": "admin1", "city": "city"}
# What a place known only down to a chain's broader part is, by that part's kind.
_PRECISION_OF_KIND = {"country": "country", "continent": "country", "admin1": "admin1",
                      "admin2": "admin2", "city": "admin2"}

Scored = list[tuple[Candidate, float]]


@dataclass(slots=True)
class ChainReading:
    """What a chain says: each part's chosen candidate (None: unknown or not nesting), the
    number of nesting links, and the head's place with its precision."""

    picks: list[Candidate | None]
    links: int
    head: Candidate | None
    precision: str | None


def read_chain(parts: list[Part], scored: Callable[[Part], Scored],
               structural: bool) -> ChainReading | None:
    """The best reading of a chain: candidates that nest in the next broader part's choice
    gain W_LINK each. `scored(part)` gives the part's candidates with the resolver's scores.
    A chain of commas alone ("Leon de los Aldama, Guanajuato") counts only with a link, since
    the same words are also a list; a parenthesis, a possessive or "X town in Y" is a
    hierarchy by its form, so an unknown head still takes its district's or province's place."""
    # States by the last (broadest so far) chosen candidate: (score, links, picks).
    states: dict[int, tuple[float, int, list[Candidate | None], Candidate | None]] = {
        -1: (0.0, 0, [], None)}
    for part in reversed(parts):
        options = scored(part)
        grown: dict[int, tuple[float, int, list[Candidate | None], Candidate | None]] = {}
        for total, links, picks, last in states.values():
            keep(grown, -1 if last is None else id(last), (total, links, [None, *picks], last))
            for candidate, value in options:
                if last is not None and not nests(candidate, last):
                    continue
                link = last is not None
                keep(grown, id(candidate), (total + value + W_LINK * link, links + link,
                                            [candidate, *picks], candidate))
        states = grown
    total, links, picks, _ = max(states.values(), key=lambda state: state[0])
    if not links and not structural:
        return None
    if structural and not links and picks[0] is not None:
        # "Tula (East Hararghe, Oromia)": a head that nests in none of the broader parts, while
        # a district or province among them is known, is a same-named town elsewhere (Tula,
        # Russia); the chain places it at that district or province instead. Not at a town:
        # "the Aleppo suburb of Orum al-Kubra" is no reason to leave Aleppo.
        broader = [state for state in states.values()
                   if state[2][0] is None and _narrowest_is_region(state[2][1:])]
        if broader:
            total, links, picks, _ = max(broader, key=lambda state: state[0])
    head = picks[0]
    if head is not None:
        return ChainReading(picks, links, head, None)
    index = next((i for i, pick in enumerate(picks) if pick is not None), None)
    if index is None:
        return None
    narrowest = picks[index]
    assert narrowest is not None
    # "Tombo neighbourhood of Freetown city": a neighbourhood is placed at its town.
    precision = ("town" if narrowest.kind == "city" and parts[index].level == "city"
                 else _PRECISION_OF_KIND[narrowest.kind])
    return ChainReading(picks, links, narrowest, precision)


def _narrowest_is_region(picks: list[Candidate | None]) -> bool:
    narrowest = next((pick for pick in picks if pick is not None), None)
    return narrowest is not None and narrowest.kind in ("admin2", "admin1")


def keep(states: dict, key: int, state: tuple) -> None:
    if key not in states or state[0] > states[key][0]:
        states[key] = state


def qualifier_regions(text: str, places: dict[tuple[int, int], Place],
                      gazetteer: Gazetteer) -> dict[tuple[int, int], Place]:
    """The places of a chain's broader parts read as the regions they qualify the head with:
    in "Noakhali, Chittagong", "Marhanets, Dnipropetrovsk" or "Jhenaidah Sadar (Khulna)" the
    second name is the division or oblast, not its capital, which would otherwise outrank the
    head as the more precise place. Only where a region of that name holds the head's place
    (or, the head unplaced, the qualifier's own town), so a list ("Homs, Hama") stays as it is;
    a head the resolver left unplaced takes its namesake inside that region ("Gopalganj,
    Dhaka")."""
    changed: dict[tuple[int, int], Place] = {}
    for parts, _ in find_chains(text):
        if parts[0].designator in PART_OF_TOWN_WORDS:
            continue  # "Howayqa neighbourhood of Deir Ezzor": the town itself
        head = places.get((parts[0].start, parts[0].end))
        for part in parts[1:]:
            span = (part.start, part.end)
            own = places.get(span)
            if normalize_name(part.text) == normalize_name(parts[0].text):
                # "Cordoba (Cordoba)", "San Juan, San Juan": the town in its namesake province.
                changed.update(_town_in_namesake(gazetteer, parts[0], part, head or own))
                break
            if own is None or own.precision != "town" or part.level == "city":
                continue  # "Barwaqo village in Wajir town (...)": a town by its own words
            region = _region_named(gazetteer, part.text, own, head)
            if region is None:
                continue
            changed[span] = _as_place(region, own.text, span)
            if head is None:
                inside = _inside_region(gazetteer, parts[0].text, region)
                if inside is not None:
                    head_span = (parts[0].start, parts[0].end)
                    changed[head_span] = _as_place(inside, parts[0].text, head_span)
                    head = changed[head_span]
    return changed


def _town_in_namesake(gazetteer: Gazetteer, town_part: Part, region_part: Part,
                      known: Place | None) -> dict[tuple[int, int], Place]:
    """The town and the admin1 region both called so, the town inside the region: in the
    country the name was already placed in when it has such a pair, else the most populous
    region's ("San Juan (San Juan)" is Argentina's, not Metro Manila's town; but "Ilam
    (Ilam)", a Nepalese district the gazetteer holds no town of, becomes Iran's)."""
    found = gazetteer.lookup(town_part.text)
    pairs = [(region, town) for region in found if region.kind == "admin1"
             for town in found if town.kind == "city" and nests(town, region)]
    if not pairs:
        return {}
    region, town = max(pairs, key=lambda pair: (
        known is not None and pair[0].country_code == known.country_code,
        pair[0].population, pair[1].population))
    return {(town_part.start, town_part.end): _as_place(
                town, town_part.text, (town_part.start, town_part.end)),
            (region_part.start, region_part.end): _as_place(
                region, region_part.text, (region_part.start, region_part.end))}


def _region_named(gazetteer: Gazetteer, name: str, town: Place,
                  head: Place | None) -> Candidate | None:
    """The admin1 region called `name` in the town's country that holds the head (or, with no
    head placed, the town)."""
    inner = head or town
    return next((c for c in gazetteer.lookup(name) if c.kind == "admin1"
                 and c.country_code == inner.country_code == town.country_code
                 and admin1_name(c) == inner.admin1), None)


def _inside_region(gazetteer: Gazetteer, name: str, region: Candidate) -> Candidate | None:
    found = [c for c in gazetteer.lookup(name) if c.kind in ("city", "admin2")
             and nests(c, region)]
    return max(found, key=lambda c: (c.kind == "city", c.population), default=None)


def _as_place(candidate: Candidate, text: str, span: tuple[int, int]) -> Place:
    precision = "town" if candidate.kind == "city" else candidate.kind
    return Place(name=candidate.name, text=text, precision=precision,  # type: ignore[arg-type]
                 geonameid=candidate.geonameid, lat=candidate.lat, lon=candidate.lon,
                 admin1=admin1_name(candidate), country_code=candidate.country_code,
                 start=span[0], end=span[1])
