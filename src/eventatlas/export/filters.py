"""The export filters applied to event dicts read from a file (the store applies the same
ones in SQL through `EventQuery`): date-range overlap, type, family, country, admin1, actor,
bounding box, minimum confidence."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from eventatlas.export import fields
from eventatlas.export.fields import EventRecord


@dataclass(frozen=True, slots=True)
class EventFilter:
    start: date | None = None
    end: date | None = None
    type: str | None = None
    family: str | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    min_confidence: float | None = None

    def matches(self, event: EventRecord) -> bool:
        checks = (self._dates, self._kind, self._where, self._actor, self._confidence)
        return all(check(event) for check in checks)

    def _dates(self, event: EventRecord) -> bool:
        first, last = fields.date_range(event)
        if self.start and (last or first) and (last or first) < self.start:
            return False
        if self.end and (first or last) and (first or last) > self.end:
            return False
        return not ((self.start or self.end) and first is None and last is None)

    def _kind(self, event: EventRecord) -> bool:
        return (self.type is None or event["type"] == self.type) and \
            (self.family is None or fields.family(event) == self.family)

    def _places(self, event: EventRecord) -> list[dict]:
        return [event[role] for role in fields.PLACE_ROLES if event.get(role)]

    def _where(self, event: EventRecord) -> bool:
        places = self._places(event)
        if self.country and not any(p.get("country_code") == self.country for p in places):
            return False
        wanted = (self.admin1 or "").casefold()
        if wanted and not any((p.get("admin1") or "").casefold() == wanted for p in places):
            return False
        return self.bbox is None or any(self._inside(p) for p in places)

    def _inside(self, place: dict) -> bool:
        if not fields.has_point(place) or self.bbox is None:
            return False
        min_lon, min_lat, max_lon, max_lat = self.bbox
        return min_lon <= place["lon"] <= max_lon and min_lat <= place["lat"] <= max_lat

    def _actor(self, event: EventRecord) -> bool:
        if not self.actor:
            return True
        wanted = self.actor.casefold()
        return any(actor.get("actor_id") == self.actor or wanted in actor["name"].casefold()
                   for actor in event.get("actors") or [])

    def _confidence(self, event: EventRecord) -> bool:
        return self.min_confidence is None or \
            float(event.get("confidence") or 0.0) >= self.min_confidence

    def apply(self, events: Iterable[EventRecord]) -> Iterator[EventRecord]:
        return (event for event in events if self.matches(event))
