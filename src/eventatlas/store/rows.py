"""Flatten a processed `Document` into the store's rows (pure functions, no SQL)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from eventatlas import __version__
from eventatlas.fuse.sketch import actor_key, event_text
from eventatlas.model import Document

# Every content row, and every review, carries the version of the pipeline that wrote it.
PIPELINE_VERSION = f"eventatlas-{__version__}"
_SEARCH_CHARS = 4000


def now_utc() -> datetime:
    return datetime.now(UTC)


def content_hash(document: Document) -> str:
    return hashlib.sha256(document.text.encode("utf-8")).hexdigest()


def document_row(document: Document, digest: str, source_name: str | None) -> list[Any]:
    return [
        document.id, digest, document.url, document.outlet, document.title, document.byline,
        document.dateline, document.published, document.language, document.text,
        json.dumps(document.captions), source_name,
    ]


def mention_rows(document: Document) -> list[list[Any]]:
    return [
        [document.id, index, mention.start, mention.end, mention.text, mention.label,
         mention.sentence]
        for index, mention in enumerate(document.mentions)
    ]


def place_key(place: dict[str, Any] | None) -> str | None:
    if not place:
        return None
    if place.get("geonameid"):
        return f"gn:{place['geonameid']}"
    return f"name:{place.get('country_code') or ''}:{place['name'].lower()}"


def place_rows(event: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for key in ("location", "origin", "destination"):
        place = event.get(key)
        if place:
            rows.append([place_key(place), place.get("geonameid"), place["name"], place.get("lat"),
                         place.get("lon"), place.get("admin1"), place.get("country_code"),
                         place["precision"]])
    return rows


def actor_rows(event: dict[str, Any]) -> list[list[Any]]:
    return [[actor_key(actor), actor.get("actor_id"), actor["name"], actor["kind"],
             actor.get("country_code")] for actor in event.get("actors") or []]


def event_actor_rows(event: dict[str, Any]) -> list[list[Any]]:
    return [[event["id"], index, actor_key(actor), actor["role"], actor["name"], actor["text"],
             actor["kind"]] for index, actor in enumerate(event.get("actors") or [])]


def source_rows(event: dict[str, Any], document_id: str) -> list[list[Any]]:
    return [[event["id"], index, document_id, item["start"], item["end"], item["text"],
             item.get("source")] for index, item in enumerate(event.get("evidence") or [])]


def flow_row(event: dict[str, Any]) -> list[Any] | None:
    origin, destination = event.get("origin"), event.get("destination")
    if not event["type"].startswith("movement.") or not (origin or destination):
        return None
    quantity = event.get("quantity") or {}
    group = ", ".join(actor["text"] for actor in event.get("actors") or []
                      if actor["role"] == "affected") or None
    return [
        event["id"], place_key(origin), _get(origin, "name"), _get(origin, "lat"),
        _get(origin, "lon"), place_key(destination), _get(destination, "name"),
        _get(destination, "lat"), _get(destination, "lon"), quantity.get("low"),
        quantity.get("high"), quantity.get("value"), quantity.get("unit"), group,
    ]


def search_text(event: dict[str, Any]) -> str:
    """Lower-cased words a text filter matches: evidence, trigger, places and actors."""
    parts = [event_text(event), event.get("trigger") or ""]
    for key in ("location", "origin", "destination"):
        if event.get(key):
            parts += [event[key]["name"], event[key].get("text") or ""]
    parts += [actor["name"] for actor in event.get("actors") or []]
    return " ".join(part for part in parts if part).lower()[:_SEARCH_CHARS]


def event_place(event: dict[str, Any]) -> dict[str, Any]:
    """The place an event is mapped at: where it happened, else where people went or left."""
    return event.get("location") or event.get("destination") or event.get("origin") or {}


def _get(place: dict[str, Any] | None, key: str) -> Any:
    return place.get(key) if place else None
