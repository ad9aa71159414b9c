"""ACLED's names and inter codes for the sides of an event.

ACLED names generic sides after the event's country ("Protesters (Kenya)", "Rioters
(Bangladesh)", "Civilians (Sudan)", "Unidentified Armed Group (Syria)") and state forces after the
state ("Military Forces of Yemen", "Police Forces of the Philippines"; ACLED adds a period such
as "(2016-)", which we leave out). Named groups keep their ontology name (or `acled_name`). Inter
codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters,
6 protesters, 7 civilians, 8 external/other forces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eventatlas.actors.acled_country import country_name
from eventatlas.actors.ontology import ActorEntry, load_ontology
from eventatlas.model import Actor

INTER_OF_KIND = {
    "state_forces": 1, "rebel_group": 2, "political_militia": 3, "identity_militia": 4,
    "civilians": 7, "international_coalition": 8, "political_group": 3,
}
WITH_ARTICLE = frozenset({"BS", "CF", "CD", "DO", "CI", "NL", "PH", "AE", "GB", "US"})

POLICE = re.compile(r"\b(?:police(?:m[ae]n|wom[ae]n)?|cops?|constables?|RAB|Rapid Action "
                    r"Battalion|PNP|law enforcement|anti-riot|riot (?:police|squad)|"
                    r"police officers?|law enforcers?|law enforcement agencies|"
                    r"gendarmes?|gendarmerie)\b",
                    re.IGNORECASE)
MILITARY_WORDS = re.compile(r"\b(?:soldiers?|army|troops|military|marines?|navy|air force|"
                            r"warplanes?|servicem[ae]n|armed forces)\b", re.IGNORECASE)

# Forces the words tie to no country ("government troops", an alias of Syria's for the seed's
# Syrian reports): the event's own state's.
UNNAMED_STATE = re.compile(r"(?:the\s+)?(?:pro-)?(?:government|regime)\s+(?:forces|troops|"
                           r"soldiers)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Side:
    name: str
    inter: int
    # The ontology entry the side was named from, when one was (not part of its identity).
    entry_id: str | None = field(default=None, compare=False)


UNIDENTIFIED_MILITARY = Side("Unidentified Military Forces", 8)


def generic(label: str, code: str | None, inter: int) -> Side:
    """"Protesters (Kenya)"; without a known country just "Protesters"."""
    return Side(f"{label} ({country_name(code)})" if code else label, inter)


def state_forces(code: str | None, police: bool, event_country: str | None = None) -> Side:
    if code is None:
        return Side("Police Forces" if police else "Military Forces", 1)
    article = "the " if code in WITH_ARTICLE else ""
    kind = "Police" if police else "Military"
    foreign = event_country is not None and code != event_country
    return Side(f"{kind} Forces of {article}{country_name(code)}", 8 if foreign else 1)


def side_of(actor: Actor, code: str | None, text: str) -> Side | None:
    """An event actor in ACLED's terms, or None for one ACLED would not code (a person, media)."""
    entry = load_ontology().entries.get(actor.actor_id) if actor.actor_id else None
    if entry is None:
        if actor.kind == "civilians":
            return generic("Civilians", code, 7)
        if actor.kind in ("unknown", "unidentified"):
            return generic("Unidentified Armed Group", code, 3)
        return None
    return entry_side(entry, code, actor.text or text)


def entry_side(entry: ActorEntry, code: str | None, text: str) -> Side | None:
    if entry.kind == "civilians":
        return generic("Civilians", code, 7)
    if entry.generic:
        return generic("Unidentified Armed Group", code, 3)
    if entry.id.startswith("government_"):
        return Side(f"Government of {country_name(entry.country or '')}", 1)
    if entry.kind == "state_forces":
        police = entry.id.startswith("police_") or (
            bool(POLICE.search(text)) and not MILITARY_WORDS.search(text))
        home = code if code and UNNAMED_STATE.fullmatch(text.strip()) else entry.country
        side = state_forces(home or code, police, code)
        # A unit ACLED names after its state's forces keeps its name, and the state's code.
        return Side(entry.acled_name, side.inter) if entry.acled_name else side
    inter = entry.inter or INTER_OF_KIND.get(entry.kind)
    if inter is None:
        return None
    branch = _branch(entry, code)
    if branch is not None:  # IS acting in Somalia is its Somalia Province
        entry = branch
    name = entry.acled_name or entry.name
    if "{country}" in name:
        name = name.replace("{country}", country_name(code)) if code else entry.name
    return Side(name, inter, entry.id)


def as_of(side: Side | None, year: int | None, code: str | None) -> Side | None:
    """The side as it was named in the event's year: a group that had become something else by
    then is named as its successor (the Taliban, in power since August 2021, are ACLED's
    "Military Forces of Afghanistan (2021-)" from 2022)."""
    if side is None or side.entry_id is None or year is None:
        return side
    ontology = load_ontology()
    entry = ontology.entries.get(side.entry_id)
    if entry is None or (current := ontology.current(entry, year)) is entry:
        return side
    return entry_side(current, code, current.name) or side


def _branch(entry: ActorEntry, code: str | None) -> ActorEntry | None:
    """A transnational group's branch in the event's country, when the ontology has one: an
    affiliate that is the group in that country (IS in Somalia is its Somalia Province), not
    one unit among many where the group itself fights (IS in Syria is not one Daraa brigade)."""
    if code is None or entry.country == code:
        return None
    return next((child for child in load_ontology().entries.values()
                 if child.parent == entry.id and child.country == code and child.armed
                 and "affiliate" in child.tags), None)
