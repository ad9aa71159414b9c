"""The HTTP endpoints: a thin layer over `eventatlas.store` and the extraction pipeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field

from eventatlas.api.cache import Cached
from eventatlas.api.formats import (
    FastJSONResponse,
    aggregate_flows,
    event_rows,
    events_csv,
    events_geojson,
)
from eventatlas.api.schemas import (
    ActorList,
    EventPage,
    EventWithReviews,
    FlowList,
    ReviewList,
    RowPage,
    Stats,
    StoredDocument,
    TypeList,
)
from eventatlas.api.search import expand_actor, expand_admin1
from eventatlas.api.security import require_read
from eventatlas.api.service import ApiService
from eventatlas.ontology import EVENT_TYPES
from eventatlas.store import EventQuery

# One JSON page is at most this many events; exports (GeoJSON, CSV) and the flow map may ask
# for more in one go.
MAX_PAGE = 1000
MAX_EXPORT = 20_000
STORE_PAGE = 1000  # the most events the store returns in one call
DEFAULT_PAGE = 100
FAMILIES = frozenset(event_type.family for event_type in EVENT_TYPES)
TYPES = frozenset(event_type.code for event_type in EVENT_TYPES)
MODALITIES = ("asserted", "reported", "claimed", "threatened", "planned", "denied",
              "hypothetical")
REVIEW_ACTIONS = ("confirm", "correct", "reject", "split", "merge")
MAX_TEXT_PARAM = 200
# Past any store's size; larger offsets are out of the databases' 64-bit range (a 503 before).
MAX_OFFSET = 10**9

read_router = APIRouter(dependencies=[Depends(require_read)])
EventId = Annotated[str, Path(description="A fused (fe-...) or report-level (ev-...) event id.")]


class Problem(BaseModel):
    detail: str = Field(description="What was wrong, in one line.")


def service(request: Request) -> ApiService:
    return request.app.state.service


Service = Annotated[ApiService, Depends(service)]


def cached(api: ApiService, request: Request, compute: Callable[[], Any]) -> Response:
    """The answer to this path and query, from the read cache or from `compute` (a JSON-able
    value or a Response). Keyed on the sorted query so parameter order does not matter."""
    key = (request.url.path, tuple(sorted(request.query_params.multi_items())))

    def render() -> Cached:
        result = compute()
        response = result if isinstance(result, Response) else FastJSONResponse(result)
        headers = tuple((name, value) for name, value in response.headers.items()
                        if name not in ("content-length", "content-type"))
        return Cached(response.status_code, bytes(response.body), response.media_type, headers)

    answer = api.cache.get_or_compute(key, render)
    return Response(answer.body, status_code=answer.status, media_type=answer.media_type,
                    headers=dict(answer.headers))


def bad_request(message: str) -> HTTPException:
    return HTTPException(status_code=400, detail=message)


def bbox_param(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or value == "":
        return None
    try:
        parts = tuple(float(item) for item in value.split(","))
    except ValueError as error:
        raise bad_request("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat") from error
    if len(parts) != 4:
        raise bad_request("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180
            and -90 <= min_lat <= max_lat <= 90):
        raise bad_request("bbox is out of range (longitudes -180..180, latitudes -90..90, "
                          "min_lat <= max_lat)")
    return min_lon, min_lat, max_lon, max_lat


class Filters:
    """The filters every event listing takes (GET /events, /flows, /stats)."""

    def __init__(
        self,
        start: Annotated[date | None, Query(description="Events on or after (date overlap).")]
        = None,
        end: Annotated[date | None, Query(description="Events on or before (date overlap).")]
        = None,
        bbox: Annotated[str | None, Query(
            description="min_lon,min_lat,max_lon,max_lat (WGS84)")] = None,
        family: Annotated[str | None, Query(description="Type family, e.g. remote.")] = None,
        type: Annotated[str | None, Query(description="Type code, e.g. remote.air_strike.")]
        = None,
        actor: Annotated[str | None, Query(max_length=MAX_TEXT_PARAM, description=(
            "Actor id, an alias from the actor ontology (ISIS, Daesh: the Islamic State) or "
            "part of a name."))] = None,
        country: Annotated[str | None, Query(
            min_length=2, max_length=2, description="ISO 3166-1 alpha-2.")] = None,
        admin1: Annotated[str | None, Query(max_length=MAX_TEXT_PARAM, description=(
            "First-level region, in any spelling the gazetteer knows (Raqqa: Ar-Raqqah)."))]
        = None,
        q: Annotated[str | None, Query(
            max_length=MAX_TEXT_PARAM, description="Words in the evidence or trigger.")] = None,
        modality: Annotated[str | None, Query(description="One of " + ", ".join(MODALITIES))]
        = None,
        min_confidence: Annotated[float | None, Query(
            ge=0, le=1, description="Only events at least this confident (0 to 1).")] = None,
        level: Annotated[Literal["fused", "report"], Query(
            description="fused: one event per happening across reports; report: as "
                        "extracted from each document.")] = "fused",
        include_rejected: Annotated[bool, Query(
            description="Also list events a reviewer rejected.")] = False,
    ) -> None:
        if start and end and start > end:
            raise bad_request("start is after end")
        if family is not None and family not in FAMILIES:
            raise bad_request(f"unknown family {family!r}; one of {', '.join(sorted(FAMILIES))}")
        if type is not None and type not in TYPES:
            raise bad_request(f"unknown type {type!r}; see GET /types")
        if modality is not None and modality not in MODALITIES:
            raise bad_request(f"unknown modality {modality!r}; one of {', '.join(MODALITIES)}")
        # Aliases and near spellings become what the store matches (see api.search).
        expanded = {"actor": expand_actor(actor), "admin1": expand_admin1(admin1)}
        self.interpreted: dict[str, dict[str, str]] = {
            name: {"typed": found.typed, "used": found.used, "meaning": found.meaning}
            for name, found in expanded.items() if found and found.typed != found.used}
        self.values: dict[str, Any] = {
            "start": start, "end": end, "bbox": bbox_param(bbox), "family": family, "type": type,
            "actor": expanded["actor"].used if expanded["actor"] else None,
            "country": country.upper() if country else None,
            "admin1": expanded["admin1"].used if expanded["admin1"] else None,
            "text": q or None, "modality": modality,
            "min_confidence": min_confidence, "level": level,
            "include_rejected": include_rejected,
        }

    def movements(self) -> Filters:
        """The same filters narrowed to movement events (what GET /flows lists)."""
        narrowed = object.__new__(Filters)
        narrowed.values = self.values | {"family": "movement"}
        narrowed.interpreted = self.interpreted
        return narrowed

    def query(self, limit: int = DEFAULT_PAGE, offset: int = 0) -> EventQuery:
        return EventQuery(**self.values, limit=limit, offset=offset)


FilterArgs = Annotated[Filters, Depends()]


@read_router.get("/events", tags=["events"], response_model=None, responses={200: {
    "model": EventPage | RowPage, "description": "A page of events (json) or rows (rows).",
    "content": {"application/geo+json": {"schema": {"type": "object"}},
                "text/csv": {"schema": {"type": "string"}}}}})
def list_events(
    api: Service, filters: FilterArgs, request: Request,
    format: Annotated[Literal["json", "geojson", "csv", "rows"], Query(
        description="json (default): {events, total}; geojson: a FeatureCollection; "
                    "csv: one row per event (the ACLED-format export); rows: {rows, total}, "
                    "one short row per event (what the web UI's map, table and charts "
                    "draw).")] = "json",
    limit: Annotated[int, Query(ge=1, le=MAX_EXPORT, description=(
        f"Page size, at most {MAX_EXPORT} in every format."))]
    = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description=(
        "How many matching events to skip (paging)."))] = 0,
) -> Any:
    """Events matching the filters, newest first, a page at a time."""
    return cached(api, request, lambda: _events_response(api, filters, format, limit, offset))


def _events_response(api: ApiService, filters: Filters, format: str, limit: int, offset: int
                     ) -> Response:
    events, total = events_page(api, filters, limit, offset)
    if format == "geojson":
        collection = events_geojson(events)
        collection["total"] = total
        return FastJSONResponse(collection, media_type="application/geo+json")
    if format == "csv":
        return Response(events_csv(events), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="events.csv"',
                                 "X-Total-Count": str(total)})
    if format == "rows":
        return FastJSONResponse({"rows": event_rows(events), "total": total, "limit": limit,
                                 "offset": offset, "interpreted": filters.interpreted})
    return FastJSONResponse({"events": events, "total": total, "limit": limit,
                             "offset": offset, "interpreted": filters.interpreted})


def events_page(api: ApiService, filters: Filters, limit: int, offset: int
                 ) -> tuple[list[dict[str, Any]], int]:
    """Up to `limit` events from `offset`, read from the store a page at a time."""
    events: list[dict[str, Any]] = []
    total = 0
    while True:
        size = min(STORE_PAGE, limit - len(events))
        page = api.call("list_events", filters.query(size, offset + len(events)))
        events.extend(page.events)
        total = page.total
        if len(page.events) < size or len(events) >= limit:
            return events, total


def _event_or_404(api: ApiService, event_id: str) -> dict[str, Any]:
    event = api.call("get_event", event_id)
    if event is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    return event


@read_router.get("/events/{event_id}", tags=["events"], response_model=None,
                 responses={200: {"model": EventWithReviews}, 404: {"model": Problem}})
def get_event(api: Service, event_id: EventId, request: Request) -> Response:
    """One event (fused `fe-...` or report-level `ev-...`) with every source and its evidence,
    and its review history."""

    def compute() -> dict[str, Any]:
        event = _event_or_404(api, event_id)
        return event | {"reviews": api.call("reviews", event["id"])}

    return cached(api, request, compute)


@read_router.get("/flows", tags=["events"], response_model=None,
                 responses={200: {"model": FlowList}})
def list_flows(
    api: Service, filters: FilterArgs, request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_EXPORT, description=(
        "At most this many movement events are grouped."))] = 5000,
) -> Response:
    """Movement flows: events grouped by origin → destination, with counts and amounts.
    `unlocated` counts movement events that lack coordinates at one end or both."""
    return cached(api, request, lambda: _flows(api, filters, limit))


def _flows(api: ApiService, filters: Filters, limit: int) -> dict[str, Any]:
    movements = Filters.movements(filters)
    available = api.call("list_events", movements.query(0, 0)).total
    events: list[dict[str, Any]] = []
    for offset in range(0, min(available, limit), STORE_PAGE):
        size = min(STORE_PAGE, limit - offset)
        events.extend(api.call("list_flows", movements.query(size, offset)))
    flows = aggregate_flows(events)
    drawn = sum(flow["count"] for flow in flows)
    return {"flows": flows, "events": len(events), "unlocated": len(events) - drawn}


@read_router.get("/stats", tags=["events"], response_model=None,
                 responses={200: {"model": Stats}})
def stats(
    api: Service, filters: FilterArgs, request: Request,
    bucket: Annotated[Literal["day", "week", "month", "year"], Query(
        description="The length of a period.")] = "week",
) -> Response:
    """Event and fatality counts per period and type (the timeline's histogram)."""
    return cached(api, request, lambda: {
        "bucket": bucket, "rows": api.call("stats", filters.query(STORE_PAGE, 0), bucket=bucket)})


@read_router.get("/actors", tags=["actors"], response_model=None,
                 responses={200: {"model": ActorList}})
def list_actors(
    api: Service, request: Request,
    q: Annotated[str | None, Query(max_length=MAX_TEXT_PARAM, description=(
        "Part of an actor's name or id."))] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="At most this many.")] = 100,
) -> Response:
    """Actors named in stored events, with how many events each takes part in."""
    return cached(api, request, lambda: {
        "actors": api.call("list_actors", q or None, limit=limit)})


@read_router.get("/types", tags=["events"], response_model=TypeList)
def list_types() -> dict[str, Any]:
    """The event ontology (codes, families, ACLED sub-event types)."""
    return {"types": [
        {"code": t.code, "family": t.family, "description": t.description,
         "acled_sub_event_type": t.acled_sub_event_type} for t in EVENT_TYPES]}


@read_router.get("/documents/{document_id}", tags=["documents"], response_model=None,
                 responses={200: {"model": StoredDocument}, 404: {"model": Problem}})
def get_document(api: Service, document_id: Annotated[str, Path(
        description="A stored document's id (GET /events lists them under sources).")],
                 request: Request) -> Response:
    """The clean text of a stored document with its mentions (entities) and report-level
    events; every `start`/`end` indexes `text` in Python code points (see docs/output.md)."""

    def compute() -> dict[str, Any]:
        document = api.call("get_document", document_id)
        if document is None:
            raise HTTPException(status_code=404, detail=f"no document {document_id!r}")
        return document

    return cached(api, request, compute)


@read_router.get("/reviews", tags=["review"], response_model=None,
                 responses={200: {"model": ReviewList}})
def list_reviews(api: Service, request: Request, event_id: Annotated[str | None, Query(
        description="Only the reviews of this event (fe-... or ev-...).")] = None) -> Response:
    """The review audit log, newest last; `event_id` narrows it to one event."""
    return cached(api, request, lambda: {"reviews": api.call("reviews", event_id)})
