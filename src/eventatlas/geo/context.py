"""What a document as a whole says about where it is: `GeoContext`.

The evidence for each country and admin1 (the dateline, the story's actors, named countries and
regions, what the names resolved to in the pass before), remembered per source name so that a
name never votes for itself; the anchors of "near"; which names have namesakes side by side
(`colocated`) or town-in-county pairs (`in_named_admin2`); which English the story is written
in (`locale`). `evidence` builds it; `scoring` reads it into a candidate's features.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eventatlas.geo.gazetteer import FORM_COUNTY, Candidate, haversine_km
from eventatlas.geo.sources import FORM_NAME

NEAR_KM = 500.0  # closeness is 1 on top of another place of the document, 0 beyond this
CELL_DEGREES = 0.5  # grid of `colocated`: a candidate's cell and the 8 around it
# A name with namesakes in many places lands beside some candidate of another name by chance:
# "Atlanta" (a town in Illinois, in Georgia, in Texas ...) beside McLean County, Illinois. Its
# `colocated` vote counts √(COLOCATED_SPREAD / cells), cells the number of 0.5° cells holding
# its namesakes: in full up to 5 cells, half at 20 (v6.1; LGL only, GeoWebNews unchanged: 5
# +6 −2 toponyms, 3 +8 −7, 10 +4 −1; votes weighed linearly, 5/cells, +8 −9).
COLOCATED_SPREAD = 5.0
# A document "firmly" set in one country: this much evidence from its other names, and this
# share of it for the one country. Tiny namesake towns elsewhere, or those reached through a
# loose spelling, are then dropped (`filters.is_stray`).
STRONG_EVIDENCE = 4.0
STRONG_SHARE = 0.6
# The story's own countries, from outside its place names (`resolve_mentions(story=...)`: the
# actors' home countries, the demonyms of its people), each this much evidence. A town in a
# country nothing in the story supports needs evidence of its own (`filters.is_unsupported`).
EVIDENCE_STORY = 1.0
STORY_SOURCE = "#story"
SUPPORTED_EVIDENCE = 2.0  # the rest of the story says this much, STRONG_SHARE for one country
# How a candidate matched when it is the place inside a longer name ("Port of Los Angeles"):
# resolver-only, after the gazetteer's forms (name, abbreviation, demonym, county). Such a match
# is weaker evidence of where the story is than the place named outright.
FORM_INNER = 4


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

    def story_setting(self, key: str = "") -> tuple[str, float] | None:
        """The country the rest of the document points to most, with its share, when the
        story's actors or learned prior point there too (`add_story`); else None."""
        if ("setting", key) not in self._memo:
            self._memo[("setting", key)] = self._story_setting(key)
        setting: tuple[str, float] | None = self._memo[("setting", key)]
        return setting

    def _story_setting(self, key: str) -> tuple[str, float] | None:
        story = self.own_countries.get(STORY_SOURCE)
        total = self._total("countries", key)
        if not story or total <= 0:
            return None
        own = self.own_countries.get(key) or Counter()
        code, weight = (self.countries - own).most_common(1)[0]
        return (code, weight / total) if story.get(code, 0.0) > 0 else None

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
        in Tennessee. Every namesake counts, however small (`evidence.name_cells`); but a name
        with namesakes in many places counts less (`COLOCATED_SPREAD`): one of them is bound to lie
        beside something."""
        if (candidate.lat is None or candidate.lon is None or not self.cells
                or candidate.kind not in ("city", "admin2") or key in self.region_names
                or not spelled_as_itself(candidate)):
            return 0.0
        if self.country_share(candidate.country_code, key) < STRONG_SHARE:
            # Only in the story's own country: London and Cambridge meet in Ontario too, and
            # the Middle East's names in the United States.
            return 0.0
        row, col = cell(candidate.lat, candidate.lon)
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


def spelled_as_itself(candidate: Candidate) -> bool:
    """Matched by its main name, or as a county without "County": not through an alternate
    name (Mount Gilead was once "Youngstown"), which `colocated` would let pull too hard."""
    return candidate.is_primary or candidate.form == FORM_COUNTY


def cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)
