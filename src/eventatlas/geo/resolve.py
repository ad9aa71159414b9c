"""Toponym resolution: pick the gazetteer place each place mention refers to.

Each candidate gets a score from its population (log scale), whether its kind fits the hint
("Hasakah province" wants an admin1), how much of the document's evidence points at its country
and admin1 (the dateline, named countries, names only one country has), its distance to the
document's other places, and whether the text matched its name exactly. Mentions are resolved
independently from that shared context, so one unknown name never costs the others theirs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from eventatlas.geo.gazetteer import Candidate, Gazetteer, haversine_km
from eventatlas.geo.hints import strip_hint_words, text_hint
from eventatlas.geo.normalize import fold, normalize_name
from eventatlas.model import GeoPrecision, Mention, Place

PLACE_LABELS = frozenset({"GPE", "LOC", "PLACE", "LOCATION"})

# Score weights. Population is log10(pop), so 1.0 there is a factor of ten in size.
W_COUNTRY = 4.0  # × the share of the document's evidence for the candidate's country
W_ADMIN1 = 1.5  # × the share for its admin1
W_NEAR = 2.0  # × closeness to the document's other places (1 at 0 km, 0 beyond NEAR_KM)
NEAR_KM = 500.0
W_EXACT = 1.0  # the words matched the name including its article (El Salvador ≠ Salvador)
W_PRIMARY = 0.5  # matched the main name rather than an alternate
# Without a hint, a name shared by a region and its capital means the town (Raqqa).
KIND_PRIOR: dict[str | None, dict[str, float]] = {
    None: {"city": 0.0, "admin2": -1.0, "admin1": -1.5, "country": 1.0, "continent": 1.0},
    "city": {"city": 2.0, "admin2": -1.0, "admin1": -2.0, "country": -1.0, "continent": -2.0},
    "route": {"city": 2.0, "admin2": -2.0, "admin1": -2.0, "country": -2.0, "continent": -2.0},
    "admin1": {"city": 0.0, "admin2": 1.0, "admin1": 4.0, "country": 1.0, "continent": 0.0},
    "admin2": {"city": 1.0, "admin2": 4.0, "admin1": 0.5, "country": -1.0, "continent": -1.0},
    "region": {"city": -1.0, "admin2": 0.0, "admin1": 2.0, "country": 3.0, "continent": 3.0},
    "country": {"city": -2.0, "admin2": -1.0, "admin1": 0.0, "country": 4.0, "continent": 2.0},
}
# Evidence weights for the document's countries.
EVIDENCE_DATELINE = 3.0
EVIDENCE_COUNTRY = 2.0
EVIDENCE_UNAMBIGUOUS = 1.0
UNAMBIGUOUS_POPULATION = 100_000  # the largest candidate must be this big ...
UNAMBIGUOUS_RATIO = 10.0  # ... and this many times the next one in another country
UNKNOWN_POPULATION = 1000
# A document "firmly" set in one country: this much evidence from its other names, and this
# share of it for the one country. Namesake towns elsewhere smaller than STRAY_POPULATION, or
# reached through a loose spelling, are then dropped (see `_stray`).
STRONG_EVIDENCE = 4.0
STRONG_SHARE = 0.6
STRAY_POPULATION = 5000
ACRONYM_MAX = 5
# Pass-2 evidence per resolved name, by kind: a named country or state says more about where
# the story is than one town does.
RESOLVED_WEIGHT: dict[str, float] = {
    "country": 2.0, "admin1": 2.0, "admin2": 1.5, "city": 1.0, "continent": 0.0,
}
FUZZY_MIN_LENGTH = 5
# Initial vowels that transliterate one Arabic/Kurdish sound (Efrin, Afrin); see candidates().
_VOWEL_SWAP = {"E": "A", "A": "E", "e": "a", "a": "e"}
REGION_HINTS = frozenset({"admin1", "admin2", "region"})
TOWN_SHARE = 0.1
FUZZY_SCORE = 88.0
# Without the document's countries, only a closer spelling of a prominent place (a region or a
# city of 100,000) will do: "Deir Ezzor" for Deir ez-Zor.
FUZZY_PROMINENT_SCORE = 93.0
_DATELINE_SPLIT = re.compile(r"[–—(]|\s-\s|:")


@dataclass(slots=True)
class GeoContext:
    """What the document as a whole says about where it is.

    Evidence is remembered per source name, so a candidate for "Dublin" is scored on what the
    *rest* of the document says: a name must not vote for its own most famous namesake.
    """

    countries: Counter[str] = field(default_factory=Counter)
    admin1s: Counter[tuple[str, str]] = field(default_factory=Counter)
    anchors: list[tuple[str, float, float]] = field(default_factory=list)  # (key, lat, lon)
    own_countries: dict[str, Counter[str]] = field(default_factory=dict)
    own_admin1s: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)

    def add(self, candidate: Candidate, weight: float, source: str = "") -> None:
        if candidate.country_code:
            self.countries[candidate.country_code] += weight
            self.own_countries.setdefault(source, Counter())[candidate.country_code] += weight
        if candidate.country_code and candidate.admin1_code and candidate.kind not in (
                "country", "continent"):
            region = (candidate.country_code, candidate.admin1_code)
            self.admin1s[region] += weight
            self.own_admin1s.setdefault(source, Counter())[region] += weight

    def country_share(self, code: str | None, key: str = "") -> float:
        own = self.own_countries.get(key) or Counter()
        total = sum(self.countries.values()) - sum(own.values())
        return (self.countries[code] - own[code]) / total if code and total > 0 else 0.0

    def admin1_share(self, candidate: Candidate, key: str = "") -> float:
        own = self.own_admin1s.get(key) or Counter()
        total = sum(self.admin1s.values()) - sum(own.values())
        region = (candidate.country_code or "", candidate.admin1_code or "")
        return (self.admin1s[region] - own[region]) / total if total > 0 else 0.0

    def strong(self, key: str = "") -> bool:
        """The rest of the document points firmly at one country: enough evidence, most of it
        for that country."""
        own = self.own_countries.get(key) or Counter()
        rest = self.countries - own
        total = sum(rest.values())
        return total >= STRONG_EVIDENCE and max(rest.values()) >= STRONG_SHARE * total

    def closeness(self, candidate: Candidate, key: str) -> float:
        """1 for a candidate on top of another place of the document, 0 beyond NEAR_KM."""
        if candidate.lat is None or candidate.lon is None:
            return 0.0
        distances = [
            haversine_km(candidate.lat, candidate.lon, lat, lon)
            for other, lat, lon in self.anchors if other != key
        ]
        return max(0.0, 1.0 - min(distances) / NEAR_KM) if distances else 0.0


class PlaceResolver:
    """Resolves place mentions to gazetteer places, using the document as context."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def resolve_mentions(
        self,
        mentions: list[Mention],
        dateline: str | None = None,
        hints: dict[tuple[int, int], str] | None = None,
    ) -> dict[tuple[int, int], Place]:
        """Places for the place mentions that resolve, keyed by the mention's (start, end).

        `hints` (from `recognize.place_mentions`) adds what the words around a mention say;
        hints inside the mention's own text ("Hasakah province") are read either way.
        """
        places = [m for m in mentions if m.label in PLACE_LABELS]
        hinted = [(m, (hints or {}).get((m.start, m.end)) or text_hint(m.text)) for m in places]
        unique = _unique(hinted)
        # Pass 1 reads the document's countries from its names alone; pass 2 re-reads them
        # from what pass 1 chose (so "Ga." and "Laurens County" pull "Dublin" to Georgia) and
        # adds nearness to the other towns.
        context = self.context_for((strip_hint_words(m.text) for m in places), dateline)
        first = {key: self.best(text, hint, context) for key, text, hint in unique}
        context = self._resolved_context(first, dateline)
        best = {key: self.best(text, hint, context) for key, text, hint in unique}
        result: dict[tuple[int, int], Place] = {}
        for mention, hint in hinted:
            candidate = best.get(_name_key(mention, hint))
            if candidate is not None:
                place = _place(candidate, mention.text, hint)
                place.start, place.end = mention.start, mention.end
                result[(mention.start, mention.end)] = place
        return result

    def context_for(self, names: Iterable[str], dateline: str | None = None) -> GeoContext:
        """Country/admin1 evidence from the dateline, named countries and one-country names."""
        context = GeoContext()
        self._add_dateline(context, dateline)
        for name in set(names):
            key = normalize_name(name)
            candidates = self.gazetteer.lookup(name, every_form=True) or self._possessive(name)
            regions = [c for c in candidates if c.kind in ("country", "admin1")]
            if regions:
                context.add(max(regions, key=_region_prior), EVIDENCE_COUNTRY, key)
            elif (winner := _unambiguous(candidates)) is not None:
                context.add(winner, EVIDENCE_UNAMBIGUOUS, key)
        return context

    def _add_dateline(self, context: GeoContext, dateline: str | None) -> None:
        for part in _dateline_parts(dateline):
            candidates = self.gazetteer.lookup(part)
            if candidates:
                context.add(max(candidates, key=_prior), EVIDENCE_DATELINE)

    def _resolved_context(self, chosen: dict[NameKey, Candidate | None],
                          dateline: str | None) -> GeoContext:
        context = GeoContext()
        self._add_dateline(context, dateline)
        for (key, _), candidate in chosen.items():
            if candidate is None:
                continue
            context.add(candidate, RESOLVED_WEIGHT.get(candidate.kind, 1.0), key)
            if candidate.kind == "city" and candidate.lat is not None and candidate.lon is not None:
                context.anchors.append((key, candidate.lat, candidate.lon))
        return context

    def resolve(self, text: str, hint: str | None, context: GeoContext) -> Place | None:
        """The best place for one mention text, or None when the gazetteer has no match."""
        hint = hint or text_hint(text)
        best = self.best(text, hint, context)
        return _place(best, text, hint) if best is not None else None

    def best(self, text: str, hint: str | None, context: GeoContext) -> Candidate | None:
        """The highest-scoring candidate for a mention text."""
        hint = hint or text_hint(text)
        name = text
        candidates = self.gazetteer.lookup(text, every_form=True)
        if not candidates:
            # Hint words are part of some names (North Dakota); strip them only when needed.
            name = strip_hint_words(text)
            candidates = self.candidates(name, context)
        if not candidates:
            return None
        key = normalize_name(strip_hint_words(text))
        if hint not in REGION_HINTS:
            candidates = _towns_over_their_regions(candidates)
        candidates = [c for c in candidates if not _stray(c, name, context, key)]
        if not candidates:
            return None  # better unresolved than a far-away namesake the story never points to
        return max(candidates, key=lambda c: score(c, hint, context, key))

    def candidates(self, name: str, context: GeoContext) -> list[Candidate]:
        """Exact-key matches; else close spellings, only in the document's countries."""
        found = self.gazetteer.lookup(name, every_form=True) or self._possessive(name)
        if found or len(normalize_name(name)) < FUZZY_MIN_LENGTH:
            return found
        found = self._initial_vowel_variant(name, context)
        if found:
            return found
        return [
            candidate for candidate, similarity in self.gazetteer.fuzzy_lookup(name, limit=10)
            if (similarity >= FUZZY_SCORE and context.countries[candidate.country_code or ""] > 0)
            or (similarity >= FUZZY_PROMINENT_SCORE and _prominent(candidate))
        ]


    def _initial_vowel_variant(self, name: str, context: GeoContext) -> list[Candidate]:
        """"Efrin" for "Afrin": an initial ʿayn/alif vowel is written e or a. Only towns in the
        document's countries, since in general the two letters make different names."""
        if name[:1] not in _VOWEL_SWAP:
            return []
        variant = _VOWEL_SWAP[name[0]] + name[1:]
        return [c for c in self.gazetteer.lookup(variant)
                if c.kind == "city" and context.countries[c.country_code or ""] > 0]

    def _possessive(self, name: str) -> list[Candidate]:
        """"Syrias", "Ankaras": a possessive whose apostrophe scraping dropped. Only prominent
        owners (countries, regions, big cities), so a plain plural is not read as a place."""
        if len(name) < FUZZY_MIN_LENGTH or not name.endswith("s"):
            return []
        return [c for c in self.gazetteer.lookup(name[:-1])
                if c.kind in ("country", "admin1") or c.population >= UNAMBIGUOUS_POPULATION]


def score(candidate: Candidate, hint: str | None, context: GeoContext, key: str = "") -> float:
    """How likely `candidate` is the place meant, given the hint and the document."""
    kind_prior = KIND_PRIOR.get(hint, KIND_PRIOR[None])
    return (
        _prior(candidate)
        + kind_prior.get(candidate.kind, 0.0)
        + W_COUNTRY * context.country_share(candidate.country_code, key)
        + W_ADMIN1 * context.admin1_share(candidate, key)
        + W_NEAR * context.closeness(candidate, key)
        + W_EXACT * candidate.exact
        + W_PRIMARY * candidate.is_primary
    )


def _stray(candidate: Candidate, text: str, context: GeoContext, key: str) -> bool:
    """A town abroad that the rest of a document firmly set elsewhere never mentions, reached
    only through a loose spelling (an alternate name, a folded variant: "Al-Quriyah" → Korla,
    "SANA" → Sanaa), tiny ("Golan" → a hamlet in Iran) or written as an acronym. Namesakes
    like these are what an unknown local name falls onto: better leave the name unresolved."""
    if candidate.kind not in ("city", "admin1") or not context.strong(key):
        return False
    if context.country_share(candidate.country_code, key) > 0 or context.closeness(
            candidate, key) > 0:
        return False
    tiny = candidate.kind == "city" and candidate.population < STRAY_POPULATION
    return tiny or not _spells_main_name(candidate, text) or _is_acronym(text)


def _is_acronym(text: str) -> bool:
    """"SANA", "UCLA": capitals this short are mostly organisations, whatever town they spell."""
    letters = text.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= ACRONYM_MAX


def _spells_main_name(candidate: Candidate, text: str) -> bool:
    """The words are the candidate's own name or its first words ("New York" for New York City,
    "Clacton" for Clacton-on-Sea), up to case, accents and punctuation."""
    words, name = fold(strip_hint_words(text)), fold(candidate.name)
    return bool(words) and (name == words or name.startswith(words + " "))


def _prominent(candidate: Candidate) -> bool:
    return candidate.kind in ("country", "admin1") or (
        candidate.kind == "city" and candidate.population >= UNAMBIGUOUS_POPULATION)


def _prior(candidate: Candidate) -> float:
    # GeoNames gives many Syrian towns population 0, meaning unknown (cities500 has only towns
    # of ≥ 500); scoring them as empty would lose Ra's al-Ayn to a namesake in Israel.
    population = candidate.population or UNKNOWN_POPULATION
    return math.log10(population + 1)


def _unambiguous(candidates: list[Candidate]) -> Candidate | None:
    """The candidate a name surely means without context: one country, or one giant."""
    if not candidates:
        return None
    top = max(candidates, key=_prior)
    others = [c for c in candidates if c.country_code != top.country_code]
    if not others:
        return top
    runner_up = max(c.population for c in others)
    big = top.population >= UNAMBIGUOUS_POPULATION
    return top if big and top.population >= UNAMBIGUOUS_RATIO * max(runner_up, 1) else None


def _dateline_parts(dateline: str | None) -> list[str]:
    """"HASAKAH –" → ["HASAKAH"]; "ERBIL, Iraq (Reuters) -" → ["ERBIL", "Iraq"]."""
    if not dateline:
        return []
    head = _DATELINE_SPLIT.split(dateline, maxsplit=1)[0]
    return [part.strip() for part in head.split(",") if part.strip()]


NameKey = tuple[str, str | None]  # (normalised name, hint)


def _name_key(mention: Mention, hint: str | None) -> NameKey:
    return normalize_name(strip_hint_words(mention.text)), hint


def _unique(hinted: list[tuple[Mention, str | None]]) -> list[tuple[NameKey, str, str | None]]:
    """One (key, text, hint) per distinct name and hint: each is resolved once per pass."""
    seen: dict[NameKey, str] = {}
    for mention, hint in hinted:
        seen.setdefault(_name_key(mention, hint), mention.text)
    return [(key, text, key[1]) for key, text in seen.items()]


def _towns_over_their_regions(candidates: list[Candidate]) -> list[Candidate]:
    """Drop a region named like its own main town (Quneitra, Raqqa, New York): unhinted, the
    name means the town; "Quneitra province" carries its hint. A main town holds at least
    TOWN_SHARE of the region's people, so Minneota (an alternate "Minnesota") does not count."""
    towns = [c for c in candidates if c.kind == "city"]

    def named_after_town(region: Candidate) -> bool:
        return any(t.country_code == region.country_code and t.admin1_code == region.admin1_code
                   and t.population >= TOWN_SHARE * region.population for t in towns)

    return [c for c in candidates if c.kind != "admin1" or not named_after_town(c)]


def _region_prior(candidate: Candidate) -> float:
    """Which country or admin1 a bare name most likely means ("Georgia": the country)."""
    return _prior(candidate) + KIND_PRIOR[None].get(candidate.kind, 0.0)


def _precision(candidate: Candidate, hint: str | None) -> GeoPrecision:
    if candidate.kind in ("country", "continent"):
        return "country"  # the model has no coarser code than country (see docs/geo.md)
    if candidate.kind in ("admin1", "admin2"):
        return candidate.kind
    # "X district" named after its town: the town's coordinates, at district precision.
    return "admin2" if hint == "admin2" else "town"


def _place(candidate: Candidate, text: str, hint: str | None) -> Place:
    return Place(
        name=candidate.name, text=text, precision=_precision(candidate, hint),
        geonameid=candidate.geonameid, lat=candidate.lat, lon=candidate.lon,
        admin1=candidate.admin1_name if candidate.kind not in ("country", "continent") else None,
        country_code=candidate.country_code,
    )
