"""Ingest runs: source items → documents → pipeline (batched) → store, one commit per document.

Content already in the store is skipped before the expensive NLP, so a run killed half-way
resumes where it stopped when started again with the same inputs. Every failure is reported
with its reason and the run goes on.
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


class Loader:
    def __init__(self, store: Store, pipeline: Pipeline, *, published: date | None = None,
                 batch_size: int = 16) -> None:
        self.store = store
        self.pipeline = pipeline
        self.published = published
        self.batch_size = batch_size

    def run(self, items: Iterable[SourceItem],
            on_item: Callable[[IngestReport], None] | None = None) -> IngestReport:
        report = IngestReport()
        for batch in chunked(self._documents(items, report, on_item), self.batch_size):
            processed = self.pipeline.process_many(pending.document for pending in batch)
            for pending, outcome in zip(batch, processed, strict=True):
                self._store(pending, outcome, report)
                if on_item:
                    on_item(report)
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
            report.failures.append({"source": item.name, "error": item.error or "unreadable"})
            return None
        try:
            document = build_document(item.raw, doc_id=item.doc_id, title=item.title,
                                      published=item.published or self.published, url=item.url)
        except EventAtlasError as error:
            report.failures.append({"source": item.name, "error": str(error)})
            return None
        if self.store.stored_id(document) is not None:
            report.duplicates += 1  # already stored: skip the NLP (this is how runs resume)
            return None
        return document

    def _store(self, pending: _Pending, outcome: Document | ProcessingError,
               report: IngestReport) -> None:
        name = pending.item.name
        if isinstance(outcome, ProcessingError):
            report.failures.append({"source": name, "error": outcome.message})
            return
        try:
            added = self.store.add_document(outcome, source_name=name)
        except EventAtlasError as error:
            report.failures.append({"source": name, "error": str(error)})
            return
        if added.status == "duplicate":
            report.duplicates += 1
        else:
            report.added += 1
            report.events += len(added.event_ids)

