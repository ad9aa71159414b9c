"""The event store: documents, report-level events and fused events in DuckDB or PostgreSQL.

`add_document` writes one processed document (text, mentions, events, evidence, actors,
places, flows) and fuses its events into clusters, all in one transaction: a crash leaves either
the whole document or nothing, and adding the same content again adds nothing.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from eventatlas import __version__
from eventatlas.fuse import (
    Candidate,
    EventSketch,
    Member,
    consolidate,
    fuse_members,
    linked_clusters,
)
from eventatlas.fuse.score import LINK_THRESHOLD, MAX_GAP_DAYS, date_score, fusion_group
from eventatlas.fuse.sketch import (
    TextEncoder,
    movement_destination,
    shared_encoder,
    sketch_event,
)
from eventatlas.model import Document
from eventatlas.store import rows
from eventatlas.store.backends import Backend, Row, StoreError, connect
from eventatlas.store.jsonutil import TextCache, dump_json, load_json
from eventatlas.store.query import EventQuery, where_clause
from eventatlas.store.review import apply_review, list_reviews, log_review
from eventatlas.store.schema import migrate

PIPELINE_VERSION = f"eventatlas-{__version__}"
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
_SKETCH_CACHE = 20_000  # sketches kept in memory (~2 kB each)
# What a read needs besides the `data` JSON (which comes from the cache when it can).
_FUSED_READ = ("id", "status", "pipeline_version", "updated_at")
_REPORT_READ = ("id", "document_id", "status", "overrides", "cluster_id", "pipeline_version")
_CLUSTER_COLUMNS = ("type", "family", "fusion_group", "date_start", "date_end", "lat", "lon",
                    "country_code", "admin1", "precision", "modality", "confidence",
                    "fatalities_best", "corroboration", "first_reported", "span_start",
                    "span_end", "status", "overrides", "search_text", "data",
                    "pipeline_version", "updated_at")


@dataclass(slots=True)
class AddOutcome:
    status: str  # "added" or "duplicate"
    document_id: str
    event_ids: list[str] = field(default_factory=list)
    cluster_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Prepared:
    """A document ready to write: its content hash, event dicts, text vectors and sketches
    (computed before the transaction, to keep it short)."""

    document: Document
    source: str | None
    digest: str
    events: list[dict[str, Any]]
    vectors: list[np.ndarray | None]
    sketches: list[EventSketch]

    @classmethod
    def of(cls, document: Document, source: str | None, encoder: TextEncoder) -> _Prepared:
        return cls.many([(document, source)], encoder)[0]

    @classmethod
    def many(cls, batch: Sequence[tuple[Document, str | None]], encoder: TextEncoder
             ) -> list[_Prepared]:
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


@dataclass(slots=True)
class EventPage:
    events: list[dict[str, Any]]
    total: int


class Store:
    def __init__(self, backend: Backend, encoder: TextEncoder | None = None,
                 link_threshold: float = LINK_THRESHOLD) -> None:
        self.db = backend
        self._encoder = encoder
        self.link_threshold = link_threshold
        self._seen_keys: dict[str, set[str]] = {}
        self._data = TextCache()  # event JSON by (table, id, version): listings re-read rows
        # Fusion sketches of stored reports by event id, as made when they were written or read
        # from their rows (the same sketch either way): what they say never changes (which
        # fused event holds them does, and is read each time), so a batch reads only the
        # reports this process has not met yet.
        self._sketches: OrderedDict[str, EventSketch] = OrderedDict()
        self._pending_keys: list[tuple[str, list[str]]] = []  # known once the commit is done
        migrate(backend)

    @property
    def encoder(self) -> TextEncoder:
        if self._encoder is None:
            self._encoder = shared_encoder()
        return self._encoder

    # -- writing -------------------------------------------------------------------------

    def stored_id(self, document: Document) -> str | None:
        """The id under which this document's content is already stored, if it is: callers
        check this before paying for the NLP."""
        return self.stored_ids([document])[0]

    def stored_ids(self, documents: Sequence[Document]) -> list[str | None]:
        """`stored_id` for many documents in one query."""
        if not documents:
            return []
        digests = [rows.content_hash(document) for document in documents]
        marks = ", ".join("?" for _ in digests)
        found = {row["content_hash"]: row["id"] for row in self.db.query(
            f"SELECT id, content_hash FROM documents WHERE content_hash IN ({marks})", digests)}
        return [found.get(digest) for digest in digests]

    def add_document(self, document: Document, source_name: str | None = None) -> AddOutcome:
        return self.add_documents([(document, source_name)])[0]

    def add_documents(self, batch: Sequence[tuple[Document, str | None]]) -> list[AddOutcome]:
        """Documents (with the name of their source) in one transaction: all are written whole
        or none is. Each comes back "added" or "duplicate" (its content is stored already, or
        earlier in the batch). One statement per table for the whole batch is what makes a
        bulk ingest fast; a document whose id is taken by other content fails the batch."""
        prepared = _Prepared.many(batch, self.encoder)
        self._pending_keys.clear()
        with self.db.transaction():
            outcomes = self._known(prepared)
            fresh = [item for item, outcome in zip(prepared, outcomes, strict=True)
                     if outcome is None]
            sketches = [sketch for item in fresh for sketch in item.sketches]
            plan, joined, links = self._plan_clusters(sketches)
            self._insert("documents", _DOCUMENT_COLUMNS, [
                [*rows.document_row(item.document, item.digest, item.source), PIPELINE_VERSION,
                 _now()] for item in fresh])
            self._insert("mentions", _MENTION_COLUMNS, [
                [*row, PIPELINE_VERSION] for item in fresh
                for row in rows.mention_rows(item.document)])
            placed = [(event, item.document.id, vector, _document_meta(item.document))
                      for item in fresh for event, vector in zip(item.events, item.vectors,
                                                                 strict=True)]
            self._insert_events(placed, plan)
            self._remember_sketches(sketches)
            self._write_clusters([event for event, *_ in placed], plan, joined,
                                 [meta for *_, meta in placed])
            absorbed = self._consolidate(links)
        self._remember_keys()
        targets = iter(_follow(cluster_id, absorbed) for cluster_id in plan)
        return [outcome or AddOutcome(
            "added", item.document.id, [event["id"] for event in item.events],
            [next(targets) for _ in item.events])
            for item, outcome in zip(prepared, outcomes, strict=True)]

    def _known(self, prepared: list[_Prepared]) -> list[AddOutcome | None]:
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

    def _write_clusters(self, events: list[dict[str, Any]], plan: list[str], joined: set[str],
                        metas: list[dict[str, Any]]) -> None:
        new_clusters: dict[str, list[Member]] = {}
        for event, cluster_id, meta in zip(events, plan, metas, strict=True):
            if cluster_id not in joined:  # its only reports are in hand: no re-reading
                new_clusters.setdefault(cluster_id, []).append(Member(event, meta))
        self.refresh_clusters(sorted(joined))
        self._insert("clusters", (*_CLUSTER_COLUMNS, "id"), [
            [*_cluster_values(fuse_members(cluster_id, members), members, "unreviewed", {}),
             cluster_id] for cluster_id, members in new_clusters.items()])

    def _plan_clusters(self, sketches: list[EventSketch]
                       ) -> tuple[list[str], set[str], set[tuple[str, str]]]:
        """The fused event each new event goes to, which of those already existed, and the
        pairs of fused events some new event linked to both of (for `_consolidate`). Events
        placed earlier in this batch count as members for the later ones."""
        blocks = self._blocks(sketches)
        stored = {candidate.cluster_id: candidate
                  for candidate in self._candidates([row["id"] for row in blocks])}
        plan: list[str] = []
        created: set[str] = set()
        links: set[tuple[str, str]] = set()
        pending: dict[str, list[EventSketch]] = {}
        for sketch in sketches:
            linked = self._fuse(sketch, blocks, stored, pending)
            if linked:
                cluster_id = linked[0]
                links |= {(cluster_id, other) for other in linked[1:]}
            else:
                cluster_id = "fe-" + sketch.event_id.removeprefix("ev-")
                created.add(cluster_id)
            pending.setdefault(cluster_id, []).append(sketch)
            plan.append(cluster_id)
        return plan, set(plan) - created, links

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

    # -- fusion --------------------------------------------------------------------------

    def _blocks(self, sketches: list[EventSketch]) -> list[Row]:
        """Blocking: the stored fused events a document's events could join — same group,
        reports within reach in days — read in one query per stretch of days the document
        covers, so the cost per event stays flat as the store grows."""
        windows = sorted((_shift(sketch.start, -MAX_GAP_DAYS),
                          _shift(sketch.end or sketch.start, MAX_GAP_DAYS),
                          fusion_group(sketch.family))
                         for sketch in sketches if sketch.start is not None)
        found: list[Row] = []
        for start, end, groups in _merged_windows(windows):
            marks = ", ".join("?" for _ in groups)
            found += self.db.query(
                "SELECT id, fusion_group, span_start, span_end, country_code FROM clusters"
                f" WHERE fusion_group IN ({marks}) AND span_start <= ? AND span_end >= ?"
                " AND status <> 'rejected' LIMIT 2000", [*groups, end, start])
        return found

    def _fuse(self, sketch: EventSketch, blocks: list[Row], stored: dict[str, Candidate],
              pending: dict[str, list[EventSketch]]) -> list[str]:
        """The fused events this event links to, the one it joins first; none when it starts
        a new one."""
        if sketch.start is None:
            return []  # undated events are not fused
        start = _shift(sketch.start, -MAX_GAP_DAYS)
        end = _shift(sketch.end or sketch.start, MAX_GAP_DAYS)
        group = fusion_group(sketch.family)
        pool = {row["id"]: Candidate(row["id"], list(stored[row["id"]].members))
                for row in blocks
                if row["id"] in stored and row["fusion_group"] == group
                and row["span_start"] <= end and row["span_end"] >= start
                and (not sketch.country or row["country_code"] in (None, sketch.country))}
        for cluster_id, sketches in pending.items():  # this batch's events placed so far
            if not _within_reach(sketch, sketches):
                pool.pop(cluster_id, None)  # one report out of reach keeps the cluster apart
                continue
            pool.setdefault(cluster_id, Candidate(cluster_id, [])).members.extend(sketches)
        return [cluster_id for cluster_id, _ in
                linked_clusters(sketch, pool.values(), threshold=self.link_threshold)]

    def _consolidate(self, links: set[tuple[str, str]]) -> dict[str, str]:
        """Merge fused events that a new report linked to both of, where the average link of
        their reports reaches the link threshold (`fuse.consolidate`): reports that arrived in
        an unlucky order and started two fused events for one happening end in one. An
        analyst's split is never undone (its cannot-link pairs veto), two reviewed fused
        events are never merged, and a reviewed one absorbs the other. Each merge is logged
        in `reviews`. Returns absorbed id → kept id."""
        if not links:
            return {}
        ids = sorted({cluster_id for pair in links for cluster_id in pair})
        marks = ", ".join("?" for _ in ids)
        reviewed = {row["id"] for row in self.db.query(
            f"SELECT id FROM clusters WHERE id IN ({marks}) AND (status <> 'unreviewed'"
            " OR overrides IS NOT NULL)", ids)}
        clusters = {candidate.cluster_id: candidate.members
                    for candidate in self._candidates(ids)}
        merges = consolidate(clusters, links, cannot_link=self._cannot_link(clusters),
                             threshold=self.link_threshold, reviewed=frozenset(reviewed))
        for kept, gone in merges:
            self.db.execute("UPDATE events SET cluster_id = ? WHERE cluster_id = ?", [kept, gone])
            log_review(self, kept, "merge", None, None, "eventatlas",
                       "automatic: the reports of both fused events link on average", None, gone)
        self.refresh_clusters([cluster_id for pair in merges for cluster_id in pair])
        return {gone: kept for kept, gone in merges}

    def _cannot_link(self, clusters: dict[str, list[EventSketch]]
                     ) -> frozenset[tuple[str, str]]:
        ids = [sketch.event_id for members in clusters.values() for sketch in members]
        if not ids:
            return frozenset()
        marks = ", ".join("?" for _ in ids)
        return frozenset((row["event_a"], row["event_b"]) for row in self.db.query(
            f"SELECT event_a, event_b FROM cannot_link WHERE event_a IN ({marks})"
            f" AND event_b IN ({marks})", ids + ids))

    def _candidates(self, cluster_ids: list[str]) -> list[Candidate]:
        if not cluster_ids:
            return []
        marks = ", ".join("?" for _ in cluster_ids)
        members = self.db.query(
            f"SELECT id, cluster_id FROM events WHERE cluster_id IN ({marks})"
            " AND status <> 'rejected'", cluster_ids)
        sketches = self._stored_sketches([row["id"] for row in members])
        grouped: dict[str, list[EventSketch]] = {}
        for row in members:
            grouped.setdefault(row["cluster_id"], []).append(sketches[row["id"]])
        return [Candidate(cluster_id, group) for cluster_id, group in grouped.items()]

    def _stored_sketches(self, event_ids: list[str]) -> dict[str, EventSketch]:
        found = {event_id: self._sketches[event_id] for event_id in event_ids
                 if event_id in self._sketches}
        if missing := [event_id for event_id in event_ids if event_id not in found]:
            marks = ", ".join("?" for _ in missing)
            rows_read = self.db.query(
                "SELECT id, document_id, type, family, date_start, date_end, lat, lon, precision,"
                " country_code, admin1, destination_lat, destination_lon, search_text, embedding"
                f" FROM events WHERE id IN ({marks})", missing)
            perpetrators, participants = self._named_actors(missing)
            for row in rows_read:
                sketch = _sketch_from_row(row)
                sketch.perpetrators = frozenset(perpetrators.get(row["id"], ()))
                sketch.participants = frozenset(participants.get(row["id"], ()))
                found[row["id"]] = sketch
            self._remember_sketches([found[event_id] for event_id in missing
                                     if event_id in found])
        return found

    def _remember_sketches(self, sketches: list[EventSketch]) -> None:
        for sketch in sketches:
            self._sketches[sketch.event_id] = sketch
            self._sketches.move_to_end(sketch.event_id)
        while len(self._sketches) > _SKETCH_CACHE:
            self._sketches.popitem(last=False)

    def _named_actors(self, event_ids: list[str]
                      ) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Per event: the perpetrators, and everyone named (as `sketch_event` reads them)."""
        perpetrators: dict[str, set[str]] = {}
        participants: dict[str, set[str]] = {}
        if not event_ids:
            return perpetrators, participants
        marks = ", ".join("?" for _ in event_ids)
        for row in self.db.query(
                "SELECT event_id, actor_key, role, kind FROM event_actors"
                f" WHERE event_id IN ({marks}) AND role <> 'source'", event_ids):
            if row["kind"] in {"unknown", "person"}:
                continue
            participants.setdefault(row["event_id"], set()).add(row["actor_key"])
            if row["role"] == "actor":
                perpetrators.setdefault(row["event_id"], set()).add(row["actor_key"])
        return perpetrators, participants

    def refresh_cluster(self, cluster_id: str) -> None:
        """Recompute a cluster's fused event from its members (after any change to them)."""
        self.refresh_clusters([cluster_id])

    def refresh_clusters(self, cluster_ids: Sequence[str]) -> None:
        """`refresh_cluster` for many clusters: three reads and one write for all of them,
        which is what keeps a batch joining hundreds of fused events cheap."""
        ids = sorted(set(cluster_ids))
        if not ids:
            return
        marks = ", ".join("?" for _ in ids)
        existing = {row["id"]: row for row in self.db.query(
            f"SELECT id, status, overrides FROM clusters WHERE id IN ({marks})", ids)}
        members = self._members_of(ids)
        if emptied := [cluster_id for cluster_id in ids if not members.get(cluster_id)]:
            self.db.execute("DELETE FROM clusters WHERE id IN ("
                            + ", ".join("?" for _ in emptied) + ")", emptied)
        updated, created = [], []
        for cluster_id in ids:
            if members.get(cluster_id):
                row = existing.get(cluster_id)
                values = [*self._cluster_row(cluster_id, members[cluster_id], row), cluster_id]
                (updated if row else created).append(values)
        self.db.update_rows("clusters", "id", _CLUSTER_COLUMNS, updated)
        self._insert("clusters", (*_CLUSTER_COLUMNS, "id"), created)

    @staticmethod
    def _cluster_row(cluster_id: str, members: list[Member], existing: Row | None
                     ) -> list[Any]:
        status = existing["status"] if existing else "unreviewed"
        overrides = json.loads(existing["overrides"] or "{}") if existing else {}
        fused = fuse_members(cluster_id, members, overrides)
        return _cluster_values(fused, members, status, overrides)

    def members(self, cluster_id: str) -> list[Member]:
        return self._members_of([cluster_id]).get(cluster_id, [])

    def _members_of(self, cluster_ids: Sequence[str]) -> dict[str, list[Member]]:
        marks = ", ".join("?" for _ in cluster_ids)
        found = self.db.query("SELECT id, cluster_id, document_id, data, status, overrides"
                              f" FROM events WHERE cluster_id IN ({marks})", list(cluster_ids))
        documents = self._document_meta({row["document_id"] for row in found})
        members: dict[str, list[Member]] = {}
        for row in found:
            members.setdefault(row["cluster_id"], []).append(Member(
                event=load_json(row["data"]), document=documents[row["document_id"]],
                status=row["status"], overrides=json.loads(row["overrides"] or "{}")))
        for group in members.values():
            group.sort(key=lambda member: (member.published or "9999", member.event["id"]))
        return members

    def _document_meta(self, document_ids: set[str]) -> dict[str, dict[str, Any]]:
        """Title, outlet, url and date of documents, looked up by id. (Separate look-ups, not
        a join: a join reads the whole documents table, slow once it holds many reports.)"""
        if not document_ids:
            return {}
        ids = sorted(document_ids)
        marks = ", ".join("?" for _ in ids)
        return {row["id"]: {"id": row["id"], "title": row["title"], "outlet": row["outlet"],
                            "url": row["url"], "published": _iso(row["published"])}
                for row in self.db.query("SELECT id, title, outlet, url, published FROM"
                                         f" documents WHERE id IN ({marks})", ids)}

    # -- reading -------------------------------------------------------------------------

    def list_events(self, query: EventQuery | None = None) -> EventPage:
        query = query or EventQuery()
        query.check()
        fused = query.level == "fused"
        table, columns = ("clusters", _FUSED_READ) if fused else ("events", _REPORT_READ)
        where, params = where_clause(query)
        # The page's rows and the total in one query (a window count), not three.
        found = self.db.query(
            f"SELECT {', '.join('t.' + column for column in columns)},"
            f" count(*) OVER () AS total FROM {table} t{where}"
            " ORDER BY t.date_start DESC NULLS LAST, t.id LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset])
        if found:
            total = found[0]["total"]
        elif query.offset or not query.limit:  # no row to carry the total
            total = self.db.query(f"SELECT count(*) AS n FROM {table} t{where}", params)[0]["n"]
        else:
            total = 0
        rows = {row["id"]: row for row in found}
        ids = list(rows)
        events = self._fused_rows(ids, rows) if fused else self._report_rows(ids, rows)
        return EventPage(events=events, total=int(total))

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        found = (self._fused_many([event_id]) if event_id.startswith("fe-")
                 else self._reports_many([event_id]))
        return found[0] if found else None

    def _fused_many(self, ids: list[str]) -> list[dict[str, Any]]:
        return self._fused_rows(ids, self._rows_by_id("clusters", _FUSED_READ, ids))

    def _reports_many(self, ids: list[str]) -> list[dict[str, Any]]:
        return self._report_rows(ids, self._rows_by_id("events", _REPORT_READ, ids))

    def _rows_by_id(self, table: str, columns: tuple[str, ...], ids: list[str]) -> dict[str, Row]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        return {row["id"]: row for row in self.db.query(
            f"SELECT {', '.join(columns)} FROM {table} WHERE id IN ({marks})", ids)}

    def _fused_rows(self, ids: list[str], found: dict[str, Row]) -> list[dict[str, Any]]:
        data = self._texts("clusters", {key: ("clusters", key, row["updated_at"])
                                        for key, row in found.items()})
        return [_with_status(load_json(data[key]), found[key]) for key in ids if key in data]

    def _report_rows(self, ids: list[str], found: dict[str, Row]) -> list[dict[str, Any]]:
        # A report's extraction never changes once stored (reviews go to status/overrides).
        data = self._texts("events", {key: ("events", key) for key in found})
        documents = self._document_meta({row["document_id"] for row in found.values()})
        clusters = sorted({row["cluster_id"] for row in found.values()})
        cluster_marks = ", ".join("?" for _ in clusters)
        corroboration = {row["id"]: row["corroboration"] for row in self.db.query(
            f"SELECT id, corroboration FROM clusters WHERE id IN ({cluster_marks})", clusters)
        } if clusters else {}
        return [_report_event(found[key] | {"data": data[key]},
                              documents[found[key]["document_id"]],
                              corroboration.get(found[key]["cluster_id"]))
                for key in ids if key in data]

    def _texts(self, table: str, keys: dict[str, tuple[Any, ...]]) -> dict[str, str]:
        """The `data` JSON text of rows by id, from the cache where the same version was read
        before, else in one query."""
        texts = {row_id: self._data.get(key) for row_id, key in keys.items()}
        if missing := [row_id for row_id, text in texts.items() if text is None]:
            marks = ", ".join("?" for _ in missing)
            for row in self.db.query(f"SELECT id, data FROM {table} WHERE id IN ({marks})",
                                     missing):
                texts[row["id"]] = row["data"]
                self._data.put(keys[row["id"]], row["data"])
        return {row_id: text for row_id, text in texts.items() if text is not None}

    def get_document(self, document_id: str) -> dict[str, Any] | None:
        stored = self._stored_document(document_id)
        if stored is None:
            return None
        document, event_ids = stored["document"], stored["event_ids"]
        document["events"] = self._reports_many(event_ids)
        return document

    def _stored_document(self, document_id: str) -> dict[str, Any] | None:
        """A document's text, mentions and event ids: written once and never changed, so read
        from the engine once (three queries) and then from the cache."""
        key = ("documents", document_id)
        if (cached := self._data.get(key)) is not None:
            return load_json(cached)
        found = self.db.query(
            "SELECT id, title, outlet, byline, dateline, published, language, url, captions, text,"
            " content_hash, source_name, pipeline_version FROM documents WHERE id = ?",
            [document_id])
        if not found:
            return None
        document = dict(found[0])
        document["published"] = _iso(document["published"])
        document["captions"] = json.loads(document["captions"] or "[]")
        document["mentions"] = [
            {"start": row["start_char"], "end": row["end_char"], "text": row["text"],
             "label": row["label"], "sentence": row["sentence"]}
            for row in self.db.query(
                "SELECT start_char, end_char, text, label, sentence FROM mentions"
                " WHERE document_id = ? ORDER BY idx", [document_id])]
        event_ids = [row["id"] for row in self.db.query(
            "SELECT id FROM events WHERE document_id = ? ORDER BY id", [document_id])]
        stored = {"document": document, "event_ids": event_ids}
        self._data.put(key, dump_json(stored))
        return stored

    def list_flows(self, query: EventQuery | None = None) -> list[dict[str, Any]]:
        query = query or EventQuery(limit=1000)
        query.family = "movement"
        return [_flow(event) for event in self.list_events(query).events
                if event.get("origin") or event.get("destination")]

    def list_actors(self, search: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Actors by the number of fused events they take part in, each under the name the
        reports use most for it."""
        sql = ("SELECT a.actor_key, max(a.kind) AS kind, count(DISTINCT e.cluster_id) AS events"
               " FROM event_actors a JOIN events e ON e.id = a.event_id"
               " WHERE e.status <> 'rejected'")
        params: list[Any] = []
        if search:
            sql += " AND (a.actor_key = ? OR strpos(lower(a.name), ?) > 0)"
            params += [search, search.lower()]
        sql += " GROUP BY a.actor_key ORDER BY events DESC, a.actor_key LIMIT ?"
        found = self.db.query(sql, [*params, max(1, min(limit, 1000))])
        keys = [row["actor_key"] for row in found]
        known, names = self._actor_details(keys), self._common_names(keys)
        return [{"actor_id": known.get(row["actor_key"], {}).get("actor_id"),
                 "key": row["actor_key"], "name": names.get(row["actor_key"], row["actor_key"]),
                 "kind": row["kind"],
                 "country_code": known.get(row["actor_key"], {}).get("country_code"),
                 "events": int(row["events"])} for row in found]

    def _common_names(self, keys: list[str]) -> dict[str, str]:
        if not keys:
            return {}
        marks = ", ".join("?" for _ in keys)
        names: dict[str, str] = {}
        for row in self.db.query(
                f"SELECT actor_key, name, count(*) AS n FROM event_actors WHERE actor_key IN"
                f" ({marks}) GROUP BY actor_key, name ORDER BY n DESC, length(name), name", keys):
            names.setdefault(row["actor_key"], row["name"])
        return names

    def _actor_details(self, keys: list[str]) -> dict[str, Row]:
        if not keys:
            return {}
        marks = ", ".join("?" for _ in keys)
        return {row["actor_key"]: row for row in self.db.query(
            f"SELECT actor_key, actor_id, country_code FROM actors WHERE actor_key IN ({marks})",
            keys)}

    def stats(self, query: EventQuery | None = None, bucket: str = "week") -> list[dict[str, Any]]:
        if bucket not in {"day", "week", "month", "year"}:
            raise StoreError(f"bucket must be day, week, month or year, not {bucket!r}")
        query = query or EventQuery()
        table = "clusters" if query.level == "fused" else "events"
        where, params = where_clause(query)
        where = (where + " AND" if where else " WHERE") + " t.date_start IS NOT NULL"
        found = self.db.query(
            f"SELECT date_trunc('{bucket}', t.date_start) AS period, t.type, t.family,"
            f" count(*) AS events, sum(coalesce(t.fatalities_best, 0)) AS fatalities"
            f" FROM {table} t{where} GROUP BY 1, 2, 3 ORDER BY 1, 2", params)
        return [{"period": _iso(row["period"]), "type": row["type"], "family": row["family"],
                 "events": int(row["events"]), "fatalities": int(row["fatalities"] or 0)}
                for row in found]

    def review(self, event_id: str, action: str, **details: Any) -> dict[str, Any]:
        """Apply an analyst decision (see `eventatlas.store.review`); raises LookupError for an
        unknown id and InputError for a malformed request."""
        return apply_review(self, event_id, action, **details)

    def reviews(self, event_id: str | None = None) -> list[dict[str, Any]]:
        return list_reviews(self, event_id)

    def verify(self) -> list[str]:
        """Integrity problems (rows pointing at missing rows, fused events without reports);
        an empty list for a healthy store."""
        checks = {
            "events without their document": "SELECT count(*) AS n FROM events e WHERE NOT "
            "EXISTS (SELECT 1 FROM documents d WHERE d.id = e.document_id)",
            "events without their fused event": "SELECT count(*) AS n FROM events e WHERE NOT "
            "EXISTS (SELECT 1 FROM clusters c WHERE c.id = e.cluster_id)",
            "fused events without reports": "SELECT count(*) AS n FROM clusters c WHERE NOT "
            "EXISTS (SELECT 1 FROM events e WHERE e.cluster_id = c.id)",
            "evidence without its event": "SELECT count(*) AS n FROM event_sources s WHERE NOT "
            "EXISTS (SELECT 1 FROM events e WHERE e.id = s.event_id)",
            "mentions without their document": "SELECT count(*) AS n FROM mentions m WHERE NOT "
            "EXISTS (SELECT 1 FROM documents d WHERE d.id = m.document_id)",
            "events without evidence": "SELECT count(*) AS n FROM events e WHERE NOT EXISTS "
            "(SELECT 1 FROM event_sources s WHERE s.event_id = e.id)",
        }
        problems = []
        for label, sql in checks.items():
            count = int(self.db.query(sql)[0]["n"])
            if count:
                problems.append(f"{count} {label}")
        return problems

    def counts(self) -> dict[str, int]:
        tables = ("documents", "events", "clusters", "reviews")
        return {name: int(self.db.query(f"SELECT count(*) AS n FROM {name}")[0]["n"])
                for name in tables}

    def close(self) -> None:
        self.db.close()



def open_store(url: str | None = None, encoder: TextEncoder | None = None,
               link_threshold: float = LINK_THRESHOLD) -> Store:
    """Open (and migrate) a store: None for the default DuckDB file in the user data dir, a
    path or duckdb:///path, ":memory:", or a postgresql:// URL."""
    from eventatlas.paths import data_dir

    return Store(connect(url or str(data_dir() / "eventatlas.duckdb")), encoder, link_threshold)


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
        json.dumps(event), PIPELINE_VERSION, _now(),
    ]


def _sketch_from_row(row: Row) -> EventSketch:
    vector = (np.frombuffer(row["embedding"], dtype=np.float32)
              if row["embedding"] is not None else None)
    return EventSketch(
        event_id=row["id"], document_id=row["document_id"], type=row["type"],
        family=row["family"], start=row["date_start"], end=row["date_end"], lat=row["lat"],
        lon=row["lon"], precision=row["precision"], country=row["country_code"],
        admin1=row["admin1"], text=row["search_text"],
        destination=(None if row["destination_lat"] is None
                     else (row["destination_lat"], row["destination_lon"])),
        vector=vector)


def _cluster_values(fused: dict[str, Any], members: list[Member], status: str,
                    overrides: dict[str, Any]) -> list[Any]:
    place = rows.event_place(fused)
    dates = fused.get("date") or {}
    toll = fused.get("fatalities") or {}
    live = [member for member in members if member.status != "rejected"] or members
    starts = [member.event["date"]["start"] for member in live
              if member.event.get("date") and member.event["date"].get("start")]
    ends = [member.event["date"].get("end") or member.event["date"]["start"] for member in live
            if member.event.get("date") and member.event["date"].get("start")]
    text = " ".join(rows.search_text(member.event) for member in live)[:4000]
    return [
        fused["type"], fused["family"], fusion_group(fused["family"]), dates.get("start"),
        dates.get("end"), place.get("lat"), place.get("lon"), place.get("country_code"),
        place.get("admin1"), place.get("precision"),
        fused["modality"], fused["confidence"], toll.get("best"), fused["corroboration"],
        fused["first_reported"], min(starts) if starts else None, max(ends) if ends else None,
        status, json.dumps(overrides) if overrides else None, text, json.dumps(fused),
        PIPELINE_VERSION, _now(),
    ]


def _with_status(event: dict[str, Any], row: Row) -> dict[str, Any]:
    return event | {"review_status": row["status"], "pipeline_version": row["pipeline_version"]}


def _report_event(row: Row, document: dict[str, Any], corroboration: int | None
                  ) -> dict[str, Any]:
    event = load_json(row["data"]) | json.loads(row["overrides"] or "{}")
    source = {"document_id": document["id"], "event_id": row["id"], "title": document["title"],
              "outlet": document["outlet"], "url": document["url"],
              "published": document["published"], "status": row["status"],
              "evidence": event.get("evidence", [])}
    return event | {
        "family": event["type"].split(".", 1)[0], "level": "report",
        "cluster_id": row["cluster_id"], "document_id": document["id"],
        "sources": [source], "corroboration": int(corroboration or 1),
        "first_reported": document["published"], "review_status": row["status"],
        "pipeline_version": row["pipeline_version"],
    }


def _flow(event: dict[str, Any]) -> dict[str, Any]:
    group = [actor for actor in event.get("actors") or [] if actor["role"] == "affected"]
    return {
        "id": event["id"], "type": event["type"], "origin": event.get("origin"),
        "destination": event.get("destination"), "quantity": event.get("quantity"),
        "group": [{"name": actor["name"], "text": actor["text"]} for actor in group],
        "date": event.get("date"), "modality": event.get("modality"),
        "attribution": event.get("attribution"), "corroboration": event.get("corroboration"),
        "sources": event.get("sources", []),
    }


def _unique_first(found: list[list[Any]]) -> list[list[Any]]:
    seen: dict[Any, list[Any]] = {}
    for row in found:
        seen.setdefault(row[0], row)
    return list(seen.values())


def _within_reach(sketch: EventSketch, members: list[EventSketch]) -> bool:
    """Whether no report of a cluster is of another group or too many days away: two of the
    vetoes `link_score` applies, checked before any scoring (a batch places many events, and
    most are of other days or kinds)."""
    group = fusion_group(sketch.family)
    return all(fusion_group(member.family) == group and date_score(sketch, member) is not None
               for member in members)


def _follow(cluster_id: str, absorbed: dict[str, str]) -> str:
    while cluster_id in absorbed:
        cluster_id = absorbed[cluster_id]
    return cluster_id


def _merged_windows(windows: list[tuple[date, date, str]]
                    ) -> list[tuple[date, date, list[str]]]:
    """Overlapping day windows merged, each with the fusion groups asking for it."""
    merged: list[tuple[date, date, list[str]]] = []
    for start, end, group in windows:
        if merged and start <= merged[-1][1]:
            last_start, last_end, groups = merged[-1]
            merged[-1] = (last_start, max(last_end, end), sorted({*groups, group}))
        else:
            merged.append((start, end, [group]))
    return merged


def _shift(day: date, days: int) -> date:
    return date.fromordinal(day.toordinal() + days)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)


def _now() -> datetime:
    return datetime.now(UTC)

