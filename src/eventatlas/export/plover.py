"""PLOVER JSON Lines: one record per event in the field layout of the PLOVER gold-standard
records (`id`, `date`, `event`, `mode`, `source`/`target` actor lists with `actorText`, `code`,
`sector`, `eventText`, `text`, `eventLoc`, `size`, `dead`, `publication`, `coder`, `version`,
`dateCoded`). As there, only non-null fields are written. What PLOVER has no field for is kept
under `ea_` keys (our type, modality, confidence, evidence offsets, sources)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pycountry

from eventatlas import __version__
from eventatlas.export import fields
from eventatlas.export.fields import EventRecord

CODER = "EventAtlas"
# CAMEO-style sector codes by actor kind (PLOVER keeps CAMEO's actor codes).
SECTORS: dict[str, str] = {
    "state_forces": "MIL", "rebel_group": "REB", "political_militia": "UAF",
    "identity_militia": "UAF", "civilians": "CVL", "affiliated_civilians": "CVL",
    "international_coalition": "MIL", "media": "MED", "monitor": "NGO",
    "political_group": "PTY", "protesters": "CVL", "rioters": "CVL",
}
INTERNATIONAL = frozenset({"international_coalition", "international_organisation"})


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def _alpha3(country_code: str | None) -> str | None:
    country = pycountry.countries.get(alpha_2=country_code) if country_code else None
    return country.alpha_3 if country is not None else None


def plover_actor(actor: dict[str, Any]) -> dict[str, Any]:
    kind = actor.get("kind", "")
    code = "IGO" if kind in INTERNATIONAL else _alpha3(actor.get("country_code"))
    return _drop_empty({"actorText": actor.get("text"), "code": code,
                        "sector": SECTORS.get(kind), "ea_name": actor.get("name")})


def event_location(event: EventRecord) -> dict[str, Any] | None:
    place = fields.primary_place(event)
    if not place:
        return None
    return _drop_empty({"name": place.get("name"), "country code": place.get("country_code"),
                        "lat": place.get("lat"), "lon": place.get("lon"),
                        "geonameid": place.get("geonameid")})


def _size(event: EventRecord) -> str | None:
    quantity = event.get("quantity") or {}
    if quantity.get("value") is not None:
        return str(quantity["value"])
    return quantity.get("text")


def plover_record(event: EventRecord, coded: date | None = None) -> dict[str, Any]:
    plover = event.get("plover") or {}
    when = fields.midpoint(event)
    deaths = fields.fatalities_best(event)
    return _drop_empty({
        "id": event["id"], "date": when.isoformat() if when else None,
        "event": plover.get("event_type"), "mode": plover.get("mode"),
        "source": [plover_actor(actor) for actor in fields.actors(event, "actor")],
        "target": [plover_actor(actor) for actor in fields.actors(event, "target", "affected")],
        "eventText": event.get("trigger"),
        "text": " ".join(fields.evidence_texts(event, flat=True)),
        "eventLoc": event_location(event), "size": _size(event),
        "dead": str(deaths) if deaths is not None else None, "language": "en",
        "publication": fields.joined(fields.outlets(event)), "coder": CODER,
        "version": event.get("pipeline_version") or __version__,
        "dateCoded": (coded or date.today()).isoformat(),
        "ea_type": event["type"], "ea_modality": event.get("modality"),
        "ea_confidence": event.get("confidence"),
        "ea_attribution": fields.attribution_source(event),
        "ea_date": event.get("date"), "ea_evidence": event.get("evidence"),
        "ea_document_ids": fields.document_ids(event),
    })


def plover_records(events: Iterable[EventRecord], coded: date | None = None) \
        -> Iterator[dict[str, Any]]:
    for event in fields.current(events):
        yield plover_record(event, coded)
