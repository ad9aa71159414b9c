"""Build a fused event from the report-level events that tell the same happening.

The fused event has the contract's shape, with each field taken from the reports that are most
specific about it; every report is kept in `sources`.

Deaths and displaced figures follow ACLED, report by report. Each report (document) first
gives its own figure: the toll or count of its event of the fused type (the highest if it has
several), else the highest of its events' (a report's other events in the cluster tell parts of
the same happening: "14 killed in the courtyard" beside "26 killed in the raid"). Across reports
the lowest credible figure is the best estimate, and the spread is kept as low/high: a fused
event is never below the lowest of its reports' own figures, nor above the highest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eventatlas.model import GEO_PRECISION_RANK, TIME_PRECISION_RANK
from eventatlas.ontology import acled_mapping, plover_mapping


@dataclass(slots=True)
class Member:
    """One report-level event with the document it came from."""

    event: dict[str, Any]
    document: dict[str, Any]
    status: str = "unreviewed"
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def published(self) -> str | None:
        return self.document.get("published")


def fuse_members(cluster_id: str, members: list[Member],
                 overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The fused event dict for a cluster (without its review status, set by the store)."""
    live = [member for member in members if member.status != "rejected"] or members
    events = [{**member.event, **member.overrides} for member in live]
    lead = _earliest(live)
    fused_type = _vote_type(events)
    reports = _by_report(live, events)
    fused: dict[str, Any] = {
        "id": cluster_id,
        "type": fused_type,
        "acled": _acled_block(fused_type, [{**lead.event, **lead.overrides}, *events]),
        "plover": plover_mapping(fused_type),
        "date": _best_date(events),
        "actors": _union_actors(events),
        "location": _best_place(events, "location"),
        "origin": _best_place(events, "origin"),
        "destination": _best_place(events, "destination"),
        "quantity": fused_quantity(reports, fused_type),
        "fatalities": fused_fatalities(reports, fused_type),
        "modality": _modality(events),
        "attribution": ({**lead.event, **lead.overrides}.get("attribution")),
        "evidence": lead.event.get("evidence", []),
        "confidence": _corroborated_confidence(events),
        "trigger": lead.event.get("trigger"),
        "family": fused_type.split(".", 1)[0],
        "level": "fused",
        "sources": report_sources(members),
        "corroboration": len({member.document.get("id") for member in live}),
        "first_reported": lead.published,
        "members": [member.event["id"] for member in members],
    }
    return fused | (overrides or {})


def report_sources(members: list[Member]) -> list[dict[str, Any]]:
    """One source per report, in member order: a report that tells the happening in several
    mentions (a headline, a lead, a quote) lists them all in `event_ids` and `evidence`, with
    the first as `event_id`; a live mention makes the report's status (not "rejected")."""
    sources = []
    for group in _grouped_by_report(members):
        live = [member for member in group if member.status != "rejected"] or group
        evidence: list[dict[str, Any]] = []
        for member in group:
            evidence += [item for item in member.event.get("evidence", []) if item not in evidence]
        sources.append(source_entry(live[0]) | {
            "event_ids": [member.event["id"] for member in group], "evidence": evidence})
    return sources


def source_entry(member: Member) -> dict[str, Any]:
    document = member.document
    return {
        "document_id": document.get("id"), "event_id": member.event["id"],
        "title": document.get("title"), "outlet": document.get("outlet"),
        "url": document.get("url"), "published": document.get("published"),
        "status": member.status, "evidence": member.event.get("evidence", []),
    }


def acled_fatalities(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    tolls = [event["fatalities"] for event in events if event.get("fatalities")]
    bests = [toll["best"] for toll in tolls if toll.get("best") is not None]
    if not tolls:
        return None
    lows = [toll["low"] for toll in tolls if toll.get("low") is not None] + bests
    highs = [toll["high"] for toll in tolls if toll.get("high") is not None] + bests
    return {
        "low": min(lows) if lows else None,
        "best": min(bests) if bests else None,
        "high": max(highs) if highs else None,
    }


def _by_report(members: list[Member], events: list[dict[str, Any]]
               ) -> list[list[dict[str, Any]]]:
    """The events (each member's, corrections applied) grouped by the document that reports
    them, in member order."""
    event_of = {id(member): event for member, event in zip(members, events, strict=True)}
    return [[event_of[id(member)] for member in group] for group in _grouped_by_report(members)]


def _grouped_by_report(members: list[Member]) -> list[list[Member]]:
    """The members grouped by the document that reports them (a member without one stands
    alone), in member order."""
    grouped: dict[Any, list[Member]] = {}
    for member in members:
        grouped.setdefault(member.document.get("id") or member.event["id"], []).append(member)
    return list(grouped.values())


def _report_own(events: list[dict[str, Any]], fused_type: str, key: str,
                figure: Callable[[dict[str, Any]], int | None]) -> dict[str, Any] | None:
    """One report's own `key` value: its event of the fused type with the highest figure, else
    its event with the highest figure."""
    stated = [event[key] for event in events if event.get(key) and figure(event[key]) is not None]
    of_type = [event[key] for event in events if event.get("type") == fused_type
               and event.get(key) and figure(event[key]) is not None]
    chosen = of_type or stated
    return max(chosen, key=lambda value: figure(value) or 0) if chosen else None


def fused_fatalities(reports: list[list[dict[str, Any]]], fused_type: str
                     ) -> dict[str, Any] | None:
    """ACLED's figure over the reports' own tolls: the lowest best, the spread as low/high."""
    own = [toll for events in reports
           if (toll := _report_own(events, fused_type, "fatalities", _toll_best))]
    return acled_fatalities([{"fatalities": toll} for toll in own])


def _toll_best(toll: dict[str, Any]) -> int | None:
    return toll.get("best")


def fused_quantity(reports: list[list[dict[str, Any]]], fused_type: str
                   ) -> dict[str, Any] | None:
    """The reports' own counts in the unit most of them use: the lowest as the figure, IDMC's
    and ACLED's conservative reading, with every report's figure spanned by low/high."""
    own = [quantity for events in reports
           if (quantity := _report_own(events, fused_type, "quantity", _quantity_figure))]
    if not own:
        return _best_quantity([event for events in reports for event in events])
    units = Counter(quantity.get("unit") for quantity in own)
    same_unit = [quantity for quantity in own if quantity.get("unit") == units.most_common(1)[0][0]]
    figures = [figure for quantity in same_unit if (figure := _quantity_figure(quantity))]
    lowest = min(same_unit, key=lambda quantity: _quantity_figure(quantity) or 0)
    if len(set(figures)) < 2:
        return lowest
    lows = [lowest.get("low"), *figures]
    return lowest | {"low": min(n for n in lows if n is not None), "high": max(figures)}


def _quantity_figure(quantity: dict[str, Any]) -> int | None:
    for key in ("value", "low", "high"):
        if quantity.get(key) is not None:
            return int(quantity[key])
    return None


def _acled_block(fused_type: str, events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """ACLED's types for the fused type, with the two sides the pipeline read for the first
    report of that type (the lead report first): fused exports then name the sides as the
    report-level ones do."""
    mapping = acled_mapping(fused_type)
    if mapping is None:
        return None
    read = next((event["acled"] for event in events
                 if event.get("type") == fused_type and event.get("acled")), {})
    return {**read, **mapping}


def _earliest(members: list[Member]) -> Member:
    return min(members, key=lambda member: (member.published or "9999", -_confidence(member)))


def _confidence(member: Member) -> float:
    return float(member.event.get("confidence") or 0.0)


def _vote_type(events: list[dict[str, Any]]) -> str:
    weights: Counter[str] = Counter()
    for event in events:
        weights[event["type"]] += float(event.get("confidence") or 0.5)
    return weights.most_common(1)[0][0]


def _best_date(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    dated = [event["date"] for event in events if event.get("date") and event["date"]["start"]]
    if not dated:
        return next((event["date"] for event in events if event.get("date")), None)
    shared = _intersection(dated)
    most_precise = min(dated, key=lambda value: (TIME_PRECISION_RANK[value["precision"]],
                                                 value["start"]))
    if shared is None:
        return most_precise
    start, end = shared
    precise_inside = [value for value in dated if value["start"] >= start and value["end"] <= end]
    return min(precise_inside or [most_precise],
               key=lambda value: (TIME_PRECISION_RANK[value["precision"]], value["start"]))


def _intersection(dates: list[dict[str, Any]]) -> tuple[str, str] | None:
    start = max(value["start"] for value in dates)
    end = min(value["end"] or value["start"] for value in dates)
    return (start, end) if start <= end else None


def _best_place(events: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    places = [event[key] for event in events if event.get(key)]
    if not places:
        return None
    support = Counter(place.get("geonameid") or place["name"] for place in places)
    return min(places, key=lambda place: (
        GEO_PRECISION_RANK[place["precision"]], -support[place.get("geonameid") or place["name"]]))


def _best_quantity(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    quantities = [event["quantity"] for event in events if event.get("quantity")]
    if not quantities:
        return None
    exact = [quantity for quantity in quantities if quantity.get("value") is not None]
    return min(exact or quantities, key=_spread)


def _spread(quantity: dict[str, Any]) -> int:
    if quantity.get("value") is not None:
        return 0
    return (quantity.get("high") or 10**9) - (quantity.get("low") or 0)


def _union_actors(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for event in events:
        for actor in event.get("actors") or []:
            key = (actor["role"], actor.get("actor_id") or actor["name"].lower())
            seen.setdefault(key, actor)
    return list(seen.values())


def _modality(events: list[dict[str, Any]]) -> str:
    modalities = [event.get("modality", "asserted") for event in events]
    if "asserted" in modalities:
        return "asserted"
    return Counter(modalities).most_common(1)[0][0]


def _corroborated_confidence(events: list[dict[str, Any]]) -> float:
    doubt = 1.0
    for event in events:
        doubt *= 1.0 - float(event.get("confidence") or 0.0)
    return round(min(0.99, 1.0 - doubt), 3)

