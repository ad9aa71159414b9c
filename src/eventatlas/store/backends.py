"""Two SQL backends behind one small interface: DuckDB (a file, the default) and PostgreSQL.

The store writes its SQL once, with `?` placeholders and portable types; each backend turns the
placeholders into its own parameter style and names its own column types. Values always travel
as parameters, never spliced into SQL text.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
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

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                    *, skip_conflicts: bool = False) -> None: ...

    def update_rows(self, table: str, key: str, columns: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> None:
        """Set `columns` of the rows whose `key` is each row's last value."""

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
            self._con = _connect_duckdb(path)
        except (duckdb.Error, OSError) as error:
            raise StoreError(f"cannot open DuckDB store {path}: {_first_line(error)}") from error
        self._depth = 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._errors():
            self._con.execute(sql, list(params))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self._errors():
                self._con.executemany(sql, [list(row) for row in rows])

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                    *, skip_conflicts: bool = False) -> None:
        """Rows in through Arrow: binding thousands of parameters costs DuckDB far more than
        scanning a columnar table (a document's rows went in ~6x faster). Values whose types
        Arrow cannot put in one column fall back to a parameterised INSERT."""
        if not rows:
            return
        if (batch := _arrow_table(columns, rows)) is None:
            _insert_values(self, table, columns, rows, skip_conflicts)
            return
        with self._errors():
            self._con.from_arrow(batch).query("incoming", _insert_sql(
                table, columns, "SELECT * FROM incoming", skip_conflicts))

    def update_rows(self, table: str, key: str, columns: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> None:
        """All rows in one UPDATE ... FROM an Arrow table (one statement, not one per row)."""
        if not rows:
            return
        if (batch := _arrow_table([*columns, key], rows)) is None:
            _update_each(self, table, key, columns, rows)
            return
        assignments = ", ".join(f"{name} = incoming.{name}" for name in columns)
        with self._errors():
            self._con.from_arrow(batch).query("incoming", (
                f"UPDATE {table} SET {assignments} FROM incoming"
                f" WHERE {table}.{key} = incoming.{key}"))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._errors():
            cursor = self._con.execute(sql, list(params))
            names = [column[0] for column in cursor.description or []]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Engine errors (a full disk, a corrupt file...) as one-line `StoreError`s, which the
        loader reports per document and the API as 503."""
        import duckdb

        try:
            yield
        except duckdb.Error as error:
            raise StoreError(f"{self.url}: {_first_line(error)}") from error

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
        self.execute("BEGIN TRANSACTION")
        self._depth = 1
        try:
            yield
        except BaseException:
            with suppress(Exception):  # after a fatal engine error there is nothing to undo
                self._con.execute("ROLLBACK")
            raise
        else:
            self.execute("COMMIT")
        finally:
            self._depth = 0

    def close(self) -> None:
        self._con.close()


# Pauses before trying again to open a DuckDB file that another process is creating; long
# enough for a creator slowed down by a busy machine, short on the error path of a bad file.
_DUCKDB_CREATING_RETRIES_S = (0.05, 0.1, 0.2, 0.4, 0.8, 1.5)  # ~3 s in all


def _connect_duckdb(path: str) -> Any:
    """`duckdb.connect`, waiting a moment on a file another process is still creating: until
    its header is written DuckDB calls it "not a valid DuckDB database file", which reads as
    corruption; a moment later the creator's file lock gives the true, clear reason (or the
    file opens). A file that stays invalid is reported as DuckDB says."""
    import duckdb

    for pause in (*_DUCKDB_CREATING_RETRIES_S, None):
        try:
            return duckdb.connect(path)
        except duckdb.IOException as error:
            if pause is None or "not a valid DuckDB database file" not in str(error):
                raise
            time.sleep(pause)
    raise AssertionError("unreachable: the last try returns or raises")


class PostgresBackend:
    """One autocommit connection, re-opened once when the server dropped it (a restart, a
    network cut) outside a transaction; inside one the error is reported and the next
    transaction reconnects, since the server has already rolled the work back."""

    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = _redact(url)
        self._dsn = url
        self._in_transaction = False
        self._con = self._connect()

    def _connect(self) -> Any:
        import psycopg

        try:
            return psycopg.connect(self._dsn, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            raise StoreError(f"cannot connect to {self.url}: {_first_line(error)}") from error

    def _live(self) -> Any:
        if self._con.closed or self._con.broken:
            self._con = self._connect()
        return self._con

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._run(lambda con: con.execute(_pg(sql), list(params)))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._run(lambda con: con.cursor().executemany(_pg(sql),
                                                           [list(row) for row in rows]))

    def insert_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]],
                    *, skip_conflicts: bool = False) -> None:
        _insert_values(self, table, columns, rows, skip_conflicts)

    def update_rows(self, table: str, key: str, columns: Sequence[str],
                    rows: Sequence[Sequence[Any]]) -> None:
        _update_each(self, table, key, columns, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        def fetch(con: Any) -> list[Row]:
            with con.cursor() as cursor:
                cursor.execute(_pg(sql), list(params))
                names = [column.name for column in cursor.description or []]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

        return self._run(fetch)

    def _run(self, call: Any) -> Any:
        import psycopg

        try:
            return call(self._live())
        except psycopg.OperationalError as error:
            if self._in_transaction or not (self._con.closed or self._con.broken):
                raise StoreError(f"{self.url}: {_first_line(error)}") from error
        except psycopg.Error as error:
            raise StoreError(f"{self.url}: {_first_line(error)}") from error
        try:  # the connection was lost between statements: one retry on a new one
            return call(self._live())
        except psycopg.Error as error:
            raise StoreError(f"{self.url}: {_first_line(error)}") from error

    @contextmanager
    def transaction(self) -> Iterator[None]:
        import psycopg

        if self._in_transaction:  # nested use joins the outer transaction
            yield
            return
        try:
            with self._live().transaction():
                self._in_transaction = True
                yield
        except psycopg.Error as error:
            raise StoreError(f"{self.url}: {_first_line(error)}") from error
        finally:
            self._in_transaction = False

    def close(self) -> None:
        self._con.close()


def connect(url: str) -> Backend:
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(url)
    return DuckDBBackend(duckdb_path(url) or ":memory:")


def duckdb_path(url: str) -> str | None:
    """The file a DuckDB store URL names; None for PostgreSQL and in-memory stores."""
    if url.startswith(("postgresql://", "postgres://")):
        return None
    path = url.removeprefix("duckdb://") if url.startswith("duckdb://") else url
    return path if path and path != ":memory:" else None


_VALUES_CHUNK = 200  # rows per statement: one statement per table, not one per row


def _insert_values(backend: Backend, table: str, columns: Sequence[str],
                   rows: Sequence[Sequence[Any]], skip_conflicts: bool) -> None:
    """Multi-row parameterised INSERTs, a chunk of rows per statement."""
    placeholders = "(" + ", ".join("?" for _ in columns) + ")"
    for start in range(0, len(rows), _VALUES_CHUNK):
        chunk = rows[start:start + _VALUES_CHUNK]
        values = "VALUES " + ", ".join(placeholders for _ in chunk)
        backend.execute(_insert_sql(table, columns, values, skip_conflicts),
                        [value for row in chunk for value in row])


def _arrow_table(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> Any:
    """Rows as an Arrow table, or None when a column mixes types Arrow cannot hold together."""
    import pyarrow as pa

    try:
        return pa.table({name: [row[index] for row in rows] for index, name in enumerate(names)})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _update_each(backend: Backend, table: str, key: str, columns: Sequence[str],
                 rows: Sequence[Sequence[Any]]) -> None:
    assignments = ", ".join(f"{name} = ?" for name in columns)
    for row in rows:
        backend.execute(f"UPDATE {table} SET {assignments} WHERE {key} = ?", row)


def _insert_sql(table: str, columns: Sequence[str], source: str, skip_conflicts: bool) -> str:
    tail = " ON CONFLICT DO NOTHING" if skip_conflicts else ""
    return f"INSERT INTO {table} ({', '.join(columns)}) {source}{tail}"


def _pg(sql: str) -> str:
    # psycopg's placeholder is %s; a literal % in our SQL would need doubling, and there is none.
    return sql.replace("?", "%s")


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
