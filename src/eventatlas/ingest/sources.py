"""Where documents come from: files, folders, JSON Lines, CSV, RSS/Atom feeds and WARC archives.

`iter_sources` turns paths into `SourceItem`s, one per article, lazily (a WARC of a million
pages is never held in memory). A record that cannot be read becomes an item carrying its
error, so a batch reports it and goes on.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventatlas.errors import EventAtlasError, InputError
from eventatlas.ingest.reader import RawInput, decode_bytes, looks_like_html, read_path
from eventatlas.settings import MAX_INPUT_BYTES

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_WARC_HTML = frozenset({"text/html", "application/xhtml+xml"})
TEXT_COLUMNS = ("text", "article_content", "content", "body", "html")
# A record's metadata under the names CSV exports and JSONL dumps give it, first match wins
# (FA-KES: unit_id, article_title, source, date). The outlet reaches ACLED's `source` column.
ID_FIELDS = ("id", "unit_id", "doc_id", "document_id")
TITLE_FIELDS = ("title", "article_title", "headline")
PUBLISHED_FIELDS = ("published", "date", "publication_date", "pub_date")
OUTLET_FIELDS = ("outlet", "source", "publisher")
URL_FIELDS = ("url", "link")
# Spreadsheet dates in CSV cells: ISO first, then the US month-first order spreadsheets and
# FA-KES write ("4/5/17" is 5 April 2017); JSON Lines takes ISO dates only.
CSV_DATE_FORMATS = ("%m/%d/%y", "%m/%d/%Y")
# CSV cells hold whole articles; the csv module's default 128 kB cap is too small for some.
csv.field_size_limit(MAX_INPUT_BYTES)


@dataclass(slots=True)
class SourceItem:
    """One article to ingest (`raw` set) or one that could not be read (`error` set)."""

    name: str
    raw: RawInput | None = None
    doc_id: str | None = None
    title: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    error: str | None = None


def iter_sources(paths: Iterable[str | Path], text_column: str | None = None
                 ) -> Iterator[SourceItem]:
    for given in paths:
        path = Path(given)
        if str(given) == "-":
            yield from _jsonl_lines(sys.stdin, "<stdin>")
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _known(child):
                    yield from _items_from_file(child, text_column)
        elif not path.exists():
            yield SourceItem(name=str(path), error=f"{path}: no such file or directory")
        else:
            yield from _items_from_file(path, text_column)


def _known(path: Path) -> bool:
    name = path.name.lower()
    return (path.suffix.lower() in ARTICLE_SUFFIXES | FEED_SUFFIXES | {".jsonl", ".csv"}
            or name.endswith(WARC_SUFFIXES))


def _items_from_file(path: Path, text_column: str | None) -> Iterator[SourceItem]:
    name, suffix = path.name.lower(), path.suffix.lower()
    try:
        if name.endswith(WARC_SUFFIXES):
            yield from warc_items(path)
        elif suffix == ".jsonl":
            with path.open(encoding="utf-8", errors="replace") as stream:
                yield from _jsonl_lines(stream, str(path))
        elif suffix == ".csv":
            yield from _csv_items(path, text_column)
        elif suffix in FEED_SUFFIXES and _is_feed(path):
            yield from _feed_items(path)
        else:
            yield SourceItem(name=str(path), raw=read_path(path))
    except EventAtlasError as error:
        yield SourceItem(name=str(path), error=str(error))
    except (OSError, ValueError, csv.Error) as error:
        yield SourceItem(name=str(path), error=f"{path}: {type(error).__name__}: {error}")


def _jsonl_lines(stream: Iterable[str], origin: str) -> Iterator[SourceItem]:
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield record_item(line, f"{origin}:{number}")


def record_item(line: str, name: str) -> SourceItem:
    """A JSON Lines record: {"text"|"html", "id"?, "title"?, "published"?, "url"?,
    "outlet"?} (or the other names of `ID_FIELDS`... for them)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return SourceItem(name=name, error=f"{name}: not valid JSON ({error.msg})")
    if not isinstance(record, dict):
        return SourceItem(name=name, error=f"{name}: each line must be a JSON object")
    return _record(record, name)


def _record(record: dict[str, Any], name: str, text_key: str | None = None,
            date_formats: tuple[str, ...] = ()) -> SourceItem:
    text_key = text_key or ("html" if record.get("html") and not record.get("text") else "text")
    content = record.get(text_key)
    if not isinstance(content, str) or not content.strip():
        return SourceItem(name=name, error=f"{name}: no {text_key!r} field with article text")
    if len(content.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
        return SourceItem(name=name, error=f"{name}: document is over the size limit")
    date_key, value = _first(record, PUBLISHED_FIELDS)
    try:
        published = _date_field(value, date_formats)
    except ValueError:
        forms = "YYYY-MM-DD" + (" or M/D/YY" if date_formats else "")
        return SourceItem(name=name, error=f"{name}: {date_key} {value!r} is not a date in "
                                           f"{forms} form")
    is_html = text_key == "html" or looks_like_html(content)
    return SourceItem(
        name=name, raw=RawInput(name=name, content=content, is_html=is_html),
        doc_id=_text_field(_first(record, ID_FIELDS)[1]),
        title=_text_field(_first(record, TITLE_FIELDS)[1]), published=published,
        url=_text_field(_first(record, URL_FIELDS)[1]),
        outlet=_text_field(_first(record, OUTLET_FIELDS)[1]),
    )


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any]:
    """(key, value) of the first of `keys` the record has a value for; (keys[0], None) else."""
    for key in keys:
        value = record.get(key)
        if value not in (None, "") and not (isinstance(value, str) and not value.strip()):
            return key, value.strip() if isinstance(value, str) else value
    return keys[0], None


def _csv_items(path: Path, text_column: str | None) -> Iterator[SourceItem]:
    with path.open(encoding="utf-8", errors="replace", newline="") as stream:
        reader = csv.DictReader(stream)
        columns = reader.fieldnames or []
        column = text_column or next((name for name in TEXT_COLUMNS if name in columns), None)
        if column is None or column not in columns:
            raise InputError(f"{path}: no text column (looked for {text_column or TEXT_COLUMNS}); "
                             "name it with --text-column")
        for number, row in enumerate(reader, start=2):
            record = {key: value for key, value in row.items() if key}
            yield _record(record, f"{path}:{number}", text_key=column,
                          date_formats=CSV_DATE_FORMATS)


def _is_feed(path: Path) -> bool:
    head = path.read_bytes()[:1024].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _feed_items(path: Path) -> Iterator[SourceItem]:
    import feedparser

    feed = feedparser.parse(path.read_bytes())
    if feed.bozo and not feed.entries:
        raise InputError(f"{path}: not a readable RSS/Atom feed ({feed.bozo_exception})")
    for number, entry in enumerate(feed.entries, start=1):
        content = _entry_content(entry)
        name = f"{path}#{number}"
        if not content:
            yield SourceItem(name=name, error=f"{name}: feed entry has no content")
            continue
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        yield SourceItem(
            name=name, raw=RawInput(name=name, content=content, is_html=True),
            title=entry.get("title"), url=entry.get("link"),
            published=date(*parsed[:3]) if parsed else None,
        )


def _entry_content(entry: Any) -> str | None:
    for part in entry.get("content") or []:
        if part.get("value"):
            return str(part["value"])
    return entry.get("summary") or entry.get("description")


def warc_items(path: Path) -> Iterator[SourceItem]:
    """HTML and plain-text pages of a WARC archive: 2xx responses and resource records; other
    records (requests, redirects, images) are skipped. A truncated or corrupt archive yields
    what could be read, then an error item."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                item = _warc_record(record, f"{path}#{number}")
                if item is not None:
                    yield item
        except Exception as error:  # warcio raises several types for damaged archives
            yield SourceItem(name=f"{path}#end", error=f"{path}: WARC read stopped "
                                                       f"({type(error).__name__}: {error})")


def _warc_record(record: Any, name: str) -> SourceItem | None:
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or not http.get_statuscode().startswith("2"):
            return None
        kind = http.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        kind = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    media = kind.split(";", 1)[0].strip().lower()
    if media not in _WARC_HTML | {"text/plain"}:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    data = record.content_stream().read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        return SourceItem(name=name, error=f"{name}: page is over the size limit", url=url)
    try:
        content = decode_bytes(data, name)
    except InputError as error:
        return SourceItem(name=name, error=str(error), url=url)
    return SourceItem(name=name, url=url,
                      raw=RawInput(name=name, content=content, is_html=media in _WARC_HTML))


def _text_field(value: Any) -> str | None:
    """A scalar as text; nothing for a missing value or a JSON object or array."""
    if value in (None, "") or isinstance(value, dict | list):
        return None
    return str(value)


def _date_field(value: Any, formats: tuple[str, ...] = ()) -> date | None:
    """An ISO date (or the date of an ISO datetime), else one of `formats`."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        for form in formats:
            try:
                return datetime.strptime(text, form).date()
            except ValueError:
                continue
        raise
