"""Small readers over event dicts (the store's shape, docs/output.md plus `sources` & co.).

Every exporter reads events through these so the formats agree on what "the place", "the
date", "the source" of an event is. They accept report-level dicts straight from
`Document.result()` too: keys only the store adds (`sources`, `family`, `level`...) are read
with defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from eventatlas.output.contract import PLACE_ROLES, has_point, is_flow, primary_place

# Events as the store and `Document.result()` give them (`output.contract.EventDict` plus the
# store's own keys), read with `.get` where a key may be missing.
EventRecord = dict[str, Any]
Place = dict[str, Any]

__all__ = ["PLACE_ROLES", "has_point", "is_flow", "primary_place"]
# Modalities for which the report says the event happened (docs/output.md, Modality).
HAPPENED: frozenset[str] = frozenset({"asserted", "reported", "claimed"})
# Units that count people, not households, for humanitarian "affected" figures.
PEOPLE_UNITS: frozenset[str] = frozenset({"people", "children", "fighters", "men", "women"})
HOUSEHOLD_UNITS: frozenset[str] = frozenset({"families", "households"})
LIST_SEPARATOR = "; "
# An event over a year old when first reported is recalled, not news: ACLED codes events as
# they are reported. In the FA-KES demo store 26 of 966 fused events are that old, and every
# one is history the pipeline did not flag (1967, 1982, 2003, 2006, the 2011 uprising...).
RECALLED_AFTER_DAYS = 365


def family(event: EventRecord) -> str:
    return str(event.get("family") or event["type"].split(".", 1)[0])


def actors(event: EventRecord, *roles: str) -> list[dict[str, Any]]:
    """Actors in the given roles, in role order then report order, without repeated names."""
    seen: set[str] = set()
    found = []
    for role in roles:
        for actor in event.get("actors") or []:
            if actor.get("role") == role and actor["name"] not in seen:
                seen.add(actor["name"])
                found.append(actor)
    return found


def date_range(event: EventRecord) -> tuple[date | None, date | None]:
    value = event.get("date") or {}
    start, end = value.get("start"), value.get("end")
    return (date.fromisoformat(start) if start else None,
            date.fromisoformat(end) if end else None)


def midpoint(event: EventRecord) -> date | None:
    """One day for a range: its middle (how ACLED codes "last week" or "in March")."""
    start, end = date_range(event)
    if start is None or end is None:
        return start or end
    return date.fromordinal((start.toordinal() + end.toordinal()) // 2)


def is_background(event: EventRecord) -> bool:
    """Recalled history ("the 1982 Hama massacre"), not the news: never exported. The
    pipeline flags what it recognises (`background: true`, and the store keeps none of those);
    an event that ended more than `RECALLED_AFTER_DAYS` before it was first reported is history
    too, whatever the flag says ("Israel seized the Golan in 1967", "since March 2011")."""
    if event.get("background"):
        return True
    _, end = date_range(event)
    reported = first_reported(event)
    return end is not None and reported is not None and \
        (reported - end).days > RECALLED_AFTER_DAYS


def current(events: Iterable[EventRecord]) -> Iterator[EventRecord]:
    """The events an export writes: all but background ones."""
    return (event for event in events if not is_background(event))


def first_reported(event: EventRecord) -> date | None:
    """When the event was first reported: the store's `first_reported`, else the earliest
    publication date of its sources."""
    values = [event.get("first_reported")] + [item.get("published") for item in sources(event)]
    days = sorted(date.fromisoformat(str(value)[:10]) for value in values if value)
    return days[0] if days else None


def sources(event: EventRecord) -> list[dict[str, Any]]:
    return list(event.get("sources") or [])


def outlets(event: EventRecord) -> list[str]:
    """Publishers the event comes from, in order, each once."""
    names = [item.get("outlet") for item in sources(event)]
    return list(dict.fromkeys(name for name in names if name))


def document_ids(event: EventRecord) -> list[str]:
    names = [item.get("document_id") for item in sources(event)]
    return list(dict.fromkeys(name for name in names if name))


def evidence_texts(event: EventRecord, *, flat: bool = False) -> list[str]:
    """The evidence spans' words; `flat` joins their lines (a headline and the paragraph after
    it) into one line for spreadsheet cells."""
    texts = [item["text"] for item in event.get("evidence") or []]
    return [" ".join(text.split()) for text in texts] if flat else texts


def attribution_source(event: EventRecord) -> str | None:
    attribution = event.get("attribution") or {}
    return attribution.get("source")


def quantity_best(event: EventRecord) -> int | None:
    """The stated figure, else the lower bound (the conservative reading of "dozens")."""
    quantity = event.get("quantity") or {}
    value = quantity.get("value")
    return value if value is not None else quantity.get("low")


def fatalities_best(event: EventRecord) -> int | None:
    """ACLED's convention: the lowest reported figure when reports disagree."""
    fatalities = event.get("fatalities") or {}
    for key in ("low", "best", "high"):
        if fatalities.get(key) is not None:
            return int(fatalities[key])
    return None


def displaced(event: EventRecord) -> tuple[int | None, int | None]:
    """(people, households) displaced by a flight or forced displacement, when counted."""
    if event["type"] not in ("movement.flight", "movement.forced_displacement"):
        return None, None
    unit = (event.get("quantity") or {}).get("unit")
    count = quantity_best(event)
    if unit in PEOPLE_UNITS:
        return count, None
    if unit in HOUSEHOLD_UNITS:
        return None, count
    return None, None


def joined(values: list[str]) -> str:
    return LIST_SEPARATOR.join(value for value in values if value)
