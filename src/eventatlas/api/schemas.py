"""Response models: what each endpoint answers, for the OpenAPI document (/openapi.json, /docs).

Endpoints answer from the read cache as ready-made JSON, so these models document the answers
and are not run on them. Nested parts of an event (date, places, actors, evidence) are
described in docs/output.md and the JSON Schema of `eventatlas schema`; here they are objects
with their main keys named, and models allow keys added later (`extra="allow"`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Object = dict[str, Any]


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Interpretation(BaseModel):
    typed: str = Field(description="The filter value as sent.")
    used: str = Field(description="What the store was asked for (an actor id, an admin1).")
    meaning: str = Field(description="What `used` stands for, for people.")


class Source(Open):
    document_id: str | None = Field(None, description="The reporting document.")
    event_id: str | None = Field(None, description="Its report-level event (ev-...).")
    event_ids: list[str] = Field(default_factory=list, description=(
        "Every report-level event of this document in the fused event (a report may tell the "
        "happening more than once); `event_id` is the first."))
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD.")
    evidence: list[Object] = Field(default_factory=list, description=(
        "Spans of the document's clean text behind the event: text, start, end (code points)."))


class Event(Open):
    id: str = Field(description="fe-... (fused) or ev-... (report-level).")
    level: str = Field(description="fused or report.")
    type: str = Field(description="Ontology code, e.g. remote.air_strike (GET /types).")
    family: str | None = Field(None, description="The type's family, e.g. remote.")
    date: Object | None = Field(None, description="start, end (YYYY-MM-DD), precision, text.")
    location: Object | None = Field(None, description=(
        "name, lat, lon, admin1, country_code, precision, text."))
    origin: Object | None = Field(None, description="Where a movement started (as location).")
    destination: Object | None = Field(None, description="Where a movement went (as location).")
    actors: list[Object] = Field(default_factory=list, description="role, name, kind, actor_id.")
    quantity: Object | None = Field(None, description="value or low/high, and unit.")
    fatalities: Object | None = Field(None, description="low, best, high.")
    modality: str | None = Field(None, description="asserted, reported, claimed, ...")
    attribution: Object | None = Field(None, description="Who says so: source, text.")
    evidence: list[Object] = Field(default_factory=list, description="Evidence spans.")
    confidence: float | None = Field(None, ge=0, le=1)
    trigger: str | None = Field(None, description="The word that names the event.")
    sources: list[Source] = Field(default_factory=list, description="Every reporting document.")
    corroboration: int | None = Field(None, description="How many documents report it.")
    first_reported: str | None = Field(None, description="YYYY-MM-DD.")
    review_status: str | None = Field(None, description="unreviewed, confirmed, corrected...")


class Review(Open):
    id: int
    target_id: str = Field(description="The reviewed event.")
    action: str = Field(description="confirm, correct, reject, split or merge.")
    field: str | None = Field(None, description="correct: the field changed.")
    previous: Any = Field(None, description="correct: the value before (when recorded).")
    value: Any = Field(None, description="correct: the value after.")
    event_ids: list[str] | None = Field(None, description="split: the reports moved out.")
    other_id: str | None = Field(None, description="merge: the event merged in.")
    reviewer: str | None = None
    note: str | None = None
    created_at: str | None = Field(None, description="ISO 8601 timestamp.")


class EventWithReviews(Event):
    reviews: list[Review] = Field(default_factory=list, description="Its review history.")


class EventPage(BaseModel):
    events: list[Event]
    total: int = Field(description="How many events match the filters in all.")
    limit: int
    offset: int
    interpreted: dict[str, Interpretation] = Field(default_factory=dict, description=(
        "Filters read otherwise than typed: an actor alias, an admin1 spelling."))


class EventRow(BaseModel):
    id: str
    type: str
    family: str
    date_start: str | None
    date_end: str | None
    deaths: int | None = Field(description="Best fatality figure.")
    confidence: float | None
    sources: int | None = Field(description="How many documents report it.")
    place: str | None = Field(description="Where it is drawn: location, else destination, else "
                                          "origin.")
    admin1: str | None
    country_code: str | None
    lat: float | None
    lon: float | None
    review_status: str | None
    flow: bool = Field(description="A movement with both ends geolocated (GET /flows).")
    recalled: bool = Field(description="Recalled history: dated over a year before its first "
                                       "report; left off the timeline.")


class RowPage(BaseModel):
    rows: list[EventRow]
    total: int
    limit: int
    offset: int
    interpreted: dict[str, Interpretation] = Field(default_factory=dict)


class FlowEnd(Open):
    name: str
    lat: float
    lon: float
    admin1: str | None = None
    country_code: str | None = None
    precision: str | None = None


class Flow(BaseModel):
    origin: FlowEnd
    destination: FlowEnd
    count: int = Field(description="How many movement events.")
    event_ids: list[str]
    types: list[str]
    amounts: dict[str, Object] = Field(description="Per unit: summed low and high (null: open).")
    date_start: str | None
    date_end: str | None


class FlowList(BaseModel):
    flows: list[Flow]
    events: int = Field(description="Movement events matching the filters.")
    unlocated: int = Field(description="Of those, how many lack coordinates at one end or both.")


class StatRow(BaseModel):
    period: str = Field(description="First day of the period, YYYY-MM-DD.")
    type: str
    family: str
    events: int
    fatalities: int


class Stats(BaseModel):
    bucket: str
    rows: list[StatRow]


class Actor(Open):
    actor_id: str | None = Field(None, description="Ontology id, when the actor is known.")
    key: str
    name: str
    kind: str | None = None
    country_code: str | None = None
    events: int = Field(description="Events it takes part in.")


class ActorList(BaseModel):
    actors: list[Actor]


class EventType(BaseModel):
    code: str
    family: str
    description: str
    acled_sub_event_type: str | None


class TypeList(BaseModel):
    types: list[EventType]


class Mention(Open):
    start: int
    end: int
    text: str
    label: str = Field(description="spaCy entity label (GPE, ORG, PERSON, DATE...).")


class StoredDocument(Open):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    text: str = Field(description="The clean text every offset indexes (code points).")
    mentions: list[Mention]
    events: list[Event] = Field(description="Its report-level events.")


class ReviewList(BaseModel):
    reviews: list[Review]


class Ingested(BaseModel):
    document_id: str
    status: str = Field(description="added or duplicate.")
    events: list[Event] = Field(description="The document's report-level events.")
    cluster_ids: list[str] = Field(description="Fused events they joined or started.")
