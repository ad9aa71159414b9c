"""Ingest: reading, decoding and cleaning scraped articles."""

from __future__ import annotations

import pytest

from conftest import SEED
from eventatlas.errors import InputError
from eventatlas.ingest import build_document, read_bytes, read_path
from eventatlas.ingest.clean import clean_text, find_dateline, split_inline_captions

SEED_TEXT = SEED.read_text(encoding="utf-8")


def test_seed_is_split_into_title_body_caption_and_metadata():
    cleaned = clean_text(SEED_TEXT)
    assert cleaned.title.startswith("ISIS senior commanders evacuate")
    assert cleaned.outlet == "ARA News"
    assert cleaned.byline == "Qehreman Miste"
    assert cleaned.dateline == "HASAKAH"
    assert cleaned.captions == [
        "ISIS official of the Sharia court in Raqqa reading a statement before executing what "
        "the group described \"apostate\" Syrian citizens. File photo"
    ]
    assert cleaned.paragraphs[0].startswith("HASAKAH – As the battle for Raqqa approaches")
    assert cleaned.paragraphs[-1].startswith("Since then, every threat")
    assert {"Leave a comment", "ten + one =", "• Short link :"} <= set(cleaned.dropped)


@pytest.mark.parametrize(("paragraph", "dateline"), [
    ("HASAKAH – As the battle for Raqqa approaches", "HASAKAH"),
    ("BEIRUT, Nov 3 (Reuters) - Syrian warplanes struck", "BEIRUT"),
    ("Aleppo (AFP) - Rebels said on Monday", "Aleppo"),
    ("Russian warplanes struck a market on Tuesday - activists said", None),
])
def test_datelines(paragraph, dateline):
    assert find_dateline(paragraph) == dateline


def test_caption_embedded_in_a_one_line_scrape_is_cut_out():
    line = ("A man rides a bicycle past burning tyres in Aleppo Syria August 1 2016 "
            "(Reuters Photo) Ten civilians were killed and another 17 injured on Tuesday when "
            "Russian warplanes struck a town in Syria's northern Aleppo province, according to "
            "local activists, who said the strikes hit a market and a bakery in the town centre "
            "in the early afternoon while residents were queueing for bread.")
    body, captions = split_inline_captions(line)
    assert captions == [line[: line.index(")") + 1]]
    assert body.startswith("Ten civilians were killed")


def test_html_goes_through_trafilatura_without_comments():
    html = (
        "<html><head><title>Strikes | Outlet</title>"
        '<meta property="article:published_time" content="2016-11-10"></head><body>'
        "<nav>Home News Contact</nav><article><h1>Air strikes hit Raqqa</h1>"
        "<p>HASAKAH – Coalition warplanes struck ISIS positions in Raqqa on Thursday, "
        "local sources reported.</p><p>Dozens of families fled the city towards Hasakah.</p>"
        "</article><div class='comments'><p>Leave a comment</p></div></body></html>"
    )
    document = build_document(read_bytes(html.encode(), "page.html"))
    assert document.title == "Air strikes hit Raqqa"
    assert document.published.isoformat() == "2016-11-10"
    assert "Leave a comment" not in document.text
    assert document.text.startswith("Air strikes hit Raqqa\n\nHASAKAH – Coalition warplanes")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x00\x01\x02binary\x00" * 100, "binary"),
    (bytes(range(128, 256)) * 40, "encoding"),
])
def test_unreadable_inputs_give_clear_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_path(path)


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="limit"):
        read_path(path)


def test_html_without_article_is_an_error():
    with pytest.raises(InputError, match="no article text"):
        build_document(read_bytes(b"<html><body><nav>Home</nav></body></html>", "x.html"))


def test_a_one_line_report_is_an_article_and_a_menu_is_not():
    line = build_document(read_bytes(b"400,000 people were displaced", "line.txt"))
    assert line.text == "400,000 people were displaced"
    for stub in (b"Home | About", b"Too short.", "\U0001F600 \U0001F600 !".encode()):
        with pytest.raises(InputError, match="no article text"):
            build_document(read_bytes(stub, "stub.txt"))


def test_latin1_text_is_decoded():
    text = "Les réfugiés ont quitté la ville de Raqqa après les frappes aériennes du jeudi."
    raw = read_bytes(text.encode("latin-1"), "fr.txt")
    assert "réfugiés" in raw.content


def test_same_content_gives_same_id(tmp_path):
    first = build_document(read_path(SEED))
    second = build_document(read_path(SEED))
    assert first.id == second.id and first.id.startswith("doc-")
