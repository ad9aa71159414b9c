"""`eventatlas export`: events from the store (or extract output) as ACLED-format CSV, HXL CSV,
GeoJSON, GeoPackage, Parquet or PLOVER JSON Lines. Formats and conventions: docs/export.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

LEVELS = ("fused", "report")


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    output_format: Annotated[str | None, typer.Option(
        "--format", help="acled-csv, hxl-csv, geojson, gpkg, parquet or plover-jsonl.",
        show_default=False)] = None,
    output: Annotated[str | None, typer.Option(
        "-o", "--output", help="File to write ('-' for stdout; not for parquet or gpkg).",
        show_default=False)] = None,
    db: Annotated[str | None, typer.Option(
        help="Store URL or path (default: the DuckDB file in the user data dir).")] = None,
    results: Annotated[Path | None, typer.Option(
        help="Export `eventatlas extract` JSON/JSONL output instead of the store.")] = None,
    start: Annotated[str | None, typer.Option(help="Events on or after YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="Events on or before YYYY-MM-DD.")] = None,
    event_type: Annotated[str | None, typer.Option(
        "--type", help="One event type, e.g. remote.air_strike.")] = None,
    family: Annotated[str | None, typer.Option(help="One family, e.g. movement.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-2 code.")] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level region name.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor id or part of a name.")] = None,
    bbox: Annotated[str | None, typer.Option(help="min_lon,min_lat,max_lon,max_lat.")] = None,
    min_confidence: Annotated[float | None, typer.Option(help="Between 0 and 1.")] = None,
    level: Annotated[str | None, typer.Option(
        help="fused (one row per happening, the store's default) or report.")] = None,
    acled_only: Annotated[bool, typer.Option(
        "--acled-only", help="acled-csv: only events ACLED itself would code.")] = False,
) -> None:
    """Export events for ACLED-style spreadsheets, HDX, GIS, data science or PLOVER tools."""
    from eventatlas.cli import fail, guard
    from eventatlas.export import ExportOptions, export_events

    if output_format is None or output is None:
        fail("give --format FORMAT and -o FILE")
    try:
        filters = _filters(start, end, event_type, family, country, admin1, actor, bbox,
                           min_confidence)
        _check_format(output_format, output, acled_only)
        _check_level(level, results)
        events, store = _events(results, db, filters, level)
        try:
            report = export_events(events, output_format, output,
                                   ExportOptions(acled_only=acled_only))
        finally:
            if store is not None:
                store.close()
    except typer.Exit:
        raise
    except Exception as error:
        guard(error)
    _summarise(report, output)


def _filters(start: str | None, end: str | None, event_type: str | None, family: str | None,
             country: str | None, admin1: str | None, actor: str | None, bbox: str | None,
             min_confidence: float | None) -> dict[str, Any]:
    from eventatlas import ontology
    from eventatlas.dateinput import parse_date_option
    from eventatlas.errors import OptionError
    from eventatlas.store.query import parse_bbox

    if event_type is not None and event_type not in ontology.codes():
        raise OptionError(f"--type: unknown event type {event_type!r} (see `eventatlas types`)")
    families = sorted({event.family for event in ontology.EVENT_TYPES})
    if family is not None and family not in families:
        raise OptionError(f"--family: {family!r} is not one of {', '.join(families)}")
    if country is not None and not (len(country) == 2 and country.isalpha()):
        raise OptionError(f"--country: {country!r} is not a two-letter ISO code such as SY")
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise OptionError("--min-confidence must be between 0 and 1")
    found = {
        "start": parse_date_option(start, "--start"), "end": parse_date_option(end, "--end"),
        "type": event_type, "family": family, "country": country.upper() if country else None,
        "admin1": admin1, "actor": actor, "bbox": parse_bbox(bbox),
        "min_confidence": min_confidence,
    }
    if found["start"] and found["end"] and found["start"] > found["end"]:
        raise OptionError("--start is after --end")
    return found


def _check_format(output_format: str, output: str, acled_only: bool) -> None:
    from eventatlas.errors import OptionError
    from eventatlas.export import FORMATS

    if output_format not in FORMATS:
        raise OptionError(f"--format: {output_format!r} is not one of {', '.join(FORMATS)}")
    if acled_only and output_format != "acled-csv":
        raise OptionError("--acled-only applies to --format acled-csv only")
    if output != "-" and not Path(output).parent.is_dir():
        raise OptionError(f"-o: folder {Path(output).parent} does not exist")


def _check_level(level: str | None, results: Path | None) -> None:
    from eventatlas.errors import OptionError

    if level is not None and level not in LEVELS:
        raise OptionError(f"--level: {level!r} is not fused or report")
    if results is not None and level == "fused":
        raise OptionError("--results holds report-level events; --level fused needs the store")


def _events(results: Path | None, db: str | None, filters: dict[str, Any],
            level: str | None) -> tuple[Any, Any]:
    if results is not None:
        from eventatlas.export import EventFilter, events_from_results, read_results

        events = events_from_results(read_results(results))
        return EventFilter(**filters).apply(events), None
    from eventatlas.export.sources import store_events
    from eventatlas.store import EventQuery, open_store

    # A copy taken without the file's lock: the export works while `eventatlas serve` (or an
    # ingest) holds a DuckDB store, and never makes that process wait (docs/store.md).
    store = open_store(db, snapshot=True)
    query = EventQuery(**filters, level=level or "fused")  # type: ignore[arg-type]
    query.check()
    return store_events(store, query), store


def _summarise(report: Any, output: str) -> None:
    where = "stdout" if output == "-" else output
    skipped = f", {report.skipped} left out" if report.skipped else ""
    typer.echo(f"eventatlas: {report.written} {report.format} records to {where}{skipped}",
               err=True)
