"""Extraction off the event loop: cleaning and NLP run in worker processes with a time budget.

Cleaning and parsing a hostile article can take seconds of pure-Python CPU. In the server
process that holds the GIL the readers need (and, on the event loop, stalls every request), so
`ExtractionPool` runs both steps in separate processes that load the pipeline once:

- one single-process executor per worker ("slot"), so a worker that runs past the budget or
  dies is killed and replaced alone, without failing the documents other workers are on;
- the budget (the pipeline's, `Settings.time_budget_s`, plus a grace) counts the work only; a
  fresh worker loads its models before it takes a document;
- workers run at a lower CPU priority (nice), so readers and `/health` keep their share of
  the cores while every worker is busy.

`InlineExtraction` runs the same two steps in the calling thread with a shared, already loaded
pipeline: for tests and embedding (no budget can be enforced there).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, Protocol

from eventatlas.errors import InputError
from eventatlas.ingest import RawInput, build_document

if TYPE_CHECKING:
    from eventatlas.model import Document
    from eventatlas.pipeline import Pipeline

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 2
DEFAULT_BUDGET_S = 30.0
# The pipeline enforces the budget itself and fails the document with a TimeBudgetError; the
# pool kills a worker only when that did not happen shortly after (a step that cannot be
# interrupted from Python, a stalled worker).
GRACE_S = 5.0
# A fresh worker imports spaCy and loads the models and the gazetteer: seconds, not minutes.
LOAD_TIMEOUT_S = 180.0
WORKER_NICE = 10


class ExtractionTimeout(InputError):
    """The document ran past the per-document time budget (its worker was replaced)."""


class WorkersUnavailable(Exception):
    """No worker could take the document (all busy past the wait, or one died on it): 503."""


class Extraction(Protocol):
    def build(self, raw: RawInput, meta: dict[str, Any]) -> Document: ...

    def process(self, document: Document) -> Document: ...

    def start(self) -> None: ...

    def close(self) -> None: ...


# -- what runs inside a worker process ----------------------------------------------------

_PIPELINE: Pipeline | None = None


def _load_pipeline() -> None:
    """Worker initializer: lower the priority, then load the models once."""
    global _PIPELINE
    os.nice(WORKER_NICE)
    from eventatlas.pipeline import Pipeline

    _PIPELINE = Pipeline()


def _pid() -> int:
    return os.getpid()


def _build(raw: RawInput, meta: dict[str, Any]) -> Document:
    return build_document(raw, **meta)


def _process(document: Document) -> Document:
    assert _PIPELINE is not None, "the worker initializer loads the pipeline"
    return _PIPELINE.process(document)


# -- the server side ----------------------------------------------------------------------


class _Slot:
    """One worker process behind its own executor; `ready` resolves to its pid once loaded."""

    def __init__(self, initializer: Callable[[], None]) -> None:
        # spawn, not fork: the server process has threads and an open database connection.
        self.executor = ProcessPoolExecutor(
            max_workers=1, mp_context=get_context("spawn"), initializer=initializer)
        self.ready: Future[int] = self.executor.submit(_pid)

    def kill(self) -> None:
        try:
            pid = self.ready.result(timeout=0)
        except Exception:  # never started or died loading: nothing to signal
            pid = None
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):  # it may have died already
                os.kill(pid, signal.SIGKILL)
        self.executor.shutdown(wait=False, cancel_futures=True)


class ExtractionPool:
    def __init__(self, workers: int = DEFAULT_WORKERS, budget_s: float = DEFAULT_BUDGET_S,
                 *, initializer: Callable[[], None] = _load_pipeline) -> None:
        self.workers = max(1, workers)
        self.budget_s = budget_s
        self._initializer = initializer  # tests pass a cheaper one than loading the models
        self._free: queue.Queue[_Slot] = queue.Queue()
        self._started = False
        self._lock = threading.Lock()
        self.replaced = 0  # workers killed after a timeout or a crash (for tests and logs)

    def start(self) -> None:
        """Start the workers (they load their models in the background)."""
        with self._lock:
            if not self._started:
                for _ in range(self.workers):
                    self._free.put(_Slot(self._initializer))
                self._started = True

    def build(self, raw: RawInput, meta: dict[str, Any]) -> Document:
        return self._run(_build, raw, meta)

    def process(self, document: Document) -> Document:
        return self._run(_process, document)

    def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(*args)` in a free worker, within the budget."""
        self.start()
        slot = self._take()
        try:
            future = slot.executor.submit(function, *args)
            return future.result(timeout=self.budget_s + GRACE_S if self.budget_s else None)
        except FutureTimeout:
            slot = self._replace(slot)
            raise ExtractionTimeout(
                f"extraction ran past the {self.budget_s:g} s budget for one document; "
                "it was stopped") from None
        except BrokenProcessPool:
            slot = self._replace(slot)
            raise WorkersUnavailable(
                "the extraction worker died on this document (out of memory?); it was "
                "replaced") from None
        finally:
            self._free.put(slot)

    def _take(self) -> _Slot:
        """A loaded worker, waiting at most one budget for one to come free."""
        try:
            slot = self._free.get(timeout=(self.budget_s or DEFAULT_BUDGET_S) + GRACE_S)
        except queue.Empty:
            raise WorkersUnavailable(
                f"all {self.workers} extraction workers are busy; retry later") from None
        try:
            slot.ready.result(timeout=LOAD_TIMEOUT_S)
        except Exception as error:
            self._free.put(self._replace(slot))
            raise WorkersUnavailable(f"an extraction worker failed to start: {error}") from None
        return slot

    def _replace(self, slot: _Slot) -> _Slot:
        log.warning("replacing an extraction worker")
        slot.kill()
        self.replaced += 1
        return _Slot(self._initializer)

    def close(self) -> None:
        with self._lock:
            while True:
                try:
                    self._free.get_nowait().kill()
                except queue.Empty:
                    break
            self._started = False


class InlineExtraction:
    """Both steps in the calling thread with one shared pipeline (spaCy is not thread-safe,
    hence the lock). No time budget: for tests and callers that bring loaded models."""

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self._pipeline = pipeline
        self._lock = threading.Lock()

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:  # loaded on the first write: a read-only start stays fast
            from eventatlas.pipeline import Pipeline

            self._pipeline = Pipeline()
        return self._pipeline

    def build(self, raw: RawInput, meta: dict[str, Any]) -> Document:
        return build_document(raw, **meta)

    def process(self, document: Document) -> Document:
        with self._lock:
            return self.pipeline.process(document)

    def start(self) -> None:
        _ = self.pipeline

    def close(self) -> None:
        return None


def document_meta(doc_id: str | None, title: str | None, published: date | None,
                  url: str | None) -> dict[str, Any]:
    return {"doc_id": doc_id, "title": title, "published": published, "url": url}
