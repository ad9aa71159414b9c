"""What the web UI offers an analyst beyond listing: export the filtered view in the formats of
`eventatlas export` (through its own writers, so a file from the UI is the CLI's file) and
search the gazetteer for a place to go to, and name the major places in view on the map."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from eventatlas.api.routes import (
    MAX_EXPORT,
    MAX_TEXT_PARAM,
    FilterArgs,
    Filters,
    Service,
    bad_request,
    bbox_param,
    cached,
    events_page,
)
from eventatlas.api.search import MAX_LABELS, MAX_PLACES, major_places, places
from eventatlas.api.security import require_read
from eventatlas.api.service import ApiService
from eventatlas.export import export_events
from eventatlas.export.codebook import admin_units

ExportFormat = Literal["acled-csv", "hxl-csv", "geojson", "parquet", "plover-jsonl"]
# Media type and file suffix of each export format.
EXPORT_MEDIA: dict[str, tuple[str, str]] = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "hxl-csv": ("text/csv; charset=utf-8", "hxl.csv"),
    "geojson": ("application/geo+json", "geojson"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "plover-jsonl": ("application/x-ndjson", "jsonl"),
}

explore_router = APIRouter(dependencies=[Depends(require_read)])


@explore_router.get(
    "/export", tags=["export"], response_class=Response,
    responses={200: {"description": "The export file, as a download.", "content": {
        media: {"schema": {"type": "string", "format": "binary"}}
        for media in sorted({media for media, _ in EXPORT_MEDIA.values()})}}})
def export_view(
    api: Service, filters: FilterArgs, request: Request,
    format: Annotated[ExportFormat, Query(description=(
        "acled-csv: ACLED's columns; hxl-csv: HXL-tagged CSV; geojson: a FeatureCollection; "
        "parquet: typed columns; plover-jsonl: PLOVER records. See docs/export.md."))]
    = "acled-csv",
) -> Response:
    """Every event matching the filters (up to 20,000), written by `eventatlas export`'s own
    writer for `format`. Background events (recalled history) are left out, as in the CLI.
    `X-Total-Count` says how many events matched, `X-Written` how many rows were written."""
    return cached(api, request, lambda: _export(api, filters, format))


def _export(api: ApiService, filters: Filters, format: str) -> Response:
    events, total = events_page(api, filters, MAX_EXPORT, 0)
    media_type, suffix = EXPORT_MEDIA[format]
    with tempfile.TemporaryDirectory(prefix="eventatlas-export-") as folder:
        target = Path(folder) / f"events.{suffix}"
        report = export_events(events, format, target)
        body = target.read_bytes()
    return Response(body, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="eventatlas-events.{suffix}"',
        "X-Total-Count": str(total), "X-Written": str(report.written)})


def warm_up() -> None:
    """Build what the first export and search would otherwise wait for: ACLED's admin2 table
    (1-4 s, by machine load) and the gazetteer. A served app runs this in the background."""
    admin_units({"lat": 0.0, "lon": 0.0})
    major_places((0.0, 0.0, 0.0, 0.0), 1)  # opens the gazetteer and reads its labels


class Place(BaseModel):
    name: str = Field(description="The gazetteer's name of the place.")
    kind: str = Field(description="city, admin1, country, region...")
    admin1: str | None = Field(None, description="Its first-level administrative unit.")
    country_code: str | None = Field(None, description="ISO 3166-1 alpha-2.")
    lat: float
    lon: float
    population: int = 0
    geonameid: int | None = None


class PlaceList(BaseModel):
    places: list[Place]


@explore_router.get("/places", tags=["places"], response_model=PlaceList)
def search_places(
    api: Service, request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT_PARAM, description=(
        "A place name in any spelling the gazetteer knows (alternate names included, "
        "e.g. Raqqa); a near spelling when none matches exactly."))],
    limit: Annotated[int, Query(ge=1, le=MAX_PLACES, description="At most this many.")] = 10,
) -> Any:
    """Gazetteer places for a name, most populous first: the UI's place search box."""
    return cached(api, request, lambda: {"places": places(q, limit)})


@explore_router.get("/places/major", tags=["places"], response_model=PlaceList)
def list_major_places(
    api: Service, request: Request,
    bbox: Annotated[str, Query(max_length=MAX_TEXT_PARAM, description=(
        "min_lon,min_lat,max_lon,max_lat: the map's view."))],
    limit: Annotated[int, Query(ge=1, le=MAX_LABELS, description=(
        "At most this many countries and this many towns."))] = 40,
) -> Any:
    """The most populous countries and towns (15,000 people or more) in a box, most populous
    first: the base map's place labels, from the gazetteer, so the map reads offline."""
    box = bbox_param(bbox)
    if box is None:  # an empty bbox: the labels need a view
        raise bad_request("bbox is required: min_lon,min_lat,max_lon,max_lat")
    return cached(api, request, lambda: {"places": major_places(box, limit)})
