"""Hierarchies in the text and the story's country first (`geo/chains.py`, issue 19), on
invented sentences."""

from eventatlas.geo.chains import find_chains
from eventatlas.model import Mention


def _chains(text: str) -> list[tuple[list[tuple[str, str | None]], bool]]:
    return [([(p.text, p.designator) for p in parts], structural)
            for parts, structural in find_chains(text)]


def test_chains_are_read_narrowest_first() -> None:
    assert _chains("A base opened in Kiwara (Bunia, Ituri) last week.")[0] == (
        [("Kiwara", None), ("Bunia", None), ("Ituri", None)], True)
    assert _chains("Shelling hit Tal Abyad town in Ar-Raqqa countryside.")[0] == (
        [("Tal Abyad", "town"), ("Ar-Raqqa", "countryside")], True)
    assert _chains("Fighting in Kabul's Paghman district went on.")[0] == (
        [("Paghman", "district"), ("Kabul", None)], True)
    # Commas alone are a list as often as a hierarchy: not structural without a designator.
    assert _chains("Protests in Puebla, Jalisco and Sonora.")[0][1] is False
    assert _chains("A mine exploded in Arghandab district, Kandahar.")[0][1] is True


def test_chains_join_across_forms() -> None:
    chains = _chains("a march in Kissy neighbourhood of Freetown city (Western Area Urban, "
                     "Western)")
    assert [name for name, _ in chains[0][0]] == [
        "Kissy", "Freetown", "Western Area Urban", "Western"]


def _mentions(text: str, *names: str) -> list[Mention]:
    found = []
    for name in names:
        start = text.index(name)
        found.append(Mention(text=name, label="GPE", start=start, end=start + len(name)))
    return found


def test_unknown_head_takes_its_district_at_district_precision(resolver) -> None:
    text = "Militants attacked Xqwzville village (Bosaso, Bari) at dawn."
    places = resolver.resolve_mentions(_mentions(text, "Xqwzville", "Bari"), None, None, text)
    head = places[(text.index("Xqwzville"), text.index("Xqwzville") + 9)]
    assert head.name == "Bosaso" and head.country_code == "SO"
    assert head.precision == "admin2"  # ACLED geo_precision 2, not a town's 1
    assert head.geo_precision == 2


def test_a_town_in_its_named_province_wins(resolver) -> None:
    text = "Two were killed in Leon de los Aldama, Guanajuato."
    places = resolver.resolve_mentions(
        _mentions(text, "Leon de los Aldama", "Guanajuato"), None, None, text)
    assert places[(19, 37)].country_code == "MX" and places[(19, 37)].precision == "town"


def test_story_countries_decide_and_unsupported_towns_drop(resolver) -> None:
    text = "A landmine exploded in Daman district, Kandahar."
    mentions = _mentions(text, "Daman district", "Kandahar")
    # Without the story's actors the district is India's (the only Daman District there is).
    alone = resolver.resolve_mentions(mentions, None, None, text)
    assert alone[(23, 37)].country_code == "IN"
    # With the Taliban (AF) the Indian district has no support: the chain places the district
    # at the province it is written in, at district precision.
    told = resolver.resolve_mentions(mentions, None, None, text, story={"AF": 2.0})
    assert told[(23, 37)].country_code == "AF" and told[(23, 37)].precision == "admin2"
    assert told[(39, 47)].country_code == "AF"


def test_no_chain_in_a_plain_list(resolver) -> None:
    text = "Clashes were reported in Homs, Hama, Idlib and Aleppo."
    names = ("Homs", "Hama", "Idlib", "Aleppo")
    places = resolver.resolve_mentions(_mentions(text, *names), None, None, text)
    assert {p.country_code for p in places.values()} == {"SY"}
    assert all(p.precision in ("town", "admin1") for p in places.values())


def test_a_qualifier_is_the_region_not_its_capital(resolver) -> None:
    from eventatlas.geo.chains import qualifier_regions

    text = "Rioters torched two buses in Noakhali, Chittagong on Monday."
    places = resolver.resolve_mentions(_mentions(text, "Noakhali", "Chittagong"), None, None,
                                       text)
    changed = qualifier_regions(text, places, resolver.gazetteer)
    qualifier = changed[(text.index("Chittagong"), text.index("Chittagong") + 10)]
    assert qualifier.precision == "admin1" and qualifier.country_code == "BD"
    # A list of towns is no hierarchy: Hama is no region holding Homs.
    text = "Shelling hit Homs, Hama and Idlib."
    places = resolver.resolve_mentions(_mentions(text, "Homs", "Hama", "Idlib"), None, None, text)
    assert qualifier_regions(text, places, resolver.gazetteer) == {}


def test_an_unplaced_head_takes_its_namesake_in_the_region(resolver) -> None:
    from eventatlas.geo.chains import qualifier_regions

    text = "Police recovered three bombs in Gopalganj, Dhaka."
    places = resolver.resolve_mentions(_mentions(text, "Dhaka"), None, None, text)
    changed = qualifier_regions(text, places, resolver.gazetteer)
    head = changed[(text.index("Gopalganj"), text.index("Gopalganj") + 9)]
    assert head.country_code == "BD" and head.precision == "town"


def test_a_town_named_with_its_namesake_province_is_the_town(resolver) -> None:
    from eventatlas.geo.chains import qualifier_regions

    text = "On 3 May 2022, in Colima, Colima, teachers marched to the governor's office."
    first, second = text.index("Colima"), text.index("Colima, teachers")
    mentions = [Mention(text="Colima", label="GPE", start=first, end=first + 6),
                Mention(text="Colima", label="GPE", start=second, end=second + 6)]
    places = resolver.resolve_mentions(mentions, None, None, text)
    changed = qualifier_regions(text, places, resolver.gazetteer)
    town, region = changed[(first, first + 6)], changed[(second, second + 6)]
    assert (town.precision, town.country_code) == ("town", "MX")
    assert (region.precision, region.country_code) == ("admin1", "MX")
