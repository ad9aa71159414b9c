"""Displacement told without a verb of moving (`events.displaced`), on invented sentences in
the style of relief reports: a home lost or left, a stay in a shelter, refuge sought, the
displaced counted by what they are, and a count that moves on its own ("1,200 relocated")."""

from __future__ import annotations

import pytest

from eventatlas.ingest import RawInput, build_document


@pytest.fixture(scope="module")
def movements(pipeline):
    def run(text: str) -> list[tuple[str, int | None]]:
        document = build_document(RawInput("<test>", text, is_html=False))
        events = pipeline.process(document).result()["events"]
        return [(event["type"], _figure(event.get("quantity"))) for event in events
                if event["type"].startswith("movement.")]
    return run


def _figure(quantity: dict | None) -> int | None:
    if not quantity:
        return None
    return next((quantity[key] for key in ("value", "low", "high") if quantity.get(key)), None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a home left or lost
        ("Some 4,000 people left their homes overnight as the river rose near the town.",
         ("movement.flight", 4_000)),
        ("About 1,140 persons became homeless after the fire swept the market district.",
         ("movement.flight", 1_140)),
        ("A wildfire north of the lake forced 900 residents out of their homes on Sunday.",
         ("movement.forced_displacement", 900)),
        # a shelter, a camp for the displaced, refuge taken or sought
        ("Officials said 310 people are staying in shelters after the storm hit the coast.",
         ("movement.flight", 310)),
        ("Nearly 2,050 villagers took shelter in three relief camps after the clashes.",
         ("movement.flight", 2_050)),
        ("Hundreds of families have been forced to seek safety near the border this week.",
         ("movement.forced_displacement", 200)),
        ("The agency said 7,400 people spent the night in evacuation centres along the coast.",
         ("movement.flight", 7_400)),
        # the displaced counted by what they are
        ("Some 41,500 internally displaced persons were identified in the three provinces.",
         ("movement.flight", 41_500)),
        # a count that moves on its own
        ("Storms left 12 dead, 9 missing and 3,480 relocated across the two provinces.",
         ("movement.relocation", 3_480)),
        ("Two people were hurt and another 6,200 have been relocated to safety, officials said.",
         ("movement.relocation", 6_200)),
        # the displaced counted in the state the movement left them in
        ("Floods hit the coastal province last week, where 9,000 people are now homeless.",
         ("movement.flight", 9_000)),
        ("About 300 families remain homeless after the fire swept the market district.",
         ("movement.flight", 300)),
        # a move to safety, whoever the parse makes the mover
        ("Residents of the flooded villages along the river moved to higher ground on "
         "Sunday, officials said.", ("movement.relocation", None)),
        # a noun of displacement the tagger reads as an adjective (a lower-case fragment; a
        # typo that leaves the verb unread)
        ("displacement of Sudanese civilians near the border", ("movement.flight", None)),
        ("The fire destroyed 150 houses, laving 483 homeless.", ("movement.flight", 483)),
        # a return told with a verb of going
        ("The 52 were the first group of the 130 who are expected to come back home next week.",
         ("movement.return", 130)),
        # IDPs by their full name, counted or not (a title-case table heading too)
        ("Internally Displaced People, number of people 12,500; 3,000.",
         ("movement.flight", None)),
        ("Aid workers reached the internally displaced people in the northern camps.",
         ("movement.flight", None)),
    ],
)
def test_displacement_told_without_a_verb_of_moving(movements, text, expected):
    assert movements(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # described, not counted, or counted as victims or protesters: no movement
        ("A displaced man was shot dead near the market in the north of the town on Monday."),
        ("Gunmen attacked the village and killed six civilians including two internally "
         "displaced persons."),
        ("Hundreds of internally displaced persons demonstrated outside the governor's office "
         "on Tuesday."),
        # a bare camp may be an army's; a house left standing is no home lost
        ("About 300 soldiers stayed in the camp north of the town after the operation."),
        ("Gunmen left the house before the police arrived, the residents said on Friday."),
        # homeless described, not counted
        ("The men were homeless and hungry when the police found them in the square."),
        # a population a place has, homeless men described, a trip back not home, a camp named
        ("The city has 5,000 homeless, the mayor said on Monday."),
        ("Homeless men slept in the park near the station."),
        ("The players went back to the hotel after the match."),
        ("The internally displaced persons camp was shelled on Monday."),
        # moving equipment to a position is no one's safety
        ("The army moved its tanks and 40 trucks to new positions near the town on Friday."),
    ],
)
def test_no_movement_without_the_displaced(movements, text):
    assert movements(text) == []


def test_the_displaced_counted_in_a_movement_make_one_event(movements):
    assert movements("Some 640 displaced families fled to the town on Monday.") == [
        ("movement.flight", 640)]
    assert movements("The 2,300 displaced people were relocated to camps last week.") == [
        ("movement.relocation", 2_300)]
