"""Resolution v5: names the gazetteer lacks, regions named outright, alternate names, admin2
populations. Each test is a general case of a class of errors, not a corpus answer."""

import pytest

from eventatlas.geo.context import FORM_INNER, GeoContext
from eventatlas.geo.fallbacks import demonym_of
from eventatlas.geo.sources import Row, admin2_population
from eventatlas.model import Mention


def mention(text, start):
    return Mention(start, start + len(text), text, "GPE")


def in_story(resolver, text, *others):
    """Resolve `text` with `others` as the rest of the story; return its place."""
    mentions, start = [], 0
    for name in (text, *others):
        mentions.append(mention(name, start))
        start += len(name) + 20
    return resolver.resolve_mentions(mentions, None).get((0, len(text)))


@pytest.mark.parametrize(
    ("text", "name", "kind_precision", "country"),
    [
        ("Benue State", "Benue", "admin1", "NG"),
        ("Pott Co.", None, "admin2", "US"),  # no "Pott County": nothing, not a guess
        ("Platte Co.", "Platte County", "admin2", "US"),
        ("Town of Groton", "Groton", "town", "US"),
        ("Madison Twp.", "Madison", "town", "US"),
        ("Manchester City", "Manchester", "town", "GB"),
    ],
)
def test_designators_the_gazetteer_lacks(resolver, text, name, kind_precision, country):
    place = resolver.resolve(text, None, GeoContext())
    if name is None:
        assert place is None or place.precision == kind_precision
        return
    assert place is not None
    assert (place.name, place.precision, place.country_code) == (name, kind_precision, country)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [("Ohioans", "Ohio", "US"), ("Iowans", "Iowa", "US"), ("Ontarians", "Ontario", "CA"),
     ("Texan", "Texas", "US"), ("Czechs", "Czechia", "CZ"), ("Richmondites", "Richmond", None),
     ("Abkhaz", "Abkhazia", "GE"), ("English", "England", "GB"), ("Korean", "South Korea", "KR")],
)
def test_peoples_of_places(resolver, text, name, country):
    place = resolver.resolve(text, None, GeoContext())
    assert place is not None and place.name == name
    if country:
        assert place.country_code == country


def test_demonym_stems_do_not_fall_on_villages(resolver):
    # "-ans" stripped off a name leaves only villages: better unresolved than a hamlet.
    assert demonym_of(resolver.gazetteer, "Qzxwvbans") == []
    assert all(c.kind != "city" or c.population >= 10_000
               for c in demonym_of(resolver.gazetteer, "New Londoners"))


@pytest.mark.parametrize(
    ("text", "name"),
    [("Port of Los Angeles", "Los Angeles"), ("Dubai World Cup", "Dubai"),
     ("University of California", "California"),
     ("Bank of England", "England"), ("Lake Hartwell", "Hartwell"),
     ("Colchester General Hospital", "Colchester")],
)
def test_places_inside_longer_names(resolver, text, name):
    candidates = resolver.candidates(text, GeoContext())
    assert candidates and candidates[0].name == name
    assert all(c.form == FORM_INNER for c in candidates)


@pytest.mark.parametrize("text", ["Soviet Union", "French Quarter", "City Hall", "West Wing",
                                  "Brands Hatch"])
def test_head_nouns_and_generic_words_are_not_places(resolver, text):
    # The place word of a name comes first or after "of"; a trailing one is its head noun.
    assert all(c.form != FORM_INNER for c in resolver.candidates(text, GeoContext()))


def test_a_place_inside_a_name_names_no_state(resolver):
    # "University of California" is no evidence that the story's "London" is in California.
    place = in_story(resolver, "London", "University of California", "Los Angeles", "Spain")
    assert place.country_code == "GB"


def test_a_named_state_pulls_its_county(resolver):
    # Douglas County, Colorado is the biggest; a story naming Minnesota means Minnesota's.
    place = in_story(resolver, "Douglas County", "Minnesota", "Perham")
    assert (place.country_code, place.admin1) == ("US", "Minnesota")
    assert in_story(resolver, "Douglas County").admin1 == "Colorado"


def test_abbreviated_state_qualifies_inside_a_list_and_the_story(resolver):
    text = "Denver, Louisville, Ky., New Haven, Conn., and Louisville"
    spans = [("Denver", 0), ("Louisville", 8), ("Ky.", 20), ("New Haven", 25), ("Conn.", 36),
             ("Louisville", 47)]
    mentions = [mention(name, start) for name, start in spans]
    for name, start in spans:
        assert text[start:start + len(name)] == name
    places = resolver.resolve_mentions(mentions, None)
    assert places[(8, 18)].admin1 == "Kentucky"
    assert places[(47, 57)].admin1 == "Kentucky"  # one sense per story
    assert places[(25, 34)].admin1 == "Connecticut"


def test_a_region_beats_towns_that_once_bore_its_name(resolver):
    # Valle Vista, California lists "Florida" among its alternate names.
    place = in_story(resolver, "Florida", "California", "San Marcos", "Los Angeles")
    assert (place.name, place.precision) == ("Florida", "admin1")
    assert in_story(resolver, "Mexico").precision == "country"


def test_cambridge_is_not_a_perth_council(resolver):
    place = resolver.resolve("Cambridge", None, GeoContext())
    assert place.country_code == "GB"


def row(name, population):
    return Row(kind="city", name=name, population=population)


def test_admin2_population_leaves_out_a_misfiled_city():
    towns = [row("Perth", 2_000_000), row("Wembley", 10_000), row("Floreat", 8_000)]
    assert admin2_population("Cambridge", towns, town_named=True) == 18_000
    # A county whose name is no town's keeps its city; so does a district named after it.
    assert admin2_population("Harris County", towns, town_named=False) == 2_018_000
    assert admin2_population("Perth", towns, town_named=True) == 2_018_000
    assert admin2_population("Logan", [row("Logan City", 9), row("Beenleigh", 1)], True) == 10
