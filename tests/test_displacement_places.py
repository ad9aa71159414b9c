"""Where the displaced came from, as IDMC codes it, on invented sentences: a counted group
named after its place, a home named after its town, and the place of the sentence before."""

from __future__ import annotations

import pytest

from eventatlas.ingest import RawInput, build_document


@pytest.fixture(scope="module")
def moved_from(pipeline):
    def run(text: str) -> list[str | None]:
        document = build_document(RawInput("<test>", text, is_html=False))
        events = pipeline.process(document).result()["events"]
        return [(event.get("origin") or {}).get("name") for event in events
                if event["type"].startswith("movement.")]
    return run


def test_a_counted_group_of_a_place_comes_from_it(moved_from):
    text = ("As many as 35,326 Brus of western Mizoram took shelter in six camps of Kanchanpur "
            "following ethnic clashes in October.")
    assert moved_from(text)[0] == "Mizoram"


def test_a_home_named_after_its_town(moved_from):
    text = ("Ten people have been left homeless after a deliberately lit blaze gutted an "
            "Adelaide home on Sunday night.")
    assert moved_from(text) == ["Adelaide"]


def test_the_place_of_the_sentence_before(moved_from):
    text = ("Heavy rains have flooded large parts of Mozambique this month. Tens of thousands "
            "of people were left homeless and displaced.")
    assert moved_from(text) == ["Mozambique"]


def test_its_own_sentence_place_comes_first(moved_from):
    text = ("Heavy rains have flooded large parts of Mozambique this month. In Malawi, some "
            "3,000 people were displaced by the floods.")
    assert moved_from(text) == ["Malawi"]
