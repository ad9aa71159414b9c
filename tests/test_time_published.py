"""Publication dates from HTML metadata, "Published" lines, URLs and datelines."""

from datetime import date

from eventatlas.time import find_published_date

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
