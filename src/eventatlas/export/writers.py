"""One writer per export format, all taking an iterable of event dicts and a target file."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from eventatlas.errors import OptionError
from eventatlas.export import acled, fields, hxl, plover
from eventatlas.export.csvfile import write_csv
from eventatlas.export.fields import EventRecord

STDOUT = "-"


@dataclass(slots=True)
class ExportOptions:
    acled_only: bool = False  # acled-csv: only rows ACLED itself would code
    timestamp: int | None = None  # ACLED `timestamp`; default: now


@dataclass(slots=True)
class ExportReport:
    format: str
    written: int = 0  # rows, features or records written
    # events left out: background (recalled history), undated or not ACLED-codable for the
    # CSVs, without coordinates for GeoJSON
    skipped: int = 0


Writer = Callable[[Iterable[EventRecord], str, ExportOptions], ExportReport]


@contextmanager
def _text_target(target: str) -> Iterator[IO[str]]:
    if target == STDOUT:
        yield sys.stdout
        return
    with Path(target).open("w", encoding="utf-8", newline="") as handle:
        yield handle


def write_acled_csv(events: Iterable[EventRecord], target: str, options: ExportOptions) \
        -> ExportReport:
    report = ExportReport("acled-csv")
    rows = acled.acled_rows(events, acled_only=options.acled_only, timestamp=options.timestamp)
    with _text_target(target) as handle:
        report.written = write_csv(rows, acled.COLUMNS, handle)
    return report


def write_hxl_csv(events: Iterable[EventRecord], target: str,
                  options: ExportOptions) -> ExportReport:
    report = ExportReport("hxl-csv")
    with _text_target(target) as handle:
        report.written = write_csv(hxl.hxl_rows(events, options.timestamp), hxl.HEADERS,
                                   handle, (hxl.HASHTAGS,))
    return report


def write_geojson(events: Iterable[EventRecord], target: str,
                  options: ExportOptions) -> ExportReport:
    from eventatlas.export.geojson import feature_collection

    collection = feature_collection(events, options.timestamp)
    with _text_target(target) as handle:
        json.dump(collection.as_dict(), handle, ensure_ascii=False)
        handle.write("\n")
    return ExportReport("geojson", len(collection.features))


def write_parquet(events: Iterable[EventRecord], target: str,
                  options: ExportOptions) -> ExportReport:
    from eventatlas.export.parquet import events_table, write_table

    if target == STDOUT:
        raise OptionError("parquet is binary: give a file with -o, not '-'")
    table = events_table(events)
    write_table(table, Path(target))
    return ExportReport("parquet", table.num_rows)


def write_plover_jsonl(events: Iterable[EventRecord], target: str, options: ExportOptions) \
        -> ExportReport:
    report = ExportReport("plover-jsonl")
    with _text_target(target) as handle:
        for record in plover.plover_records(events):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            report.written += 1
    return report


def write_gpkg(events: Iterable[EventRecord], target: str,
               options: ExportOptions) -> ExportReport:
    from eventatlas.export.gpkg import write_gpkg as write

    if target == STDOUT:
        raise OptionError("gpkg is a database file: give a file with -o, not '-'")
    written, _unlocated = write(events, Path(target))
    return ExportReport("gpkg", written)


class _Counter:
    """Passes events through, counting them (to report how many a filter left out)."""

    def __init__(self, events: Iterable[EventRecord]) -> None:
        self._events = events
        self.count = 0

    def __iter__(self) -> Iterator[EventRecord]:
        for event in self._events:
            self.count += 1
            yield event


WRITERS: dict[str, Writer] = {
    "acled-csv": write_acled_csv, "hxl-csv": write_hxl_csv, "geojson": write_geojson,
    "parquet": write_parquet, "plover-jsonl": write_plover_jsonl, "gpkg": write_gpkg,
}
FORMATS: tuple[str, ...] = tuple(WRITERS)


def export_events(events: Iterable[EventRecord], format: str, target: str | Path,
                  options: ExportOptions | None = None) -> ExportReport:
    """Write `events` to `target` (a path, or '-' for stdout) in `format`. Background events
    (recalled history) are never written; `skipped` counts every event left out."""
    writer = WRITERS.get(format)
    if writer is None:
        raise OptionError(f"unknown export format {format!r} (one of: {', '.join(FORMATS)})")
    seen = _Counter(events)
    report = writer(fields.current(seen), str(target), options or ExportOptions())
    report.skipped = seen.count - report.written
    return report
