"""The regex finder: which spans of a sentence are temporal expressions."""

import pytest

from eventatlas.time import TimeExpression, find_time_expressions

SEED_REPORTED = (
    "HASAKAH – As the battle for Raqqa approaches, the radical group of Islamic State (ISIS) "
    "continues transferring families of top commanders and evacuating its headquarters in the "
    "city to more stable areas under the group’s control, local sources reported on Thursday."
)
SEED_FEW_MONTHS = (
    "A few months ago, ISIS has transferred 75 families of its top leaders from Mosul into "
    "Syria, according to local sources."
)
SEED_SINCE_THEN = (
    "Since then, every threat to the group pushes it transfer families of senior militants to "
    "more stable ISIS-held areas in both Syria and Iraq."
)
SEED_LAST_WEEK = (
    "Last week, the Kurdish-Arab alliance of the Syrian Democratic Forces (SDF) announced its "
    "readiness to storm the ISIS de facto capital of Raqqa, warning civilians to stay away from "
    "the group’s military and administrative headquarters."
)
SEED_EARLIER = (
    "A pro-ISIS media source reported earlier that the Kurdish residents of Raqqa are accused "
    "of leaking information about the group to the Kurdish forces of the YPG."
)


def texts(sentence: str) -> list[str]:
    return [expression.text for expression in find_time_expressions(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (SEED_REPORTED, ["on Thursday"]),
        (SEED_FEW_MONTHS, ["A few months ago"]),
        (SEED_SINCE_THEN, ["Since then"]),
        (SEED_LAST_WEEK, ["Last week"]),
        (SEED_EARLIER, []),  # "earlier" alone is not an expression
    ],
)
def test_seed_sentences(sentence, expected):
    assert texts(sentence) == expected


def test_offsets_point_into_the_text():
    source = SEED_REPORTED + " " + SEED_FEW_MONTHS
    for expression in find_time_expressions(source):
        assert source[expression.start:expression.end] == expression.text
    (found,) = find_time_expressions(SEED_REPORTED)
    start = SEED_REPORTED.index("on Thursday")
    assert found == TimeExpression(start, start + len("on Thursday"), "on Thursday", "weekday")


@pytest.mark.parametrize(
    "expression",
    [
        "Thursday", "last Friday", "next Monday", "on Thursday night",
        "yesterday", "today", "tonight", "this morning", "earlier today",
        "last week", "this month", "next year", "earlier this month", "earlier this week",
        "earlier this year", "in March", "in March 2016", "March 3", "3 March 2016",
        "2016-03-03", "03/03/2016", "between 3 and 5 May", "a few days ago",
        "several weeks ago", "two months ago", "3 years ago", "recently", "since then",
        "at the time",
    ],
)
def test_each_kind_is_found_whole(expression):
    sentence = f"Clashes were reported {expression} near the town."
    assert texts(sentence) == [expression]


def test_several_expressions_in_one_sentence():
    sentence = (
        "Fighting that began in March 2016 resumed on Thursday, between 3 and 5 May, "
        "and again a few weeks ago."
    )
    assert texts(sentence) == [
        "in March 2016", "on Thursday", "between 3 and 5 May", "a few weeks ago",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Fighters march toward the city and may advance later.",
        "The group said earlier it would withdraw.",
        "The militia has 2016 fighters.",
    ],
)
def test_words_that_only_look_temporal(sentence):
    assert texts(sentence) == []


@pytest.mark.parametrize(
    "expression",
    ["on Tuesday and Wednesday", "between Monday and Thursday", "since Monday",
     "since last Thursday", "since 3 March", "in the past 24 hours", "during the last hours"],
)
def test_day_ranges_and_hours_are_found_whole(expression):
    sentence = f"Dozens were killed {expression} in the besieged town."
    assert texts(sentence) == [expression]
