"""A throwaway PostgreSQL server for the store tests.

`EVENTATLAS_TEST_PG_URL` points the tests at an existing server; otherwise one is initialised
in a temp folder from the Debian binaries and started on 127.0.0.1 (as the `postgres` user when
the tests run as root, since the server refuses to run as root). Without binaries the tests
skip, unless `EVENTATLAS_REQUIRE_PG=1` (set by CI) turns that into a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def server_binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def temporary_server() -> Iterator[str]:
    binaries = server_binaries()
    if binaries is None:
        if os.environ.get("EVENTATLAS_REQUIRE_PG"):
            pytest.fail("PostgreSQL server binaries not found (EVENTATLAS_REQUIRE_PG is set)")
        pytest.skip("no PostgreSQL server binaries (initdb) on this machine")
    # Its own folder under /tmp: pytest's temp folders are private to the user running the
    # tests, and the server runs as `postgres` when that user is root.
    folder = Path(tempfile.mkdtemp(prefix="eventatlas-pg-"))
    data = folder / "pgdata"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-A", "trust",
                                    "-U", "eventatlas", "--no-sync"]), **run)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                                    "-l", str(folder / "server.log"), "-w", "start"]), **run)
    try:
        yield f"postgresql://eventatlas@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m",
                                        "immediate", "stop"]), check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(admin_url: str, name: str) -> str:
    """A new empty database on the server; returns its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
