"""The JSON output contract as Python types, and the few questions every reader asks of it.

`Document.result()` writes these shapes (docs/output.md; `output.schema` checks them at run
time). Everything downstream of the pipeline — fusion, the store, the API, the exporters —
reads events as these dicts, so their keys are typed here once instead of as `dict[str, Any]`
in each module, and "does this place have a point", "is this event a flow" and "which place is
the event's" have one answer each.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from eventatlas.model import GEO_PRECISION_RANK, TIME_PRECISION_RANK

__all__ = [
    "GEO_PRECISION_RANK", "PLACE_ROLES", "TIME_PRECISION_RANK", "AcledDict", "ActorDict",
    "DateDict", "DocumentDict", "EventDict", "EvidenceDict", "PlaceDict", "QuantityDict",
    "ResultDict", "has_point", "is_flow", "primary_place",
]

# The roles an event's places play, in the order "the event's place" is chosen.
PLACE_ROLES: tuple[str, ...] = ("location", "origin", "destination")


class PlaceDict(TypedDict):
    name: str
    text: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    admin1: str | None
    country_code: str | None
    precision: str
    geo_precision: int
    basis: str


class ActorDict(TypedDict):
    role: str
    name: str
    text: str
    kind: str
    actor_id: NotRequired[str]
    country_code: NotRequired[str]
    ethnicity: NotRequired[str]
    age_min: NotRequired[int]
    age_max: NotRequired[int]


class DateDict(TypedDict):
    start: str | None
    end: str | None
    precision: str
    time_precision: int
    text: str | None
    basis: str


class QuantityDict(TypedDict):
    value: int | None
    low: int | None
    high: int | None
    unit: str
    text: str
    qualifier: NotRequired[str]
    equivalent: NotRequired[QuantityDict]


class FatalitiesDict(TypedDict):
    low: int | None
    best: int | None
    high: int | None


class EvidenceDict(TypedDict):
    start: int
    end: int
    text: str
    source: NotRequired[str]


class AcledDict(TypedDict):
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None
    inter1: int | None
    actor2: str | None
    inter2: int | None
    interaction: int | None


class PloverDict(TypedDict):
    event_type: str | None
    mode: str | None


class AttributionDict(TypedDict):
    source: str
    text: str


class EventDict(TypedDict):
    """One event of a report. The store adds keys of its own (`sources`, `family`, `level`,
    `review`...), which readers take with `.get` and a default."""

    id: str
    type: str
    acled: AcledDict | None
    plover: PloverDict
    date: DateDict | None
    actors: list[ActorDict]
    location: PlaceDict | None
    origin: PlaceDict | None
    destination: PlaceDict | None
    quantity: QuantityDict | None
    fatalities: FatalitiesDict | None
    modality: str
    attribution: AttributionDict | None
    evidence: list[EvidenceDict]
    confidence: float
    trigger: str | None
    background: bool


class DocumentDict(TypedDict):
    id: str
    title: str | None
    outlet: str | None
    byline: str | None
    dateline: str | None
    published: str | None
    language: str
    url: str | None
    captions: list[str]
    text: str


class ResultDict(TypedDict):
    document: DocumentDict
    events: list[EventDict]


def has_point(place: PlaceDict | dict[str, Any] | None) -> bool:
    # `is not None`, not truthiness: 0.0 is a valid latitude or longitude.
    return bool(place) and place.get("lat") is not None and place.get("lon") is not None


def is_flow(event: EventDict | dict[str, Any]) -> bool:
    """A movement with both ends on the map (drawn as a line from origin to destination)."""
    return event["type"].startswith("movement.") and has_point(event.get("origin")) \
        and has_point(event.get("destination"))


def primary_place(event: EventDict | dict[str, Any]) -> PlaceDict | None:
    """Where the event happened: its location, else where a movement started, else ended."""
    for role in PLACE_ROLES:
        if event.get(role):
            return event[role]  # type: ignore[literal-required]
    return None
