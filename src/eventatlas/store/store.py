"""`Store`, the one entry point to the event store (DuckDB or PostgreSQL): documents in
(`write`), fusion of their events across reports (`cluster`), reads (`read`), and analyst
review (`review`, with its audit log in `audit`). See docs/store.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from eventatlas.fuse import Member
from eventatlas.fuse.score import LINK_THRESHOLD
from eventatlas.fuse.sketch import TextEncoder
from eventatlas.model import Document
from eventatlas.store import audit
from eventatlas.store.backends import Backend, connect, duckdb_path
from eventatlas.store.cluster import Fusion
from eventatlas.store.query import EventQuery
from eventatlas.store.read import EventPage, StoreReader
from eventatlas.store.review import apply_review
from eventatlas.store.rows import PIPELINE_VERSION
from eventatlas.store.schema import migrate
from eventatlas.store.write import AddOutcome, StoreWriter

__all__ = ["PIPELINE_VERSION", "AddOutcome", "EventPage", "Store", "open_store"]


class Store:
    def __init__(self, backend: Backend, encoder: TextEncoder | None = None,
                 link_threshold: float = LINK_THRESHOLD) -> None:
        self.db = backend
        migrate(backend)
        self._reader = StoreReader(backend)
        self._fusion = Fusion(backend, self._reader, link_threshold)
        self._writer = StoreWriter(backend, self._fusion, encoder)

    @property
    def encoder(self) -> TextEncoder:
        return self._writer.encoder

    @property
    def link_threshold(self) -> float:
        return self._fusion.link_threshold

    @link_threshold.setter
    def link_threshold(self, value: float) -> None:
        self._fusion.link_threshold = value

    def transaction(self) -> AbstractContextManager[None]:
        """One transaction around several calls (nested ones join it)."""
        return self.db.transaction()

    # -- writing -------------------------------------------------------------------------

    def stored_id(self, document: Document) -> str | None:
        """The id under which this document's content is already stored, if it is: callers
        check this before paying for the NLP."""
        return self._writer.stored_ids([document])[0]

    def stored_ids(self, documents: Sequence[Document]) -> list[str | None]:
        """`stored_id` for many documents in one query."""
        return self._writer.stored_ids(documents)

    def add_document(self, document: Document, source_name: str | None = None) -> AddOutcome:
        return self._writer.add_documents([(document, source_name)])[0]

    def add_documents(self, batch: Sequence[tuple[Document, str | None]]) -> list[AddOutcome]:
        """Documents (with the name of their source) in one transaction; see
        `StoreWriter.add_documents`."""
        return self._writer.add_documents(batch)

    # -- fused events ----------------------------------------------------------------------

    def refresh_cluster(self, cluster_id: str) -> None:
        """Recompute a fused event from its reports (after any change to them)."""
        self._fusion.refresh_clusters([cluster_id])

    def refresh_clusters(self, cluster_ids: Sequence[str]) -> None:
        self._fusion.refresh_clusters(cluster_ids)

    def members(self, cluster_id: str) -> list[Member]:
        return self._fusion.members(cluster_id)

    def report_ids(self, cluster_id: str) -> list[str]:
        return self._fusion.report_ids(cluster_id)

    def move_reports(self, event_ids: Sequence[str], cluster_id: str) -> None:
        self._fusion.move_reports(event_ids, cluster_id)

    def move_cluster(self, from_id: str, to_id: str) -> None:
        self._fusion.move_cluster(from_id, to_id)

    # -- reading -------------------------------------------------------------------------

    def list_events(self, query: EventQuery | None = None) -> EventPage:
        return self._reader.list_events(query)

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        return self._reader.get_event(event_id)

    def get_document(self, document_id: str) -> dict[str, Any] | None:
        return self._reader.get_document(document_id)

    def list_flows(self, query: EventQuery | None = None) -> list[dict[str, Any]]:
        return self._reader.list_flows(query)

    def list_actors(self, search: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Actors by the number of fused events they take part in."""
        return self._reader.list_actors(search, limit)

    def stats(self, query: EventQuery | None = None, bucket: str = "week") -> list[dict[str, Any]]:
        return self._reader.stats(query, bucket)

    def verify(self) -> list[str]:
        """Integrity problems; an empty list for a healthy store."""
        return self._reader.verify()

    def counts(self) -> dict[str, int]:
        return self._reader.counts()

    # -- review ----------------------------------------------------------------------------

    def review(self, event_id: str, action: str, **details: Any) -> dict[str, Any]:
        """Apply an analyst decision (see `eventatlas.store.review`); raises LookupError for an
        unknown id and InputError for a malformed request."""
        return apply_review(self, event_id, action, **details)

    def reviews(self, event_id: str | None = None) -> list[dict[str, Any]]:
        """The audit log, oldest first. For one event, its history: a fused event's rows with
        those of its reports (and of the fused events merged into it); a report's own rows."""
        if event_id is None:
            return audit.review_log(self.db)
        if not event_id.startswith("fe-"):
            return audit.review_log(self.db, [event_id])
        merged = [row["other_id"] for row in audit.review_log(self.db, [event_id])
                  if row["action"] == "merge" and row["other_id"]]
        return audit.review_log(self.db, [event_id, *merged, *self.report_ids(event_id)],
                                other_id=event_id)

    def log_review(self, target_id: str, action: str, **details: Any) -> int:
        """Append one row to the audit log (see `audit.append_review`); returns its id."""
        return audit.append_review(self.db, target_id, action, **details)

    def set_status(self, target_id: str, status: str) -> None:
        audit.set_status(self.db, target_id, status)

    def overrides(self, target_id: str) -> dict[str, Any]:
        return audit.overrides(self.db, target_id)

    def set_overrides(self, target_id: str, fields: dict[str, Any]) -> None:
        audit.set_overrides(self.db, target_id, fields)

    def forbid_links(self, pairs: Sequence[tuple[str, str]], review_id: int) -> None:
        audit.forbid_links(self.db, pairs, review_id)

    def allow_links(self, pairs: Sequence[tuple[str, str]]) -> None:
        audit.allow_links(self.db, pairs)

    def close(self) -> None:
        self.db.close()


def open_store(url: str | None = None, encoder: TextEncoder | None = None,
               link_threshold: float = LINK_THRESHOLD, *, snapshot: bool = False) -> Store:
    """Open (and migrate) a store: None for the default DuckDB file in the user data dir, a
    path or duckdb:///path, ":memory:", or a postgresql:// URL.

    `snapshot=True` opens a DuckDB file through a private copy taken without its lock (see
    `store.snapshot`): for a reader that must work while another process (`eventatlas serve`)
    holds the file, and must not block it. Nothing written then reaches the file. PostgreSQL
    and in-memory stores open as usual."""
    from eventatlas.paths import data_dir

    url = url or str(data_dir() / "eventatlas.duckdb")
    path = duckdb_path(url)
    if snapshot and path is not None:
        from eventatlas.store.snapshot import SnapshotBackend

        return Store(SnapshotBackend(Path(path)), encoder, link_threshold)
    return Store(connect(url), encoder, link_threshold)
