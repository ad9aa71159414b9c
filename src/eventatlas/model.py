"""The one data model every stage reads and writes.

A `Document` goes in; stages add `Mention`s, resolve them to `Place`s and `Actor`s, and the event
stage emits `Event`s whose every field points back to `Evidence` (character offsets into
`Document.text`). Records are plain slotted dataclasses with a stable `as_dict()` so the JSON
output contract (docs/output.md) is defined in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Precision = Literal["day", "week", "month", "year"]
GeoPrecision = Literal["point", "town", "admin2", "admin1", "country"]
# Finest first: comparing ranks picks the more precise of two places or dates.
GEO_PRECISION_RANK: dict[str, int] = {"point": 0, "town": 1, "admin2": 2, "admin1": 3, "country": 4}
TIME_PRECISION_RANK: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3}
Modality = Literal[
    "asserted", "reported", "claimed", "threatened", "planned", "denied", "hypothetical"
]
Role = Literal["actor", "target", "affected", "source"]
Basis = Literal["explicit", "context", "publication"]

# ACLED's geo_precision: 1 = the exact town, 2 = near it or part of a region, 3 = a province
# or larger.
ACLED_GEO_PRECISION: dict[str, int] = {
    "point": 1, "town": 1, "admin2": 2, "admin1": 3, "country": 3,
}
# ACLED's time_precision: 1 = day, 2 = week (or a few days), 3 = month or longer.
ACLED_TIME_PRECISION: dict[str, int] = {"day": 1, "week": 2, "month": 3, "year": 3}


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


@dataclass(slots=True)
class Evidence:
    """A span of `Document.text` that supports an event; `source` says who reported it."""

    start: int
    end: int
    text: str
    source: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return _drop_none(
            {"start": self.start, "end": self.end, "text": self.text, "source": self.source}
        )


@dataclass(slots=True)
class Mention:
    """A named or nominal span found by the NLP stage (place, organisation, person, date...)."""

    start: int
    end: int
    text: str
    label: str
    sentence: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start, "end": self.end, "text": self.text,
            "label": self.label, "sentence": self.sentence,
        }


@dataclass(slots=True)
class Place:
    """A toponym resolved to the gazetteer (GeoNames ids where the gazetteer has them)."""

    name: str
    text: str
    precision: GeoPrecision
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country_code: str | None = None
    basis: Basis = "explicit"
    start: int | None = None
    end: int | None = None

    @property
    def geo_precision(self) -> int:
        return ACLED_GEO_PRECISION[self.precision]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "text": self.text, "geonameid": self.geonameid,
            "lat": self.lat, "lon": self.lon, "admin1": self.admin1,
            "country_code": self.country_code, "precision": self.precision,
            "geo_precision": self.geo_precision, "basis": self.basis,
        }


@dataclass(slots=True)
class Actor:
    """A participant in an event. `actor_id` points into the actor ontology when known."""

    role: Role
    name: str
    text: str
    kind: str
    actor_id: str | None = None
    country_code: str | None = None
    ethnicity: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    start: int | None = None
    end: int | None = None

    def as_dict(self) -> dict[str, Any]:
        base = {"role": self.role, "name": self.name, "text": self.text, "kind": self.kind}
        extra = _drop_none({
            "actor_id": self.actor_id, "country_code": self.country_code,
            "ethnicity": self.ethnicity, "age_min": self.age_min, "age_max": self.age_max,
        })
        return base | extra


@dataclass(slots=True)
class DateRange:
    """When an event happened: a closed range of days plus how precise the report is."""

    start: date | None
    end: date | None
    precision: Precision
    text: str | None = None
    basis: Basis = "explicit"

    @property
    def time_precision(self) -> int:
        return ACLED_TIME_PRECISION[self.precision]

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "precision": self.precision, "time_precision": self.time_precision,
            "text": self.text, "basis": self.basis,
        }


@dataclass(slots=True)
class Quantity:
    """How many: `value` when the text gives one figure, `low`/`high` for vague or ranged ones."""

    unit: str
    text: str
    value: int | None = None
    low: int | None = None
    high: int | None = None
    # How the report hedged the figure ("more than 55,000" → "more_than"): `quantity.QUALIFIERS`.
    qualifier: str | None = None
    # The same group counted in a second unit: "about 310 households (about 1,600 people)".
    equivalent: Quantity | None = None

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "value": self.value, "low": self.low, "high": self.high,
            "unit": self.unit, "text": self.text,
        }
        if self.qualifier is not None:
            found["qualifier"] = self.qualifier
        if self.equivalent is not None:
            found["equivalent"] = self.equivalent.as_dict()
        return found


@dataclass(slots=True)
class Fatalities:
    low: int | None
    best: int | None
    high: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"low": self.low, "best": self.best, "high": self.high}


@dataclass(slots=True)
class Attribution:
    """Who says so: the resolved source name and the words that name it."""

    source: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "text": self.text}


@dataclass(slots=True)
class AcledSides:
    """The two sides of an event as ACLED names and codes them (`actors.acled` fills them)."""

    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    inter2: int | None = None
    interaction: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"actor1": self.actor1, "assoc_actor_1": self.assoc_actor_1,
                "inter1": self.inter1, "actor2": self.actor2, "inter2": self.inter2,
                "interaction": self.interaction}


@dataclass(slots=True)
class Event:
    id: str
    type: str
    evidence: list[Evidence]
    date: DateRange | None = None
    actors: list[Actor] = field(default_factory=list)
    location: Place | None = None
    origin: Place | None = None
    destination: Place | None = None
    quantity: Quantity | None = None
    fatalities: Fatalities | None = None
    modality: Modality = "asserted"
    attribution: Attribution | None = None
    confidence: float = 0.5
    trigger: str | None = None
    # Recalled history rather than news ("since 2011", "the 1982 massacre"): see
    # `events.background`. Kept in the output, left out of the store, the map and exports.
    background: bool = False
    # ACLED's reading of the actors; set by the pipeline's last stage (`actors.acled`).
    acled_sides: AcledSides | None = None

    def actors_in(self, role: Role) -> list[Actor]:
        return [actor for actor in self.actors if actor.role == role]

    def acled_block(self) -> dict[str, Any] | None:
        """ACLED's event and sub-event type for this type, with the two sides as ACLED names and
        codes them; None for types ACLED does not code."""
        from eventatlas.ontology import acled_mapping

        mapping = acled_mapping(self.type)
        sides = self.acled_sides or AcledSides()
        return None if mapping is None else {**mapping, **sides.as_dict()}

    def as_dict(self) -> dict[str, Any]:
        # Imported here so the data model has no import-time dependency on the ontology module.
        from eventatlas.ontology import plover_mapping

        def place(value: Place | None) -> dict[str, Any] | None:
            return value.as_dict() if value else None

        return {
            "id": self.id,
            "type": self.type,
            "acled": self.acled_block(),
            "plover": plover_mapping(self.type),
            "date": self.date.as_dict() if self.date else None,
            "actors": [actor.as_dict() for actor in self.actors],
            "location": place(self.location),
            "origin": place(self.origin),
            "destination": place(self.destination),
            "quantity": self.quantity.as_dict() if self.quantity else None,
            "fatalities": self.fatalities.as_dict() if self.fatalities else None,
            "modality": self.modality,
            "attribution": self.attribution.as_dict() if self.attribution else None,
            "evidence": [item.as_dict() for item in self.evidence],
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
            "background": self.background,
        }


@dataclass(slots=True)
class Document:
    """One report. `text` is the cleaned article body every offset refers to."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: date | None = None
    language: str = "en"
    url: str | None = None
    captions: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title, "outlet": self.outlet,
            "byline": self.byline, "dateline": self.dateline,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language, "url": self.url, "captions": self.captions,
            "text": self.text,
        }

    def result(self) -> dict[str, Any]:
        """The JSON output contract: the document plus its events."""
        return {
            "document": self.as_dict(),
            "events": [event.as_dict() for event in self.events],
        }
