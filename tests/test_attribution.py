"""Who says so, and how committed the report is: real sentences through the whole pipeline."""

from datetime import date

import pytest

PUBLISHED = date(2016, 11, 11)  # a Friday
FILLER = " The war in Syria continues."


@pytest.fixture(scope="module")
def extractor():
    from eventatlas.extract import Extractor

    return Extractor()


def events_of(extractor, sentence: str) -> list[dict]:
    return extractor.extract_text(sentence + FILLER, published=PUBLISHED)["events"]


def only(extractor, sentence: str, prefix: str) -> dict:
    found = [e for e in events_of(extractor, sentence) if e["type"].startswith(prefix)]
    assert found, sentence
    return found[0]


def test_activists_reported(extractor):
    event = only(extractor, "Activists reported that government air strikes killed 12 civilians "
                 "in Douma on Monday.", "remote.")
    assert (event["modality"], event["attribution"]["source"]) == ("reported", "Activists")
    assert event["fatalities"]["best"] == 12
    assert event["date"]["start"] == "2016-11-07"


def test_the_observatory_claimed(extractor):
    event = only(extractor, "The Observatory claimed that Russian warplanes struck a market in "
                 "Idlib on Tuesday.", "remote.air_strike")
    assert (event["modality"], event["attribution"]["source"]) == ("claimed", "Observatory")


def test_a_party_source_makes_a_claim(extractor):
    event = only(extractor, "A pro-ISIS media source reported that the group expelled dozens of "
                 "Kurdish families from Raqqa.", "movement.")
    assert event["modality"] == "claimed"
    assert event["attribution"]["source"] == "pro-ISIS media source"


def test_denial_names_its_source(extractor):
    event = only(extractor, "The army denied that its jets bombed the hospital in Aleppo.",
                 "remote.")
    assert event["modality"] == "denied"
    assert event["attribution"]["source"] == "army"


def test_negation_and_conditionals(extractor):
    shelled = only(extractor, "Government forces did not shell the village of Kafr Zita on "
                   "Sunday.", "remote.shelling")
    assert shelled["modality"] == "denied"
    storm = only(extractor, "If the rebels refuse, the army will storm the town of Douma.",
                 "battle.")
    assert storm["modality"] == "hypothetical"


def test_own_voice_is_asserted(extractor):
    event = only(extractor, "Russian warplanes struck a market in Idlib on Tuesday, killing at "
                 "least 21 civilians.", "remote.air_strike")
    assert (event["modality"], event["attribution"]) == ("asserted", None)
    assert event["fatalities"]["best"] == 21
