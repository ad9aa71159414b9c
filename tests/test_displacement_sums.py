"""Displacement figures IDMC totals or reads through copy artefacts, on invented sentences:
counts given place by place summed, a PDF's stray space inside a number, a table figure
followed by its caption, and a people counted by its own name."""

from __future__ import annotations

import pytest

from eventatlas.figures import moved_counts, with_place_parts
from eventatlas.ingest import RawInput, build_document
from eventatlas.quantity import find_quantities


def _first_count_summed(sentence: str) -> int | None:
    _, _, quantity = moved_counts(sentence)[0]
    return with_place_parts(sentence, quantity).value


@pytest.mark.parametrize(
    ("sentence", "total"),
    [
        ("Some 1,200 people were displaced in Kalehe and 800 in Shabunda.", 2_000),
        ("2,000 people were displaced in Kindu, 500 in Kasongo and 300 in Kalima.", 2_800),
        ("700 families fled to Goma and 300 to Bukavu after the attack.", 1_000),
        # a year or a vague count after "and" is no place's part
        ("About 300 people fled in Idlib and 20 in 2019.", 300),
        ("1,200 people fled in Idlib and dozens in Hama.", 1_200),
        ("4,000 people fled the fighting, and 300 in the city were hurt.", 4_000),
        ("In Beni, 4,000 people were evacuated and another 2,000 in Butembo.", 6_000),
        ("4,000 people fled in Idlib, and 300 in the camps who stayed were hurt.", 4_000),
    ],
)
def test_counts_given_place_by_place_are_summed(sentence, total):
    assert _first_count_summed(sentence) == total


def test_a_stray_space_after_the_comma_is_one_number():
    values = [q.value for _, _, q in find_quantities("nine missing and 61, 000 people displaced")]
    assert values == [61_000]
    # a date and a count stay two
    assert [q.value for _, _, q in find_quantities("On May 12, 300 people fled.")] == [300]


def test_a_table_figure_and_its_caption():
    ((_, _, quantity),) = moved_counts(
        "100,000 to 120,000 – The number of people forced out of their homes by the floods.")
    assert (quantity.value, quantity.low, quantity.high) == (100_000, 100_000, 120_000)


def test_a_people_counted_by_its_name(pipeline):
    text = ("As many as 35,326 Brus of western Mizoram took shelter in six camps of "
            "Kanchanpur following ethnic clashes in October.")
    events = pipeline.process(build_document(RawInput("<t>", text, is_html=False))).result()
    moves = [e for e in events["events"] if e["type"].startswith("movement.")]
    assert moves and moves[0]["quantity"]["high"] == 35_326
    assert moves[0]["quantity"]["unit"] == "people"
