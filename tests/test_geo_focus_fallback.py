"""The focus when no place is a plain setting, and districts named two ways (issue 19), on
invented sentences in ACLED's style."""

from __future__ import annotations

from eventatlas.geo.districts import district_core
from test_geo_focus import located


def test_a_place_in_brackets_is_the_focus_when_nothing_else_is(pipeline):
    _, where = located(pipeline, "On 3 May 2021, a youth was shot dead at Lokra border "
                                 "(Kanaighat, Sylhet).")
    assert where.focus is not None and where.focus.name == "Sylhet"


def test_a_town_naming_a_road_is_near_the_events_on_it(pipeline):
    _, where = located(pipeline, "Residents blocked the Mpeketoni-Lamu road over potholes.")
    assert where.focus is not None and where.focus.country_code == "KE"
    assert where.focus.precision == "admin2"  # near the road's town: ACLED's precision 2


def test_a_name_made_an_adjective_is_no_fallback_focus(pipeline):
    _, where = located(pipeline, "A Kampala-based rights group said two protesters were shot "
                                 "dead on Monday.")
    assert where.focus is None


def test_a_district_named_two_ways_is_one_district():
    assert district_core("PH|Cagayan Valley|Province of Nueva Vizcaya") == district_core(
        "PH|Cagayan Valley|Nueva Vizcaya")
    assert district_core("BD|Dhaka|Kushtia District") == district_core("BD|Dhaka|Kushtia")
    assert district_core("PH|Cagayan Valley|Isabela") != district_core(
        "PH|Cagayan Valley|Nueva Vizcaya")


def test_a_barangay_is_placed_at_its_town_in_the_named_province(resolver):
    text = "A farmer was found dead in Barangay Lumbog, Kayapa, Nueva Vizcaya on Monday."
    places = resolver.resolve_mentions([], None, None, text)
    head = places[(text.index("Barangay"), text.index(", Kayapa"))]
    assert head.name == "Kayapa" and head.country_code == "PH"
    assert head.precision == "admin2"
