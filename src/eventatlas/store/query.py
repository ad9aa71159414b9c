"""Event filters shared by the API, exports and the CLI, turned into parameterised SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from eventatlas.errors import OptionError

Level = Literal["fused", "report"]
MAX_PAGE = 1000


@dataclass(slots=True)
class EventQuery:
    start: date | None = None
    end: date | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    family: str | None = None
    type: str | None = None
    actor: str | None = None
    country: str | None = None
    admin1: str | None = None
    text: str | None = None
    modality: str | None = None
    min_confidence: float | None = None
    level: Level = "fused"
    include_rejected: bool = False
    limit: int = 100
    offset: int = 0

    def check(self) -> None:
        if self.level not in ("fused", "report"):
            raise OptionError(f"level must be 'fused' or 'report', not {self.level!r}")
        if not 0 <= self.limit <= MAX_PAGE:
            raise OptionError(f"limit must be between 0 and {MAX_PAGE}")
        if self.offset < 0:
            raise OptionError("offset must not be negative")
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
                raise OptionError("bbox must be min_lon,min_lat,max_lon,max_lat in degrees")
        if self.start and self.end and self.start > self.end:
            raise OptionError("start is after end")


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        parts = tuple(float(part) for part in value.split(","))
    except ValueError as error:
        raise OptionError(f"bbox {value!r} is not four numbers") from error
    if len(parts) != 4:
        raise OptionError(f"bbox {value!r} is not four numbers")
    return parts  # type: ignore[return-value]


def where_clause(query: EventQuery, table: str = "t") -> tuple[str, list[Any]]:
    """A WHERE clause over `clusters` (fused) or `events` (report) aliased as `table`; the two
    tables share the filtered column names. Every value is a parameter."""
    conditions: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        conditions.append(sql.replace("t.", f"{table}."))
        params.extend(values)

    if not query.include_rejected:
        add("t.status <> 'rejected'")
    if query.start:
        add("coalesce(t.date_end, t.date_start) >= ?", query.start)
    if query.end:
        add("t.date_start <= ?", query.end)
    if query.bbox:
        min_lon, min_lat, max_lon, max_lat = query.bbox
        add("t.lon BETWEEN ? AND ? AND t.lat BETWEEN ? AND ?", min_lon, max_lon, min_lat, max_lat)
    if query.family:
        add("t.family = ?", query.family)
    if query.type:
        add("t.type = ?", query.type)
    if query.country:
        add("t.country_code = ?", query.country.upper())
    if query.admin1:
        add("lower(t.admin1) = ?", query.admin1.lower())
    if query.text:
        add("strpos(t.search_text, ?) > 0", query.text.lower())
    if query.modality:
        add("t.modality = ?", query.modality)
    if query.min_confidence is not None:
        add("t.confidence >= ?", query.min_confidence)
    if query.actor:
        add(_actor_condition(query.level), query.actor, query.actor.lower())
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


def _actor_condition(level: Level) -> str:
    match = "(a.actor_key = ? OR strpos(lower(a.name), ?) > 0)"
    if level == "report":
        return f"EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = t.id AND {match})"
    return ("EXISTS (SELECT 1 FROM events e2 JOIN event_actors a ON a.event_id = e2.id "
            f"WHERE e2.cluster_id = t.id AND {match})")
