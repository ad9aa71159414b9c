"""A batch's fused output: the same happening told by several of its documents, once.

After the chunks are written, the driver reads their results (`results/part-*.jsonl`) and
fuses the report-level events with the store's rules (`eventatlas.fuse`: the same scores,
threshold and average-link consolidation), blocked by fusion group, country and start day so
that each event is compared with the few that could be the same happening. It writes
`fused/part-00000.parquet` in the export Parquet schema (`level` "fused", ids `fe-…`, every
report in `sources`). Everything is held in memory: for corpora of millions of events, load
them into a store instead (`eventatlas ingest`), which fuses incrementally on disk.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from eventatlas.batch.worker import RESULTS_DIR
from eventatlas.export.fields import EventRecord
from eventatlas.fuse import (
    Candidate,
    EventSketch,
    Member,
    consolidate,
    fuse_members,
    linked_clusters,
    sketch_event,
)
from eventatlas.fuse.score import MAX_GAP_DAYS, fusion_group

FUSED_DIR = "fused"
FUSED_PART = "part-00000.parquet"

Block = tuple[str, str | None]  # (fusion group, country)


def read_results(out_dir: Path) -> Iterator[dict[str, Any]]:
    for path in sorted((out_dir / RESULTS_DIR).glob("part-*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            yield from (json.loads(line) for line in handle if line.strip())


def report_events(out_dir: Path) -> list[tuple[EventRecord, dict[str, Any]]]:
    """Every current (not background) event of the batch with its document, in input order."""
    return [(event, result["document"]) for result in read_results(out_dir)
            for event in result["events"] if not event.get("background")]


def _sketches(events: list[tuple[EventRecord, dict[str, Any]]]) -> list[EventSketch]:
    from eventatlas.fuse.sketch import shared_encoder

    sketches = [sketch_event(event, document["id"]) for event, document in events]
    for sketch, vector in zip(sketches, shared_encoder().encode([s.text for s in sketches]),
                              strict=True):
        sketch.vector = vector
    return sketches


def _within_reach(sketch: EventSketch, members: list[EventSketch]) -> bool:
    reach = timedelta(days=MAX_GAP_DAYS)
    assert sketch.start is not None
    return all(member.start is not None and member.start - reach <= (sketch.end or sketch.start)
               and sketch.start - reach <= (member.end or member.start) for member in members)


def cluster(sketches: list[EventSketch]) -> dict[str, list[EventSketch]]:
    """Clusters of sketches (keyed `fe-…`), linked in input order then consolidated; undated
    events are not fused (each is its own cluster), as in the store."""
    clusters: dict[str, list[EventSketch]] = {}
    by_block: dict[Block, list[str]] = defaultdict(list)
    links: set[tuple[str, str]] = set()
    for sketch in sketches:
        block = (fusion_group(sketch.family), sketch.country)
        pool = [Candidate(cluster_id, clusters[cluster_id]) for cluster_id in by_block[block]
                if cluster_id in clusters and sketch.start is not None
                and _within_reach(sketch, clusters[cluster_id])]
        linked = [cluster_id for cluster_id, _ in linked_clusters(sketch, pool)]
        if linked:
            chosen = linked[0]
            links |= {(chosen, other) for other in linked[1:]}
        else:
            chosen = _new_id(sketch, clusters)
            by_block[block].append(chosen)
        clusters.setdefault(chosen, []).append(sketch)
    consolidate(clusters, links)
    return clusters


def _new_id(sketch: EventSketch, clusters: dict[str, list[EventSketch]]) -> str:
    # Event ids are unique within a document; two documents may repeat one.
    base = "fe-" + sketch.event_id.removeprefix("ev-")
    return base if base not in clusters else f"{base}-{sketch.document_id}"


def fused_events(out_dir: Path) -> list[EventRecord]:
    events = report_events(out_dir)
    members = {(document["id"], event["id"]): Member(event, document)
               for event, document in events}
    clusters = cluster(_sketches(events))
    return [fuse_members(cluster_id, [members[(s.document_id, s.event_id)] for s in sketches])
            for cluster_id, sketches in clusters.items()]


def write_fused(out_dir: Path) -> int:
    """Write `fused/part-00000.parquet`; returns the number of fused events."""
    from eventatlas.export.parquet import events_table, write_table

    table = events_table(fused_events(out_dir))
    (out_dir / FUSED_DIR).mkdir(exist_ok=True)
    write_table(table, out_dir / FUSED_DIR / FUSED_PART)
    return int(table.num_rows)
