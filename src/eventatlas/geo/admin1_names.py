"""First-level regions under the names ACLED gives them ("NCR", not GeoNames' "Metro Manila").

ACLED codes every event with an admin1 name of its own: mostly GeoNames' region, spelt its way
("Lower Shabelle", "Western Darfur" → "West Darfur"), sometimes a region GeoNames does not have
(Bangladesh's Mymensingh division, whose districts GeoNames files under Dhaka; Myanmar's
Shan-North and Shan-South). `eventatlas train admin1` learns the names from ACLED's coordinates
(`training.admin1`): a table by GeoNames admin1 code, and by district (`admin2_key`) where a
district's events carry another admin1 than the rest of its region. Names only: no ACLED row,
note or coordinate is in the table. Where the table has no entry, GeoNames' name stands.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from eventatlas.geo.gazetteer import Candidate, Gazetteer
from eventatlas.geo.normalize import normalize_name

SHIPPED_TABLE = Path(__file__).parent / "data" / "acled_admin1.json"
# A close spelling of one of ACLED's names (`Admin1Names.close_places`): the gazetteer's own
# threshold for close spellings in the document's countries (`fallbacks.FUZZY_SCORE`), and
# names of at least this many letters (shorter ones meet by chance).
CLOSE_SCORE = 88.0
CLOSE_MIN_LENGTH = 5


def region_key(country_code: str, admin1_code: str) -> str:
    return f"{country_code}.{admin1_code}"


def unit_key(country_code: str, name: str) -> str:
    """An ACLED admin1, admin2 or admin3 name in its country, as `units` keys it."""
    return f"{country_code}|{normalize_name(name)}"


@dataclass(slots=True)
class Admin1Names:
    """ACLED's admin1 name by GeoNames region ("PH.NCR") and by district (`admin2_key`)."""

    by_region: dict[str, str] = field(default_factory=dict)
    by_district: dict[str, str] = field(default_factory=dict)
    # ACLED's names of regions (admin1, admin2, admin3) → the GeoNames region ("AF.38") or
    # district (`admin2_key`) they lie in: "Nuristan", "Kamdesh", an upazila, a commune.
    units: dict[str, str] = field(default_factory=dict)
    _by_name: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)
    _by_country: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def name(self, country_code: str | None, admin1_code: str | None,
             admin2_key: str | None = None) -> str | None:
        """ACLED's name for the region a place lies in, or None where the table has none."""
        if admin2_key and admin2_key in self.by_district:
            return self.by_district[admin2_key]
        if country_code and admin1_code:
            return self.by_region.get(region_key(country_code, admin1_code))
        return None

    def places(self, gazetteer: Gazetteer, name: str) -> list[Candidate]:
        """The GeoNames regions an ACLED name of a region is, in any country ACLED uses it."""
        key = normalize_name(name)
        found = []
        for country in self._countries_by_name().get(key, ()):
            target = self.units[f"{country}|{key}"]
            place = (gazetteer.district(target) if "|" in target
                     else gazetteer.region(*target.split(".", 1)))
            if place is not None:
                found.append(dataclasses.replace(place, is_primary=False))
        return found

    def close_places(self, gazetteer: Gazetteer, name: str, countries: Iterable[str],
                     score: float = CLOSE_SCORE) -> list[Candidate]:
        """The GeoNames regions of ACLED's names spelled close to `name` (rapidfuzz ratio
        ≥ `score`) in `countries` only: transliterations of one name ("Shibalaya" for
        Shivalaya, "Kosba" for Kasba) that no other country's namesake may take."""
        key = normalize_name(name)
        if len(key) < CLOSE_MIN_LENGTH:
            return []
        found = []
        for country in countries:
            match = process.extractOne(key, self._names_in(country), scorer=fuzz.ratio,
                                       score_cutoff=score)
            if match is not None:
                found += [c for c in self.places(gazetteer, match[0])
                          if c.country_code == country]
        return found

    def _names_in(self, country: str) -> list[str]:
        if self._by_country is None:
            self._by_country = defaultdict(list)
            for unit in self.units:
                code, unit_name = unit.split("|", 1)
                self._by_country[code].append(unit_name)
        return self._by_country.get(country, [])

    def _countries_by_name(self) -> dict[str, list[str]]:
        if self._by_name is None:
            self._by_name = defaultdict(list)
            for key in self.units:
                country, name = key.split("|", 1)
                self._by_name[name].append(country)
        return self._by_name

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        table = {"by_region": dict(sorted(self.by_region.items())),
                 "by_district": dict(sorted(self.by_district.items())),
                 "units": dict(sorted(self.units.items()))}
        path.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: Path = SHIPPED_TABLE) -> Admin1Names:
        table = json.loads(path.read_text(encoding="utf-8"))
        return cls(dict(table["by_region"]), dict(table["by_district"]),
                   dict(table.get("units", {})))


@lru_cache(maxsize=1)
def shipped_names() -> Admin1Names:
    """The shipped table; an empty one (GeoNames' names everywhere) when it is absent."""
    return Admin1Names.load() if SHIPPED_TABLE.exists() else Admin1Names()


def admin1_name(candidate: Candidate) -> str | None:
    """The admin1 name a place is given: ACLED's where learned, else GeoNames'. A district
    stands for itself; a town for the district it is filed under."""
    if candidate.kind in ("country", "continent"):
        return None
    learned = shipped_names().name(candidate.country_code, candidate.admin1_code,
                                   candidate.admin2_key)
    return learned or candidate.admin1_name
