"""What the endpoints share: the store, the extraction pipeline and the URL fetcher.

One process owns the store (DuckDB allows one writer per file), and neither a DuckDB connection
nor the spaCy pipeline is safe to use from two threads at once, so every store call holds
`store_lock` and every extraction holds `pipeline_lock`. FastAPI runs the (synchronous)
endpoints in a thread pool; the locks serialise only the parts that must be.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from eventatlas.api.fetch import SafeFetcher
from eventatlas.errors import InputError
from eventatlas.ingest import RawInput, build_document
from eventatlas.ingest.reader import decode_bytes, looks_like_html
from eventatlas.model import Document

if TYPE_CHECKING:
    from eventatlas.pipeline import Pipeline
    from eventatlas.store import Store


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


class ApiService:
    def __init__(self, store: Store, *, pipeline: Pipeline | None = None,
                 fetcher: SafeFetcher | None = None) -> None:
        self.store = store
        self.store_lock = threading.RLock()
        self.pipeline_lock = threading.Lock()
        self._pipeline = pipeline
        self.fetcher = fetcher or SafeFetcher()

    @property
    def pipeline(self) -> Pipeline:
        # Loaded on the first write, so a read-only server starts in well under a second.
        if self._pipeline is None:
            from eventatlas.pipeline import Pipeline

            self._pipeline = Pipeline()
        return self._pipeline

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
        return build_document(raw, doc_id=submission.id, title=submission.title,
                              published=submission.published, url=url)

    def ingest(self, submission: Submission) -> Ingested:
        document = self.build(submission)
        with self.store_lock:  # the same clean text is stored already: skip the extraction
            existing = self.store.stored_id(document)
            if existing is not None:
                stored = self.store.get_document(existing) or {}
                return Ingested(status="duplicate", document_id=existing,
                                events=list(stored.get("events", [])), cluster_ids=[])
        with self.pipeline_lock:
            document = self.pipeline.process(document)
        with self.store_lock:
            outcome = self.store.add_document(document)
            stored = self.store.get_document(outcome.document_id) or {}
        return Ingested(status=outcome.status, document_id=outcome.document_id,
                        events=list(stored.get("events", [])),
                        cluster_ids=list(outcome.cluster_ids))

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Run one store method under the store lock."""
        with self.store_lock:
            return getattr(self.store, method)(*args, **kwargs)
