"""Event dicts from `eventatlas extract` output, in the store's shape (report level).

The store gives every event `family`, `level`, `sources`, `corroboration`, `first_reported`,
`review_status` and `pipeline_version`; extract output (`Document.result()`) has the document
beside its events instead. `events_from_results` adds those keys, so the exporters read both
the same way and `eventatlas export --results` works without a store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventatlas import __version__
from eventatlas.errors import InputError
from eventatlas.export.fields import EventRecord

Result = dict[str, Any]


def report_event(event: EventRecord, document: dict[str, Any]) -> EventRecord:
    source = {
        "document_id": document["id"], "event_id": event["id"], "title": document.get("title"),
        "outlet": document.get("outlet"), "url": document.get("url"),
        "published": document.get("published"), "evidence": list(event.get("evidence") or []),
    }
    return event | {
        "family": event["type"].split(".", 1)[0], "level": "report", "cluster_id": None,
        "sources": [source], "corroboration": 1, "first_reported": document.get("published"),
        "review_status": "unreviewed", "pipeline_version": __version__,
    }


def events_from_results(results: Iterable[Result]) -> Iterator[EventRecord]:
    for result in results:
        for event in result.get("events") or []:
            yield report_event(event, result["document"])


def read_results(path: Path) -> Iterator[Result]:
    """Extract output: one (indented) JSON result, or JSON Lines; error lines are skipped."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    records = [whole] if isinstance(whole, dict) else _json_lines(path, text)
    for record in records:
        if isinstance(record, dict) and "document" in record and "events" in record:
            yield record


def _json_lines(path: Path, text: str) -> list[Any]:
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: line {number} is not JSON ({error.msg})") from error
    return records
