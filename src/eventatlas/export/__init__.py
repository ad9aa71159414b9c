"""Exports for the ecosystem: ACLED-format CSV, HXL CSV (HDX), GeoJSON, Parquet, PLOVER JSONL.

Every writer takes an iterable of event dicts in the store's shape (docs/output.md's event
plus `sources`, `family`, `level`...; `events_from_results` builds them from extract output):

    >>> from eventatlas.export import export_events, events_from_results
    >>> export_events(events_from_results([result]), "acled-csv", "events.csv")

Formats and their conventions: docs/export.md.
"""

from eventatlas.export.acled import acled_row, acled_rows
from eventatlas.export.filters import EventFilter
from eventatlas.export.results import events_from_results, read_results, report_event
from eventatlas.export.writers import FORMATS, ExportOptions, ExportReport, export_events

__all__ = [
    "FORMATS", "EventFilter", "ExportOptions", "ExportReport", "acled_row", "acled_rows",
    "events_from_results", "export_events", "read_results", "report_event",
]
