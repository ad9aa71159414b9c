"""Several processes opening a fresh store at the same moment (the API's workers, a batch job
and a server started together): on PostgreSQL every one of them migrates or waits for the one
that does, and the schema ends up complete; on DuckDB, which lets one process hold a file, the
others get a one-line `StoreError`, never a half-made schema.

The workers are a pool of 4 processes kept for all rounds (starting 80 interpreters would
cost more than the race itself); a barrier releases the 4 opens of a round together.
"""

from __future__ import annotations

import multiprocessing
import uuid
from typing import Any

import pytest

PROCESSES = 4
ROUNDS = 20

_barrier: Any = None  # each worker's handle on the shared barrier (set by _start_worker)


def _start_worker(barrier: Any) -> None:
    global _barrier
    _barrier = barrier


def _open(url: str) -> tuple[str, str]:
    """Open (and so migrate) the store at `url` once the other workers are ready too;
    ("ok", schema version) or (error class, its message)."""
    from eventatlas.store import open_store
    from eventatlas.store.schema import schema_version

    _barrier.wait(timeout=60)
    try:
        store = open_store(url)
    except Exception as error:  # reported to the test, which decides what is acceptable
        return type(error).__name__, str(error)
    try:
        return "ok", str(schema_version(store.db))
    finally:
        store.close()


@pytest.fixture(scope="module")
def workers() -> Any:
    # spawn, not fork: the test process may already hold threads (DuckDB, torch) and a forked
    # copy of them can hang.
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(PROCESSES)
    with context.Pool(PROCESSES, initializer=_start_worker, initargs=(barrier,)) as pool:
        yield pool


def _expected_tables() -> set[str]:
    from eventatlas.store.schema import _INITIAL

    tables = {statement.split()[2] for statement in _INITIAL
              if statement.startswith("CREATE TABLE")}
    return tables | {"schema_migrations"}


@pytest.mark.slow
def test_four_processes_open_a_fresh_postgresql_database_at_once(workers, pg_admin_url):
    import psycopg

    from eventatlas.store.schema import MIGRATIONS
    from pg import fresh_database

    latest = str(MIGRATIONS[-1].version)
    for round_ in range(ROUNDS):
        url = fresh_database(pg_admin_url, f"race_{round_}_{uuid.uuid4().hex[:8]}")
        # chunksize 1 and a barrier of 4: each of the 4 workers takes exactly one open.
        outcomes = workers.map(_open, [url] * PROCESSES, chunksize=1)
        assert outcomes == [("ok", latest)] * PROCESSES, f"round {round_}: {outcomes}"
        with psycopg.connect(url) as connection:
            tables = {row[0] for row in connection.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = 'public'")}
            versions = connection.execute(
                "SELECT version FROM schema_migrations ORDER BY version").fetchall()
        missing = _expected_tables() - tables
        assert not missing, f"round {round_}: missing {missing}"
        assert [row[0] for row in versions] == [m.version for m in MIGRATIONS]  # applied once


@pytest.mark.slow
def test_four_processes_open_a_fresh_duckdb_file_at_once(workers, tmp_path):
    import duckdb

    from eventatlas.store.schema import MIGRATIONS

    latest = str(MIGRATIONS[-1].version)
    for round_ in range(ROUNDS):
        path = tmp_path / f"race_{round_}.duckdb"
        outcomes = workers.map(_open, [str(path)] * PROCESSES, chunksize=1)
        opened = [outcome for outcome in outcomes if outcome[0] == "ok"]
        refused = [outcome for outcome in outcomes if outcome[0] != "ok"]
        assert opened and all(version == latest for _, version in opened), outcomes
        for kind, message in refused:  # DuckDB's own file lock: one clear line
            assert kind == "StoreError" and "\n" not in message and "lock" in message, outcomes
        connection = duckdb.connect(str(path), read_only=True)
        try:
            tables = {row[0] for row in connection.execute(
                "SELECT table_name FROM information_schema.tables").fetchall()}
            versions = connection.execute(
                "SELECT version FROM schema_migrations ORDER BY version").fetchall()
        finally:
            connection.close()
        missing = _expected_tables() - tables
        assert not missing, f"round {round_}: missing {missing}"
        assert [row[0] for row in versions] == [m.version for m in MIGRATIONS]
