"""ACLED-format rows: ACLED's own columns and conventions, then ours prefixed `ea_`.

Conventions followed (ACLED codebook, 2023 column layout): one date per event (a vague date is
coded at the middle of the period it names, with `time_precision` 2 or 3); `inter1`/`inter2`
are ACLED's actor-type codes 1-8 and `interaction` joins them lowest digit first ("17"; a
one-sided event gives "10"); `fatalities` is the lowest reported figure, 0 when none is
reported; `iso` is the numeric ISO 3166-1 code; `civilian_targeting` reads "Civilian
targeting" when civilians are the direct target of political violence. Types ACLED does not
code (`movement.flight`, `movement.return`, `statement.*`) keep their row with ACLED's type
columns empty and our type in `ea_type` (see docs/export.md). Background events (recalled
history, `background: true`) and events with no date at all are never rows.

Values are typed (`None` when unknown, lists for `ea_sources`/`ea_evidence`): the CSV writer
renders them as text (`csvfile.cell`), GeoJSON keeps them as JSON values.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pycountry

from eventatlas.actors.ontology import country_display_name
from eventatlas.export import codebook, fields
from eventatlas.export.fields import EventRecord

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
EA_COLUMNS: tuple[str, ...] = (
    "ea_event_id", "ea_type", "ea_family", "ea_level", "ea_modality", "ea_confidence",
    "ea_attribution", "ea_date_start", "ea_date_end", "ea_origin", "ea_origin_latitude",
    "ea_origin_longitude", "ea_destination", "ea_destination_latitude",
    "ea_destination_longitude", "ea_quantity", "ea_quantity_value", "ea_quantity_low",
    "ea_quantity_high", "ea_quantity_unit", "ea_trigger", "ea_corroboration",
    "ea_review_status", "ea_document_ids", "ea_sources", "ea_evidence",
)
COLUMNS: tuple[str, ...] = ACLED_COLUMNS + EA_COLUMNS

# ACLED's 'inter' codes by our actor kinds. State forces outside their own country are
# "External/Other forces" (8), as ACLED codes foreign militaries.
INTER_CODES: dict[str, int] = {
    "state_forces": 1, "rebel_group": 2, "political_militia": 3, "identity_militia": 4,
    "rioters": 5, "protesters": 6, "civilians": 7, "affiliated_civilians": 7,
    "international_coalition": 8, "international_organisation": 8,
}
CIVILIANS = 7
EXTERNAL = 8
DISORDER_TYPES: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# Sub-event types whose disorder type differs from their event type's.
DISORDER_BY_SUB_EVENT: dict[str, str] = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence",
}
VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
NOTES_SEPARATOR = " [...] "
# How pandas should read the CSV (docs/export.md): `pandas.read_csv(path, dtype=CSV_DTYPES,
# parse_dates=list(CSV_DATES), keep_default_na=False, na_values=[""])`; other columns: string.
CSV_INTEGERS: tuple[str, ...] = (
    "year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
    "fatalities", "timestamp", "ea_quantity_value", "ea_quantity_low", "ea_quantity_high",
    "ea_corroboration",
)
CSV_FLOATS: tuple[str, ...] = (
    "latitude", "longitude", "ea_confidence", "ea_origin_latitude", "ea_origin_longitude",
    "ea_destination_latitude", "ea_destination_longitude",
)
CSV_DATES: tuple[str, ...] = ("event_date", "ea_date_start", "ea_date_end")
CSV_DTYPES: dict[str, str] = {
    name: "Int64" if name in CSV_INTEGERS else "Float64" if name in CSV_FLOATS else "string"
    for name in COLUMNS if name not in CSV_DATES
}


def disorder_type(acled: dict[str, str] | None) -> str:
    if not acled:
        return ""
    return DISORDER_BY_SUB_EVENT.get(acled["sub_event_type"]) \
        or DISORDER_TYPES.get(acled["event_type"], "")


def inter_code(actor: dict[str, Any] | None, event_country: str | None) -> int | None:
    if actor is None:
        return None
    code = INTER_CODES.get(actor.get("kind", ""))
    home = actor.get("country_code")
    if code == 1 and home and event_country and home != event_country:
        return EXTERNAL
    return code


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's joint code, lowest digit first; a one-sided event is the code times ten."""
    codes = sorted(code for code in (inter1, inter2) if code is not None)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) == 2 else 0)


def iso_numeric(country_code: str | None) -> int | None:
    country = pycountry.countries.get(alpha_2=country_code) if country_code else None
    return int(country.numeric) if country is not None else None


def actor_name(actor: dict[str, Any]) -> str:
    """The actor's name with its country as ACLED spells it ("Military Forces of Turkey",
    not "... of Türkiye")."""
    name, code = actor["name"], actor.get("country_code")
    if not code:
        return name
    ours, acleds = country_display_name(code), codebook.country_name(code)
    return name.replace(ours, acleds) if ours != acleds else name


def _assoc(actor: dict[str, Any] | None, others: list[dict[str, Any]]) -> str:
    """Associated actors: the other actors on that side, plus an ethnic group in ACLED's
    naming ("Kurdish Ethnic Group (Syria)") when the report names one."""
    names = [actor_name(other) for other in others]
    if actor and actor.get("ethnicity"):
        country = actor.get("country_code")
        where = f" ({codebook.country_name(country)})" if country else ""
        names.insert(0, f"{actor['ethnicity']} Ethnic Group{where}")
    return fields.joined(names)


def _sides(event: EventRecord) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Actor 1's side (those who act, plus affected people of the same organisation, such as
    a group's own families it evacuates) and actor 2's (targets, then the other affected)."""
    first = fields.actors(event, "actor")
    ids = {actor.get("actor_id") for actor in first} - {None}
    names = {actor["name"] for actor in first}
    second = []
    for actor in fields.actors(event, "target", "affected"):
        if actor["name"] in names:
            continue
        (first if actor.get("actor_id") in ids else second).append(actor)
    return first, second


def civilians(country: str | None) -> dict[str, Any]:
    """ACLED's victim actor for violence against civilians: "Civilians (Syria)"."""
    where = f" ({codebook.country_name(country)})" if country else ""
    return {"role": "target", "name": f"Civilians{where}", "kind": "civilians",
            "country_code": country}


def _civilians_second(second: list[dict[str, Any]], country: str | None) \
        -> list[dict[str, Any]]:
    """Actor 2 of violence against civilians is the civilians, as ACLED codes it: civilians
    the report names come first; with no victim named, the victims are the country's
    civilians (the event type says they were). A named non-civilian victim is left as is."""
    victims = [actor for actor in second if INTER_CODES.get(actor.get("kind", "")) == CIVILIANS]
    if not second:
        return [civilians(country)]
    return victims + [actor for actor in second if actor not in victims]


SIDE_COLUMNS: tuple[str, ...] = (
    "actor1", "assoc_actor_1", "inter1", "actor2", "inter2", "interaction")


def actor_columns(event: EventRecord, country: str | None) -> dict[str, Any]:
    """ACLED's two sides. The pipeline's own (`actors.acled`, the event's `acled` block:
    ACLED's actor names, "Unidentified Armed Group (Syria)" for unnamed attackers, inter codes
    checked against ACLED's data) when the event carries them; else, as for fused events
    whose block has no sides, our reading of the actors: the first who does it against the
    first target. Violence against civilians with no victim side gets the civilians either way.
    Associated actors the block lacks are ours where our side is the same kind of actor as
    the block's (a group's own families it evacuates; "Kurdish Ethnic Group (Syria)")."""
    ours = _actor_columns(event, country)
    block = event.get("acled") or {}
    if "actor1" not in block:
        return ours
    sides = {name: block.get(name) for name in SIDE_COLUMNS}
    if block.get("event_type") == VIOLENCE_AGAINST_CIVILIANS and not sides["actor2"]:
        sides |= {"actor2": civilians(country)["name"], "inter2": CIVILIANS}
        sides["interaction"] = interaction(sides["inter1"], CIVILIANS)
    for side in ("1", "2"):
        if not sides.get(f"assoc_actor_{side}") and ours[f"inter{side}"] == sides[f"inter{side}"]:
            sides[f"assoc_actor_{side}"] = ours[f"assoc_actor_{side}"]
    return sides


def _actor_columns(event: EventRecord, country: str | None) -> dict[str, Any]:
    first, second = _sides(event)
    if (event.get("acled") or {}).get("event_type") == VIOLENCE_AGAINST_CIVILIANS:
        second = _civilians_second(second, country)
    actor1, actor2 = (first or [None])[0], (second or [None])[0]
    inter1, inter2 = inter_code(actor1, country), inter_code(actor2, country)
    return {
        "actor1": actor_name(actor1) if actor1 else "",
        "assoc_actor_1": _assoc(actor1, first[1:]), "inter1": inter1,
        "actor2": actor_name(actor2) if actor2 else "",
        "assoc_actor_2": _assoc(actor2, second[1:]), "inter2": inter2,
        "interaction": interaction(inter1, inter2),
    }


def _place_columns(place: dict[str, Any] | None) -> dict[str, Any]:
    place = place or {}
    country = place.get("country_code")
    admin2, admin3 = codebook.admin_units(place)
    return {
        "iso": iso_numeric(country), "region": codebook.region(country),
        "country": codebook.country_name(country),
        "admin1": place.get("admin1") or "", "admin2": admin2, "admin3": admin3,
        "location": place.get("name") or "", "latitude": place.get("lat"),
        "longitude": place.get("lon"), "geo_precision": place.get("geo_precision"),
    }


def _tags(event: EventRecord, acled: dict[str, str] | None) -> str:
    if not acled or acled["event_type"] != "Protests":
        return ""
    quantity = event.get("quantity") or {}
    return f"crowd size={quantity.get('text') or 'no report'}"


def time_precision(start: date | None, end: date | None) -> int:
    """ACLED's code for a range: 1 one day, 2 up to a week, 3 longer (or open-ended)."""
    if start is None or end is None:
        return 3
    days = (end - start).days
    return 1 if days == 0 else 2 if days < 7 else 3


def event_day(event: EventRecord) -> tuple[date | None, int | None]:
    """ACLED's one day and its time precision: the middle of the event's range; an event the
    report gives no date for is coded at the report's publication, precision 3 (ACLED's
    code for "the date is only known to be before the report")."""
    when = fields.midpoint(event)
    if when is not None:
        precision = (event.get("date") or {}).get("time_precision")
        return when, precision or time_precision(*fields.date_range(event))
    reported = fields.first_reported(event)
    return (reported, 3) if reported else (None, None)


def acled_columns(event: EventRecord, timestamp: int) -> dict[str, Any]:
    acled = event.get("acled")
    place = fields.primary_place(event)
    country = (place or {}).get("country_code")
    when, precision = event_day(event)
    disorder = disorder_type(acled)
    row: dict[str, Any] = {
        "event_id_cnty": event["id"], "event_date": when.isoformat() if when else None,
        "year": when.year if when else None, "time_precision": precision,
        "disorder_type": disorder, "event_type": (acled or {}).get("event_type", ""),
        "sub_event_type": (acled or {}).get("sub_event_type", ""),
    }
    row |= actor_columns(event, country)
    targets_civilians = row["inter2"] == CIVILIANS and "Political violence" in disorder
    row["civilian_targeting"] = "Civilian targeting" if targets_civilians else ""
    row |= _place_columns(place)
    row |= {
        "source": fields.joined(fields.outlets(event)),
        "source_scale": codebook.source_scale(fields.outlets(event)),
        "notes": NOTES_SEPARATOR.join(fields.evidence_texts(event, flat=True)),
        "fatalities": fields.fatalities_best(event) or 0, "tags": _tags(event, acled),
        "timestamp": timestamp,
    }
    return row


def _end(place: dict[str, Any] | None) -> tuple[str, float | None, float | None]:
    if not place:
        return "", None, None
    return place.get("name") or "", place.get("lat"), place.get("lon")


def _evidence(event: EventRecord) -> list[dict[str, Any]]:
    """Every span with its document, so a reader can check it against the report."""
    spans = []
    for source in fields.sources(event) or [{}]:
        for item in source.get("evidence") or []:
            spans.append({"document_id": source.get("document_id")} | item)
    if not spans:
        spans = list(event.get("evidence") or [])
    return spans


def _sources(event: EventRecord) -> list[dict[str, Any]]:
    keys = ("document_id", "title", "outlet", "url", "published")
    return [{key: item.get(key) for key in keys} for item in fields.sources(event)]


def ea_columns(event: EventRecord) -> dict[str, Any]:
    quantity = event.get("quantity") or {}
    start, end = fields.date_range(event)
    origin, destination = _end(event.get("origin")), _end(event.get("destination"))
    return {
        "ea_event_id": event["id"], "ea_type": event["type"], "ea_family": fields.family(event),
        "ea_level": event.get("level") or "report", "ea_modality": event.get("modality"),
        "ea_confidence": event.get("confidence"),
        "ea_attribution": fields.attribution_source(event) or "",
        "ea_date_start": start.isoformat() if start else "",
        "ea_date_end": end.isoformat() if end else "",
        "ea_origin": origin[0], "ea_origin_latitude": origin[1],
        "ea_origin_longitude": origin[2], "ea_destination": destination[0],
        "ea_destination_latitude": destination[1], "ea_destination_longitude": destination[2],
        "ea_quantity": quantity.get("text") or "", "ea_quantity_value": quantity.get("value"),
        "ea_quantity_low": quantity.get("low"), "ea_quantity_high": quantity.get("high"),
        "ea_quantity_unit": quantity.get("unit") or "", "ea_trigger": event.get("trigger") or "",
        "ea_corroboration": event.get("corroboration") or len(fields.document_ids(event)) or 1,
        "ea_review_status": event.get("review_status") or "unreviewed",
        "ea_document_ids": fields.joined(fields.document_ids(event)),
        "ea_sources": _sources(event), "ea_evidence": _evidence(event),
    }


def acled_row(event: EventRecord, timestamp: int | None = None) -> dict[str, Any]:
    """One ACLED-format row (ACLED's columns, then ours) for an event dict; a value we do not
    know is `None`, never ""."""
    stamp = int(time.time()) if timestamp is None else timestamp
    row = acled_columns(event, stamp) | ea_columns(event)
    return {name: None if value == "" else value for name, value in row.items()}


def exportable(event: EventRecord) -> bool:
    """A row ACLED's format can hold: news (not recalled history) with a day to code."""
    return not fields.is_background(event) and event_day(event)[0] is not None


def codable(event: EventRecord) -> bool:
    """What ACLED itself would code: a type it has, reported as having happened."""
    return bool(event.get("acled")) and event.get("modality") in fields.HAPPENED


def acled_rows(events: Iterable[EventRecord], *, acled_only: bool = False,
               timestamp: int | None = None) -> Iterator[dict[str, Any]]:
    stamp = int(time.time()) if timestamp is None else timestamp
    for event in events:
        if exportable(event) and (not acled_only or codable(event)):
            yield acled_row(event, stamp)
