"""Batch processing: large inputs (JSON Lines, WARC) through the same pipeline, in chunks, on
local worker processes or on Ray, written as Parquet partitions plus a summary.

    >>> from eventatlas.batch import run_batch
    >>> summary = run_batch([Path("crawl.warc.gz")], Path("out"), workers=2)

Layout of `out/`: `events/part-NNNNN.parquet` (one row per event, the export Parquet schema;
with `partition_by="country"`, Hive partitions `events/country=SY/part-NNNNN-0.parquet`, or by
`year` / `month` of the event's start), `documents/part-NNNNN.parquet` (one row per input
document: ok or error and why), `summary.json`, and with `fuse=True` `results/` (the JSON
results) and `fused/part-00000.parquet` (one row per happening). See docs/benchmarks.md for
throughput.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from eventatlas.batch.inputs import InputLine, check_inputs, read_inputs
from eventatlas.batch.worker import (
    DOCUMENTS_DIR,
    EVENTS_DIR,
    PARTITIONS,
    RESULTS_DIR,
    ChunkReport,
    ChunkTask,
)
from eventatlas.errors import OptionError
from eventatlas.progress import log, progress_bar

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
    fused_events: int | None = None  # with fuse=True: happenings after fusion
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


def chunked(lines: Iterable[InputLine], size: int, out_dir: Path, partition_by: str | None = None,
            keep_results: bool = False) -> Iterator[ChunkTask]:
    iterator = iter(lines)
    index = 0
    while batch := list(islice(iterator, size)):
        yield ChunkTask(index, batch, str(out_dir), partition_by, keep_results)
        index += 1


def prepare_out_dir(out_dir: Path, fuse: bool = False) -> None:
    if out_dir.exists() and any(out_dir.iterdir()):
        raise OptionError(f"--out {out_dir} is not empty; give a new folder")
    for sub in (EVENTS_DIR, DOCUMENTS_DIR, *((RESULTS_DIR,) if fuse else ())):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)


def remove_if_unwritten(out_dir: Path, existed: bool) -> None:
    """After a failed run, the folders it made when no part was written (a Ray start that
    failed, a bad first chunk): an empty `--out` would refuse the retry."""
    subs = [out_dir / sub for sub in (EVENTS_DIR, DOCUMENTS_DIR, RESULTS_DIR)]
    if any(path.is_file() for sub in subs if sub.is_dir() for path in sub.rglob("*")):
        return
    for sub in subs:
        shutil.rmtree(sub, ignore_errors=True)
    if not existed and out_dir.is_dir() and not any(out_dir.iterdir()):
        out_dir.rmdir()


def count_inputs(inputs: list[Path]) -> int:
    """How many documents the inputs hold, for the progress bar's total and time left (one
    quick read; the pipeline costs far more per document)."""
    return sum(1 for _ in read_inputs(inputs))


def run_batch(inputs: list[Path], out_dir: Path, *, workers: int | None = None,
              ray: str | None = None, published: date | None = None,
              chunk_size: int = DEFAULT_CHUNK_SIZE, partition_by: str | None = None,
              fuse: bool = False) -> BatchSummary:
    """Process every document of `inputs` into `out_dir`; a bad document is recorded as an
    error and never stops the batch. A run that fails before writing anything leaves no
    folders behind."""
    workers = workers or os.cpu_count() or 1
    if workers < 1 or chunk_size < 1:
        raise OptionError("--workers and --chunk-size must be at least 1")
    if partition_by is not None and partition_by not in PARTITIONS:
        raise OptionError(f"--partition-by: {partition_by!r} is not one of "
                          f"{', '.join(PARTITIONS)}")
    check_inputs(inputs)
    existed = out_dir.exists()
    prepare_out_dir(out_dir, fuse)
    started = time.perf_counter()
    try:
        summary = _run(inputs, out_dir, workers, ray, published, chunk_size, partition_by, fuse)
    except BaseException:
        remove_if_unwritten(out_dir, existed)
        raise
    summary.seconds = round(time.perf_counter() - started, 3)
    (out_dir / SUMMARY_FILE).write_text(json.dumps(summary.as_dict(), indent=2) + "\n",
                                        encoding="utf-8")
    return summary


def _run(inputs: list[Path], out_dir: Path, workers: int, ray: str | None,
         published: date | None, chunk_size: int, partition_by: str | None,
         fuse: bool) -> BatchSummary:
    summary = BatchSummary(mode="ray" if ray else "local", workers=workers)
    tasks = chunked(read_inputs(inputs), chunk_size, out_dir, partition_by, fuse)
    with progress_bar("batch", count_inputs(inputs)) as advance:
        for report in _reports(tasks, workers, published, ray):
            summary.add(report)
            advance(report.documents)
    if fuse:
        from eventatlas.batch.fused import write_fused

        summary.fused_events = write_fused(out_dir)
        log.info("%d events fused into %d happenings", summary.events, summary.fused_events)
    return summary


def _reports(tasks: Iterable[ChunkTask], workers: int, published: date | None,
             ray: str | None) -> Iterable[ChunkReport]:
    if ray:
        from eventatlas.batch.ray_runner import run_ray

        return run_ray(tasks, workers, published, ray)
    from eventatlas.batch.local import run_local

    return run_local(tasks, workers, published)


__all__ = ["BatchSummary", "run_batch"]
