"""Build a `Document` from a decoded input: HTML through trafilatura, then line cleaning."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import trafilatura

from eventatlas.errors import InputError
from eventatlas.ingest.clean import CleanedText, clean_text
from eventatlas.ingest.reader import RawInput, check_text, check_unicode
from eventatlas.model import Document
from eventatlas.settings import MAX_TEXT_CHARS, MIN_ARTICLE_WORDS
from eventatlas.time.published import find_published_date

PARAGRAPH_BREAK = "\n\n"
_ENGLISH_FUNCTION_WORDS = frozenset({
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "was", "by",
    "from", "at", "are", "it", "has", "have", "said",
})
# Below this share of English function words a text is not English prose; the models would
# produce noise, so the document is flagged instead of silently mis-coded.
_MIN_ENGLISH_SHARE = 0.08


def build_document(
    raw: RawInput,
    *,
    doc_id: str | None = None,
    title: str | None = None,
    published: date | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Document:
    """The document of a decoded input; metadata given (from a CSV row, a JSONL record, the
    command line) wins over what is found in the text (a byline's outlet, a dateline)."""
    check_unicode(raw.content, raw.name)
    for what, value in (("title", title), ("id", doc_id), ("url", url), ("outlet", outlet)):
        if value is not None:
            _check_field(value, raw.name, what)
    html = raw.content if raw.is_html else None
    text, meta_title, meta_author, meta_date = _extract(raw)
    cleaned = clean_text(text, title=title or meta_title)
    words = sum(any(c.isalnum() for c in word)
                for paragraph in cleaned.paragraphs for word in paragraph.split())
    if words < MIN_ARTICLE_WORDS:
        raise InputError(f"{raw.name}: no article text found ({words} words of prose)")
    body = PARAGRAPH_BREAK.join(cleaned.paragraphs)
    full_text = f"{cleaned.title}{PARAGRAPH_BREAK}{body}" if cleaned.title else body
    if len(full_text) > MAX_TEXT_CHARS:
        raise InputError(f"{raw.name}: article text is over {MAX_TEXT_CHARS:,} characters")
    found_date = published or meta_date or find_published_date(full_text, html=html, url=url)
    return Document(
        id=doc_id or content_id(full_text),
        text=full_text,
        title=cleaned.title,
        outlet=outlet or cleaned.outlet,
        byline=cleaned.byline or meta_author,
        dateline=cleaned.dateline,
        published=found_date,
        language=guess_language(full_text),
        url=url,
        captions=cleaned.captions,
    )


def content_id(text: str) -> str:
    """A stable id from the content, so the same article always gets the same id."""
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def guess_language(text: str) -> str:
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if not words:
        return "und"
    share = sum(word in _ENGLISH_FUNCTION_WORDS for word in words) / len(words)
    return "en" if share >= _MIN_ENGLISH_SHARE else "und"


def _check_field(value: str, name: str, what: str) -> None:
    """Metadata is stored as given: it must be valid Unicode without NULs (which PostgreSQL
    cannot store)."""
    check_unicode(value, name, what)
    if "\x00" in value:
        raise InputError(f"{name}: {what} contains a NUL character")


def _extract(raw: RawInput) -> tuple[str, str | None, str | None, date | None]:
    if not raw.is_html:
        check_text(raw.content, raw.name)
        return raw.content, None, None, None
    extracted = trafilatura.bare_extraction(
        raw.content, include_comments=False, with_metadata=True, include_tables=False
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise InputError(f"{raw.name}: HTML page has no article text")
    check_text(text, raw.name)
    return text, extracted.title, extracted.author, _iso_date(extracted.date)


def _iso_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


__all__ = ["CleanedText", "build_document", "content_id", "guess_language"]
