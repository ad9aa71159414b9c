"""What fusion compares: an event reduced to type, days, place, actors and a text vector."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np

from eventatlas.events.embedding import load_embedder

# Evidence beyond this many characters adds little to the vector and costs encode time.
_MAX_TEXT_CHARS = 600
_WORD = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class EventSketch:
    event_id: str
    document_id: str
    type: str
    family: str
    start: date | None = None
    end: date | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None
    country: str | None = None
    admin1: str | None = None
    destination: tuple[float, float] | None = None  # where people went, for movements
    perpetrators: frozenset[str] = frozenset()  # armed or organised actors named as doing it
    participants: frozenset[str] = frozenset()  # everyone named in it, whatever the role
    text: str = ""
    vector: np.ndarray | None = field(default=None, repr=False)
    _words: frozenset[str] | None = field(default=None, repr=False)

    @property
    def words(self) -> frozenset[str]:
        """Content words of the text (names, places, numbers), computed once."""
        if self._words is None:
            self._words = content_words(self.text)
        return self._words


class TextEncoder:
    """Unit-length sentence vectors from the model2vec model the project ships at set-up;
    without it, `encode` returns None and fusion falls back to word overlap."""

    def __init__(self) -> None:
        self._model = load_embedder()

    @property
    def available(self) -> bool:
        return self._model is not None

    def encode(self, texts: list[str]) -> list[np.ndarray | None]:
        if self._model is None or not texts:
            return [None for _ in texts]
        vectors = np.asarray(self._model.encode(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.where(norms == 0, 1.0, norms)
        return list(vectors)


@lru_cache(maxsize=1)
def shared_encoder() -> TextEncoder:
    return TextEncoder()


def sketch_event(event: dict[str, Any], document_id: str) -> EventSketch:
    """A sketch of one event in the JSON contract's shape (vector left for the caller)."""
    # The place the store maps the event at (`store.rows.event_place`), so that a sketch read
    # back from the store is the one made when the event arrived; a movement's destination is
    # compared on its own besides.
    place = event.get("location") or event.get("destination") or event.get("origin") or {}
    dates = event.get("date") or {}
    return EventSketch(
        event_id=event["id"],
        document_id=document_id,
        type=event["type"],
        family=event["type"].split(".", 1)[0],
        start=_day(dates.get("start")),
        end=_day(dates.get("end")),
        lat=place.get("lat"),
        lon=place.get("lon"),
        precision=place.get("precision"),
        country=place.get("country_code"),
        admin1=place.get("admin1"),
        destination=movement_destination(event),
        perpetrators=_actor_keys(event, {"actor"}),
        participants=_actor_keys(event, {"actor", "target", "affected"}),
        text=event_text(event),
    )


def event_text(event: dict[str, Any]) -> str:
    spans = [item.get("text", "").strip() for item in event.get("evidence") or []]
    return " ".join(span for span in spans if span)[:_MAX_TEXT_CHARS]


def content_words(text: str) -> frozenset[str]:
    # Short words are mostly function words; names, places, numbers and verbs remain.
    return frozenset(word for word in _WORD.findall(text.lower()) if len(word) > 3)


def actor_key(actor: dict[str, Any]) -> str:
    return actor.get("actor_id") or actor.get("name", "").strip().lower()


def _actor_keys(event: dict[str, Any], roles: set[str]) -> frozenset[str]:
    return frozenset(
        actor_key(actor) for actor in event.get("actors") or []
        if actor.get("role") in roles and actor.get("kind") not in {"unknown", "person"}
    )


def movement_destination(event: dict[str, Any]) -> tuple[float, float] | None:
    """Where people went, when the event has another place to be mapped at."""
    if not (event.get("location") or event.get("origin")):
        return None
    return _point(event.get("destination"))


def _point(place: dict[str, Any] | None) -> tuple[float, float] | None:
    if not place or place.get("lat") is None or place.get("lon") is None:
        return None
    return (float(place["lat"]), float(place["lon"]))


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
