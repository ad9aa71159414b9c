"""Which English a story is written in (`geo.variety`), and what the resolver makes of it."""

import pytest

from eventatlas.geo.variety import written_in
from eventatlas.model import Mention

BUDGET = "Mansfield council to vote today on $765,000 financing package for the center."


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (BUDGET, "US"),
        ("The neighborhood organized a program at the theater.", "US"),
        ("Officials criticized the modernization plan.", "US"),
        ("The council will vote on the £765,000 budget for the town centre.", "GB"),
        ("The neighbourhood organised a programme.", None),
        # Both spellings: no single country.
        ("The center of the neighbourhood.", None),
        ("Tickets cost $5 in the town centre.", None),
        # Words both spellings share are no sign of either ("organism", "criticism", "realism").
        ("Criticism of realism in the organism.", None),
        ("", None),
        (None, None),
    ],
)
def test_written_in_reads_american_spelling_and_dollars(text, country):
    assert written_in(text) == country


def mention(text, start=0):
    return Mention(start, start + len(text), text, "GPE")


def test_american_english_settles_a_lone_town_in_the_united_states(resolver):
    alone = [mention("Mansfield")]
    assert resolver.resolve_mentions(alone, None)[(0, 9)].country_code == "GB"
    assert resolver.resolve_mentions(alone, None, None, BUDGET)[(0, 9)].country_code == "US"
    british = "Mansfield council to vote on the £765,000 budget for the town centre."
    assert resolver.resolve_mentions(alone, None, None, british)[(0, 9)].country_code == "GB"


def test_american_english_yields_to_the_story_s_own_places(resolver):
    # Another name of the story placing it in a country outweighs the spelling...
    named = [mention("Mansfield"), mention("England", 20)]
    assert resolver.resolve_mentions(named, None, None, BUDGET)[(0, 9)].country_code == "GB"
    # ... and a country's name keeps its country, whatever towns are named after it.
    for name in ("China", "Jordan"):
        text = f"{name} agreed to buy $765,000 of soybeans."
        place = resolver.resolve_mentions([mention(name)], None, None, text)[(0, len(name))]
        assert place.precision == "country"


def test_the_resolver_reads_the_text_only_when_given(resolver):
    context = resolver.document_context([mention("Mansfield")], None, None, BUDGET)[2]
    assert context.written_in == "US"
    assert resolver.document_context([mention("Mansfield")])[2].written_in is None
