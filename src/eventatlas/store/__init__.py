"""The event store (DuckDB by default, PostgreSQL for teams): documents, report-level events,
fused events across reports, and the analyst review log. See docs/store.md."""

from eventatlas.store.backends import StoreError
from eventatlas.store.query import EventQuery, parse_bbox
from eventatlas.store.store import PIPELINE_VERSION, AddOutcome, EventPage, Store, open_store

__all__ = [
    "PIPELINE_VERSION",
    "AddOutcome",
    "EventPage",
    "EventQuery",
    "Store",
    "StoreError",
    "open_store",
    "parse_bbox",
]
