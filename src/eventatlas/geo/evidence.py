"""Building a document's `GeoContext`: the evidence of where it is.

Pass 1 reads the document's countries from its dateline, the story's actors (`story`) and its
names alone (`initial_context`); each later pass re-reads them from what the pass before chose
(`resolved_context`). What the names say before any choice, where their namesakes lie
(`name_cells`) and which may be a county holding another's town (`name_admin2s`), is read once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from eventatlas.geo.context import FORM_INNER, GeoContext, cell, spelled_as_itself
from eventatlas.geo.fallbacks import possessive
from eventatlas.geo.filters import towns_over_their_regions
from eventatlas.geo.gazetteer import Candidate, Gazetteer
from eventatlas.geo.hints import REGION_HINTS, strip_hint_words
from eventatlas.geo.normalize import normalize_name
from eventatlas.geo.scoring import KIND_PRIOR, UNAMBIGUOUS_POPULATION, log_population
from eventatlas.geo.sources import FORM_NAME
from eventatlas.model import Mention

# Evidence weights for the document's countries.
EVIDENCE_DATELINE = 3.0
EVIDENCE_COUNTRY = 2.0
EVIDENCE_UNAMBIGUOUS = 1.0
# A name surely means its largest candidate when that is UNAMBIGUOUS_POPULATION big ...
UNAMBIGUOUS_RATIO = 10.0  # ... and this many times the next one in another country
# Pass-2 evidence per resolved name, by kind: a named country or state says more about where
# the story is than one town does.
RESOLVED_WEIGHT: dict[str, float] = {
    "country": 2.0, "admin1": 2.0, "admin2": 1.5, "city": 1.0, "continent": 0.0,
}
# Places whose points anchor "near": towns, and counties/districts (small enough that their
# centre says where the story is: "Laurel County" pulls "London" to Kentucky).
ANCHOR_KINDS = frozenset({"city", "admin2"})
INNER_EVIDENCE = 0.5  # × RESOLVED_WEIGHT
_DATELINE_SPLIT = re.compile(r"[–—(]|\s-\s|:")

# Words after a name that only a town's name takes: its people ("a Lebanon woman", "the Jordan
# boys") and its local offices ("Palestine Independent School District", "Jordan middle
# school"). A country's people and offices take its demonym instead ("a Lebanese woman"), so a
# name that may be a country, written so, is a town's, everywhere in the story. A state's name
# is not read so: "a California man", "Texas officials" are the state's. ("residents" is left
# out: "Syria residents" is written of the country too.)
_TOWN_USAGE = re.compile(
    r"(?:'s)? (?:man|woman|men|women|boys?|girls?|teens?|teenagers?"
    r"|(?i:middle school|high school|elementary school|school district"
    r"|independent school district|school board|city council|town council|police department"
    r"|fire department|public library|city hall))\b")

NameKey = tuple[str, str | None]  # (normalised name, hint)
UniqueName = tuple[NameKey, str, str | None]  # (key, the text of its first mention, hint)


def initial_context(gazetteer: Gazetteer, names: Iterable[str], dateline: str | None = None,
                    story: Mapping[str, float] | None = None) -> GeoContext:
    """Country/admin1 evidence from the dateline, the story's actors, named countries and
    one-country names."""
    context = GeoContext()
    add_dateline(gazetteer, context, dateline)
    context.add_story(story)
    for name in set(names):
        key = normalize_name(name)
        candidates = gazetteer.lookup(name, every_form=True) or possessive(gazetteer, name)
        regions = [c for c in candidates if c.kind in ("country", "admin1")]
        if regions:
            context.add(max(regions, key=region_prior), EVIDENCE_COUNTRY, key)
        elif (winner := unambiguous(candidates)) is not None:
            context.add(winner, EVIDENCE_UNAMBIGUOUS, key)
    return context


def add_dateline(gazetteer: Gazetteer, context: GeoContext, dateline: str | None) -> None:
    """Where the reporter filed from: the largest place of each dateline part's name."""
    for part in dateline_parts(dateline):
        candidates = gazetteer.lookup(part)
        if candidates:
            context.add(max(candidates, key=log_population), EVIDENCE_DATELINE)


def resolved_context(gazetteer: Gazetteer, chosen: dict[NameKey, Candidate | None],
                     dateline: str | None,
                     story: Mapping[str, float] | None = None) -> GeoContext:
    """A later pass's context: the evidence of what the pass before chose for each name
    (RESOLVED_WEIGHT by kind), and its towns and counties as anchors of "near"."""
    context = GeoContext()
    add_dateline(gazetteer, context, dateline)
    context.add_story(story)
    for (key, _), candidate in chosen.items():
        if candidate is None:
            continue
        weight = RESOLVED_WEIGHT.get(candidate.kind, 1.0)
        context.add(candidate, weight * (INNER_EVIDENCE if candidate.form == FORM_INNER
                                         else 1.0), key)
        if (candidate.kind in ANCHOR_KINDS and candidate.lat is not None
                and candidate.lon is not None):
            context.anchors.append((key, candidate.lat, candidate.lon))
    return context


def name_cells(gazetteer: Gazetteer, unique: list[UniqueName],
               ) -> tuple[dict[tuple[int, int], set[str]], frozenset[str]]:
    """Where each name's town and county namesakes lie, on a grid (`GeoContext.colocated`),
    and the names that may mean a country or region ("Mexico", "Florida"), left out."""
    cells: dict[tuple[int, int], set[str]] = {}
    regions = set()
    for (key, _), text, hint in unique:
        found = (gazetteer.lookup(text, every_form=True)
                 or gazetteer.lookup(strip_hint_words(text), every_form=True))
        if hint not in REGION_HINTS:
            # As in `PlaceResolver.ranked_candidates`: unhinted, a region named like its own
            # main town (Alexandria, Quneitra) means the town, so the name is no region name.
            found = towns_over_their_regions(found)
        if any(c.kind not in ("city", "admin2") for c in found):
            regions.add(key)
            continue
        for candidate in found:
            # Every namesake counts, whatever its size: two names of a story that both have
            # a namesake in one small area (Alexandria and Douglas County, Minnesota, where
            # the largest are in Virginia and Colorado) say where the story is however
            # small those namesakes are; their size already counts in `population`.
            # Weighing them by size against the name's largest (v5: 10^(-gap/2); tried
            # /3, /4, /6) lost more the harder it weighed, and `features` still ignores a
            # namesake a factor 100 smaller than its country's largest (COLOCATED_MAX_GAP).
            if candidate.lat is not None and candidate.lon is not None and (
                    spelled_as_itself(candidate)):
                cells.setdefault(cell(candidate.lat, candidate.lon), set()).add(key)
    return cells, frozenset(regions)


def name_admin2s(gazetteer: Gazetteer, unique: list[UniqueName], regions: frozenset[str],
                 ) -> tuple[dict[str, set[str]], ...]:
    """Which names may be which county (admin2 key → names), and which have a town
    namesake inside which county (see `in_named_admin2`); then the same for counties named
    in full, and for the towns of names that may also mean a state or country."""
    counties: dict[str, set[str]] = {}
    towns: dict[str, set[str]] = {}
    full: dict[str, set[str]] = {}
    region_towns: dict[str, set[str]] = {}
    for (key, _), text, hint in unique:
        found = (gazetteer.lookup(text, every_form=True)
                 or gazetteer.lookup(strip_hint_words(text), every_form=True))
        for candidate in found:
            if candidate.admin2_key is None:
                continue
            # A hint says which reading a name has: "Jackson and Madison counties" are two
            # counties, not the town Jackson in Madison County, Tennessee.
            if candidate.kind == "admin2" and hint != "city":
                if key not in regions:  # as in `name_cells`: "Washington" gives no evidence
                    counties.setdefault(candidate.admin2_key, set()).add(key)
                    if candidate.form == FORM_NAME:
                        full.setdefault(candidate.admin2_key, set()).add(key)
            elif (candidate.kind == "city" and candidate.is_primary
                  and hint not in REGION_HINTS):
                into = region_towns if key in regions else towns
                into.setdefault(candidate.admin2_key, set()).add(key)
    return counties, towns, full, region_towns


def unambiguous(candidates: list[Candidate]) -> Candidate | None:
    """The candidate a name surely means without context: one country, or one giant."""
    if not candidates:
        return None
    top = max(candidates, key=log_population)
    others = [c for c in candidates if c.country_code != top.country_code]
    if not others:
        return top
    runner_up = max(c.population for c in others)
    big = top.population >= UNAMBIGUOUS_POPULATION
    return top if big and top.population >= UNAMBIGUOUS_RATIO * max(runner_up, 1) else None


def dateline_parts(dateline: str | None) -> list[str]:
    """"HASAKAH –" → ["HASAKAH"]; "ERBIL, Iraq (Reuters) -" → ["ERBIL", "Iraq"]."""
    if not dateline:
        return []
    head = _DATELINE_SPLIT.split(dateline, maxsplit=1)[0]
    return [part.strip() for part in head.split(",") if part.strip()]


def region_prior(candidate: Candidate) -> float:
    """Which country or admin1 a bare name most likely means ("Georgia": the country)."""
    return log_population(candidate) + KIND_PRIOR[None].get(candidate.kind, 0.0)


def name_key(mention: Mention, hint: str | None) -> NameKey:
    return normalize_name(strip_hint_words(mention.text)), hint


def unique_names(hinted: list[tuple[Mention, str | None]]) -> list[UniqueName]:
    """One (key, text, hint) per distinct name and hint: each is resolved once per pass."""
    seen: dict[NameKey, str] = {}
    for mention, hint in hinted:
        seen.setdefault(name_key(mention, hint), mention.text)
    return [(key, text, key[1]) for key, text in seen.items()]



def town_usage(gazetteer: Gazetteer, text: str, mentions: Iterable[Mention]) -> set[str]:
    """The names (keys) the story uses as a town's where they may also name a country: some
    mention is followed by a word only a town's name takes (`_TOWN_USAGE`: "a Lebanon woman"),
    and the name means no state or province."""
    found: set[str] = set()
    for mention in mentions:
        if not _TOWN_USAGE.match(text, mention.end):
            continue
        candidates = gazetteer.lookup(mention.text)
        if (any(c.kind == "country" for c in candidates)
                and not any(c.kind == "admin1" for c in candidates)):
            found.add(normalize_name(strip_hint_words(mention.text)))
    return found
