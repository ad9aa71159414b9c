"""What the endpoints share: the store, the extraction workers, the URL fetcher and the read
cache.

One process owns the store (DuckDB allows one writer per file), and a DuckDB connection is not
safe to use from two threads at once, so every store call holds `store_lock`. Cleaning and NLP
run in `extraction` (worker processes in a served app, see `api.workers`) without the lock, so
a long extraction never holds up a read. Every write through the service bumps `generation`,
which keys the read cache: a cached answer is never one from before a write this process made.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from eventatlas.api.cache import ReadCache
from eventatlas.api.fetch import SafeFetcher
from eventatlas.api.workers import Extraction, InlineExtraction, WorkersUnavailable, document_meta
from eventatlas.errors import EventAtlasError, InputError
from eventatlas.ingest import RawInput
from eventatlas.ingest.reader import decode_bytes, looks_like_html
from eventatlas.model import Document

if TYPE_CHECKING:
    from eventatlas.store import Store

log = logging.getLogger(__name__)


class ExtractionFailed(InputError):
    """Extraction raised something other than an `EventAtlasError` on this document: it is
    refused with the reason (400) instead of the server answering 500."""


@dataclass(slots=True)
class Submission:
    """A POST /documents body after validation: exactly one of text, html or url."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    published: date | None = None
    title: str | None = None
    id: str | None = None


@dataclass(slots=True)
class Ingested:
    status: str  # "added" | "duplicate"
    document_id: str
    events: list[dict[str, Any]]
    cluster_ids: list[str]


T = TypeVar("T")


class ApiService:
    def __init__(self, store: Store, *, extraction: Extraction | None = None,
                 fetcher: SafeFetcher | None = None, cache: ReadCache | None = None) -> None:
        self.store = store
        self.store_lock = threading.RLock()
        self.extraction = extraction or InlineExtraction()
        self.fetcher = fetcher or SafeFetcher()
        self.cache = cache or ReadCache()

    def _bump(self) -> None:
        self.cache.invalidate()  # no cached read from before this write is served again

    def build(self, submission: Submission) -> Document:
        url = submission.url
        if submission.url is not None:
            fetched = self.fetcher.fetch(submission.url)
            url = fetched.url
            content = decode_bytes(fetched.content, url)
            is_html = "html" in fetched.content_type.lower() or looks_like_html(content)
        elif submission.html is not None:
            content, is_html = submission.html, True
        else:
            assert submission.text is not None
            content, is_html = submission.text, False
        if not content.strip():
            raise InputError("the document is empty")
        raw = RawInput(name=url or "request body", content=content, is_html=is_html)
        meta = document_meta(submission.id, submission.title, submission.published, url)
        return self._extracting(self.extraction.build, raw, meta)

    @staticmethod
    def _extracting(step: Callable[..., T], *args: Any) -> T:
        """Run one extraction step; anything but the documented errors becomes a 400 naming
        the document as the cause (and is logged), never a 500."""
        try:
            return step(*args)
        except (EventAtlasError, WorkersUnavailable):
            raise
        except Exception as error:
            log.exception("extraction failed")
            raise ExtractionFailed(
                f"extraction failed on this document ({type(error).__name__})") from error

    def ingest(self, submission: Submission) -> Ingested:
        document = self.build(submission)
        with self.store_lock:  # the same clean text is stored already: skip the extraction
            existing = self.store.stored_id(document)
            if existing is not None:
                stored = self.store.get_document(existing) or {}
                return Ingested(status="duplicate", document_id=existing,
                                events=list(stored.get("events", [])), cluster_ids=[])
        document = self._extracting(self.extraction.process, document)
        with self.store_lock:
            try:
                outcome = self.store.add_document(document)
            finally:
                self._bump()
            stored = self.store.get_document(outcome.document_id) or {}
        return Ingested(status=outcome.status, document_id=outcome.document_id,
                        events=list(stored.get("events", [])),
                        cluster_ids=list(outcome.cluster_ids))

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Run one store method under the store lock."""
        with self.store_lock:
            return getattr(self.store, method)(*args, **kwargs)

    def write(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Run one store method that changes the store; cached reads are dropped after it."""
        with self.store_lock:
            try:
                return getattr(self.store, method)(*args, **kwargs)
            finally:
                self._bump()
