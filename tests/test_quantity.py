"""Quantities, ages and fatality figures from real report sentences."""

import pytest

from eventatlas.model import Fatalities, Quantity
from eventatlas.quantity import (
    find_death_figures,
    find_quantities,
    group_word,
    is_cumulative,
    parse_age_range,
    parse_fatalities,
    parse_number,
    parse_quantity,
    stated_figure,
)

SEED_FEW_MONTHS = (
    "A few months ago, ISIS has transferred 75 families of its top leaders from Mosul into "
    "Syria, according to local sources."
)
SEED_DOZENS = (
    "This comes as dozens of families escaped Raqqa heading to Hasakah province in northeastern "
    "Syria."
)
SEED_FORCED = (
    "The source added that the group has forced dozens of Kurdish families to move to the city "
    "of Palmyra."
)
SEED_CONSCRIPTION = "“ISIS imposes conscription on men aged between 14-40 years,” Abdullah said."


def test_seed_75_families():
    ((start, end, quantity),) = find_quantities(SEED_FEW_MONTHS)
    assert SEED_FEW_MONTHS[start:end] == "75 families"
    assert quantity == Quantity("families", "75 families", value=75, low=75, high=75)


def test_seed_dozens_of_families():
    ((start, end, quantity),) = find_quantities(SEED_DOZENS)
    assert SEED_DOZENS[start:end] == "dozens of families"
    assert (quantity.unit, quantity.value) == ("families", None)
    assert (quantity.low, quantity.high) == (24, 99)
    forced = parse_quantity(SEED_FORCED)
    assert forced is not None and forced.text == "dozens of Kurdish families"


def test_seed_age_range_and_no_quantity():
    assert parse_age_range(SEED_CONSCRIPTION) == (14, 40)
    assert find_quantities(SEED_CONSCRIPTION) == []  # "14-40 years" is an age, not a count


@pytest.mark.parametrize(
    ("phrase", "unit", "value", "low", "high"),
    [
        ("75 families", "families", 75, 75, 75),
        ("seventy-five families", "families", 75, 75, 75),
        ("two children", "children", 2, 2, 2),
        ("three people", "people", 3, 3, 3),
        ("a dozen militants", "fighters", 12, 12, 12),
        ("dozens of families", "families", None, 24, 99),
        ("hundreds of civilians", "people", None, 200, 999),
        ("thousands of residents", "people", None, 2000, 9999),
        ("more than 20 civilians", "people", 20, 21, None),  # IDMC: 20 is the figure
        ("at least 12 people", "people", 12, 12, None),
        ("up to 40 fighters", "fighters", None, None, 40),
        ("some 300 households", "households", 300, None, None),
        ("about 40 women", "women", 40, None, None),
        ("nearly 1,200 people", "people", 1200, None, None),
        ("1,200 people", "people", 1200, 1200, 1200),
        ("2.5 million refugees", "people", 2_500_000, 2_500_000, 2_500_000),
        ("between 10 and 20 men", "men", 10, 10, 20),  # the lower is the figure
        ("five tanks", "tanks", 5, 5, 5),  # an unknown head noun is its own unit
    ],
)
def test_parse_quantity(phrase, unit, value, low, high):
    quantity = parse_quantity(phrase)
    assert quantity is not None
    assert (quantity.unit, quantity.value, quantity.low, quantity.high) == (unit, value, low, high)
    assert quantity.text == phrase


def test_group_word_keeps_the_reports_noun():
    quantity = parse_quantity("more than 20 civilians")
    assert quantity is not None and quantity.unit == "people"
    assert group_word(quantity) == "civilians"


def test_find_quantities_skips_numbers_that_count_nothing_known():
    sentence = "On 3 March, 3 killed 20 people and wounded two children in 2016."
    assert [q.text for _, _, q in find_quantities(sentence)] == ["20 people", "two children"]


@pytest.mark.parametrize(
    ("text", "number"),
    [("seventy-five", 75), ("1,200", 1200), ("2.5 million", 2_500_000), ("a hundred", 100),
     ("two hundred and fifty", 250), ("twelve", 12), ("families", None)],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("men aged between 14-40 years", (14, 40)),
        ("aged 14 to 40", (14, 40)),
        ("between the ages of 18 and 30", (18, 30)),
        ("under 18", (0, 17)),
        ("a 12-year-old boy", (12, 12)),
        ("75 families", None),
        ("aged 40 to 14", None),
    ],
)
def test_parse_age_range(text, ages):
    assert parse_age_range(text) == ages


def test_fatalities_take_the_lowest_credible_figure():
    reports = [parse_quantity("at least 12 people"), parse_quantity("15 people"),
               parse_quantity("up to 20 people")]
    assert parse_fatalities([q for q in reports if q]) == Fatalities(low=12, best=12, high=20)


def test_fatalities_from_text_and_open_ended():
    # ACLED: the stated number is the lowest credible figure, and "dozens" is coded 12.
    assert parse_fatalities("Activists said more than 30 civilians died.") == Fatalities(
        low=30, best=30, high=None
    )
    assert parse_fatalities("dozens of civilians") == Fatalities(low=12, best=12, high=99)
    assert parse_fatalities([]) is None


# Death figures from FA-KES-style sentences.
@pytest.mark.parametrize(
    ("text", "figure", "unit"),
    [
        ("Air strikes kill 12 in rebel-held areas of Syrias Aleppo Monitor", 12, "people"),
        ("At least 72 people including nine children were killed in the attack", 72, "people"),
        ("The death toll rose to 40 on Sunday, the Observatory said.", 40, "people"),
        ("WHO said in a statement putting the death toll at at least 70.", 70, "people"),
        ("killing at least 12 and wounding dozens", 12, "people"),
        ("More than 33 people were killed in Syrian regime and Russian bombing", 33, "people"),
        ("At least 29 Syrian rebels were killed in clashes with regime troops", 29, "fighters"),
        ("Fifteen people died during an explosion not far from central Damascus", 15, "people"),
        ("Hundreds dead as fresh airstrikes hit Syrias Aleppo", 100, "people"),
        ("killing all five people on board", 5, "people"),
        ("The blast left 20 people dead and 30 injured.", 20, "people"),
        ("The shelling left three dead in the old city.", 3, "people"),
    ],
)
def test_death_figures(text, figure, unit):
    found = find_death_figures(text)
    assert found, text
    quantity = found[0][2]
    assert (stated_figure(quantity), quantity.unit) == (figure, unit)


@pytest.mark.parametrize("text", [
    "The airstrikes also left dozens of people injured including women and children.",
    "The flood left 5,000 people homeless.",
])
def test_left_counts_the_dead_only_when_it_says_so(text):
    assert find_death_figures(text) == []


def test_years_are_not_death_figures():
    assert find_death_figures("AFP Sunday 8 Oct 2017 killed in the night") == []
    assert find_death_figures("Talks resumed on Monday.") == []


def test_including_keeps_the_whole_not_the_part():
    found = find_death_figures("72 people, including nine children, were killed.")
    assert [stated_figure(q) for _, _, q in found] == [72]


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        # a count next to "injured"/"wounded" is the hurt, not the dead
        ("10 civilians killed 15 injured in terrorist rocket attacks on Aleppo", [10]),
        ("Civilian killed, 3 injured in terrorist attacks on Aleppo", []),
        ("The death toll rose to 10 killed and 59 others injured.", [10]),
        ("Terrorists fired rocket shells killing one person injuring three others.", [1]),
        # the death toll named far from its number, or with "at least" straight after it
        ("The death toll from twin the terrorist explosions in the Syrian province of Homs "
         "rose to 32 and more than 115 wounded", [32]),
        ("Death toll from Aleppo bus convoy bomb attack at least 126", [126]),
        # "claim", "martyrs", "the killing of"
        ("Twin suicide blasts targeted a checkpoint near Damascus claiming 4 martyrs and 13 "
         "injured.", [4]),
        ("The rocket bomb led to the killing of one person and the injury of 40 others", [1]),
        ("Ten civilians some of them children killed in airstrike by US-led coalition", [10]),
    ],
)
def test_death_figures_in_report_phrasing(sentence, figures):
    found = find_death_figures(sentence)
    assert [stated_figure(q) for _, _, q in found] == figures


@pytest.mark.parametrize(
    ("sentence", "cumulative"),
    [
        ("More than 300,000 people have been killed since 2011.", True),
        ("At least 123 civilians have been killed in the besieged suburb by airstrikes and "
         "shelling since the regime began an offensive", True),
        ("Since March 2011, more than 250 people have been killed in the town.", True),
        ("The war has killed 20,000 people.", True),  # no single attack kills that many
        ("At least 16 people were killed in the past 24 hours.", False),
        ("The strikes killed 38 civilians since Tuesday.", False),
        ("Air strikes killed 12 people in Aleppo on Friday.", False),
    ],
)
def test_running_totals_are_cumulative(sentence, cumulative):
    ((start, end, quantity),) = find_death_figures(sentence)
    assert is_cumulative(sentence, start, end, quantity) is cumulative


@pytest.mark.parametrize(
    ("phrase", "unit"),
    [("80 terrorists", "fighters"), ("38 regime forces", "soldiers"),
     ("two Russian pilots", "soldiers"), ("five police officers", "soldiers"),
     ("20 martyrs", "people"), ("5 rescue workers", "people"), ("15 medics", "people")],
)
def test_victim_nouns_say_who_died(phrase, unit):
    quantity = parse_quantity(phrase)
    assert quantity is not None and quantity.unit == unit


def test_a_range_whose_scale_is_written_once_scales_both_ends():
    ((_, _, quantity),) = find_quantities("2 to 3 million people could be displaced")
    assert (quantity.value, quantity.low, quantity.high) == (2_000_000, 2_000_000, 3_000_000)
    ((_, _, mixed),) = find_quantities("between 800 and 1 million people")
    assert (mixed.low, mixed.high) == (800, 1_000_000)  # 800 million would exceed the high
