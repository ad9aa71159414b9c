"""Which of a name's candidates it cannot mean, whatever their score.

A far-away namesake the rest of a firmly placed story never points to (`is_stray`), a place in
a country nothing in the story supports (`is_unsupported`), a region named like its own main
town when the name is bare (`towns_over_their_regions`), and towns that merely once bore a
region's name (`regions_over_alternates`): better an unresolved name than a wrong place.
"""

from __future__ import annotations

from eventatlas.geo.context import GeoContext
from eventatlas.geo.gazetteer import Candidate
from eventatlas.geo.hints import is_acronym, strip_hint_words
from eventatlas.geo.normalize import fold
from eventatlas.geo.scoring import UNAMBIGUOUS_POPULATION
from eventatlas.geo.sources import FORM_NAME

STRAY_POPULATION = 5000  # a town abroad smaller than this is a stray (see `is_stray`)
TOWN_SHARE = 0.1  # a region's main town holds at least this share of its people


def is_stray(candidate: Candidate, text: str, context: GeoContext, key: str) -> bool:
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
    return tiny or not spells_main_name(candidate, text) or is_acronym(text)


def is_unsupported(candidate: Candidate, text: str, context: GeoContext, key: str) -> bool:
    """A town, district or province in a country nothing else in the story supports, while the
    rest of the story (its actors, its other names) points to one country: "Daman district"
    beside "Kandahar" and the Taliban is not the Indian one. Strong evidence of its own keeps
    it: its own main name, and a province, or a town or district of UNAMBIGUOUS_POPULATION."""
    if candidate.kind not in ("city", "admin2", "admin1"):
        return False
    if context.country_share(candidate.country_code, key) > 0 or context.closeness(
            candidate, key) > 0 or not context.supported(key):
        return False
    return not has_own_evidence(candidate, text)


def has_own_evidence(candidate: Candidate, text: str) -> bool:
    """Strong evidence of its own for a place no other name supports: named by its own main
    name, and a province or a town or district of UNAMBIGUOUS_POPULATION."""
    return candidate.is_primary and spells_main_name(candidate, text) and (
        candidate.kind == "admin1" or candidate.population >= UNAMBIGUOUS_POPULATION)


# A country whose share of a story's evidence is under this fraction of the story's own
# country's is named in passing ("China, Russia warn US" in page furniture): no cover for a
# namesake town there.
PASSING_RATIO = 0.34


def is_passing_namesake(candidate: Candidate, text: str, context: GeoContext, key: str) -> bool:
    """A town or district in a country the story names only in passing, while its actors and
    most of its names set it in another country: "Al-Quriyah" (a Syrian village the gazetteer
    lacks) is no Chinese Korla because China is named once in a Syrian report. Strong evidence
    of its own keeps it (`has_own_evidence`), as in `is_unsupported`."""
    if candidate.kind not in ("city", "admin2"):
        return False
    setting = context.story_setting(key)
    if setting is None or setting[0] == candidate.country_code:
        return False
    if context.country_share(candidate.country_code, key) >= PASSING_RATIO * setting[1]:
        return False
    return not has_own_evidence(candidate, text)


def towns_over_their_regions(candidates: list[Candidate]) -> list[Candidate]:
    """Drop a region named like its own main town (Quneitra, Raqqa, New York): unhinted, the
    name means the town; "Quneitra province" carries its hint. A main town holds at least
    TOWN_SHARE of the region's people, so Minneota (an alternate "Minnesota") does not count."""
    towns = [c for c in candidates if c.kind == "city"]

    def named_after_town(region: Candidate) -> bool:
        return any(t.country_code == region.country_code and t.admin1_code == region.admin1_code
                   and t.population >= TOWN_SHARE * region.population for t in towns)

    return [c for c in candidates if c.kind != "admin1" or not named_after_town(c)]


def regions_over_alternates(candidates: list[Candidate]) -> list[Candidate]:
    """When a name is the main name of a country or admin1 region ("Florida", "Montana"),
    drop the towns that merely list it among their alternate names (Valle Vista, California,
    was once "Florida"): an old or foreign name of a town is far less often meant than the
    region that bears it now. Towns whose own main name it is (Florida, New York) stay."""
    if not any(c.kind in ("country", "admin1") and c.is_primary and c.form == FORM_NAME
               for c in candidates):
        return candidates
    return [c for c in candidates if c.kind != "city" or c.is_primary]


def spells_main_name(candidate: Candidate, text: str) -> bool:
    """The words are the candidate's own name or its first words ("New York" for New York City,
    "Clacton" for Clacton-on-Sea), up to case, accents and punctuation."""
    words, name = fold(strip_hint_words(text)), fold(candidate.name)
    return bool(words) and (name == words or name.startswith(words + " "))

