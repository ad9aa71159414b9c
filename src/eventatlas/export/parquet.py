"""Parquet for data science: one row per event, typed columns for what people filter on
(dates as dates, coordinates as doubles) and nested lists for actors, evidence and sources, so
nothing in the event dict is lost. The schema is fixed (`EVENT_SCHEMA`): files from different
runs and batch partitions concatenate without casts. `plover_event_type`/`plover_mode` are
the current PLOVER manual's category and fixed mode (`ontology.plover_code`; null where PLOVER
codes no such event).

The schema carries pandas metadata naming pandas' nullable dtypes for the scalar integer and
date columns, so `pandas.read_parquet(path)` gives `Int64`/`Int8`/`Int32` (a missing figure
is `<NA>`, not a float NaN) and `date32[day][pyarrow]` dates, not float64 and object; other
readers (pyarrow, polars, DuckDB) ignore the metadata."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from eventatlas.export import fields
from eventatlas.export.fields import EventRecord
from eventatlas.ontology import plover_code


def _place_fields(prefix: str) -> list[pa.Field]:
    return [
        pa.field(f"{prefix}_name", pa.string()), pa.field(f"{prefix}_text", pa.string()),
        pa.field(f"{prefix}_geonameid", pa.int64()), pa.field(f"{prefix}_lat", pa.float64()),
        pa.field(f"{prefix}_lon", pa.float64()), pa.field(f"{prefix}_admin1", pa.string()),
        pa.field(f"{prefix}_country_code", pa.string()),
        pa.field(f"{prefix}_precision", pa.string()),
        pa.field(f"{prefix}_geo_precision", pa.int8()),
    ]


ACTOR = pa.struct([
    ("role", pa.string()), ("name", pa.string()), ("text", pa.string()), ("kind", pa.string()),
    ("actor_id", pa.string()), ("country_code", pa.string()), ("ethnicity", pa.string()),
    ("age_min", pa.int32()), ("age_max", pa.int32()),
])
EVIDENCE = pa.struct([
    ("document_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
    ("text", pa.string()), ("source", pa.string()),
])
SOURCE = pa.struct([
    ("document_id", pa.string()), ("event_id", pa.string()), ("title", pa.string()),
    ("outlet", pa.string()), ("url", pa.string()), ("published", pa.date32()),
])
PLACE_PREFIXES: tuple[str, ...] = ("location", "origin", "destination")

_EVENT_FIELDS = [
    pa.field("event_id", pa.string(), nullable=False), pa.field("type", pa.string()),
    pa.field("family", pa.string()), pa.field("level", pa.string()),
    pa.field("cluster_id", pa.string()),
    pa.field("acled_event_type", pa.string()), pa.field("acled_sub_event_type", pa.string()),
    pa.field("plover_event_type", pa.string()), pa.field("plover_mode", pa.string()),
    pa.field("date_start", pa.date32()), pa.field("date_end", pa.date32()),
    pa.field("date_precision", pa.string()), pa.field("time_precision", pa.int8()),
    pa.field("date_text", pa.string()), pa.field("date_basis", pa.string()),
    *[item for prefix in PLACE_PREFIXES for item in _place_fields(prefix)],
    pa.field("quantity_value", pa.int64()), pa.field("quantity_low", pa.int64()),
    pa.field("quantity_high", pa.int64()), pa.field("quantity_unit", pa.string()),
    pa.field("quantity_text", pa.string()),
    pa.field("fatalities_low", pa.int64()), pa.field("fatalities_best", pa.int64()),
    pa.field("fatalities_high", pa.int64()),
    pa.field("modality", pa.string()), pa.field("attribution_source", pa.string()),
    pa.field("attribution_text", pa.string()), pa.field("confidence", pa.float64()),
    pa.field("trigger", pa.string()), pa.field("corroboration", pa.int32()),
    pa.field("first_reported", pa.date32()), pa.field("review_status", pa.string()),
    pa.field("pipeline_version", pa.string()),
    pa.field("document_ids", pa.list_(pa.string())), pa.field("actors", pa.list_(ACTOR)),
    pa.field("evidence", pa.list_(EVIDENCE)), pa.field("sources", pa.list_(SOURCE)),
]
# pandas' nullable dtypes for arrow's integers and dates (pandas_type, numpy_type).
PANDAS_DTYPES: dict[pa.DataType, tuple[str, str]] = {
    pa.int8(): ("int8", "Int8"), pa.int32(): ("int32", "Int32"), pa.int64(): ("int64", "Int64"),
    pa.date32(): ("date", "date32[day][pyarrow]"),
}


def pandas_metadata(fields_: list[pa.Field]) -> dict[bytes, bytes]:
    """Schema metadata that tells `pandas.read_parquet` / `Table.to_pandas` to use nullable
    dtypes for the integer and date columns (pyarrow reads `numpy_type` as a pandas dtype)."""
    columns = [
        {"name": item.name, "field_name": item.name, "pandas_type": PANDAS_DTYPES[item.type][0],
         "numpy_type": PANDAS_DTYPES[item.type][1], "metadata": None}
        for item in fields_ if item.type in PANDAS_DTYPES
    ]
    meta = {"index_columns": [], "column_indexes": [], "columns": columns,
            "creator": {"library": "pyarrow", "version": pa.__version__},
            "pandas_version": "2.0.0"}
    return {b"pandas": json.dumps(meta).encode()}


EVENT_SCHEMA = pa.schema(_EVENT_FIELDS, metadata=pandas_metadata(_EVENT_FIELDS))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _place(prefix: str, place: dict[str, Any] | None) -> dict[str, Any]:
    place = place or {}
    keys = ("name", "text", "geonameid", "lat", "lon", "admin1", "country_code", "precision",
            "geo_precision")
    return {f"{prefix}_{key}": place.get(key) for key in keys}


def _evidence(event: EventRecord) -> list[dict[str, Any]]:
    spans = [{"document_id": source.get("document_id")} | item
             for source in fields.sources(event) for item in source.get("evidence") or []]
    return spans or [{"document_id": None} | item for item in event.get("evidence") or []]


def _sources(event: EventRecord) -> list[dict[str, Any]]:
    return [{key: item.get(key) for key in ("document_id", "event_id", "title", "outlet", "url")}
            | {"published": _date(item.get("published"))} for item in fields.sources(event)]


def event_record(event: EventRecord) -> dict[str, Any]:
    """The event as one Parquet row (a dict keyed by `EVENT_SCHEMA`'s field names)."""
    acled, plover = event.get("acled") or {}, plover_code(event["type"])
    when = event.get("date") or {}
    quantity, deaths = event.get("quantity") or {}, event.get("fatalities") or {}
    attribution = event.get("attribution") or {}
    record: dict[str, Any] = {
        "event_id": event["id"], "type": event["type"], "family": fields.family(event),
        "level": event.get("level") or "report", "cluster_id": event.get("cluster_id"),
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "plover_event_type": plover.category,
        "plover_mode": plover.modes[0] if plover.category and plover.modes else None,
        "date_start": _date(when.get("start")), "date_end": _date(when.get("end")),
        "date_precision": when.get("precision"), "time_precision": when.get("time_precision"),
        "date_text": when.get("text"), "date_basis": when.get("basis"),
    }
    for prefix in PLACE_PREFIXES:
        record |= _place(prefix, event.get(prefix))
    record |= {f"quantity_{key}": quantity.get(key)
               for key in ("value", "low", "high", "unit", "text")}
    record |= {f"fatalities_{key}": deaths.get(key) for key in ("low", "best", "high")}
    return record | {
        "modality": event.get("modality"), "attribution_source": attribution.get("source"),
        "attribution_text": attribution.get("text"), "confidence": event.get("confidence"),
        "trigger": event.get("trigger"),
        "corroboration": event.get("corroboration") or len(fields.document_ids(event)) or 1,
        "first_reported": _date(event.get("first_reported")),
        "review_status": event.get("review_status") or "unreviewed",
        "pipeline_version": event.get("pipeline_version"),
        "document_ids": fields.document_ids(event), "actors": list(event.get("actors") or []),
        "evidence": _evidence(event), "sources": _sources(event),
    }


def events_table(events: Iterable[EventRecord]) -> pa.Table:
    """The events as a table (background events, recalled history, left out)."""
    return pa.Table.from_pylist([event_record(event) for event in fields.current(events)],
                                schema=EVENT_SCHEMA)


def write_table(table: pa.Table, target: Path | IO[bytes]) -> None:
    pq.write_table(table, target, compression="zstd")
