"""v6.1 resolver behaviours, each on a real-world sentence: names listed together, "border",
American times, names with namesakes everywhere, county populations, and a region's name beside
a county named in full."""

import pytest

from eventatlas.geo import context, scoring
from eventatlas.geo.hints import context_hints
from eventatlas.geo.variety import written_in
from eventatlas.model import Mention


def mentions(text, names):
    """Mentions of `names`, found left to right in `text`."""
    found, position = [], 0
    for name in names:
        start = text.index(name, position)
        found.append(Mention(start, start + len(name), name, "GPE"))
        position = start + len(name)
    return found


def resolved(resolver, text, names):
    """(name, precision, country, admin1) per mention, in order."""
    spans = mentions(text, names)
    places = resolver.resolve_mentions(spans, None, None, text)
    return [(p.name, p.precision, p.country_code, p.admin1) if (p := places.get(
        (m.start, m.end))) else None for m in spans]


QUILL = ("Dr. Timothy Quill, a professor of medicine at the University of Rochester and a "
         "supporter of Oregon and Washington laws that allow doctors to help terminally ill "
         "people end their lives, said the Chicago group was careful.")


def test_states_listed_together_are_states(resolver):
    # Beside "Chicago", "Oregon" and "Washington" alone would be the Illinois towns.
    places = resolved(resolver, QUILL, ["Rochester", "Oregon", "Washington", "Chicago"])
    assert places[1] == ("Oregon", "admin1", "US", "Oregon")
    assert places[2] == ("Washington", "admin1", "US", "Washington")
    assert places[3][:3] == ("Chicago", "town", "US")
    text = "The number of officers in England and Wales has fallen by 19% since 2010."
    assert resolved(resolver, text, ["England", "Wales"])[1][:2] == ("Wales", "admin1")
    text = ("The state has had little success in luring tech jobs from western states such as "
            "California or Washington, because of high housing costs.")
    assert resolved(resolver, text, ["California", "Washington"])[1][:2] == (
        "Washington", "admin1")


def test_a_list_needs_one_kind_of_region(resolver):
    # The Gaza Strip's town, not Mozambique's Gaza province beside the Palestinian West Bank.
    text = "Unemployment among Palestinian youth is high in the West Bank and Gaza, UNDP said."
    assert resolved(resolver, text, ["West Bank", "Gaza"])[1][:3] == ("Gaza", "town", "PS")
    # A town qualified by the region after it stays a town.
    text = "She called her mother in Texas and Washington, D.C. on Sunday."
    places = resolved(resolver, text, ["Texas", "Washington", "D.C."])
    assert places[1][:2] == ("Washington", "town")


def test_a_region_right_after_its_town(resolver):
    text = ("The committee gave Plant Architect Inc. of Toronto, Ontario, Canada a second "
            "chance. Ontario firms may bid too.")
    places = resolved(resolver, text, ["Toronto", "Ontario", "Canada", "Ontario"])
    assert places[1] == places[3] == ("Ontario", "admin1", "CA", "Ontario")
    # After a town, "New York" is the state; bare, elsewhere in the story, still the city.
    text = "The airline, based in Rego Park, New York, will fly between New York and Moscow."
    places = resolved(resolver, text, ["Rego Park", "New York", "New York"])
    assert places[1][:2] == ("New York", "admin1")
    assert places[2][:2] == ("New York City", "town")


def test_a_name_before_border_is_a_region():
    text = ("Tolls are to be paid off on the western portion from the New York border to "
            "Route 128; trucks queued at the Tal Abyad border crossing.")
    hints = context_hints(text, [(m.start, m.end) for m in mentions(text, [
        "New York", "Tal Abyad"])])
    assert list(hints.values()) == ["region"]


def test_the_new_york_border_is_the_state(resolver):
    text = "Tolls end on the western portion from the New York border to Route 128."
    assert resolved(resolver, text, ["New York"])[0][:2] == ("New York", "admin1")


PARIS = ("Paris firefighters made quick work of a kitchen fire at the Spanish Oaks Apartments "
         "complex at 3125 Clarksville St. shortly after 10 p.m. Tuesday.")


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (PARIS, "US"),
        ("Police went to the home around 7:35 p.m. Sunday.", "US"),
        ("Police went to the home around 7.35pm on Sunday.", None),
        ("The match starts at 8pm, after the 10 p.m. news.", None),  # both: no one country
        ("He is 5 feet tall and said I am here.", None),
    ],
)
def test_american_times(text, country):
    assert written_in(text) == country


def test_an_american_time_settles_a_lone_town(resolver):
    assert resolved(resolver, PARIS, ["Paris"])[0][:3] == ("Paris", "town", "US")


FLORENCE = ("The Florence man was taken to a hospital in Charleston. Anderson and Ravenel "
            "deputies, and Charleston County officers, responded.")


def test_a_name_with_namesakes_everywhere_colocates_little(resolver, monkeypatch):
    # "Anderson" has namesakes all over the United States, one beside Florence, Kentucky.
    places = resolved(resolver, FLORENCE, ["Florence", "Charleston", "Anderson", "Ravenel",
                                           "Charleston County"])
    assert places[0][2:] == ("US", "South Carolina")
    monkeypatch.setattr(context, "COLOCATED_SPREAD", 10_000.0)  # every vote in full (v5.2)
    places = resolved(resolver, FLORENCE, ["Florence", "Charleston", "Anderson", "Ravenel",
                                           "Charleston County"])
    assert places[0][2:] == ("US", "Kentucky")


JACKSON = "Jackson County deputies and Scott County officers searched the river near St. Paul."


def test_county_populations_count_half(resolver, monkeypatch):
    # Jackson County, Minnesota (4,890 people in its listed towns) beside St. Paul, against
    # Jackson County, Illinois (35,742).
    names = ["Jackson County", "Scott County", "St. Paul"]
    assert resolved(resolver, JACKSON, names)[0][3] == "Minnesota"
    monkeypatch.setattr(scoring, "ADMIN2_POPULATION_SLOPE", 1.0)  # as counted before v6.1
    assert resolved(resolver, JACKSON, names)[0][3] == "Illinois"


def test_a_county_prior_is_pulled_towards_a_typical_county(resolver):
    small = next(c for c in resolver.gazetteer.lookup("Bath County") if c.admin1_code == "VA")
    # 123 people in its one listed town: counted as about 1,100, halfway (in logs) to 10,000.
    assert small.population < 1000
    assert 10 ** scoring.log_population(small) == pytest.approx(
        ((small.population + 1) * 10_000) ** 0.5)


def test_a_region_name_beside_a_county_named_in_full(resolver):
    # "Lebanon" may be the country, yet beside "Boone County" it is Lebanon, Indiana, the
    # seat of Boone County, Indiana.
    text = "Lebanon police are looking for the driver. Boone County deputies helped search."
    places = resolved(resolver, text, ["Lebanon", "Boone County"])
    assert places[0] == ("Lebanon", "town", "US", "Indiana")
    assert places[1] == ("Boone County", "admin2", "US", "Indiana")
