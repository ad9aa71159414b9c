"""Batch processing: large inputs (JSON Lines, WARC) through the same pipeline, in chunks, on
local worker processes or on Ray, written as Parquet partitions plus a summary.

    >>> from eventatlas.batch import run_batch
    >>> summary = run_batch([Path("crawl.warc.gz")], Path("out"), workers=2)

Layout of `out/`: `events/part-NNNNN.parquet` (one row per event, the export Parquet schema),
`documents/part-NNNNN.parquet` (one row per input document: ok or error and why), and
`summary.json`. See docs/benchmarks.md for throughput.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from eventatlas.batch.inputs import InputLine, check_inputs, read_inputs
from eventatlas.batch.worker import DOCUMENTS_DIR, EVENTS_DIR, ChunkReport, ChunkTask
from eventatlas.errors import OptionError

DEFAULT_CHUNK_SIZE = 100
SUMMARY_FILE = "summary.json"
MAX_LISTED_ERRORS = 1000  # the summary lists this many failed inputs; all are counted


@dataclass(slots=True)
class BatchSummary:
    mode: str  # "local" or "ray"
    workers: int
    chunks: int = 0
    documents: int = 0
    ok: int = 0
    errors: int = 0
    events: int = 0
    seconds: float = 0.0
    peak_rss_mb_per_worker: dict[str, float] = field(default_factory=dict)  # by process id
    error_reasons: dict[str, int] = field(default_factory=dict)
    failed: list[dict[str, Any]] = field(default_factory=list)

    def add(self, report: ChunkReport) -> None:
        self.chunks += 1
        self.documents += report.documents
        self.ok += report.ok
        self.events += report.events
        self.errors += len(report.errors)
        key = str(report.pid)
        self.peak_rss_mb_per_worker[key] = max(report.peak_rss_mb,
                                               self.peak_rss_mb_per_worker.get(key, 0.0))
        reasons = Counter(self.error_reasons)
        reasons.update(error["message"] for error in report.errors)
        self.error_reasons = dict(reasons.most_common())
        room = MAX_LISTED_ERRORS - len(self.failed)
        self.failed.extend(report.errors[:max(room, 0)])

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def chunked(lines: Iterable[InputLine], size: int, out_dir: Path) -> Iterator[ChunkTask]:
    iterator = iter(lines)
    index = 0
    while batch := list(islice(iterator, size)):
        yield ChunkTask(index, batch, str(out_dir))
        index += 1


def prepare_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and any(out_dir.iterdir()):
        raise OptionError(f"--out {out_dir} is not empty; give a new folder")
    for sub in (EVENTS_DIR, DOCUMENTS_DIR):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)


def run_batch(inputs: list[Path], out_dir: Path, *, workers: int | None = None,
              ray: str | None = None, published: date | None = None,
              chunk_size: int = DEFAULT_CHUNK_SIZE) -> BatchSummary:
    """Process every document of `inputs` into `out_dir`; a bad document is recorded as an
    error and never stops the batch."""
    workers = workers or os.cpu_count() or 1
    if workers < 1 or chunk_size < 1:
        raise OptionError("--workers and --chunk-size must be at least 1")
    check_inputs(inputs)
    prepare_out_dir(out_dir)
    tasks = chunked(read_inputs(inputs), chunk_size, out_dir)
    summary = BatchSummary(mode="ray" if ray else "local", workers=workers)
    started = time.perf_counter()
    for report in _reports(tasks, workers, published, ray):
        summary.add(report)
    summary.seconds = round(time.perf_counter() - started, 3)
    (out_dir / SUMMARY_FILE).write_text(json.dumps(summary.as_dict(), indent=2) + "\n",
                                        encoding="utf-8")
    return summary


def _reports(tasks: Iterable[ChunkTask], workers: int, published: date | None,
             ray: str | None) -> Iterable[ChunkReport]:
    if ray:
        from eventatlas.batch.ray_runner import run_ray

        return sorted(run_ray(tasks, workers, published, ray), key=lambda r: r.index)
    from eventatlas.batch.local import run_local

    return run_local(tasks, workers, published)


__all__ = ["BatchSummary", "run_batch"]
