"""What the CLI tells the user while it works: log level and progress bars, on stderr.

The `eventatlas` logger's level decides both: the CLI sets INFO (`--quiet`: WARNING,
`--verbose`: DEBUG); a library user who configures nothing gets no bars and no chatter, since
an unconfigured logger only passes warnings.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

LOGGER_NAME = "eventatlas"
QUIET, NORMAL, VERBOSE = logging.WARNING, logging.INFO, logging.DEBUG

log = logging.getLogger(LOGGER_NAME)


def configure(level: int) -> None:
    """Send the package's log records at `level` and above to stderr, one line each."""
    log.setLevel(level)
    handler = next((item for item in log.handlers if getattr(item, "_eventatlas", False)), None)
    if handler is None:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("eventatlas: %(message)s"))
        handler._eventatlas = True  # type: ignore[attr-defined]
        log.addHandler(handler)
    # stderr as it is now (stdout carries the results; a test runner may have swapped it, and
    # closed the one before: so assigned, not `setStream`, which flushes the old stream).
    handler.stream = sys.stderr  # type: ignore[attr-defined]


def shows_progress() -> bool:
    return log.isEnabledFor(logging.INFO)


@contextmanager
def progress_bar(description: str, total: int | None,
                 unit: str = "documents") -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr (count, total, elapsed and time left) while the block
    runs; yields `advance(n)`. With progress off (`--quiet`, library use) `advance` does
    nothing and nothing is drawn."""
    if not shows_progress():
        yield lambda _count: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn(unit), TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task(description, total=total)
        yield lambda count: progress.advance(task, count)
