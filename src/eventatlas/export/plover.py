"""PLOVER JSON Lines in the current manual's data fields (PLOVER manual, draft version 0.8,
2021, chapter "Data Fields"): `id`, `date`/`enddate`, `source` and `recipient` actor lists
(`code`, `sector`, `actor_text`, `identifier_text`, `ethnicity`), `event`, `mode` and
`context` lists, `event_loc` (GeoNames field names), `event_text`, `quad_code`,
`event_scale` (the manual's PLOVER score), `dead`, `text`, `cite_info`, `coder`, `coded_date`.
As the manual suggests, only non-empty fields are written; what PLOVER has no field for is
kept under `ea_` keys (our type, modality, confidence, evidence offsets, documents).

The category and its fixed modes come from `ontology.plover_code`; a type PLOVER does not code
(appeals, comments, people fleeing on their own) writes no record, nor does an event with no
named source actor ("These have no explicit, named source actor so they will not be coded by
PLOVER", the manual's residual issues). What depends on the event is added here: `sideAB` when
both sides of a battle are named (else every participant is a source, as the manual codes
two-sided violence), MOBILIZE's `troops` or `militia` by who mobilises, and the `future`,
`hypothetical` and `negation` contexts from the modality."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import pycountry

from eventatlas import __version__
from eventatlas.export import fields
from eventatlas.export.fields import EventRecord
from eventatlas.ontology import plover_code

CODER = "EventAtlas"
CODEBOOK = "PLOVER 0.8"
# Quad categories (1 verbal cooperation ... 4 material conflict) and PLOVER scores, from the
# manual's event sections and its "PLOVER conflict--cooperation scores" table.
QUAD_CODES: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
    "RETREAT": 2, "DEMAND": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
    "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
SCORES: dict[str, float] = {
    "ASSAULT": -9.3, "COERCE": -7.2, "PROTEST": -6.6, "MOBILIZE": -5.3, "SANCTION": -5.2,
    "THREATEN": -5.1, "DEMAND": -5.0, "REJECT": -4.2, "ACCUSE": -2.0, "CONSULT": 2.1,
    "AGREE": 4.2, "SUPPORT": 4.6, "CONCEDE": 5.0, "COOPERATE": 6.8, "AID": 7.4, "RETREAT": 7.6,
}
# The manual's sector primary codes by our actor kinds.
SECTORS: dict[str, str] = {
    "state_forces": "MIL", "rebel_group": "REB", "political_militia": "PRM",
    "identity_militia": "REB", "international_coalition": "MIL", "civilians": "CVL",
    "affiliated_civilians": "CVL", "protesters": "CVL", "rioters": "CVL", "media": "JRN",
    "monitor": "SOC", "political_group": "PTY",
}
# Non-state actor codes (manual table "Non-state actor codes") for actors with no country.
NON_STATE_CODES: dict[str, str] = {
    "international_coalition": "IGO", "international_organisation": "IGO", "monitor": "NGO",
    "rebel_group": "IMG", "identity_militia": "IMG", "political_militia": "IMG",
}
TWO_SIDED_FAMILY = "battle"
MOBILIZE_MODES: dict[str, str] = {
    "state_forces": "troops", "international_coalition": "troops", "rebel_group": "militia",
    "political_militia": "militia", "identity_militia": "militia",
}
MODALITY_CONTEXTS: dict[str, str] = {
    "threatened": "future", "planned": "future", "hypothetical": "hypothetical",
    "denied": "negation",
}


def _drop_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}


def _alpha3(country_code: str | None) -> str | None:
    country = pycountry.countries.get(alpha_2=country_code) if country_code else None
    return country.alpha_3 if country is not None else None


def plover_actor(actor: dict[str, Any]) -> dict[str, Any]:
    """An actor object: ISO alpha-3 or a non-state code, a sector, the words in the report and
    our canonical name (`identifier_text`; `identifier_id` is for Wikidata ids, which we do not
    resolve)."""
    kind = actor.get("kind", "")
    code = _alpha3(actor.get("country_code")) or NON_STATE_CODES.get(kind)
    if kind in ("international_coalition", "international_organisation"):
        code = "IGO"
    return _drop_empty({"code": code, "sector": SECTORS.get(kind),
                        "actor_text": actor.get("text"), "identifier_text": actor.get("name"),
                        "ethnicity": actor.get("ethnicity"),
                        "ea_actor_id": actor.get("actor_id"), "ea_kind": kind})


def event_location(event: EventRecord) -> dict[str, Any] | None:
    place = fields.primary_place(event)
    if not place:
        return None
    return _drop_empty({"geonameid": place.get("geonameid"), "name": place.get("name"),
                        "latitude": place.get("lat"), "longitude": place.get("lon"),
                        "country code": place.get("country_code"),
                        "cc3": _alpha3(place.get("country_code")),
                        "ea_admin1": place.get("admin1")})


def _dates(event: EventRecord) -> tuple[date | None, date | None]:
    """(date, enddate): the event's range, else the day it was first reported (the report's
    day is the latest it can have happened; `ea_date` says the report gave no date)."""
    start, end = fields.date_range(event)
    if start is None and end is None:
        return fields.first_reported(event), None
    start = start or end
    return start, end if end and end != start else None


def _sides(event: EventRecord) -> tuple[list[dict[str, Any]], list[dict[str, Any]], bool]:
    """(source, recipient, sideAB): one-sided events have the perpetrator as source and the
    victims as recipient; a battle with both sides named is coded Side A / Side B."""
    source = fields.actors(event, "actor")
    recipient = [actor for actor in fields.actors(event, "target", "affected")
                 if actor["name"] not in {item["name"] for item in source}]
    if event["type"].split(".", 1)[0] == TWO_SIDED_FAMILY:
        return source, recipient, bool(source and recipient)
    return source, recipient, False


def _modes(event: EventRecord, category: str, fixed: tuple[str, ...],
           source: list[dict[str, Any]], side_ab: bool) -> list[str]:
    modes = list(fixed)
    if category == "MOBILIZE" and source and source[0].get("kind") in MOBILIZE_MODES:
        modes.append(MOBILIZE_MODES[source[0]["kind"]])
    if side_ab:
        modes.append("sideAB")
    return modes


def _cite_info(event: EventRecord) -> dict[str, Any]:
    first = (fields.sources(event) or [{}])[0]
    return _drop_empty({"title": first.get("title"), "url": first.get("url"),
                        "publication": fields.joined(fields.outlets(event)), "language": "en",
                        "coder": CODER, "codebook": CODEBOOK,
                        "version": event.get("pipeline_version") or __version__})


def plover_record(event: EventRecord, coded: date | None = None) -> dict[str, Any] | None:
    """The event as a PLOVER record, or None where PLOVER codes no such event (no category,
    no named source actor, or no day at all)."""
    code = plover_code(event["type"])
    source, recipient, side_ab = _sides(event)
    when, until = _dates(event)
    if code.category is None or not source or when is None:
        return None
    contexts = list(code.contexts)
    if event.get("modality") in MODALITY_CONTEXTS:
        contexts.append(MODALITY_CONTEXTS[event["modality"]])
    deaths = fields.fatalities_best(event)
    return _drop_empty({
        "id": event["id"], "date": when.isoformat(), "enddate": until and until.isoformat(),
        "source": [plover_actor(actor) for actor in source],
        "recipient": [plover_actor(actor) for actor in recipient],
        "event": [code.category], "mode": _modes(event, code.category, code.modes, source,
                                                 side_ab),
        "context": contexts, "event_loc": event_location(event),
        "event_text": [event["trigger"]] if event.get("trigger") else [],
        "quad_code": QUAD_CODES[code.category], "event_scale": SCORES[code.category],
        "dead": deaths if code.category == "ASSAULT" else None,
        "text": " ".join(fields.evidence_texts(event, flat=True)),
        "cite_info": _cite_info(event), "coder": CODER,
        "coded_date": (coded or date.today()).isoformat(),
        "ea_type": event["type"], "ea_modality": event.get("modality"),
        "ea_confidence": event.get("confidence"),
        "ea_attribution": fields.attribution_source(event), "ea_date": event.get("date"),
        "ea_quantity": event.get("quantity"), "ea_evidence": event.get("evidence"),
        "ea_document_ids": fields.document_ids(event),
    })


def plover_records(events: Iterable[EventRecord], coded: date | None = None) \
        -> Iterator[dict[str, Any]]:
    for event in fields.current(events):
        record = plover_record(event, coded)
        if record is not None:
            yield record
