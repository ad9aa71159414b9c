"""Publication dates from HTML metadata, "Published" lines, URLs and datelines."""

from datetime import date

import pytest

from eventatlas.time import find_published_date
from eventatlas.time.published import date_line_span

PAGE = """<html><head><title>ISIS senior commanders evacuate headquarters in Raqqa</title>
<meta property="article:published_time" content="2016-11-11T09:30:00+00:00">
</head><body><article><p>HASAKAH – As the battle for Raqqa approaches, local sources
reported on Thursday.</p></article></body></html>"""


def test_html_metadata():
    assert find_published_date("HASAKAH – As the battle for Raqqa approaches", PAGE) == date(
        2016, 11, 11
    )


def test_published_and_posted_lines():
    assert find_published_date("Published on November 11, 2016\nHASAKAH – ...") == date(
        2016, 11, 11
    )
    assert find_published_date("Posted: 10/11/2016 14:02\nText") == date(2016, 11, 10)
    assert find_published_date("Text first.\nUpdated: 2016-11-12") == date(2016, 11, 12)


def test_url_date():
    url = "https://aranews.net/2016/11/11/isis-senior-commanders-evacuate-headquarters-raqqa/"
    assert find_published_date("No date in the text.", url=url) == date(2016, 11, 11)
    assert find_published_date("No date.", url="https://example.org/2016/13/45/x") is None


def test_dateline():
    text = "DAMASCUS, March 3, 2016 (Reuters) - Syrian government forces advanced on Thursday."
    assert find_published_date(text) == date(2016, 3, 3)
    yearless = "DAMASCUS, March 3 (Reuters) - Syrian government forces advanced."
    assert find_published_date(yearless) is None  # no year: not guessed
    assert find_published_date(yearless, reference=date(2016, 11, 11)) == date(2016, 3, 3)


def test_nothing_stated_is_none():
    seed_sentence = (
        "This comes as dozens of families escaped Raqqa heading to Hasakah province in "
        "northeastern Syria."
    )
    assert find_published_date(seed_sentence) is None
    assert find_published_date(seed_sentence, "<html><body><p>no dates</p></body></html>") is None


# Openings of real FA-KES articles (title repeated, then the outlet's date line).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Syria attack symptoms consistent with nerve agent use WHO\n\nWed 05 Apr 2017 Syria "
         "attack symptoms consistent with nerve agent use WHO. Victims of a suspected chemical "
         "attack ...", date(2017, 4, 5)),
        ("02.10.2017 Fifteen people died during an explosion not far from central Damascus.",
         date(2017, 10, 2)),
        ("21.08.2013Get short URL 0 0 0 Syrian regime forces fired intense artillery.",
         date(2013, 8, 21)),
        ("16-11-2014 title: ISIL Claims Beheading of 18 Syrians.", date(2014, 11, 16)),
        ("Published August 2 2016 A man carries an injured girl after an airstrike.",
         date(2016, 8, 2)),
        ("Date of publication 18 July 2016 Syrian activist groups say airstrikes ...",
         date(2016, 7, 18)),
        ("Posted on July 20 2016 by Asharq Al-Awsat Dozens Killed in ...", date(2016, 7, 20)),
        ("Last updated at Jun 062016 AMMAN Nearly 50 air strikes hit rebel-held areas.",
         date(2016, 6, 6)),
        ("Rocket attacks kill at least 30 in Syrias Aleppo AP Saturday 9 Jul 2016 Rockets fired "
         "by rebels ...", date(2016, 7, 9)),
    ],
)
def test_date_heading_the_article(text, expected):
    assert find_published_date(text) == expected


def test_a_date_inside_the_first_sentence_is_an_event_date():
    text = "Rebels attacked the town on 3 March 2016 and took the hill by 5 March 2016."
    assert find_published_date(text) is None
    assert date_line_span(text) is None


def test_date_line_span_points_at_the_heading_date():
    text = "Title of the report\n\nWed 05 Apr 2017 Air strikes killed 12 people on Tuesday."
    start, end = date_line_span(text) or (0, 0)
    assert "05 Apr 2017" in text[start:end + 1]
    assert "Tuesday" not in text[start:end]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Published April 13 2017 An air strike on Tuesday killed 18 fighters.", "April 13 2017"),
        ("Last updated at Apr 232017 An Israeli attack on Sunday killed three.", "Apr 232017"),
        ("Date of publication 7 July 2016 Video More than 33 people were killed on Wednesday.",
         "7 July 2016"),
        ("Wed 05 Apr 2017 Syria attack symptoms consistent with nerve agent use.", "05 Apr 2017"),
    ],
)
def test_date_line_span_is_the_date_alone_not_the_sentence_it_runs_into(text, line):
    start, end = date_line_span(text) or (0, 0)
    assert text[start:end] == line
