"""Fusion in the store: which fused event (cluster) each new report-level event joins, merging
fused events that a new report bridges, and recomputing a fused event from its reports.

Candidates come from blocking (same fusion group, reports within reach in days), scored by
`eventatlas.fuse`; see docs/fusion.md.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np

from eventatlas.fuse import (
    Candidate,
    EventSketch,
    Member,
    consolidate,
    fuse_members,
    linked_clusters,
)
from eventatlas.fuse.score import LINK_THRESHOLD, MAX_GAP_DAYS, date_score, fusion_group
from eventatlas.store import rows
from eventatlas.store.audit import append_review
from eventatlas.store.backends import Backend, Row
from eventatlas.store.jsonutil import load_json
from eventatlas.store.read import StoreReader
from eventatlas.store.rows import PIPELINE_VERSION, now_utc

_SKETCH_CACHE = 20_000  # sketches kept in memory (~2 kB each)
CLUSTER_COLUMNS = ("type", "family", "fusion_group", "date_start", "date_end", "lat", "lon",
                   "country_code", "admin1", "precision", "modality", "confidence",
                   "fatalities_best", "corroboration", "first_reported", "span_start",
                   "span_end", "status", "overrides", "search_text", "data",
                   "pipeline_version", "updated_at")


class Fusion:
    def __init__(self, backend: Backend, reader: StoreReader,
                 link_threshold: float = LINK_THRESHOLD) -> None:
        self.db = backend
        self.reader = reader
        self.link_threshold = link_threshold
        # Fusion sketches of stored reports by event id, as made when they were written or read
        # from their rows (the same sketch either way): what they say never changes (which
        # fused event holds them does, and is read each time), so a batch reads only the
        # reports this process has not met yet.
        self.sketches: OrderedDict[str, EventSketch] = OrderedDict()

    def write_clusters(self, events: list[dict[str, Any]], plan: list[str], joined: set[str],
                       metas: list[dict[str, Any]]) -> None:
        new_clusters: dict[str, list[Member]] = {}
        for event, cluster_id, meta in zip(events, plan, metas, strict=True):
            if cluster_id not in joined:  # its only reports are in hand: no re-reading
                new_clusters.setdefault(cluster_id, []).append(Member(event, meta))
        self.refresh_clusters(sorted(joined))
        self.db.insert_rows("clusters", (*CLUSTER_COLUMNS, "id"), [
            [*_cluster_values(fuse_members(cluster_id, members), members, "unreviewed", {}),
             cluster_id] for cluster_id, members in new_clusters.items()])

    def plan(self, sketches: list[EventSketch]
             ) -> tuple[list[str], set[str], set[tuple[str, str]]]:
        """The fused event each new event goes to, which of those already existed, and the
        pairs of fused events some new event linked to both of (for `merge_bridged`). Events
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

    def merge_bridged(self, links: set[tuple[str, str]]) -> dict[str, str]:
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
            before = self.report_ids(kept)
            self.move_cluster(gone, kept)
            append_review(self.db, kept, "merge", previous={"members": before},
                          value={"members": self.report_ids(kept)}, other_id=gone,
                          reviewer="eventatlas",
                          note="automatic: the reports of both fused events link on average")
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
        sketches = self.stored_sketches([row["id"] for row in members])
        grouped: dict[str, list[EventSketch]] = {}
        for row in members:
            grouped.setdefault(row["cluster_id"], []).append(sketches[row["id"]])
        return [Candidate(cluster_id, group) for cluster_id, group in grouped.items()]

    def stored_sketches(self, event_ids: list[str]) -> dict[str, EventSketch]:
        found = {event_id: self.sketches[event_id] for event_id in event_ids
                 if event_id in self.sketches}
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
            self.remember_sketches([found[event_id] for event_id in missing
                                     if event_id in found])
        return found

    def remember_sketches(self, sketches: list[EventSketch]) -> None:
        for sketch in sketches:
            self.sketches[sketch.event_id] = sketch
            self.sketches.move_to_end(sketch.event_id)
        while len(self.sketches) > _SKETCH_CACHE:
            self.sketches.popitem(last=False)

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
        self.db.update_rows("clusters", "id", CLUSTER_COLUMNS, updated)
        self.db.insert_rows("clusters", (*CLUSTER_COLUMNS, "id"), created)

    @staticmethod
    def _cluster_row(cluster_id: str, members: list[Member], existing: Row | None
                     ) -> list[Any]:
        status = existing["status"] if existing else "unreviewed"
        overrides = json.loads(existing["overrides"] or "{}") if existing else {}
        fused = fuse_members(cluster_id, members, overrides)
        return _cluster_values(fused, members, status, overrides)

    def report_ids(self, cluster_id: str) -> list[str]:
        """The ids of a fused event's reports (rejected ones too), in id order."""
        return [row["id"] for row in self.db.query(
            "SELECT id FROM events WHERE cluster_id = ? ORDER BY id", [cluster_id])]

    def move_reports(self, event_ids: Sequence[str], cluster_id: str) -> None:
        self.db.executemany("UPDATE events SET cluster_id = ? WHERE id = ?",
                            [[cluster_id, event_id] for event_id in event_ids])

    def move_cluster(self, from_id: str, to_id: str) -> None:
        """Every report of one fused event into another (which `refresh_clusters` then
        recomputes, and where the emptied one is deleted)."""
        self.db.execute("UPDATE events SET cluster_id = ? WHERE cluster_id = ?", [to_id, from_id])

    def members(self, cluster_id: str) -> list[Member]:
        return self._members_of([cluster_id]).get(cluster_id, [])

    def _members_of(self, cluster_ids: Sequence[str]) -> dict[str, list[Member]]:
        marks = ", ".join("?" for _ in cluster_ids)
        found = self.db.query("SELECT id, cluster_id, document_id, data, status, overrides"
                              f" FROM events WHERE cluster_id IN ({marks})", list(cluster_ids))
        documents = self.reader.document_meta({row["document_id"] for row in found})
        members: dict[str, list[Member]] = {}
        for row in found:
            members.setdefault(row["cluster_id"], []).append(Member(
                event=load_json(row["data"]), document=documents[row["document_id"]],
                status=row["status"], overrides=json.loads(row["overrides"] or "{}")))
        for group in members.values():
            group.sort(key=lambda member: (member.published or "9999", member.event["id"]))
        return members


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
        PIPELINE_VERSION, now_utc(),
    ]

def _within_reach(sketch: EventSketch, members: list[EventSketch]) -> bool:
    """Whether no report of a cluster is of another group or too many days away: two of the
    vetoes `link_score` applies, checked before any scoring (a batch places many events, and
    most are of other days or kinds)."""
    group = fusion_group(sketch.family)
    return all(fusion_group(member.family) == group and date_score(sketch, member) is not None
               for member in members)


def follow(cluster_id: str, absorbed: dict[str, str]) -> str:
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


