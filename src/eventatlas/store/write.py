"""Writing documents into the store: a processed document's text, mentions, events, evidence,
actors, places and flows, and the fused events its events join, in one transaction.

A crash leaves either the whole document or nothing, and adding the same content again adds
nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eventatlas.fuse import EventSketch
from eventatlas.fuse.sketch import TextEncoder, movement_destination, shared_encoder, sketch_event
from eventatlas.model import Document
from eventatlas.store import rows
from eventatlas.store.backends import Backend, StoreError
from eventatlas.store.cluster import Fusion, follow
from eventatlas.store.rows import PIPELINE_VERSION, now_utc

_DOCUMENT_COLUMNS = ("id", "content_hash", "url", "outlet", "title", "byline", "dateline",
                     "published", "language", "text", "captions", "source_name",
                     "pipeline_version", "ingested_at")
_MENTION_COLUMNS = ("document_id", "idx", "start_char", "end_char", "text", "label", "sentence",
                    "pipeline_version")
_EVENT_COLUMNS = ("id", "document_id", "cluster_id", "type", "family", "date_start", "date_end",
                  "lat", "lon", "place_key", "country_code", "admin1", "precision",
                  "destination_lat", "destination_lon", "modality",
                  "confidence", "fatalities_best", "status", "search_text", "embedding", "data",
                  "pipeline_version", "created_at")
_PLACE_COLUMNS = ("place_key", "geonameid", "name", "lat", "lon", "admin1", "country_code",
                  "precision", "pipeline_version")
_ACTOR_COLUMNS = ("actor_key", "actor_id", "name", "kind", "country_code", "pipeline_version")
_EVENT_ACTOR_COLUMNS = ("event_id", "idx", "actor_key", "role", "name", "text", "kind",
                        "pipeline_version")
_SOURCE_COLUMNS = ("event_id", "idx", "document_id", "start_char", "end_char", "text", "source",
                   "pipeline_version")
_FLOW_COLUMNS = ("event_id", "origin_key", "origin_name", "origin_lat", "origin_lon",
                 "destination_key", "destination_name", "destination_lat", "destination_lon",
                 "quantity_low", "quantity_high", "quantity_value", "unit", "moved_group",
                 "pipeline_version")


@dataclass(slots=True)
class AddOutcome:
    status: str  # "added" or "duplicate"
    document_id: str
    event_ids: list[str] = field(default_factory=list)
    cluster_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Prepared:
    """A document ready to write: its content hash, event dicts, text vectors and sketches
    (computed before the transaction, to keep it short)."""

    document: Document
    source: str | None
    digest: str
    events: list[dict[str, Any]]
    vectors: list[np.ndarray | None]
    sketches: list[EventSketch]

    @classmethod
    def of(cls, document: Document, source: str | None, encoder: TextEncoder) -> Prepared:
        return cls.many([(document, source)], encoder)[0]

    @classmethod
    def many(cls, batch: Sequence[tuple[Document, str | None]], encoder: TextEncoder
             ) -> list[Prepared]:
        """Every document of a batch, their event texts encoded in one call."""
        # Recalled history ("the 1982 massacre") is no event of the news: not stored or fused.
        events = [[event.as_dict() for event in document.events if not event.background]
                  for document, _ in batch]
        texts = [[rows.search_text(event) for event in group] for group in events]
        vectors = iter(encoder.encode([text for group in texts for text in group]))
        prepared = []
        for (document, source), group, group_texts in zip(batch, events, texts, strict=True):
            group_vectors = [next(vectors) for _ in group]
            sketches = [sketch_event(event, document.id) for event in group]
            for sketch, text, vector in zip(sketches, group_texts, group_vectors, strict=True):
                # The text its vector was made from, as stored: a report read back from the
                # store is then compared exactly as it was when it arrived.
                sketch.text, sketch.vector = text, vector
            prepared.append(cls(document, source, rows.content_hash(document), group,
                                group_vectors, sketches))
        return prepared



class StoreWriter:
    def __init__(self, backend: Backend, fusion: Fusion, encoder: TextEncoder | None = None
                 ) -> None:
        self.db = backend
        self.fusion = fusion
        self._encoder = encoder
        self._seen_keys: dict[str, set[str]] = {}
        self._pending_keys: list[tuple[str, list[str]]] = []  # known once the commit is done

    @property
    def encoder(self) -> TextEncoder:
        if self._encoder is None:
            self._encoder = shared_encoder()
        return self._encoder

    def stored_ids(self, documents: Sequence[Document]) -> list[str | None]:
        """The id under which each document's content is already stored, or None, in one
        query: callers check this before paying for the NLP."""
        if not documents:
            return []
        digests = [rows.content_hash(document) for document in documents]
        marks = ", ".join("?" for _ in digests)
        found = {row["content_hash"]: row["id"] for row in self.db.query(
            f"SELECT id, content_hash FROM documents WHERE content_hash IN ({marks})", digests)}
        return [found.get(digest) for digest in digests]

    def add_documents(self, batch: Sequence[tuple[Document, str | None]]) -> list[AddOutcome]:
        """Documents (with the name of their source) in one transaction: all are written whole
        or none is. Each comes back "added" or "duplicate" (its content is stored already, or
        earlier in the batch). One statement per table for the whole batch is what makes a
        bulk ingest fast; a document whose id is taken by other content fails the batch."""
        prepared = Prepared.many(batch, self.encoder)
        self._pending_keys.clear()
        with self.db.transaction():
            outcomes = self._known(prepared)
            fresh = [item for item, outcome in zip(prepared, outcomes, strict=True)
                     if outcome is None]
            sketches = [sketch for item in fresh for sketch in item.sketches]
            plan, joined, links = self.fusion.plan(sketches)
            self._insert("documents", _DOCUMENT_COLUMNS, [
                [*rows.document_row(item.document, item.digest, item.source), PIPELINE_VERSION,
                 now_utc()] for item in fresh])
            self._insert("mentions", _MENTION_COLUMNS, [
                [*row, PIPELINE_VERSION] for item in fresh
                for row in rows.mention_rows(item.document)])
            placed = [(event, item.document.id, vector, _document_meta(item.document))
                      for item in fresh for event, vector in zip(item.events, item.vectors,
                                                                 strict=True)]
            self._insert_events(placed, plan)
            self.fusion.remember_sketches(sketches)
            self.fusion.write_clusters([event for event, *_ in placed], plan, joined,
                                 [meta for *_, meta in placed])
            absorbed = self.fusion.merge_bridged(links)
        self._remember_keys()
        targets = iter(follow(cluster_id, absorbed) for cluster_id in plan)
        return [outcome or AddOutcome(
            "added", item.document.id, [event["id"] for event in item.events],
            [next(targets) for _ in item.events])
            for item, outcome in zip(prepared, outcomes, strict=True)]

    def _known(self, prepared: list[Prepared]) -> list[AddOutcome | None]:
        """A "duplicate" outcome for content stored already (or earlier in the batch), None
        for new content; an error when a new document's id is taken by other content."""
        digests = [item.digest for item in prepared]
        ids = [item.document.id for item in prepared]
        marks = ", ".join("?" for _ in prepared)
        found = self.db.query("SELECT id, content_hash FROM documents WHERE content_hash IN"
                              f" ({marks}) OR id IN ({marks})", [*digests, *ids])
        stored = {row["content_hash"]: str(row["id"]) for row in found}
        taken = {str(row["id"]) for row in found}
        outcomes: list[AddOutcome | None] = []
        for item in prepared:
            if item.digest in stored:
                outcomes.append(AddOutcome("duplicate", stored[item.digest]))
                continue
            if item.document.id in taken:
                raise StoreError(f"document id {item.document.id!r} is already stored with "
                                 "other content; give the new version another id")
            stored[item.digest] = item.document.id
            taken.add(item.document.id)
            outcomes.append(None)
        return outcomes

    def _insert_events(self, placed: list[tuple[dict[str, Any], str, np.ndarray | None, Any]],
                       plan: list[str]) -> None:
        version = [PIPELINE_VERSION]
        events = [event for event, *_ in placed]
        self._insert("events", _EVENT_COLUMNS, [
            _event_row(event, document_id, cluster_id, vector)
            for (event, document_id, vector, _), cluster_id in zip(placed, plan, strict=True)])
        self._insert("places", _PLACE_COLUMNS, self._unseen("places", _unique_first(
            [row + version for event in events for row in rows.place_rows(event)])),
            conflict=True)
        self._insert("actors", _ACTOR_COLUMNS, self._unseen("actors", _unique_first(
            [row + version for event in events for row in rows.actor_rows(event)])),
            conflict=True)
        self._insert("event_actors", _EVENT_ACTOR_COLUMNS,
                     [row + version for event in events for row in rows.event_actor_rows(event)])
        self._insert("event_sources", _SOURCE_COLUMNS, [
            row + version for event, document_id, *_ in placed
            for row in rows.source_rows(event, document_id)])
        self._insert("flows", _FLOW_COLUMNS, [
            flow + version for flow in map(rows.flow_row, events) if flow is not None])

    def _unseen(self, table: str, values: list[list[Any]]) -> list[list[Any]]:
        """Rows whose key this process has not written or seen yet. Most reports name places
        and actors already stored; skipping them saves a statement per document. (Another
        writer may add a key meanwhile: ON CONFLICT keeps that harmless.)"""
        seen = self._seen_keys.setdefault(table, set())
        fresh = [row for row in values if row[0] not in seen]
        self._pending_keys.append((table, [row[0] for row in fresh]))
        return fresh

    def _remember_keys(self) -> None:
        for table, keys in self._pending_keys:
            self._seen_keys.setdefault(table, set()).update(keys)
        self._pending_keys.clear()

    def _insert(self, table: str, columns: tuple[str, ...], values: list[list[Any]],
                conflict: bool = False) -> None:
        self.db.insert_rows(table, columns, values, skip_conflicts=conflict)


def _document_meta(document: Document) -> dict[str, Any]:
    published = document.published.isoformat() if document.published else None
    return {"id": document.id, "title": document.title, "outlet": document.outlet,
            "url": document.url, "published": published}


def _event_row(event: dict[str, Any], document_id: str, cluster_id: str,
               vector: np.ndarray | None) -> list[Any]:
    place = rows.event_place(event)
    dates = event.get("date") or {}
    toll = event.get("fatalities") or {}
    return [
        event["id"], document_id, cluster_id, event["type"], event["type"].split(".", 1)[0],
        dates.get("start"), dates.get("end"), place.get("lat"), place.get("lon"),
        rows.place_key(place or None), place.get("country_code"), place.get("admin1"),
        place.get("precision"), *(movement_destination(event) or (None, None)),
        event["modality"], event["confidence"], toll.get("best"), "unreviewed",
        rows.search_text(event),
        vector.astype(np.float32).tobytes() if vector is not None else None,
        json.dumps(event), PIPELINE_VERSION, now_utc(),
    ]


def _unique_first(found: list[list[Any]]) -> list[list[Any]]:
    seen: dict[Any, list[Any]] = {}
    for row in found:
        seen.setdefault(row[0], row)
    return list(seen.values())
