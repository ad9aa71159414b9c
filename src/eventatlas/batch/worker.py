"""One chunk of a batch: run the pipeline over its documents and write its Parquet partition.

The same function runs in a local worker process and inside a Ray actor: each holds one
`Extractor` (one spaCy model, loaded once) and feeds it whole chunks, which it parses with
`nlp.pipe`. A chunk writes `events/part-NNNNN.parquet` (one row per event) and
`documents/part-NNNNN.parquet` (one row per input: ok or error, with the reason).
"""

from __future__ import annotations

import os
import re
import resource
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from eventatlas.batch.inputs import InputLine

# Extract numbers lines within the chunk it was handed; the batch names inputs by `ref`.
_CHUNK_LINE = re.compile(r"^line \d+: ")
EVENTS_DIR = "events"
DOCUMENTS_DIR = "documents"
RESULTS_DIR = "results"


# Hive partitioning of `events/`: the column each choice partitions by and how it is derived.
PARTITIONS = ("country", "year", "month")


@dataclass(slots=True)
class ChunkTask:
    index: int
    lines: list[InputLine]
    out_dir: str
    partition_by: str | None = None  # one of PARTITIONS: events/country=SY/part-...parquet
    keep_results: bool = False  # also write results/part-NNNNN.jsonl (for the fused output)


@dataclass(slots=True)
class ChunkReport:
    index: int
    documents: int = 0
    ok: int = 0
    events: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)  # {"ref", "id", "message"}
    seconds: float = 0.0
    pid: int = 0
    peak_rss_mb: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def new_extractor(published: date | None) -> Any:
    from eventatlas.extract import Extractor
    from eventatlas.settings import Settings

    extractor = Extractor(Settings(published=published))
    _ = extractor.pipeline  # load the models now, not inside the first chunk's timing
    return extractor


def process_chunk(task: ChunkTask, extractor: Any) -> ChunkReport:
    started = time.perf_counter()
    outcomes = _extract(task.lines, extractor)
    event_rows, document_rows = [], []
    report = ChunkReport(task.index, documents=len(task.lines), pid=os.getpid())
    for item, outcome in zip(task.lines, outcomes, strict=True):
        if "error" in outcome:
            error = outcome["error"]
            error["message"] = _CHUNK_LINE.sub("", error["message"])
            report.errors.append({"ref": item.ref, "id": error.get("id"),
                                  "message": error["message"]})
        rows = _event_rows(outcome)
        event_rows.extend(rows)
        document_rows.append(_document_row(item, outcome, len(rows)))
    _write(task, event_rows, document_rows)
    if task.keep_results:
        _write_results(task, outcomes)
    report.ok = report.documents - len(report.errors)
    report.events = len(event_rows)
    report.seconds = round(time.perf_counter() - started, 3)
    report.peak_rss_mb = round(peak_rss_mb(), 1)
    return report


def _extract(lines: list[InputLine], extractor: Any) -> list[dict[str, Any]]:
    """A result or an error object per input line, in order. Should the chunk as a whole
    fail (a parser crash), its documents are retried one by one so only the bad one fails."""
    readable = [item for item in lines if item.error is None]
    try:
        outcomes = iter(list(extractor.extract_jsonl(item.line for item in readable)))
    except Exception:
        outcomes = iter([_one(extractor, item) for item in readable])
    return [_error(item.error, None) if item.error is not None else next(outcomes)
            for item in lines]


def _one(extractor: Any, item: InputLine) -> dict[str, Any]:
    try:
        return next(iter(extractor.extract_jsonl([item.line])))
    except Exception as error:
        return _error(f"{type(error).__name__}: {error}", None)


def _error(message: str, record_id: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "line": None, "id": record_id}}


def _event_rows(outcome: dict[str, Any]) -> list[dict[str, Any]]:
    if "error" in outcome:
        return []
    from eventatlas.export import events_from_results
    from eventatlas.export.fields import current
    from eventatlas.export.parquet import event_record

    # Recalled history (`background`) is no event of the news: left out as in every export.
    return [event_record(event) for event in current(events_from_results([outcome]))]


def _document_row(item: InputLine, outcome: dict[str, Any], events: int) -> dict[str, Any]:
    if "error" in outcome:
        error = outcome["error"]
        return {"ref": item.ref, "document_id": error.get("id"), "status": "error",
                "message": error["message"], "events": 0}
    document = outcome["document"]
    published = document.get("published")
    return {"ref": item.ref, "document_id": document["id"], "status": "ok", "message": None,
            "events": events, "title": document.get("title"), "outlet": document.get("outlet"),
            "url": document.get("url"),
            "published": date.fromisoformat(published) if published else None}


def _write(task: ChunkTask, event_rows: list[dict[str, Any]],
           document_rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa

    from eventatlas.batch.schema import DOCUMENT_SCHEMA
    from eventatlas.export.parquet import EVENT_SCHEMA, write_table

    out = Path(task.out_dir)
    events = pa.Table.from_pylist(event_rows, schema=EVENT_SCHEMA)
    if task.partition_by is None:
        write_table(events, out / EVENTS_DIR / part_name(task.index))
    else:
        _write_partitioned(events, out / EVENTS_DIR, task)
    write_table(pa.Table.from_pylist(document_rows, schema=DOCUMENT_SCHEMA),
                out / DOCUMENTS_DIR / part_name(task.index))


def partition_column(events: Any, partition_by: str) -> Any:
    """The value each event row is filed under: the country of its place (location, else
    origin, else destination), or the year or month its date range starts in."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if partition_by == "country":
        return pc.coalesce(*(events[f"{role}_country_code"]
                             for role in ("location", "origin", "destination")))
    width = 4 if partition_by == "year" else 7  # "2016" or "2016-11"
    return pc.utf8_slice_codeunits(events["date_start"].cast(pa.string()), 0, width)


def _write_partitioned(events: Any, folder: Path, task: ChunkTask) -> None:
    """This chunk's rows under `folder/<key>=<value>/`, Hive style, which pandas, pyarrow,
    DuckDB and Spark read back with the key as a column. Rows with no value go under
    `<key>=__HIVE_DEFAULT_PARTITION__`, as Hive files nulls."""
    import pyarrow.dataset as ds

    assert task.partition_by is not None
    table = events.append_column(task.partition_by, partition_column(events, task.partition_by))
    if table.num_rows == 0:
        return
    ds.write_dataset(table, folder, format="parquet", partitioning=[task.partition_by],
                     partitioning_flavor="hive",
                     basename_template=f"part-{task.index:05d}-{{i}}.parquet",
                     file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
                     existing_data_behavior="overwrite_or_ignore")


def _write_results(task: ChunkTask, outcomes: list[dict[str, Any]]) -> None:
    import json

    path = Path(task.out_dir) / RESULTS_DIR / f"part-{task.index:05d}.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for outcome in outcomes:
            if "error" not in outcome:
                handle.write(json.dumps(outcome, ensure_ascii=False) + "\n")
