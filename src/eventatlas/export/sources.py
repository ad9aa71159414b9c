"""Where exported events come from: the store (every page of a query) or extract output."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from eventatlas.export.fields import EventRecord

PAGE_SIZE = 1000  # the store's largest page


def store_events(store: Any, query: Any) -> Iterator[EventRecord]:
    """Every event the store's `EventQuery` matches, page by page (a query's own limit and
    offset are ignored: an export is the whole selection)."""
    offset = 0
    while True:
        page = store.list_events(replace(query, limit=PAGE_SIZE, offset=offset))
        yield from page.events
        offset += len(page.events)
        if not page.events or offset >= page.total:
            return
