"""Toponym resolution: pick the gazetteer place each place mention refers to.

`PlaceResolver` is the geo stage's entry point. Each candidate of a name gets a score
(`scoring`: a weighted sum of its features, read from what the document as a whole says,
`context`, built by `evidence`); names the gazetteer lacks as written fall back to designators,
demonyms, close spellings and the place inside a longer name (`fallbacks`); candidates a name
cannot mean are dropped (`filters`). Mentions are resolved independently from that shared
context, so one unknown name never costs the others theirs; a town written "Town, Region" is
then kept inside that region, and names listed together ("Oregon and Washington") are read as
places of one kind (`lists`); chains of names ("Djaiba (Djugu, Ituri)") are read as one
(`chains`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping

from eventatlas.geo import fallbacks
from eventatlas.geo.admin1_names import admin1_name
from eventatlas.geo.chains import HINT_OF_LEVEL, Part, find_chains, read_chain
from eventatlas.geo.context import COLOCATED_SPREAD, FORM_INNER, GeoContext
from eventatlas.geo.evidence import (
    NameKey,
    UniqueName,
    initial_context,
    name_admin2s,
    name_cells,
    name_key,
    resolved_context,
    town_usage,
    unique_names,
)
from eventatlas.geo.filters import (
    is_passing_namesake,
    is_stray,
    is_unsupported,
    regions_over_alternates,
    towns_over_their_regions,
)
from eventatlas.geo.gazetteer import FORM_COUNTY, Candidate, Gazetteer
from eventatlas.geo.hints import (
    FACILITY_WORDS,
    REGION_HINTS,
    context_hints,
    strip_hint_words,
    text_hint,
)
from eventatlas.geo.lists import coordinated_runs, is_region, one_kind, qualified_towns, within
from eventatlas.geo.normalize import normalize_name
from eventatlas.geo.scoring import (
    DEFAULT_WEIGHTS,
    FEATURES,
    RANKER_FILE,
    WEIGHTS,
    ByFeature,
    load_weights,
    score,
    top_log_populations,
)
from eventatlas.geo.sources import FORM_NAME
from eventatlas.geo.variety import written_in
from eventatlas.model import GeoPrecision, Mention, Place

# What other packages import from here: the resolver and its weights.
__all__ = [
    "COLOCATED_SPREAD", "DEFAULT_WEIGHTS", "FEATURES", "FORM_INNER", "PLACE_LABELS",
    "RANKER_FILE", "ByFeature", "GeoContext", "PlaceResolver", "load_weights",
]

PLACE_LABELS = frozenset({"GPE", "LOC", "PLACE", "LOCATION"})
Span = tuple[int, int]  # a mention's (start, end) character offsets
PASSES = 3  # pass 1 from the names alone, then two from the choices before

# What `document_context` reads from the names and text alone, before any choice: every pass
# keeps it while the countries and regions it re-reads from the previous pass's choices change.
_DOCUMENT_FACTS = ("cells", "region_names", "spread", "written_in", "admin2_names",
                   "town_admin2s", "full_admin2s", "region_town_admin2s")


class PlaceResolver:
    """Resolves place mentions to gazetteer places, using the document as context."""

    def __init__(self, gazetteer: Gazetteer, weights: ByFeature | None = None) -> None:
        self.gazetteer = gazetteer
        self.weights = weights if weights is not None else WEIGHTS

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
        best_by_mention = {(m.start, m.end): best.get(name_key(m, hint)) for m, hint in hinted}
        # "Oregon and Washington", "Toronto, Ontario": states and countries listed together.
        qualified = (self._regions_in_lists(hinted, best_by_mention, context, text) if text
                     else {})
        for mention, hint, qualifier in qualified_towns(hinted, best_by_mention):
            # "Springfield, Ill.", "Paris, Texas": the region named right after a town.
            inside = self._inside(mention.text, hint, context, qualifier)
            if inside is not None:
                best_by_mention[(mention.start, mention.end)] = inside
                qualified.setdefault(name_key(mention, hint), inside)
        for mention, hint in hinted:
            # One sense per story: "Louisville, Ky." once makes every bare "Louisville" there
            # the Kentucky one.
            inside = qualified.get(name_key(mention, hint))
            if inside is not None and best.get(name_key(mention, hint)) is best_by_mention.get(
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
            chained, fills, stand_ins = self._chain_places(text, context)
            for (start, end), place in chained.items():
                # The chain's reading replaces the mentions over its part, or adds the part.
                spans = [(m.start, m.end) for m, _ in hinted if m.start < end and start < m.end]
                for span in spans or [(start, end)]:
                    own = result.get(span)
                    if own is not None and (_same_region(own, place) or (
                            (start, end) in fills and not (
                                (start, end) in stand_ins
                                and own.country_code != place.country_code))):
                        # Already inside the chain's reading, or resolved on its own in the
                        # chain's country while the chain only knows its district: keep the
                        # name's own choice. A same-named town in another country gives way
                        # to the district, province or town the chain places it in ("Mansila
                        # (Yagha)" is not in Argentina, "Tombo neighbourhood of Freetown" not
                        # in Côte d'Ivoire).
                        continue
                    result[span] = dataclasses.replace(
                        place, text=text[span[0]:span[1]], start=span[0], end=span[1])
        return result

    def _chain_places(self, text: str, context: GeoContext,
                      ) -> tuple[dict[tuple[int, int], Place], set[Span], set[Span]]:
        """Places of the parts of the chains in `text` read as one (`chains.read_chain`): a
        part whose candidate nests in a broader part's, and the head, at the narrowest part
        placed (a district's or province's place at its precision when the head is unknown);
        the heads placed only so, which fill a gap but never replace a name's own place in the
        same country; and of those, the stand-ins: heads placed at a broader part, which do
        replace a name's own place in another country."""
        found: dict[Span, Place] = {}
        fills: set[Span] = set()
        stand_ins: set[Span] = set()

        def scored(part: Part) -> list[tuple[Candidate, float]]:
            hint = HINT_OF_LEVEL.get(part.level or "")
            # A chain part is any capitalised run ("Smith, Jones"): close spellings cost 2 ms a
            # look-up and halved the resolver's speed, so a part must be spelled as the
            # gazetteer spells it (or with a designator, a demonym...).
            candidates, key = self.ranked_candidates(part.text, hint, context, fuzzy=False)
            tops = top_log_populations(candidates)
            # A bare "Texas" in a chain is the state, not Texas County (a county's short form).
            return [(c, score(c, hint, context, key, tops, self.weights)) for c in candidates
                    if c.form != FORM_COUNTY]

        for parts, structural in find_chains(text):
            reading = read_chain(parts, scored, structural)
            if reading is None:
                continue
            for part, pick in zip(parts[1:], reading.picks[1:], strict=True):
                # Commas alone are the "Town, Region" rule's (`qualified_towns`); a chain by its
                # form re-reads its broader parts too, but not as a town reached only through
                # an alternate name: "Augusta's Highland Avenue" is not Thayer, Missouri (once
                # "Augusta"), however near a Highland that lies.
                if (pick is not None and reading.links and structural
                        and (pick.is_primary or pick.kind != "city")):
                    found[(part.start, part.end)] = _place(
                        pick, part.text, HINT_OF_LEVEL.get(part.level or ""))
            head, chosen = parts[0], reading.head
            if chosen is not None:
                place = _place(chosen, head.text, HINT_OF_LEVEL.get(head.level or ""))
                if reading.precision is not None:
                    place.precision = reading.precision  # type: ignore[assignment]
                    stand_ins.add((head.start, head.end))
                elif head.designator in FACILITY_WORDS and place.precision == "town":
                    place.precision = "admin2"  # "Al-Hol camp in Hasakah": near the town
                if reading.precision is not None or not structural:
                    fills.add((head.start, head.end))
                found[(head.start, head.end)] = place
        return found, fills, stand_ins

    def document_context(
        self, mentions: list[Mention], dateline: str | None = None,
        hints: dict[tuple[int, int], str] | None = None, text: str | None = None,
        story: Mapping[str, float] | None = None,
    ) -> tuple[list[tuple[Mention, str | None]], list[UniqueName], GeoContext]:
        """The place mentions with their hints, each distinct (name, hint) once, and the
        document's context as the last pass sees it."""
        places = [m for m in mentions if m.label in PLACE_LABELS or m.label == "FAC"]
        # The words after a name say what kind of place it is ("Douglas County" with only
        # "Douglas" marked; "Becker, Clay and Douglas counties"): read from the text when the
        # caller's hints (the recogniser's) do not say.
        around = context_hints(text, [(m.start, m.end) for m in places]) if text else {}
        hinted = [(m, (hints or {}).get((m.start, m.end)) or text_hint(m.text)
                   or around.get((m.start, m.end))) for m in places]
        # "a Lebanon woman": every bare mention of that name is the town's (one sense per
        # story, so no mention's hint splits the name from the others).
        towns = town_usage(self.gazetteer, text, places) if text else set()
        hinted = [(m, "city" if hint is None and name_key(m, None)[0] in towns else hint)
                  for m, hint in hinted]
        # A facility ("Tahrir Square", "the White House") is no place of ours, unless named
        # after the town it lies by ("Al-Hol camp"), which then places it.
        hinted = [(m, hint) for m, hint in hinted if m.label != "FAC" or hint == "facility"]
        places = [m for m, _ in hinted]
        unique = unique_names(hinted)
        # Pass 1 reads the document's countries from its names alone; each later pass re-reads
        # them from what the pass before chose (so "Ga." and "Laurens County" pull "Dublin" to
        # Georgia) and adds nearness to the other towns and counties.
        context = self.context_for((strip_hint_words(m.text) for m in places), dateline, story)
        context.cells, context.region_names = name_cells(self.gazetteer, unique)
        context.spread = Counter(key for names in context.cells.values() for key in names)
        (context.admin2_names, context.town_admin2s, context.full_admin2s,
         context.region_town_admin2s) = name_admin2s(self.gazetteer, unique, context.region_names)
        context.written_in = written_in(text)
        for _ in range(PASSES - 1):
            chosen = {key: self.best(name, hint, context) for key, name, hint in unique}
            previous, context = context, resolved_context(self.gazetteer, chosen, dateline, story)
            for name in _DOCUMENT_FACTS:
                setattr(context, name, getattr(previous, name))
        return hinted, unique, context

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
            switched.setdefault(name_key(mention, hint), (mention, hint, region))

        for group in coordinated_runs(hinted, text):
            readings = [self._region_reading(m.text, hint, context) for m, hint in group]
            picks = [chosen.get((m.start, m.end)) for m, _ in group]
            regions = [p if is_region(p) else r for r, p in zip(readings, picks, strict=True)]
            if all(r is not None for r in regions) and one_kind(regions):  # type: ignore[arg-type]
                for index, (mention, hint) in enumerate(group):
                    pick, reading = picks[index], readings[index]
                    if reading is None or is_region(pick):
                        continue
                    # "Texas and Washington, D.C.": a town qualified by the region after it stays.
                    after = picks[index + 1] if index + 1 < len(picks) else None
                    if (pick is not None and is_region(after) and within(pick, after)
                            and text[mention.end:group[index + 1][0].start] == ", "):
                        continue
                    switch(mention, hint, reading)
                continue
            for index in range(1, len(group)):
                town, reading = picks[index - 1], readings[index]
                mention, hint = group[index]
                if (reading is not None and town is not None and town.kind == "city"
                        and text[group[index - 1][0].end:mention.start] == ", "
                        and not is_region(picks[index]) and within(town, reading)):
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
        tops = top_log_populations(candidates)
        return max(regions, key=lambda c: score(c, hint, context, key, tops, self.weights))

    def _inside(self, text: str, hint: str | None, context: GeoContext,
                region: Candidate) -> Candidate | None:
        """The best candidate of `text` inside `region` (a country or admin1), if any."""
        candidates, key = self.ranked_candidates(text, hint or text_hint(text), context)
        inside = [c for c in candidates if c.kind in ("city", "admin2") and within(c, region)]
        if not inside:
            return None
        tops = top_log_populations(candidates)
        return max(inside, key=lambda c: score(c, hint, context, key, tops, self.weights))

    def context_for(self, names: Iterable[str], dateline: str | None = None,
                    story: Mapping[str, float] | None = None) -> GeoContext:
        """Pass 1's context: country/admin1 evidence from the dateline, the story's actors,
        named countries and one-country names (`evidence.initial_context`)."""
        return initial_context(self.gazetteer, names, dateline, story)

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
        tops = top_log_populations(candidates)
        return max(candidates, key=lambda c: score(c, hint, context, key, tops, self.weights))

    def ranked_candidates(self, text: str, hint: str | None, context: GeoContext,
                          fuzzy: bool = True) -> tuple[list[Candidate], str]:
        """The candidates `best` chooses among, and the name key they are scored under."""
        candidates, name = self.looked_up(text, context, fuzzy)
        key = normalize_name(strip_hint_words(text))
        if hint == "facility":
            # The town a camp, base or road is named after, by its own name and in a country
            # the rest of the story points to: "La Modelo prison" is no Florida town once
            # called Modelo, and a bare "Al-Hol camp" no Norwegian Hol. A state or country
            # stays what it is ("California prison records").
            candidates = [c for c in candidates if c.kind in ("admin1", "country") or (
                c.kind == "city" and c.is_primary
                and context.country_share(c.country_code, key) > 0)]
        if not candidates:
            return [], key
        if hint not in REGION_HINTS:
            candidates = towns_over_their_regions(candidates)
        candidates = regions_over_alternates(candidates)
        # Better unresolved than a far-away namesake the story never points to.
        return [c for c in candidates if not is_stray(c, name, context, key)
                and not is_unsupported(c, name, context, key)
                and not is_passing_namesake(c, name, context, key)], key

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
        """Exact-key matches, else the fallbacks for names the gazetteer lacks as written
        (`fallbacks.candidates`), close spellings only in the document's countries."""
        return fallbacks.candidates(self.gazetteer, name, context.countries, fuzzy)


def _same_region(one: Place, other: Place) -> bool:
    return one.country_code == other.country_code and one.admin1 == other.admin1


def _precision(candidate: Candidate, hint: str | None) -> GeoPrecision:
    if candidate.kind in ("country", "continent"):
        return "country"  # the model has no coarser code than country (see docs/geo.md)
    if candidate.kind in ("admin1", "admin2"):
        return candidate.kind
    # "X district" named after its town: the town's coordinates, at district precision; so is
    # a camp, base or road named after the town it lies by: near the town (ACLED's 2).
    return "admin2" if hint in ("admin2", "facility") else "town"


def _place(candidate: Candidate, text: str, hint: str | None) -> Place:
    return Place(
        name=candidate.name, text=text, precision=_precision(candidate, hint),
        geonameid=candidate.geonameid, lat=candidate.lat, lon=candidate.lon,
        admin1=admin1_name(candidate),
        country_code=candidate.country_code,
    )
