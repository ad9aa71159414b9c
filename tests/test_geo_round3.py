"""v6.8 resolver behaviours, each on an invented local-news sentence: "per cent" is no American
usage, a country's name used as a town's ("a Lebanon woman") is the town's, and a chain does
not re-read its broader part as a town known only by an old name."""

import pytest

from conftest import resolve_names
from eventatlas.geo.variety import written_in


def resolved(resolver, text, names):
    """(name, precision, country, admin1) per mention of `names`, found left to right."""
    return [(p.name, p.precision, p.country_code, p.admin1) if p else None
            for p in resolve_names(resolver, text, names)]


@pytest.mark.parametrize(("text", "country"), [
    ("Only 21 per cent of residents return unused pills, the $2 million program found.", None),
    ("Only 21 Per Cent of residents return unused pills.", None),
    ("Only 21 percent of residents return unused pills, the $2 million program found.", "US"),
])
def test_per_cent_is_not_american_usage(text, country):
    assert written_in(text) == country


def test_a_canadian_story_keeps_its_city_in_canada(resolver):
    canadian = ("Only 21 per cent of area residents return unused medicines, say Metro "
                "Vancouver officials, who will spend $2 million on the program.")
    american = canadian.replace("per cent", "percent")
    assert resolved(resolver, canadian, ["Vancouver"])[0][2] == "CA"
    assert resolved(resolver, american, ["Vancouver"])[0][2] == "US"


def test_a_country_named_as_a_town_s_people_or_school_is_the_town(resolver):
    text = ("The Jordan boys basketball team beat Providence Academy. Tryouts will be held "
            "at the Jordan middle school in the United States.")
    first, second, country = resolved(resolver, text, ["Jordan", "Jordan", "United States"])
    # Every mention of the name, not only the one before "boys".
    assert first == second
    assert first[1] == "town" and first[2] == "US"
    assert country[1] == "country"


def test_a_country_named_otherwise_stays_the_country(resolver):
    text = "Jordan agreed to buy wheat from the United States, officials said."
    assert resolved(resolver, text, ["Jordan"])[0][1] == "country"
    # A state's name before "man" is still the state's ("a California man").
    text = "A California man was arrested in Texas."
    assert resolved(resolver, text, ["California"])[0][1] == "admin1"


def test_a_chain_does_not_re_read_a_town_as_its_old_name(resolver):
    text = ("A woman was robbed as she left her job on Augusta's Highland Avenue, Richmond "
            "County deputies said. Martinez and Grovetown police joined the search.")
    names = ["Augusta", "Richmond County", "Martinez", "Grovetown"]
    augusta = resolved(resolver, text, names)[0]
    assert augusta[0] == "Augusta" and augusta[3] == "Georgia"
