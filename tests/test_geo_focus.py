"""The geo stage as the pipeline runs it (`geo.focus.story_places`): which resolved places may
be an event's setting, and which one the report is about, on real-world report sentences."""

from __future__ import annotations

from eventatlas.geo.focus import story_countries, story_places
from eventatlas.ingest import RawInput, build_document
from eventatlas.nlp import TEXT_KEY, mentions_from_doc


def located(pipeline, text: str):
    document = build_document(RawInput("<test>", text, is_html=False))
    doc = pipeline.nlp(document.text)
    doc.user_data[TEXT_KEY] = document.text
    document.mentions = mentions_from_doc(doc)
    return document, story_places(document, doc, pipeline.places, pipeline.actors)


def test_the_inline_dateline_is_no_setting_and_a_government_is_no_focus(pipeline):
    text = ("BEIRUT (Reuters) - Ankara says its jets struck rebels in Aleppo on Tuesday, and "
            "residents of Aleppo said dozens were killed.")
    _, where = located(pipeline, text)
    names = {place.name for place in where.places.values()}
    assert "Beirut" not in names  # where the reporter filed from
    assert "Ankara" in names  # still a place, but the subject of "says" is Turkey's government
    assert where.focus is not None and where.focus.name == "Aleppo"
    assert where.country == "SY"


def test_a_capital_standing_for_its_government_is_not_what_the_report_is_about(pipeline):
    text = ("Moscow denied on Tuesday that its jets had struck a market in Idlib. Moscow says "
            "the strikes hit only militants.")
    _, where = located(pipeline, text)
    assert [place.name for place in where.places.values()].count("Moscow") == 2
    assert where.focus is not None and where.focus.name == "Idlib"


def test_the_story_actors_countries_are_evidence(pipeline):
    text = "The Taliban attacked Afghan forces in Daman district, Kandahar."
    countries = story_countries(pipeline.actors, text)
    assert countries.get("AF", 0) >= 2.0 and set(countries) == {"AF"}
    _, where = located(pipeline, text)
    assert where.country == "AF"
    assert {place.country_code for place in where.places.values()} == {"AF"}


def test_places_the_parse_did_not_label_are_read_in_the_story_country(pipeline):
    # No entity at all over the town and its oblast: the hierarchy's parts still name them.
    text = "On 12 June 2022, Russian forces shelled Shevchenkove, Mykolaiv. Casualties unknown."
    _, where = located(pipeline, text)
    assert where.focus is not None and where.focus.name == "Shevchenkove"
    assert where.focus.country_code == "UA"
    # A province labelled PERSON after "in ..., " is still the province.
    text = ("On 5 March 2021, presumed JNIM militants attacked the gendarmerie post in Markoye, "
            "Oudalan. Two gendarmes were killed.")
    _, where = located(pipeline, text)
    start = text.index("Oudalan")
    assert where.places[(start, start + 7)].country_code == "BF"


def test_the_story_country_named_is_the_focus_when_nothing_narrower_is(pipeline):
    text = "Kenya's interior minister sent police reservists to stop the cattle raids."
    _, where = located(pipeline, text)
    assert where.focus is not None and where.focus.name == "Kenya"
    assert where.focus.precision == "country"
    # A neighbour named in passing is no setting of a Kenyan story.
    _, where = located(pipeline, "Gunmen killed two herders near the Somali border, Kenya "
                                 "Police said.")
    assert where.focus is None
