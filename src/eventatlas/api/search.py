"""Forgiving search: what an analyst types, turned into what the store's filters match.

The store matches an actor by its ontology id or a part of its stored name, and an admin1 by
its exact (case-blind) name. Analysts type "ISIS", "Daesh" or "Raqqa"; this module expands
those before the store is asked:

- an actor alias from the actor ontology ("ISIS", "Daesh", "IS") becomes the actor's id
  ("isis"), which the store matches on every event naming it;
- an admin1 name becomes the gazetteer's spelling ("Raqqa" -> "Ar-Raqqah"), through the
  gazetteer's names and alternate names first, then a near spelling;
- `places()` lists gazetteer places for the UI's place search box;
- `major_places()` lists the most populous places in a box, for the map's place labels.

Expansion never fails a request: without a gazetteer the text is used as typed.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any

from eventatlas.geo.admin1_names import admin1_name

if TYPE_CHECKING:
    from eventatlas.geo.gazetteer import Candidate, Gazetteer

log = logging.getLogger(__name__)

# A near spelling counts as the admin1 the analyst meant from this rapidfuzz ratio on.
ADMIN1_FUZZY_CUTOFF = 85.0
MAX_PLACES = 20
# The smallest town the base map labels (GeoNames population); the UI asks for the most
# populous few in view, so this only bounds what is kept in memory.
MIN_LABEL_POPULATION = 15_000
MAX_LABELS = 200


@dataclass(frozen=True, slots=True)
class Expansion:
    """One filter value as typed and as passed to the store."""

    typed: str
    used: str
    meaning: str  # what `used` stands for, for the UI ("IS (Islamic State)")


@cache
def _actor_aliases() -> dict[str, tuple[str, str]]:
    """Every alias and name of the ontology, case-folded -> (actor id, display name); a
    hand-written entry wins an alias it shares with a generated one."""
    from eventatlas.actors.ontology import load_ontology

    ontology = load_ontology()
    curated = ontology.curated()
    generated = [e for e in ontology.entries.values() if e.id in ontology.generated_ids]
    aliases: dict[str, tuple[str, str]] = {}
    for entry in [*curated, *generated]:
        for alias in (entry.name, *entry.aliases, entry.id):
            aliases.setdefault(alias.casefold().strip(), (entry.id, entry.name))
    return aliases


def expand_actor(text: str | None) -> Expansion | None:
    """The actor filter for `text`: an ontology alias becomes the actor's id; anything else
    is kept (the store then matches it as part of a name)."""
    if not text or not text.strip():
        return None
    found = _actor_aliases().get(text.casefold().strip())
    if found is None:
        return Expansion(text, text, text)
    return Expansion(text, found[0], found[1])


def open_gazetteer() -> Gazetteer | None:
    from eventatlas.geo.gazetteer import default_path, shared_gazetteer

    if not default_path().exists():  # never build it (~40 s) inside a request
        return None
    try:
        return shared_gazetteer()
    except Exception:  # an unreadable file: search as typed, do not fail the request
        log.exception("gazetteer unavailable for search")
        return None


def _admin1_of(candidates: list[Candidate]) -> str | None:
    """The admin1 a list of gazetteer places names: an admin1 region itself first, else the
    most populous place's admin1."""
    # Events carry ACLED's spelling where it differs from GeoNames' ("NCR", "Ar Raqqa").
    regions = [c for c in candidates if c.kind == "admin1" and c.admin1_name]
    if regions:
        return admin1_name(regions[0])
    named = [c for c in candidates if c.admin1_name]
    return admin1_name(named[0]) if named else None


def expand_admin1(text: str | None) -> Expansion | None:
    """The admin1 filter for `text` as events name it ("Raqqa" -> "Ar Raqqa", ACLED's
    spelling where learned, else GeoNames')."""
    if not text or not text.strip():
        return None
    gazetteer = open_gazetteer()
    if gazetteer is None:
        return Expansion(text, text, text)
    admin1 = _admin1_of([c for c in gazetteer.lookup(text) if c.kind == "admin1"])
    if admin1 is None:
        near = [c for c, score in gazetteer.fuzzy_lookup(text, limit=10)
                if score >= ADMIN1_FUZZY_CUTOFF and c.kind == "admin1"]
        admin1 = _admin1_of(near)
    used = admin1 or text
    return Expansion(text, used, used)


def places(query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Gazetteer places whose name or alternate name is `query` (else a near spelling), most
    populous first; one per place."""
    gazetteer = open_gazetteer()
    if gazetteer is None or not query.strip():
        return []
    found = gazetteer.lookup(query)
    if not found:
        found = [candidate for candidate, _ in gazetteer.fuzzy_lookup(query, limit=limit)]
    seen: set[int] = set()
    results: list[dict[str, Any]] = []
    for place in found:
        if place.place_id in seen or place.lat is None or place.lon is None:
            continue
        seen.add(place.place_id)
        results.append({
            "name": place.name, "kind": place.kind, "admin1": admin1_name(place),
            "country_code": place.country_code, "lat": place.lat, "lon": place.lon,
            "population": place.population, "geonameid": place.geonameid})
    return results[:limit]


@dataclass(frozen=True, slots=True)
class LabelPlace:
    """A place the map may label: a country or a town of at least MIN_LABEL_POPULATION."""

    name: str
    kind: str
    country_code: str | None
    lat: float
    lon: float
    population: int


@cache
def _label_places() -> tuple[LabelPlace, ...]:
    """Every country and town worth a label, most populous first (read once: ~30,000 rows).
    Straight from the gazetteer's table, as `Gazetteer` looks places up by name only."""
    gazetteer = open_gazetteer()
    if gazetteer is None:
        return ()
    with closing(sqlite3.connect(f"file:{gazetteer.path}?mode=ro", uri=True)) as conn:
        rows = conn.execute(
            "SELECT name, kind, country_code, lat, lon, population FROM places"
            " WHERE lat IS NOT NULL AND lon IS NOT NULL AND (kind = 'country'"
            " OR (kind = 'city' AND population >= ?)) ORDER BY population DESC",
            (MIN_LABEL_POPULATION,)).fetchall()
    return tuple(LabelPlace(*row) for row in rows)


def major_places(bbox: tuple[float, float, float, float], limit: int) -> list[dict[str, Any]]:
    """The `limit` most populous countries and the `limit` most populous towns inside `bbox`
    (min_lon, min_lat, max_lon, max_lat), most populous first: the base map's place labels."""
    min_lon, min_lat, max_lon, max_lat = bbox
    inside = [place for place in _label_places()
              if min_lat <= place.lat <= max_lat and min_lon <= place.lon <= max_lon]
    chosen = [*islice((p for p in inside if p.kind == "country"), limit),
              *islice((p for p in inside if p.kind == "city"), limit)]
    chosen.sort(key=lambda place: -place.population)
    return [{"name": place.name, "kind": place.kind, "country_code": place.country_code,
             "lat": place.lat, "lon": place.lon, "population": place.population}
            for place in chosen]
