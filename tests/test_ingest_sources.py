"""Reading documents for ingest: folders, JSON Lines, CSV, RSS/Atom and WARC, with every bad
record reported rather than fatal."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import SEED
from eventatlas.ingest.sources import iter_sources

SEED_TEXT = SEED.read_text(encoding="utf-8")
PARAGRAPHS = "".join(f"<p>{line}</p>" for line in SEED_TEXT.splitlines() if line.strip())
SEED_HTML = f"<html><body><article>{PARAGRAPHS}</article></body></html>"


def test_folder_is_read_recursively_and_unknown_files_are_skipped(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.txt").write_text(SEED_TEXT, encoding="utf-8")
    (tmp_path / "two.html").write_text(SEED_HTML, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = list(iter_sources([tmp_path]))
    assert sorted(item.name.rsplit("/", 1)[1] for item in items) == ["one.txt", "two.html"]
    assert {item.raw.is_html for item in items} == {False, True}


def test_jsonl_records_and_bad_lines(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": SEED_TEXT, "published": "2016-11-11",
                    "url": "https://example.org/a1"}),
        "not json",
        json.dumps({"id": "a3", "title": "no text"}),
        json.dumps({"id": "a4", "text": SEED_TEXT, "published": "11/11/2016"}),
        json.dumps({"html": SEED_HTML}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_sources([path]))
    assert [item.error is None for item in items] == [True, False, False, False, True]
    good = items[0]
    assert (good.doc_id, good.published, good.url) == ("a1", date(2016, 11, 11),
                                                      "https://example.org/a1")
    assert "not valid JSON" in items[1].error and ":2" in items[1].name
    assert "published" in items[3].error
    assert items[4].raw.is_html


def test_csv_text_column_found_or_named(tmp_path):
    path = tmp_path / "articles.csv"
    path.write_text('id,article_title,article_content\nx1,Title,"' + SEED_TEXT.replace('"', '""')
                    + '"\n', encoding="utf-8")
    [item] = iter_sources([path])
    assert item.doc_id == "x1" and item.title == "Title" and "Raqqa" in item.raw.content
    [failed] = iter_sources([path], text_column="body")
    assert "no text column" in failed.error


def test_rss_and_atom_feeds(tmp_path):
    rss = tmp_path / "feed.rss"
    rss.write_text(f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>ARA</title>
<item><title>ISIS moves families</title><link>https://example.org/1</link>
<pubDate>Fri, 11 Nov 2016 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[{SEED_HTML}]]></content:encoded></item>
<item><title>empty</title><link>https://example.org/2</link></item>
</channel></rss>""", encoding="utf-8")
    first, second = iter_sources([rss])
    assert first.title == "ISIS moves families" and first.url == "https://example.org/1"
    assert first.published == date(2016, 11, 11) and "Palmyra" in first.raw.content
    assert "no content" in second.error
    atom = tmp_path / "feed.atom"
    atom.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>e</title><link href="https://example.org/3"/><updated>2016-11-11T00:00:00Z</updated>
<content type="html"><![CDATA[{SEED_HTML}]]></content></entry></feed>""", encoding="utf-8")
    [entry] = iter_sources([atom])
    assert entry.url == "https://example.org/3" and entry.published == date(2016, 11, 11)


def test_warc_responses_become_documents(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as output:
        writer = WARCWriter(output, gzip=True)
        for url, body, kind in [("https://example.org/a", SEED_HTML, "text/html"),
                                ("https://example.org/logo.png", "PNG", "image/png")]:
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode()), http_headers=headers))
    [item] = iter_sources([path])
    assert item.url == "https://example.org/a" and item.raw.is_html
    assert "Palmyra" in item.raw.content
    with gzip.open(path) as archive:
        assert archive.read(4) == b"WARC"


def test_missing_path_is_an_error_item(tmp_path):
    [item] = iter_sources([tmp_path / "nope.txt"])
    assert "no such file" in item.error


def test_fakes_csv_keeps_its_id_outlet_and_date():
    """FA-KES's own columns (unit_id, article_title, source, date in M/D/YY) reach the item and
    the document: the outlet is what ACLED's `source` column is made of."""
    from itertools import islice

    from eventatlas.ingest import build_document

    fakes = Path(__file__).parents[1].parent / "shared" / "data" / "articles" / "fakes-dev.csv"
    if not fakes.exists():
        pytest.skip("FA-KES dev CSV not in ../shared")
    first, second = islice(iter_sources([fakes]), 2)
    assert (first.doc_id, first.outlet, first.published) == \
        ("1914947530", "nna", date(2017, 4, 5))  # "4/5/17", its text: "Wed 05 Apr 2017"
    assert first.title == "Syria attack symptoms consistent with nerve agent use WHO"
    assert (second.doc_id, second.published) == ("1914947535", date(2016, 7, 10))
    document = build_document(first.raw, doc_id=first.doc_id, title=first.title,
                              published=first.published, outlet=first.outlet)
    assert (document.id, document.outlet, document.published) == \
        ("1914947530", "nna", date(2017, 4, 5))


def test_csv_and_jsonl_metadata_names_and_bad_dates(tmp_path):
    body = SEED_TEXT.replace('"', '""')
    path = tmp_path / "articles.csv"
    path.write_text("doc_id,headline,text,publisher,published,link\n"
                    f'a1,Raqqa,"{body}",ARA News,2016-11-11T09:00:00,https://ara.example/1\n'
                    f'a2,Raqqa,"{body}",ARA News,31/12/16,\n', encoding="utf-8")
    good, bad = iter_sources([path])
    assert (good.doc_id, good.title, good.outlet, good.published, good.url) == \
        ("a1", "Raqqa", "ARA News", date(2016, 11, 11), "https://ara.example/1")
    assert "published '31/12/16' is not a date" in bad.error  # day-first is not guessed
    lines = tmp_path / "docs.jsonl"
    lines.write_text(json.dumps({"text": SEED_TEXT, "outlet": "ARA News",
                                 "source": {"name": "not an outlet"}}) + "\n"
                     + json.dumps({"text": SEED_TEXT, "source": "Reuters"}) + "\n",
                     encoding="utf-8")
    first, second = iter_sources([lines])
    assert (first.outlet, second.outlet) == ("ARA News", "Reuters")


def test_given_outlet_wins_over_the_one_in_the_text():
    from eventatlas.ingest import RawInput, build_document

    raw = RawInput(name="seed", content=SEED_TEXT, is_html=False)
    assert build_document(raw).outlet == "ARA News"  # the byline's
    assert build_document(raw, outlet="Reuters").outlet == "Reuters"
