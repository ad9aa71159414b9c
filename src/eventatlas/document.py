"""`eventatlas.Document`: one processed report as the Python API returns it.

A read-only view over the JSON output contract (`ResultDict`, docs/output.md): what
`eventatlas extract` prints is exactly `Document.to_dict()`, and the typed properties read the
same dict, so the API, the CLI and files written earlier never disagree.

    >>> import eventatlas
    >>> doc = eventatlas.Document.from_dict({"document": {"id": "d1", "title": None,
    ...     "outlet": None, "byline": None, "dateline": None, "published": "2016-11-11",
    ...     "language": "en", "url": None, "captions": [], "text": "Quiet day."},
    ...     "events": []})
    >>> doc.id, doc.published, len(doc)
    ('d1', datetime.date(2016, 11, 11), 0)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventatlas.output.contract import DocumentDict, EventDict, ResultDict


@dataclass(frozen=True, slots=True)
class Document:
    """A report and its events. Iterating a `Document` gives its events, `len()` counts them."""

    result: ResultDict

    @classmethod
    def from_dict(cls, result: ResultDict | dict[str, Any]) -> Document:
        """Wrap a result read back from JSON (`json.loads` of `eventatlas extract` output)."""
        return cls(result)  # type: ignore[arg-type]

    @property
    def document(self) -> DocumentDict:
        """The report's metadata and cleaned text (the `document` object of the contract)."""
        return self.result["document"]

    @property
    def events(self) -> list[EventDict]:
        """Every event, background (recalled history) included: see `current_events`."""
        return self.result["events"]

    @property
    def current_events(self) -> list[EventDict]:
        """The events of the news itself, as the map and the exports show them."""
        return [event for event in self.events if not event["background"]]

    @property
    def id(self) -> str:
        return self.document["id"]

    @property
    def text(self) -> str:
        """The cleaned article body; every evidence offset refers to it."""
        return self.document["text"]

    @property
    def title(self) -> str | None:
        return self.document["title"]

    @property
    def published(self) -> date | None:
        value = self.document["published"]
        return date.fromisoformat(value) if value else None

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[EventDict]:
        return iter(self.events)

    def to_dict(self) -> ResultDict:
        """The JSON output contract, exactly what `eventatlas extract` prints (not a copy)."""
        return self.result

    def to_json(self, indent: int | None = 2) -> str:
        from eventatlas.output import to_json

        return to_json(dict(self.result), indent=indent)

    def to_geojson(self) -> dict[str, Any]:
        """A GeoJSON FeatureCollection of the report's geolocated events (as
        `eventatlas extract --format geojson`)."""
        from eventatlas.output import to_geojson

        return to_geojson([dict(self.result)])

    def __repr__(self) -> str:
        return f"<Document {self.id!r}: {len(self)} events>"
