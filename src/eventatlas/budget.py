"""A time budget per document: past it the document fails with one clear error, and the worker
goes on to the next one instead of stalling on hostile text.

Two mechanisms, because neither is enough alone:

- `check_budget()` is called between stages and in the per-line, per-sentence and per-event
  loops; it works in any thread.
- In the main thread (the CLI, a process-pool worker) an interval timer also raises the error
  from a SIGALRM handler, so a stage with no check in it (spaCy's parser, trafilatura) is cut
  off too once it returns to Python. Code in C that never does (a regular expression match)
  is not interrupted: every pattern run over user text is kept linear for that reason.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import FrameType

from eventatlas.errors import EventAtlasError
from eventatlas.settings import TIME_BUDGET_ENV


class TimeBudgetError(EventAtlasError):
    """A document took longer than its time budget; it gives no result."""


@dataclass(frozen=True, slots=True)
class Deadline:
    seconds: float
    name: str
    ends: float

    def error(self) -> TimeBudgetError:
        return TimeBudgetError(
            f"{self.name}: over the {self.seconds:g} s time budget for one document; "
            f"it was stopped (set {TIME_BUDGET_ENV} to change the budget)")


_CURRENT: ContextVar[Deadline | None] = ContextVar("eventatlas_deadline", default=None)


def check_budget() -> None:
    """Raise `TimeBudgetError` when the current document is over its budget (cheap: call it
    in loops)."""
    deadline = _CURRENT.get()
    if deadline is not None and time.monotonic() > deadline.ends:
        raise deadline.error()


@contextmanager
def time_budget(seconds: float | None, name: str) -> Iterator[None]:
    """Run the body under a budget of `seconds` (None or 0: no budget). Inside an active
    budget this adds nothing: the outer one, which started first, is the document's."""
    if not seconds or seconds <= 0 or _CURRENT.get() is not None:
        yield
        return
    deadline = Deadline(seconds, name, time.monotonic() + seconds)
    token = _CURRENT.set(deadline)
    previous = _arm_alarm(deadline)
    try:
        yield
    finally:
        _disarm_alarm(previous)
        _CURRENT.reset(token)


_NOT_ARMED = object()


def _arm_alarm(deadline: Deadline) -> object:
    """Start the SIGALRM timer when this is the main thread and no one else uses the timer;
    returns the handler to restore, or `_NOT_ARMED`."""
    if (not hasattr(signal, "setitimer") or threading.current_thread() is not
            threading.main_thread() or signal.getitimer(signal.ITIMER_REAL)[0] > 0):
        return _NOT_ARMED

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise deadline.error()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, deadline.seconds)
    return previous


def _disarm_alarm(previous: object) -> None:
    if previous is _NOT_ARMED:
        return
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)  # type: ignore[arg-type]
