"""The SQLite gazetteer: built once per test session into a temp dir, then queried."""

import sqlite3
import time

import pytest

from eventatlas.geo.gazetteer import Gazetteer, build_gazetteer
from eventatlas.geo.points import REGIONS


@pytest.fixture(scope="session")
def gazetteer(gazetteer_path):
    return Gazetteer.open(gazetteer_path)


def test_file_has_every_kind_and_a_version(gazetteer_path):
    with sqlite3.connect(gazetteer_path) as conn:
        kinds = dict(conn.execute("SELECT kind, count(*) FROM places GROUP BY kind"))
        version = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()[0]
    assert kinds["city"] > 200_000
    assert kinds["admin1"] > 3000
    assert kinds["admin2"] > 10_000
    assert kinds["country"] > 240
    assert kinds["continent"] == 7 + len(REGIONS)  # continents, then seas and regions
    assert version == "9"
    assert gazetteer_path.name == "gazetteer-v9.sqlite"


def test_open_is_fast_once_built(gazetteer_path):
    started = time.perf_counter()
    opened = Gazetteer.open(gazetteer_path)
    opened.lookup("Raqqa")
    assert time.perf_counter() - started < 0.3
    opened.close()


def test_build_gazetteer_reuses_the_file(gazetteer_path, monkeypatch):
    monkeypatch.setenv("EVENTATLAS_DATA_DIR", str(gazetteer_path.parent))
    mtime = gazetteer_path.stat().st_mtime_ns
    assert build_gazetteer(force=False) == gazetteer_path
    assert gazetteer_path.stat().st_mtime_ns == mtime


@pytest.mark.parametrize(
    ("text", "geonameid", "country"),
    [
        ("Raqqa", 172955, "SY"),
        ("Al-Raqqa", 172955, "SY"),
        ("Hassakeh", 173811, "SY"),
        ("HASAKAH", 173811, "SY"),
        ("Palmyra", 163808, "SY"),
        ("Mosul", 99072, "IQ"),
        ("Tal Abyad", 163750, "SY"),
        ("Ayn Issa", 172134, "SY"),
    ],
)
def test_lookup_finds_the_city(gazetteer, text, geonameid, country):
    cities = {c.geonameid: c for c in gazetteer.lookup(text) if c.kind == "city"}
    assert geonameid in cities
    assert cities[geonameid].country_code == country


def test_admin1_rows_carry_rg_and_iso_names(gazetteer):
    regions = [c for c in gazetteer.lookup("Hasakah") if c.kind == "admin1"]
    assert [(r.name, r.country_code, r.admin1_code) for r in regions] == [
        ("Al-Hasakah", "SY", "01")
    ]
    hasakah = gazetteer.lookup("SY-HA", every_form=True)  # ISO 3166-2 code: an abbreviation
    assert [c.name for c in hasakah] == ["Al-Hasakah"]
    assert any(c.kind == "admin1" for c in gazetteer.lookup("Kirkuk"))  # "Muhafazat Kirkuk"


def test_countries_have_pycountry_and_common_aliases(gazetteer):
    for text in ("Syria", "Syrian Arab Republic", "U.S.", "United States of America"):
        countries = [c for c in gazetteer.lookup(text) if c.kind == "country"]
        assert len(countries) == 1, text
    assert gazetteer.lookup("Syria")[0].geonameid == 163843
    assert gazetteer.lookup("Syria")[0].lat is not None


def test_codes_demonyms_and_lowercase_romanisations_are_not_names(gazetteer):
    assert all(c.geonameid != 163808 for c in gazetteer.lookup("PMS"))  # Tadmur's IATA code
    assert all(c.geonameid != 99072 for c in gazetteer.lookup("OSM"))  # Mosul's
    assert gazetteer.lookup("Kurdish") == []
    assert all(c.geonameid != 172955 for c in gazetteer.lookup("ara rakaha"))


def test_fuzzy_lookup_ranks_near_spellings(gazetteer):
    started = time.perf_counter()
    ranked = gazetteer.fuzzy_lookup("Hasakke", limit=3)
    assert time.perf_counter() - started < 1.0
    assert ranked[0][0].country_code == "SY"
    assert {c.geonameid for c, _ in ranked} & {173811}


def test_abbreviations_and_demonyms_need_every_form(gazetteer):
    # The recognizer's plain lookups must not turn "Miss" or "Syrian" into places.
    assert not [c for c in gazetteer.lookup("Ky.") if c.kind == "admin1"]
    assert gazetteer.lookup("Syrian") == []
    kentucky = [c for c in gazetteer.lookup("Ky.", every_form=True) if c.kind == "admin1"]
    assert [(c.name, c.country_code) for c in kentucky] == [("Kentucky", "US")]
    for text in ("W.Va.", "D.C.", "KY", "B.C.", "Ont."):
        assert any(c.kind == "admin1" for c in gazetteer.lookup(text, every_form=True)), text
    syria = gazetteer.lookup("Syrians", every_form=True)
    assert [(c.kind, c.country_code) for c in syria] == [("country", "SY")]


def test_admin2_and_continents(gazetteer):
    laurel = [c for c in gazetteer.lookup("Laurel County") if c.kind == "admin2"]
    assert laurel and all(c.country_code == "US" for c in laurel)
    assert {c.admin1_name for c in laurel} >= {"Kentucky"}
    europe = [c for c in gazetteer.lookup("Europe") if c.kind == "continent"]
    assert [c.geonameid for c in europe] == [6255148]


def test_country_points_lie_inside_the_settled_area(gazetteer):
    # The settled-area centre, not the population centroid: the US point is in Kansas/Nebraska,
    # within 400 km of GeoNames' own (39.76 N, 98.5 W), not on the East Coast.
    from eventatlas.geo.gazetteer import haversine_km

    us = next(c for c in gazetteer.lookup("United States") if c.kind == "country")
    assert haversine_km(us.lat, us.lon, 39.76, -98.5) < 400
    syria = next(c for c in gazetteer.lookup("Syria") if c.kind == "country")
    assert haversine_km(syria.lat, syria.lon, 35.0, 38.0) < 161


def test_countries_and_big_regions_sit_on_geonames_points(gazetteer):
    # The settled-area centre of Russia lies ~1,000 km from GeoNames' 60 N 100 E; Virginia's
    # GeoNames point is Richmond, Ontario's far north of its towns.
    from eventatlas.geo.gazetteer import haversine_km

    expected = {("Russia", "country"): (60.0, 100.0), ("Japan", "country"): (35.69, 139.75),
                ("Virginia", "admin1"): (37.55, -77.45), ("Ontario", "admin1"): (49.25, -84.5)}
    for (name, kind), (lat, lon) in expected.items():
        place = next(c for c in gazetteer.lookup(name) if c.kind == kind)
        assert haversine_km(place.lat, place.lon, lat, lon) < 5, name
    # Countries without a reference point keep the settled-area centre.
    from eventatlas.geo.points import COUNTRY_POINTS

    monaco = next(c for c in gazetteer.lookup("Monaco") if c.kind == "country")
    assert "MC" not in COUNTRY_POINTS and haversine_km(monaco.lat, monaco.lon, 43.73, 7.42) < 20


def test_county_short_names_and_region_demonyms_are_resolver_only_forms(gazetteer):
    from eventatlas.geo.gazetteer import FORM_COUNTY, county_short_name

    assert county_short_name("Clarke County") == "Clarke"
    assert county_short_name("Caddo Parish") == "Caddo"
    assert county_short_name("Departement de la Gironde") is None
    assert not any(c.kind == "admin2" for c in gazetteer.lookup("Clarke"))
    counties = [c for c in gazetteer.lookup("Clarke", every_form=True) if c.kind == "admin2"]
    assert counties and all(c.form == FORM_COUNTY for c in counties)
    assert not gazetteer.lookup("Middle Eastern")
    assert [c.name for c in gazetteer.lookup("Middle Eastern", every_form=True)] == [
        "Middle East"]
    assert gazetteer.lookup("Korean Peninsula")[0].kind == "continent"
