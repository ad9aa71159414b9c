"""v6.2 resolver behaviours, each on a real-world sentence: pound amounts say the story is
British, a compass word before a name makes it a region, and AP abbreviations of a name's first
word are written out."""

import pytest

from conftest import resolve_names
from eventatlas.geo.hints import context_hints
from eventatlas.geo.variety import written_in


def resolved(resolver, text, names):
    """(name, precision, country, admin1) per mention of `names`, found left to right."""
    return [(p.name, p.precision, p.country_code, p.admin1) if p else None
            for p in resolve_names(resolver, text, names)]


@pytest.mark.parametrize(("text", "country"), [
    ("The winner of at least £2.5m has yet to come forward.", "GB"),
    ("The £30 annual charge for garden waste starts in April.", "GB"),
    # Pounds beside dollars, American spelling or AP times: no one country.
    ("The painting sold for £2m ($2.9 million) in London.", None),
    ("The £5 tickets sold out by 10 p.m. at the theater.", None),
    ("The fine was €500.", None),
])
def test_pound_amounts_say_british(text, country):
    assert written_in(text) == country


def test_a_british_story_keeps_its_towns_in_britain(resolver):
    text = ("Low emission car pilot launched by Richmond Council. Council staff will be driving "
            "environmentally friendly vehicles. The £30 annual charge for garden waste is "
            "unpopular, though the free service at the recycling centre in Kew continues.")
    places = resolved(resolver, text, ["Richmond", "Kew"])
    assert places[0][2] == "GB"
    assert places[1][:3] == ("Kew", "town", "GB")


def test_a_compass_word_before_a_name_makes_it_a_region():
    text = ("A fentanyl call required the team to travel to central Washington and set up "
            "shop; fighting in northern Syria and north-east Syria went on.")
    spans = [(text.index("Washington"), text.index("Washington") + 10)]
    syria = text.index("Syria")
    second = text.index("Syria", syria + 1)
    spans += [(syria, syria + 5), (second, second + 5)]
    hints = context_hints(text, spans)
    assert [hints.get(span) for span in spans] == ["region", "region", "region"]
    # Capitalised words are names, not compass words ("North Carolina" is not "north X").
    text = "He moved from North Washington to Charlotte."
    start = text.index("Washington")
    assert context_hints(text, [(start, start + 10)]) == {}


def test_central_washington_is_the_state(resolver):
    text = ("His team's primary focus has been at home in Seattle. A call in the middle of the "
            "evening required the team to travel to central Washington before police could go "
            "in.")
    places = resolved(resolver, text, ["Seattle", "Washington"])
    assert places[1][:2] == ("Washington", "admin1")


def test_ap_abbreviations_of_a_first_word_are_written_out(resolver):
    text = "Deputies arrested a W. Columbia man after a chase through Lexington County."
    places = resolved(resolver, text, ["W. Columbia", "Lexington County"])
    assert places[0][:3] == ("West Columbia", "town", "US")
    text = "The river crested Tuesday at Pt. Pleasant, W.Va."
    assert resolved(resolver, text, ["Pt. Pleasant"])[0][0] == "Point Pleasant"
