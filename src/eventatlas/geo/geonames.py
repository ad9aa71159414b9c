"""GeoNames country dumps: download (online, opt-in) and merge into the gazetteer's rows.

`eventatlas gazetteer fetch SY IQ` downloads `SY.zip`, `IQ.zip` (every feature of the country,
villages included) and, unless told not to, their `alternatenames/XX.zip`, from the GeoNames
export server into `<data dir>/geonames/`; the gazetteer build then reads whatever it finds
there. Nothing here runs unless a user asks for it: the default build uses the packages only.

Dump rows used: populated places (feature class P) of any size become towns, so a village of
200 people can be resolved; the country (PCLI...) and ADM1/ADM2 rows give GeoNames' own points
and ids to the country and region rows, replacing the derived settled-area centres.
"""

from __future__ import annotations

import csv
import shutil
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventatlas.geo.sources import Row, keep_alternate

EXPORT_URL = "https://download.geonames.org/export/dump/"
ALTERNATES_DIR = "alternatenames"
TIMEOUT_S = 120
# Columns of a GeoNames dump ("geoname" table, tab-separated, no header).
GEONAMEID, NAME, ASCIINAME, ALTERNATENAMES, LAT, LON, FCLASS, FCODE, COUNTRY = range(9)
ADMIN1, POPULATION = 10, 14
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "TERR"})
# alternateNames "languages" that are not names: links, postcodes, airport and rail codes.
NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "tcid", "unlc", "wkdt", "fr_1793"})


@dataclass(slots=True)
class DumpPlaces:
    """What the dumps add: towns, and GeoNames' own points for countries and regions."""

    towns: list[Row] = field(default_factory=list)
    countries: dict[str, tuple[int, float, float]] = field(default_factory=dict)
    admin1s: dict[tuple[str, str], tuple[int, float, float]] = field(default_factory=dict)


# Download ------------------------------------------------------------------------------------


def fetch(countries: list[str], dest: Path, alternates: bool = True) -> list[Path]:
    """Download the dumps of `countries` (ISO codes) into `dest`; returns the files written."""
    written = []
    for code in (c.upper() for c in countries):
        written.append(_fetch_zip(f"{EXPORT_URL}{code}.zip", f"{code}.txt", dest))
        if alternates:
            written.append(_fetch_zip(f"{EXPORT_URL}{ALTERNATES_DIR}/{code}.zip", f"{code}.txt",
                                      dest / ALTERNATES_DIR))
    return written


def _fetch_zip(url: str, member: str, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    print(f"eventatlas: downloading {url}", file=sys.stderr)
    with tempfile.TemporaryFile() as buffer:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            shutil.copyfileobj(response, buffer)
        buffer.seek(0)
        with zipfile.ZipFile(buffer) as archive, archive.open(member) as source:
            target = dest / member
            partial = target.with_suffix(".partial")
            with partial.open("wb") as out:
                shutil.copyfileobj(source, out)
            partial.replace(target)
    return target


# Read and merge ------------------------------------------------------------------------------


def read_dump(path: Path) -> Iterator[list[str]]:
    """Rows of a GeoNames dump file (skips short or comment lines)."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) > POPULATION and not row[0].startswith("#"):
                yield row


def read_alternates(path: Path) -> dict[int, list[str]]:
    """geonameid → alternate names from an alternateNames file (codes and links dropped)."""
    names: dict[int, list[str]] = {}
    for row in read_dump_lines(path):
        if len(row) > 3 and row[2] not in NOT_NAMES and row[1].isdigit():
            names.setdefault(int(row[1]), []).append(row[3])
    return names


def read_dump_lines(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def load_dumps(folder: Path) -> DumpPlaces:
    """Every `XX.txt` dump in `folder`, with `alternatenames/XX.txt` where present."""
    places = DumpPlaces()
    for path in sorted(folder.glob("*.txt")):
        alternates_path = folder / ALTERNATES_DIR / path.name
        alternates = read_alternates(alternates_path) if alternates_path.exists() else {}
        for row in read_dump(path):
            _take(places, row, alternates.get(int(row[GEONAMEID]), []))
    return places


def _take(places: DumpPlaces, row: list[str], alternates: list[str]) -> None:
    geonameid, lat, lon = int(row[GEONAMEID]), float(row[LAT]), float(row[LON])
    fclass, fcode, country = row[FCLASS], row[FCODE], row[COUNTRY]
    if fclass == "P":
        places.towns.append(_town(row, alternates))
    elif fcode in COUNTRY_CODES:
        places.countries[country] = (geonameid, lat, lon)
    elif fcode == "ADM1":
        places.admin1s[(country, row[ADMIN1])] = (geonameid, lat, lon)


def _town(row: list[str], alternates: list[str]) -> Row:
    town = Row(
        kind="city", name=row[NAME], geonameid=int(row[GEONAMEID]), country_code=row[COUNTRY],
        admin1_code=row[ADMIN1] or None, lat=float(row[LAT]), lon=float(row[LON]),
        population=int(row[POPULATION] or 0),
    )
    town.names[row[NAME]] = True
    for name in [row[ASCIINAME], *row[ALTERNATENAMES].split(","), *alternates]:
        if name and name not in town.names and keep_alternate(name):
            town.names[name] = False
    return town


def merge_towns(cities: list[Row], dump: DumpPlaces) -> list[Row]:
    """The package towns plus the dump's: a town in both keeps the package row and gains the
    dump's extra names; new towns (villages under 500 people) are added."""
    by_id = {city.geonameid: city for city in cities}
    merged = list(cities)
    for town in dump.towns:
        known = by_id.get(town.geonameid)
        if known is None:
            merged.append(town)
            by_id[town.geonameid] = town
            continue
        for name in town.names:
            if name not in known.names:
                known.names[name] = False
    return merged


def apply_points(rows: list[Row], dump: DumpPlaces) -> None:
    """Give country and ADM1 rows GeoNames' own points and ids where a dump has them."""
    for row in rows:
        point = None
        if row.kind == "country" and row.country_code:
            point = dump.countries.get(row.country_code)
        elif row.kind == "admin1" and row.country_code and row.admin1_code:
            point = dump.admin1s.get((row.country_code, row.admin1_code))
        if point is not None:
            row.geonameid, row.lat, row.lon = point
