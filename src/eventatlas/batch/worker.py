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


@dataclass(slots=True)
class ChunkTask:
    index: int
    lines: list[InputLine]
    out_dir: str


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
    write_table(pa.Table.from_pylist(event_rows, schema=EVENT_SCHEMA),
                out / EVENTS_DIR / part_name(task.index))
    write_table(pa.Table.from_pylist(document_rows, schema=DOCUMENT_SCHEMA),
                out / DOCUMENTS_DIR / part_name(task.index))
