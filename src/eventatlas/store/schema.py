"""The store's schema as numbered migrations, applied in order and recorded in
`schema_migrations`, the same SQL on DuckDB and PostgreSQL (types differing by engine are
named `{blob}`, `{float}`, `{ts}`).

Every content row carries the `pipeline_version` that wrote it, so rows from an older pipeline
can be found and re-extracted. Reviews are append-only: nothing updates or deletes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from eventatlas.store.backends import Backend, column_types


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


_INITIAL = (
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, url TEXT, outlet TEXT,
        title TEXT, byline TEXT, dateline TEXT, published DATE, language TEXT,
        text TEXT NOT NULL, captions TEXT, source_name TEXT, pipeline_version TEXT NOT NULL,
        ingested_at {ts} NOT NULL)""",
    """CREATE TABLE mentions (
        document_id TEXT NOT NULL, idx INTEGER NOT NULL, start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL, sentence INTEGER,
        pipeline_version TEXT NOT NULL, PRIMARY KEY (document_id, idx))""",
    """CREATE TABLE places (
        place_key TEXT PRIMARY KEY, geonameid BIGINT, name TEXT NOT NULL, lat {float},
        lon {float}, admin1 TEXT, country_code TEXT, precision TEXT NOT NULL,
        pipeline_version TEXT NOT NULL)""",
    """CREATE TABLE actors (
        actor_key TEXT PRIMARY KEY, actor_id TEXT, name TEXT NOT NULL, kind TEXT NOT NULL,
        country_code TEXT, pipeline_version TEXT NOT NULL)""",
    """CREATE TABLE clusters (
        id TEXT PRIMARY KEY, type TEXT NOT NULL, family TEXT NOT NULL,
        fusion_group TEXT NOT NULL, date_start DATE,
        date_end DATE, lat {float}, lon {float}, country_code TEXT, admin1 TEXT, precision TEXT,
        modality TEXT NOT NULL, confidence {float} NOT NULL, fatalities_best INTEGER,
        corroboration INTEGER NOT NULL, first_reported DATE, span_start DATE, span_end DATE,
        status TEXT NOT NULL,
        overrides TEXT, search_text TEXT NOT NULL, data TEXT NOT NULL,
        pipeline_version TEXT NOT NULL, updated_at {ts} NOT NULL)""",
    """CREATE TABLE events (
        id TEXT PRIMARY KEY, document_id TEXT NOT NULL, cluster_id TEXT NOT NULL,
        type TEXT NOT NULL, family TEXT NOT NULL, date_start DATE, date_end DATE, lat {float},
        lon {float}, place_key TEXT, country_code TEXT, admin1 TEXT, precision TEXT,
        destination_lat {float}, destination_lon {float},
        modality TEXT NOT NULL, confidence {float} NOT NULL, fatalities_best INTEGER,
        status TEXT NOT NULL, overrides TEXT, search_text TEXT NOT NULL, embedding {blob},
        data TEXT NOT NULL, pipeline_version TEXT NOT NULL, created_at {ts} NOT NULL)""",
    """CREATE TABLE event_actors (
        event_id TEXT NOT NULL, idx INTEGER NOT NULL, actor_key TEXT NOT NULL,
        role TEXT NOT NULL, name TEXT NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL,
        pipeline_version TEXT NOT NULL, PRIMARY KEY (event_id, idx))""",
    """CREATE TABLE event_sources (
        event_id TEXT NOT NULL, idx INTEGER NOT NULL, document_id TEXT NOT NULL,
        start_char INTEGER NOT NULL, end_char INTEGER NOT NULL, text TEXT NOT NULL,
        source TEXT, pipeline_version TEXT NOT NULL, PRIMARY KEY (event_id, idx))""",
    """CREATE TABLE flows (
        event_id TEXT PRIMARY KEY, origin_key TEXT, origin_name TEXT, origin_lat {float},
        origin_lon {float}, destination_key TEXT, destination_name TEXT,
        destination_lat {float}, destination_lon {float}, quantity_low INTEGER,
        quantity_high INTEGER, quantity_value INTEGER, unit TEXT, moved_group TEXT,
        pipeline_version TEXT NOT NULL)""",
    """CREATE TABLE cannot_link (
        event_a TEXT NOT NULL, event_b TEXT NOT NULL, review_id BIGINT,
        PRIMARY KEY (event_a, event_b))""",
    "CREATE SEQUENCE reviews_id_seq START 1",
    """CREATE TABLE reviews (
        id BIGINT PRIMARY KEY DEFAULT nextval('reviews_id_seq'), target_id TEXT NOT NULL,
        action TEXT NOT NULL, field TEXT, value TEXT, event_ids TEXT, other_id TEXT,
        reviewer TEXT, note TEXT, pipeline_version TEXT NOT NULL, created_at {ts} NOT NULL)""",
    "CREATE INDEX events_document ON events (document_id)",
    "CREATE INDEX events_cluster ON events (cluster_id)",
    "CREATE INDEX clusters_block ON clusters (fusion_group, span_start)",
    "CREATE INDEX clusters_date ON clusters (date_start)",
    "CREATE INDEX event_actors_key ON event_actors (actor_key)",
    "CREATE INDEX event_sources_document ON event_sources (document_id)",
    "CREATE INDEX reviews_target ON reviews (target_id)",
)

# The audit log keeps what a review changed from, beside what it changed to (`value`).
_REVIEW_PREVIOUS = ("ALTER TABLE reviews ADD COLUMN previous TEXT",)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL),
    Migration(2, "reviews.previous", _REVIEW_PREVIOUS),
)


# Any fixed key works as long as nothing else in the database takes the same advisory lock.
_MIGRATION_LOCK = 4207

_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def migrate(backend: Backend) -> list[int]:
    """Apply the migrations this store lacks, each in its own transaction; returns their
    versions. Safe to run on every open, from several processes at once."""
    applied = []
    # Every DDL statement, `schema_migrations` itself included, runs under the lock:
    # PostgreSQL's CREATE TABLE IF NOT EXISTS is not atomic, and two processes creating the
    # table at once made one fail on the row type's unique index (pg_type_typname_nsp_index).
    with backend.transaction():
        _lock(backend)
        backend.execute(_MIGRATIONS_TABLE)
    for migration in MIGRATIONS:
        with backend.transaction():
            _lock(backend)  # held to the commit: the next process sees the finished version
            if backend.query("SELECT version FROM schema_migrations WHERE version = ?",
                             [migration.version]):
                continue
            types = column_types(backend.dialect)
            for statement in migration.statements:
                backend.execute(statement.format(**types))
            backend.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [migration.version, migration.name, datetime.now(UTC).isoformat()],
            )
            applied.append(migration.version)
    return applied


def _lock(backend: Backend) -> None:
    """Serialise migrations between processes until the transaction ends. DuckDB needs none:
    one process holds a file's write lock, and a second one cannot open it at all."""
    if backend.dialect == "postgresql":
        backend.execute(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")  # a constant int


def schema_version(backend: Backend) -> int:
    rows = backend.query("SELECT max(version) AS version FROM schema_migrations")
    return int(rows[0]["version"] or 0)
