"""Ingest runs: source items → documents → pipeline (batched) → store, one commit per document.

Content already in the store is skipped before the expensive NLP, so a run killed half-way
resumes where it stopped when started again with the same inputs. Every failure is reported
with its reason and the run goes on.

The store is written from a second thread while the pipeline parses the next documents: the
database does its work outside Python's global lock, so on two cores storing and fusing cost
little wall time on top of the parse. Documents still commit one by one, in input order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from queue import Full, Queue
from typing import Any

from eventatlas.errors import EventAtlasError
from eventatlas.ingest import build_document
from eventatlas.ingest.sources import SourceItem
from eventatlas.iterutil import chunked
from eventatlas.model import Document
from eventatlas.pipeline import Pipeline, ProcessingError
from eventatlas.store.store import Store


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    duplicates: int = 0
    events: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.duplicates + len(self.failures)

    def as_dict(self) -> dict[str, Any]:
        return {"documents_added": self.added, "duplicates": self.duplicates,
                "events_added": self.events, "failed": len(self.failures),
                "failures": self.failures}


@dataclass(slots=True)
class _Pending:
    item: SourceItem
    document: Document


class _Writer:
    """The thread that stores processed documents in arrival order. An unexpected error (the
    database gone, the disk full) stops the run and is raised in the caller."""

    _DONE = None

    def __init__(self, loader: Loader, report: IngestReport,
                 on_item: Callable[[IngestReport], None] | None) -> None:
        self.loader, self.report, self.on_item = loader, report, on_item
        self.queue: Queue[tuple[_Pending, Document | ProcessingError] | None] = Queue(
            maxsize=2 * loader.batch_size)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="eventatlas-store", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def put(self, pending: _Pending, outcome: Document | ProcessingError) -> None:
        while self.error is None:
            try:
                self.queue.put((pending, outcome), timeout=0.5)
                return
            except Full:
                continue
        raise self.error

    def finish(self) -> None:
        while self.thread.is_alive():
            try:
                self.queue.put(self._DONE, timeout=0.5)
                break
            except Full:
                continue
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        while (task := self.queue.get()) is not self._DONE:
            try:
                self.loader.store_one(*task, self.report)
            except BaseException as error:  # reported to the caller by put()/finish()
                self.error = error
                return
            if self.on_item:
                self.on_item(self.report)


class Loader:
    def __init__(self, store: Store, pipeline: Pipeline, *, published: date | None = None,
                 batch_size: int = 16) -> None:
        self.store = store
        self.pipeline = pipeline
        self.published = published
        self.batch_size = batch_size
        # One store connection, used by both threads in turn.
        self._lock = threading.Lock()

    def run(self, items: Iterable[SourceItem],
            on_item: Callable[[IngestReport], None] | None = None) -> IngestReport:
        report = IngestReport()
        writer = _Writer(self, report, on_item)
        writer.start()
        try:
            for batch in chunked(self._documents(items, report, on_item), self.batch_size):
                processed = self.pipeline.process_many(pending.document for pending in batch)
                for pending, outcome in zip(batch, processed, strict=True):
                    writer.put(pending, outcome)
        finally:
            writer.finish()
        return report

    def _documents(self, items: Iterable[SourceItem], report: IngestReport,
                   on_item: Callable[[IngestReport], None] | None) -> Iterator[_Pending]:
        for item in items:
            document = self._build(item, report)
            if document is None:
                if on_item:
                    on_item(report)
                continue
            yield _Pending(item, document)

    def _build(self, item: SourceItem, report: IngestReport) -> Document | None:
        if item.error is not None or item.raw is None:
            self._fail(report, item.name, item.error or "unreadable")
            return None
        try:
            document = build_document(item.raw, doc_id=item.doc_id, title=item.title,
                                      published=item.published or self.published, url=item.url)
        except EventAtlasError as error:
            self._fail(report, item.name, str(error))
            return None
        with self._lock:
            stored = self.store.stored_id(document)
            if stored is not None:
                report.duplicates += 1  # already stored: skip the NLP (this is how runs resume)
        return None if stored is not None else document

    def store_one(self, pending: _Pending, outcome: Document | ProcessingError,
                  report: IngestReport) -> None:
        name = pending.item.name
        if isinstance(outcome, ProcessingError):
            self._fail(report, name, outcome.message)
            return
        try:
            with self._lock:
                added = self.store.add_document(outcome, source_name=name)
        except EventAtlasError as error:
            self._fail(report, name, str(error))
            return
        with self._lock:
            if added.status == "duplicate":
                report.duplicates += 1
            else:
                report.added += 1
                report.events += len(added.event_ids)

    def _fail(self, report: IngestReport, source: str, error: str) -> None:
        with self._lock:
            report.failures.append({"source": source, "error": error})

