"""Ingest runs: source items → documents → pipeline (batched) → store, one commit per batch.

Content already in the store is skipped before the expensive NLP, so a run killed half-way
resumes where it stopped when started again with the same inputs. Each parsed batch is written
in one transaction (whole documents only, whatever happens); when that fails, its documents are
written one by one so that every failure is reported with its reason and the run goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventatlas.errors import EventAtlasError
from eventatlas.ingest import build_document
from eventatlas.ingest.sources import SourceItem
from eventatlas.iterutil import chunked
from eventatlas.model import Document
from eventatlas.pipeline import Pipeline, ProcessingError
from eventatlas.settings import NLP_BATCH_SIZE
from eventatlas.store.store import AddOutcome, Store


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


class Loader:
    def __init__(self, store: Store, pipeline: Pipeline, *, published: date | None = None,
                 batch_size: int = NLP_BATCH_SIZE) -> None:
        self.store = store
        self.pipeline = pipeline
        self.published = published
        self.batch_size = batch_size

    def run(self, items: Iterable[SourceItem],
            on_item: Callable[[IngestReport], None] | None = None) -> IngestReport:
        report = IngestReport()
        for batch in chunked(self._documents(items, report, on_item), self.batch_size):
            processed = self.pipeline.process_many(pending.document for pending in batch)
            ready = []
            for pending, outcome in zip(batch, processed, strict=True):
                if isinstance(outcome, ProcessingError):
                    report.failures.append({"source": pending.item.name,
                                            "error": outcome.message})
                else:
                    ready.append((outcome, pending.item.name))
            self._store_batch(ready, report)
            if on_item:
                on_item(report)
        return report

    def _store_batch(self, ready: list[tuple[Document, str]], report: IngestReport) -> None:
        """The batch in one transaction; if that fails, each document on its own, so one bad
        document (or a write error) is reported alone and the others still go in."""
        try:
            outcomes = self.store.add_documents(ready) if ready else []
        except EventAtlasError:
            for document, name in ready:
                self._store(document, name, report)
            return
        for outcome in outcomes:
            self._count(outcome, report)

    def _documents(self, items: Iterable[SourceItem], report: IngestReport,
                   on_item: Callable[[IngestReport], None] | None) -> Iterator[_Pending]:
        for chunk in chunked(items, self.batch_size):
            built = [(item, self._build(item, report)) for item in chunk]
            pending = [_Pending(item, document) for item, document in built
                       if document is not None]
            stored = self.store.stored_ids([entry.document for entry in pending])
            fresh = [entry for entry, stored_id in zip(pending, stored, strict=True)
                     if stored_id is None]
            # Content already stored skips the NLP: this is how a killed run resumes.
            report.duplicates += len(pending) - len(fresh)
            if on_item and len(fresh) < len(chunk):
                on_item(report)  # the progress bar counts skipped items too
            yield from fresh

    def _build(self, item: SourceItem, report: IngestReport) -> Document | None:
        if item.error is not None or item.raw is None:
            report.failures.append({"source": item.name, "error": item.error or "unreadable"})
            return None
        try:
            return build_document(item.raw, doc_id=item.doc_id, title=item.title,
                                  published=item.published or self.published, url=item.url,
                                  outlet=item.outlet)
        except EventAtlasError as error:
            report.failures.append({"source": item.name, "error": str(error)})
            return None

    def _store(self, document: Document, name: str, report: IngestReport) -> None:
        try:
            added = self.store.add_document(document, source_name=name)
        except EventAtlasError as error:
            report.failures.append({"source": name, "error": str(error)})
            return
        self._count(added, report)

    @staticmethod
    def _count(added: AddOutcome, report: IngestReport) -> None:
        if added.status == "duplicate":
            report.duplicates += 1
        else:
            report.added += 1
            report.events += len(added.event_ids)

