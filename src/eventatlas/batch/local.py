"""Local scale-out: a pool of worker processes, one pipeline (one spaCy model) each."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from eventatlas.batch.worker import ChunkReport, ChunkTask, new_extractor, process_chunk

_EXTRACTOR: Any = None  # the worker process's own pipeline, built once by `_start`


def _start(published: date | None) -> None:
    global _EXTRACTOR
    _EXTRACTOR = new_extractor(published)


def _run(task: ChunkTask) -> ChunkReport:
    return process_chunk(task, _EXTRACTOR)


def run_local(tasks: Iterable[ChunkTask], workers: int, published: date | None) \
        -> Iterator[ChunkReport]:
    """Chunk reports as chunks finish. One worker runs in this process (no fork)."""
    if workers <= 1:
        extractor = new_extractor(published)
        for task in tasks:
            yield process_chunk(task, extractor)
        return
    # fork: workers inherit the imported modules, not a loaded model (none is loaded here).
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_start, initargs=(published,)) as pool:
        yield from pool.imap_unordered(_run, tasks)
