"""Fault injection: SIGKILL at random points of `eventatlas ingest`, a full disk, and a
PostgreSQL server restarted mid-batch. After each: no partial document, no duplicate, and a
rerun with the same inputs resumes where the failed run stopped."""

from __future__ import annotations

import contextlib
import errno
import glob
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import SEED, SEED_PUBLISHED
from eventatlas.errors import EventAtlasError
from eventatlas.ingest import build_document
from eventatlas.ingest.reader import RawInput
from eventatlas.ingest.sources import SourceItem
from eventatlas.store import open_store
from eventatlas.store.loader import Loader

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_EVENTS = 9
# Kill points are random; the seed is printed in every failure so a run can be replayed with
# EVENTATLAS_FAULT_SEED.
FAULT_SEED = int(os.environ.get("EVENTATLAS_FAULT_SEED", str(random.SystemRandom().randrange(
    1 << 30))))


def variant(number: int) -> str:
    # Distinct content per document, the same nine happenings.
    return f"Update {number + 1} of the Raqqa situation report.\n\n{SEED_TEXT}"


def write_batch(path: Path, documents: int) -> None:
    with path.open("w", encoding="utf-8") as output:
        for number in range(documents):
            output.write(json.dumps({"id": f"report-{number}", "text": variant(number),
                                     "published": "2016-11-11"}) + "\n")


def items(documents: int) -> list[SourceItem]:
    return [SourceItem(name=f"report-{number}", doc_id=f"report-{number}",
                       published=SEED_PUBLISHED,
                       raw=RawInput(f"report-{number}", variant(number), False))
            for number in range(documents)]


def assert_whole(store: Any, context: str = "") -> dict[str, int]:
    """Every stored document carries all the seed's events; no orphan rows."""
    assert store.verify() == [], context
    for row in store.db.query("SELECT d.id, count(e.id) AS n FROM documents d LEFT JOIN events e"
                              " ON e.document_id = d.id GROUP BY d.id"):
        assert row["n"] == SEED_EVENTS, (row, context)
    counts = store.counts()
    assert counts["events"] == SEED_EVENTS * counts["documents"], context
    return counts


# --- SIGKILL at random points ------------------------------------------------------------------


def start_ingest(batch: Path, db: Path,
                 preexec: Callable[[], None] | None = None) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "eventatlas.cli", "ingest", str(batch), "--db", str(db),
               "--no-progress"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=os.environ | {"PYTHONUNBUFFERED": "1"}, preexec_fn=preexec)


@pytest.mark.slow
def test_sigkill_at_random_points_then_resume(tmp_path):
    documents = 16
    batch, db = tmp_path / "batch.jsonl", tmp_path / "store.duckdb"
    write_batch(batch, documents)
    rng = random.Random(FAULT_SEED)
    # Early (loading models, opening the store), then during the commits.
    kill_after = sorted([rng.uniform(0.3, 2.0), rng.uniform(2.5, 5.0), rng.uniform(2.5, 6.0)])
    context = f"EVENTATLAS_FAULT_SEED={FAULT_SEED}, kill points {kill_after}"
    stored_before = 0
    for delay in kill_after:
        process = start_ingest(batch, db)
        time.sleep(delay)
        finished_early = process.poll() is not None  # then the rest has nothing to do
        if not finished_early:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        if not db.exists():
            continue
        store = open_store(str(db))
        counts = assert_whole(store, context)
        assert stored_before <= counts["documents"] <= documents, context
        stored_before = counts["documents"]
        store.close()
        if finished_early:
            break

    finished = start_ingest(batch, db)
    out, err = finished.communicate(timeout=600)
    assert finished.returncode == 0, err.decode()
    store = open_store(str(db))
    counts = assert_whole(store, context)
    assert counts["documents"] == documents, context
    assert counts["clusters"] == SEED_EVENTS, context  # the same happenings stay fused
    store.close()
    assert f"{documents - stored_before} documents added" in out.decode(), (out, context)


# --- disk full ---------------------------------------------------------------------------------


class DiskFull:
    """Stands in for the DuckDB connection under a backend: the n-th write to a table fails
    the way a full disk fails DuckDB's write-ahead log (an IOException, errno ENOSPC); all
    else goes to the real connection."""

    def __init__(self, backend: Any, table: str, fail_on: int) -> None:
        self.connection = backend._con
        backend._con = self
        self.table = table
        self.fail_on = fail_on
        self.seen = 0
        self.full = True

    def execute(self, sql: str, params: Any = None) -> Any:
        self._write(sql)
        return self.connection.execute(sql, params)

    def from_arrow(self, table: Any) -> Any:
        """Bulk inserts go through an Arrow relation's `query`: fail those writes too."""
        relation = self.connection.from_arrow(table)
        disk = self

        class Relation:
            def query(self, name: str, sql: str) -> Any:
                disk._write(sql)
                return relation.query(name, sql)

        return Relation()

    def _write(self, sql: str) -> None:
        if sql.startswith((f"INSERT INTO {self.table} ", f"UPDATE {self.table} ")):
            self.seen += 1
            if self.full and self.seen >= self.fail_on:
                import duckdb

                raise duckdb.IOException(
                    f"Could not write file \"store.duckdb.wal\": {os.strerror(errno.ENOSPC)}")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


@pytest.mark.parametrize("table", ["mentions", "event_sources", "clusters"])
def test_disk_full_inside_the_transaction_rolls_the_document_back(tmp_path, pipeline, table):

    store = open_store(str(tmp_path / "full.duckdb"))
    try:
        first = pipeline.process(build_document(RawInput("a", variant(0), False),
                                                published=SEED_PUBLISHED))
        second = pipeline.process(build_document(RawInput("b", variant(1), False),
                                                 published=SEED_PUBLISHED))
        assert store.add_document(first).status == "added"
        before = assert_whole(store)
        full = DiskFull(store.db, table, fail_on=1)
        with pytest.raises(EventAtlasError, match="No space left"):
            store.add_document(second)
        assert full.seen >= 1, f"no write to {table} was attempted"
        assert assert_whole(store) == before  # rolled back: nothing of the second document
        full.full = False  # space freed: the same document goes in whole, once
        assert store.add_document(second).status == "added"
        assert store.add_document(second).status == "duplicate"
        after = assert_whole(store)
        assert after["documents"] == before["documents"] + 1
    finally:
        store.close()


def test_disk_full_mid_batch_is_reported_per_document(tmp_path, pipeline):
    store = open_store(str(tmp_path / "full.duckdb"))
    try:
        # The loader writes a batch in one transaction (one write per table): the first batch
        # of four goes in, the disk is full for the second, whose documents are then tried one
        # by one and each reported.
        full = DiskFull(store.db, "event_sources", fail_on=2)
        report = Loader(store, pipeline, batch_size=4).run(items(7))
        assert report.added == 4 and len(report.failures) == 3
        assert all("No space left" in failure["error"] for failure in report.failures)
        assert_whole(store)
        full.full = False  # space freed: a re-run adds exactly the three
        again = Loader(store, pipeline, batch_size=4).run(items(7))
        assert (again.added, again.duplicates, again.failures) == (3, 4, [])
        assert assert_whole(store)["documents"] == 7
    finally:
        store.close()


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails: EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.slow
def test_real_write_failure_in_a_subprocess_leaves_a_consistent_store(tmp_path):
    """A real failing write: `eventatlas ingest` runs with RLIMIT_FSIZE just above the store
    file's size, so DuckDB's writes fail part-way (EFBIG, as on a full disk). The run stops
    with a one-line error; the store opens, holds only whole documents, and a run without the
    limit completes it without duplicates."""
    documents = 40
    batch, db = tmp_path / "batch.jsonl", tmp_path / "store.duckdb"
    write_batch(batch, documents)
    open_store(str(db)).close()  # the schema, written without a limit
    limit = db.stat().st_size + 64 * 1024
    failed = start_ingest(batch, db, preexec=_limit_file_size(limit))
    out, err = failed.communicate(timeout=300)
    message = err.decode()
    assert failed.returncode != 0, (out, message)
    assert "Traceback" not in message, message
    assert "eventatlas:" in message and ("File too large" in message or "write" in message
                                         or "IO" in message), message
    store = open_store(str(db))
    partial = assert_whole(store)
    assert partial["documents"] < documents
    store.close()
    finished = start_ingest(batch, db)
    out, err = finished.communicate(timeout=600)
    assert finished.returncode == 0, err.decode()
    store = open_store(str(db))
    assert assert_whole(store)["documents"] == documents
    store.close()


# --- PostgreSQL restarted mid-batch ------------------------------------------------------------


def _data_dir(url: str) -> Path:
    """The data folder of the tests/pg.py server listening on the URL's port."""
    port = url.rsplit(":", 1)[1].split("/", 1)[0]
    for pid_file in glob.glob(os.path.join(tempfile.gettempdir(), "eventatlas-pg-*", "pgdata",
                                           "postmaster.pid")):
        lines = Path(pid_file).read_text().splitlines()
        if len(lines) > 3 and lines[3].strip() == port:
            return Path(pid_file).parent
    pytest.skip("the PostgreSQL server is not one tests/pg.py started (cannot restart it)")


@pytest.fixture()
def restartable_pg(pg_admin_url: str) -> tuple[str, Callable[[], None]]:
    from pg import _as_server_user, fresh_database, server_binaries

    if os.environ.get("EVENTATLAS_TEST_PG_URL"):
        pytest.skip("EVENTATLAS_TEST_PG_URL points at a server these tests must not restart")
    data = _data_dir(pg_admin_url)
    pg_ctl = str(server_binaries() / "pg_ctl")  # type: ignore[operator]

    def restart() -> None:
        # -l: the server must not inherit our pipes (run() would wait for them to close).
        subprocess.run(_as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w",
                                        "-l", str(data.parent / "server.log"), "restart"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60)

    return fresh_database(pg_admin_url, "faults_restart"), restart


class RestartAt:
    """`Loader.run`'s per-item callback: restart the server right after the n-th document."""

    def __init__(self, restart: Callable[[], None], after: int) -> None:
        self.restart = restart
        self.after = after
        self.done = False

    def __call__(self, report: Any) -> None:
        if not self.done and report.seen >= self.after:
            self.done = True
            self.restart()


def test_postgres_restart_between_documents_keeps_documents_whole_and_resumes(
        restartable_pg, pipeline):
    url, restart = restartable_pg
    documents = 6
    store = open_store(url)
    hook = RestartAt(restart, after=2)
    try:
        Loader(store, pipeline, batch_size=documents).run(items(documents), on_item=hook)
        crashed = None
    except Exception as error:  # recorded, not expected: the loader reports per document
        crashed = error
    assert hook.done
    if crashed is not None:  # the error says what happened
        assert "connection" in str(crashed).lower() or "terminat" in str(crashed).lower()
    with contextlib.suppress(Exception):  # the connection may already be gone
        store.close()
    store = open_store(url)  # a new connection to the restarted server
    try:
        partial = assert_whole(store)
        assert 2 <= partial["documents"] <= documents
        report = Loader(store, pipeline).run(items(documents))
        assert report.failures == []
        assert report.added == documents - partial["documents"]
        assert report.duplicates == partial["documents"]
        counts = assert_whole(store)
        assert counts["documents"] == documents and counts["clusters"] == SEED_EVENTS
    finally:
        store.close()


def test_postgres_restart_inside_a_transaction_rolls_back(restartable_pg, pipeline):
    url, restart = restartable_pg
    store = open_store(url)
    first, second = (pipeline.process(build_document(RawInput(name, variant(number), False),
                                                     published=SEED_PUBLISHED))
                     for number, name in enumerate("ab"))
    assert store.add_document(first).status == "added"
    real_execute = store.db.execute

    def execute(sql: str, params: Any = ()) -> None:
        if sql.startswith("INSERT INTO event_sources "):
            restart()  # the server goes away with this transaction half-written
        real_execute(sql, params)

    store.db.execute = execute  # type: ignore[method-assign]
    with pytest.raises(Exception) as raised:
        store.add_document(second)
    # A clear error naming the cause, whatever its class today.
    assert "terminat" in str(raised.value).lower() or "closed" in str(raised.value).lower() \
        or "connection" in str(raised.value).lower(), raised.value
    with contextlib.suppress(Exception):
        store.close()
    store = open_store(url)
    try:
        counts = assert_whole(store)
        assert counts["documents"] == 1
        assert store.add_document(second).status == "added"
        assert assert_whole(store)["documents"] == 2
    finally:
        store.close()


def test_postgres_restart_mid_batch_is_reported_and_the_run_goes_on(restartable_pg, pipeline):
    url, restart = restartable_pg
    documents = 6
    store = open_store(url)
    try:
        report = Loader(store, pipeline, batch_size=documents).run(
            items(documents), on_item=RestartAt(restart, after=2))
        # At most the document in flight fails (with a clear message); the rest go in.
        assert len(report.failures) <= 1
        assert all("connection" in failure["error"].lower() for failure in report.failures)
        assert report.added + len(report.failures) == documents
        assert assert_whole(store)["documents"] == report.added
    finally:
        store.close()
