"""Two SQL backends behind one small interface: DuckDB (a file, the default) and PostgreSQL.

The store writes its SQL once, with `?` placeholders and portable types; each backend turns the
placeholders into its own parameter style and names its own column types. Values always travel
as parameters, never spliced into SQL text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from eventatlas.errors import EventAtlasError


class StoreError(EventAtlasError):
    """The store cannot be opened or written (bad URL, server down, locked file...)."""


Row = dict[str, Any]

# Column types that differ between the two engines; the schema names them by these keys.
_TYPES = {
    "duckdb": {"blob": "BLOB", "float": "DOUBLE", "ts": "TIMESTAMP"},
    "postgresql": {"blob": "BYTEA", "float": "DOUBLE PRECISION", "ts": "TIMESTAMPTZ"},
}


class Backend(Protocol):
    dialect: str
    url: str

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def transaction(self) -> Any: ...

    def close(self) -> None: ...


def column_types(dialect: str) -> dict[str, str]:
    return _TYPES[dialect]


class DuckDBBackend:
    dialect = "duckdb"

    def __init__(self, path: str) -> None:
        import duckdb

        self.url = path
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._con = duckdb.connect(path)
        except (duckdb.Error, OSError) as error:
            raise StoreError(f"cannot open DuckDB store {path}: {_first_line(error)}") from error
        self._depth = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._con.executemany(sql, [list(row) for row in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._con.execute(sql, list(params))
        names = [column[0] for column in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # Nested use joins the outer transaction: one document is always one commit.
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._con.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._con.execute("ROLLBACK")
            raise
        else:
            self._con.execute("COMMIT")
        finally:
            self._depth = 0

    def close(self) -> None:
        self._con.close()


class PostgresBackend:
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = _redact(url)
        try:
            self._con = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise StoreError(f"cannot connect to {self.url}: {_first_line(error)}") from error

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(_pg(sql), list(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self._con.cursor() as cursor:
                cursor.executemany(_pg(sql), [list(row) for row in rows])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._con.cursor() as cursor:
            cursor.execute(_pg(sql), list(params))
            names = [column.name for column in cursor.description or []]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._con.transaction():
            yield

    def close(self) -> None:
        self._con.close()


def connect(url: str) -> Backend:
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(url)
    if url.startswith("duckdb://"):
        url = url.removeprefix("duckdb://") or ":memory:"
    return DuckDBBackend(url)


def _pg(sql: str) -> str:
    # psycopg's placeholder is %s; a literal % in our SQL would need doubling, and there is none.
    return sql.replace("?", "%s")


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
