"""`eventatlas train admin1`: ACLED's names of regions (`geo.admin1_names`) from its coordinates.

Each ACLED row with coordinates is filed under the gazetteer town nearest to its point in the
row's own country (within `MAX_KM`): that town's GeoNames admin1 code and district
(`admin2_key`) get one vote for the row's admin1 name. A region keeps the name most of its rows
give (at least `MIN_ROWS` rows, `MIN_SHARE` of them); a district keeps its own name where it is
as sure of one that differs from its region's (Mymensingh's districts, which GeoNames files under
Dhaka; Shan-North). Names equal to GeoNames' are left out, GeoNames' name being the fallback.

The same votes, read the other way, say which GeoNames region each of ACLED's admin1, admin2
and admin3 names, and the names of its locations, is (`units`): "Nuristan" is GeoNames'
Nūrestān; an upazila, commune or village the gazetteer lacks ("Shibalaya", "Nadiagou") lies in
the district most of its rows fall in, and is placed there at district precision. Points near
a border may be filed under the neighbouring region; the majority absorbs them. Only names go
in the table.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.spatial import cKDTree

from eventatlas.corpora.acled import country_alpha2, csv_records
from eventatlas.errors import InputError
from eventatlas.geo.admin1_names import Admin1Names, region_key, unit_key
from eventatlas.geo.gazetteer import Gazetteer, shared_gazetteer
from eventatlas.training.events import is_validation

MAX_KM = 50.0
MIN_ROWS = 3
MIN_SHARE = 0.6
# A district overrides its region's name: it needs more rows, and a clearer majority, since
# points near a border are filed under the neighbouring district more often than region.
DISTRICT_MIN_ROWS = 5
DISTRICT_MIN_SHARE = 0.7
EARTH_KM = 6371.0


@dataclass(frozen=True, slots=True)
class Town:
    country_code: str
    admin1_code: str
    admin1_name: str | None
    admin2_key: str | None


@dataclass(frozen=True, slots=True)
class LocatedRow:
    """What the table is learned from in one ACLED row: its id, country and names of regions,
    and its point (used for filing only, never kept)."""

    id: str
    country_code: str
    admin1: str
    admin2: str
    admin3: str
    location: str
    lat: float
    lon: float


def unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere, so that nearest in 3-D is nearest on the ground."""
    lat, lon = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


class TownIndex:
    """The gazetteer's towns, one KD-tree per country."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        by_country: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for row in gazetteer.towns():
            by_country[row[0]].append(row)
        self.towns = {cc: [Town(*row[:4]) for row in rows] for cc, rows in by_country.items()}
        self.trees = {cc: cKDTree(unit_vectors(np.array([r[4] for r in rows]),
                                               np.array([r[5] for r in rows])))
                      for cc, rows in by_country.items()}

    def nearest(self, country_code: str, lat: float, lon: float) -> Town | None:
        tree = self.trees.get(country_code)
        if tree is None:
            return None
        chord, index = tree.query(unit_vectors(np.array([lat]), np.array([lon]))[0])
        if 2 * EARTH_KM * np.arcsin(min(chord / 2, 1.0)) > MAX_KM:
            return None
        return self.towns[country_code][int(index)]


def located_rows(path: Path, without_validation: bool = False) -> Iterator[LocatedRow]:
    """The rows of an ACLED CSV with a country, an admin1 name and a point."""
    for _, record in csv_records(path):
        row = _located(record)
        if row is not None and not (without_validation and is_validation(row.id)):
            yield row


def _located(record: dict[str, str | None]) -> LocatedRow | None:
    def text(name: str) -> str:
        return (record.get(name) or "").strip()

    country = country_alpha2(text("country"), text("iso"))
    try:
        lat, lon = float(text("latitude")), float(text("longitude"))
    except ValueError:
        return None
    if country is None or not text("admin1"):
        return None
    return LocatedRow(text("event_id_cnty"), country, text("admin1"), text("admin2"),
                      text("admin3"), text("location"), lat, lon)


def confident(votes: Counter[str], share: float, min_rows: int = MIN_ROWS) -> str | None:
    """The name most votes give, when there are `min_rows` votes and it holds `share`."""
    total = sum(votes.values())
    if total < min_rows:
        return None
    name, count = votes.most_common(1)[0]
    return name if count / total >= share else None


class Votes:
    """Each region's and district's votes for ACLED names, and each ACLED name's votes for
    GeoNames regions (by level: an admin1 name for a region, a smaller unit for a district)."""

    def __init__(self) -> None:
        self.by_region: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_district: dict[str, Counter[str]] = defaultdict(Counter)
        self.regions_of_district: dict[str, Counter[str]] = defaultdict(Counter)
        self.units: dict[str, Counter[str]] = defaultdict(Counter)
        self.geonames: dict[str, str | None] = {}

    def add(self, row: LocatedRow, town: Town) -> None:
        region = region_key(town.country_code, town.admin1_code)
        self.geonames[region] = town.admin1_name
        self.by_region[region][row.admin1] += 1
        self.units[unit_key(row.country_code, row.admin1)][region] += 1
        if town.admin2_key:
            self.by_district[town.admin2_key][row.admin1] += 1
            self.regions_of_district[town.admin2_key][region] += 1
            for name in {row.admin2, row.admin3, row.location} - {"", row.admin1}:
                self.units[unit_key(row.country_code, name)][town.admin2_key] += 1


def learn(rows: Iterable[LocatedRow], index: TownIndex) -> tuple[Admin1Names, dict[str, Any]]:
    """The table from rows with coordinates, and counts for the report."""
    votes = Votes()
    filed = unfiled = 0
    for row in rows:
        town = index.nearest(row.country_code, row.lat, row.lon)
        if town is None:
            unfiled += 1
            continue
        filed += 1
        votes.add(row, town)
    regions = {key: confident(v, MIN_SHARE) for key, v in votes.by_region.items()}
    table = Admin1Names(
        {key: name for key, name in regions.items() if name and name != votes.geonames[key]})
    for key, district_votes in votes.by_district.items():
        name = confident(district_votes, DISTRICT_MIN_SHARE, DISTRICT_MIN_ROWS)
        # GeoNames may file a district's towns under two codes of one region (Dhaka's "81"
        # and "H"): the district belongs to the one most of its rows fall in.
        region = votes.regions_of_district[key].most_common(1)[0][0]
        if name and name != (regions.get(region) or votes.geonames.get(region)):
            table.by_district[key] = name
    table.units = {key: target for key, unit_votes in votes.units.items()
                   if (target := confident(unit_votes, MIN_SHARE))}
    report = {"rows": filed, "rows_without_town": unfiled, "regions": len(votes.by_region),
              "regions_named": sum(1 for name in regions.values() if name),
              "regions_renamed": len(table.by_region), "districts": len(table.by_district),
              "units": len(table.units)}
    return table, report


def train(acled_train: Path, without_validation: bool = False,
          gazetteer: Gazetteer | None = None) -> tuple[Admin1Names, dict[str, Any]]:
    """The table from an ACLED export (`without_validation`: leave out the validation tenth,
    for measuring on it)."""
    started = time.perf_counter()
    gazetteer = gazetteer or shared_gazetteer()
    table, report = learn(located_rows(acled_train, without_validation), TownIndex(gazetteer))
    if not report["rows"]:
        raise InputError(f"{acled_train}: no rows with coordinates and admin1 to learn from")
    # The resolver reads a unit's name only where the gazetteer lacks it in that country.
    table.units = {key: target for key, target in table.units.items()
                   if not _known(gazetteer, *key.split("|", 1))}
    report["units"] = len(table.units)
    return table, {**report, "seconds": round(time.perf_counter() - started, 1)}


def _known(gazetteer: Gazetteer, country: str, name: str) -> bool:
    return any(c.country_code == country for c in gazetteer.lookup(name, every_form=True))
