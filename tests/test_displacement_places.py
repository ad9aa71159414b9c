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


@pytest.fixture(scope="module")
def moved(pipeline):
    def run(text: str) -> list[tuple[str | None, str | None]]:
        document = build_document(RawInput("<test>", text, is_html=False))
        events = pipeline.process(document).result()["events"]
        return [((event.get("origin") or {}).get("name"),
                 (event.get("destination") or {}).get("name"))
                for event in events if event["type"].startswith("movement.")]
    return run


def test_the_nationality_of_refugees_is_where_they_came_from(moved):
    text = "Some 650,000 Syrian refugees are living in Jordan."
    assert moved(text)[0] == ("Syria", "Jordan")


def test_a_named_origin_beats_the_nationality(moved):
    text = "Nearly 20,000 Burundian refugees were expelled from Tanzania last month."
    assert moved(text)[0][0] == "Tanzania"


def test_returnees_go_home_so_their_nationality_is_no_origin(moved):
    text = "Some 4,000 Afghan refugees returned from Pakistan last week."
    assert moved(text)[0][0] == "Pakistan"
    text = "Some 4,000 Afghan refugees have returned home this year."
    assert moved(text)[0][0] != "Afghanistan"


def test_a_nationality_of_the_named_country_adds_nothing(moved):
    text = "Some 3,000 displaced Iraqis fled to camps in Mosul last week."
    assert all(origin != "Iraq" for origin, _ in moved(text))
