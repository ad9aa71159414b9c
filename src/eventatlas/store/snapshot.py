"""A private copy of a DuckDB store, taken without locking the file, for readers that must
neither wait for nor block the process holding it (`eventatlas export` beside `eventatlas
serve` or an ingest).

DuckDB lets one process open a file for writing, and while it does refuses every other open,
read-only included (docs: "Concurrency"). A copy never takes the lock. It is consistent when no
checkpoint began or ended while it was taken: DuckDB writes a checkpoint into free blocks and
switches to it by rewriting the database headers (the file's first 12 KiB), and between
checkpoints commits are only appended to the write-ahead log (`.wal`; during a checkpoint,
`.checkpoint.wal`). So the copy is taken, in that order, of the file and its logs, and kept
only if the headers and the logs' identities read the same before and after; a commit cut off
at the end of a copied log is left out on opening, as after a crash. Otherwise it is taken
again, a few times, before giving up with a clear error.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from eventatlas.store.backends import DuckDBBackend, StoreError

_HEADER_BYTES = 3 * 4096  # the main header and the two alternating database headers
_RETRY_PAUSES_S = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)  # a checkpoint takes well under a second


class SnapshotBackend(DuckDBBackend):
    """A DuckDB backend on a private copy, deleted on close (writes to it are lost)."""

    def __init__(self, source: Path) -> None:
        if not source.is_file():
            raise StoreError(f"no DuckDB store at {source}")
        self.folder = Path(tempfile.mkdtemp(prefix="eventatlas-snapshot-"))
        try:
            super().__init__(str(copy_consistent(source, self.folder)))
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        self.url = f"{source} (snapshot)"

    def close(self) -> None:
        try:
            super().close()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def copy_consistent(source: Path, folder: Path) -> Path:
    """Copy the DuckDB file `source` and its logs into `folder`; returns the copy's path."""
    logs = [source.with_name(source.name + suffix) for suffix in (".wal", ".checkpoint.wal")]
    for pause in (*_RETRY_PAUSES_S, None):
        before = _state(source, logs)
        for path in (source, *logs):
            target = folder / path.name
            target.unlink(missing_ok=True)
            with suppress(FileNotFoundError):  # no log: nothing committed since the checkpoint
                shutil.copyfile(path, target)
        if _state(source, logs) == before:
            return folder / source.name
        if pause is not None:
            time.sleep(pause)
    raise StoreError(f"{source} kept changing while it was copied (a long checkpoint?); "
                     "try again")


def _state(source: Path, logs: list[Path]) -> tuple[bytes, tuple[int | None, ...]]:
    """The database headers, and which log files exist (by inode): any checkpoint that begins
    or ends changes one of them."""
    try:
        with source.open("rb") as file:
            headers = file.read(_HEADER_BYTES)
    except OSError as error:
        raise StoreError(f"cannot read DuckDB store {source}: {error}") from error
    return headers, tuple(_inode(log) for log in logs)


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None
