"""The two sides of an event as ACLED names and codes them: actor1 (the side that acted), its
associated actors, actor2 (the other side), their inter codes and the interaction code.

Naming and inter codes are `actors.acled_names`'s; the sides the words name where the resolver's
actors leave them open are read by `actors.acled_readers`. The interaction is the two inter codes,
smaller first ("17"), or the one code and 0 when there is no second side ("60").

The event's own `actors` list is left as the resolver made it: this is a reading of it (plus
the event's words) in ACLED's terms, which `assign_sides` stores on each event as the
pipeline's last stage, once places and actors are final.
"""

from __future__ import annotations

from typing import Any

from eventatlas.actors.acled_country import (
    country_name,
    document_country,
    event_country,
    home_of_parties,
    story_home,
)
from eventatlas.actors.acled_names import (
    MILITARY_WORDS,
    POLICE,
    UNIDENTIFIED_MILITARY,
    Side,
    as_of,
    generic,
    side_of,
    state_forces,
)
from eventatlas.actors.acled_readers import (
    CIVILIAN_WORDS,
    CROWD_FIGHT,
    DRUGS,
    GANG,
    GUNSHOTS,
    INTERNATIONAL,
    JOINT,
    NON_STATE_FIGHTERS,
    PEOPLE_HURT,
    POLICE_HIT,
    POLICE_TARGETED,
    RIVAL_CROWDS,
    RIVALS,
    STATE_CLASH,
    UNIDENTIFIED,
    agent_in_text,
    armed_in_text,
    civilian_victims,
    civilians_of,
    communal_militia,
    first_in_text,
    joint,
    military_only,
    named_groups,
    other_state,
    state_in_text,
    state_named,
    unarmed_hurt,
)
from eventatlas.model import AcledSides, Document, Event
from eventatlas.ontology import acled_mapping

__all__ = ["Side", "acled_sides", "assign_sides", "country_name", "document_country",
           "event_country", "generic", "side_of", "state_forces"]


# Countries whose ACLED coders name the non-state group first in an armed clash with state
# forces, whoever the words say attacked: at least 90 % of at least 100 such training clashes
# (Philippines 95 % of 1,673, Afghanistan 92 % of 280; elsewhere the share is 15-85 % and the
# words' order stands).
NON_STATE_FIRST = frozenset({"PH", "AF"})


def assign_sides(document: Document) -> None:
    """Stage: ACLED's two sides on every event of an ACLED type, with the report's country for
    events that have no place of their own."""
    country = document_country(document.events, document.text)
    for event in document.events:
        if acled_mapping(event.type) is not None:
            event.acled_sides = AcledSides(**acled_sides(event, country))


def acled_sides(event: Event, default_country: str | None = None) -> dict[str, Any]:
    """The `acled` block's actor fields for an event of an ACLED type; `default_country` is
    the report's (`document_country`), for an event with no place of its own."""
    code = event_country(event) or default_country
    text = " ".join(item.text for item in event.evidence)
    code = home_of_parties(text) or story_home(text, code) or code
    side1, assoc = _side1(event, code, text)
    if side1 is not None and (both := joint(text, code)) is not None and \
            side1.name in both.name.split(JOINT):
        side1 = both  # "JNIM and/or ISGS militants": ACLED names both, as one side
    side2 = _side2(event, code, text, side1)
    year = event.date.start.year if event.date and event.date.start else None
    side1, side2 = as_of(side1, year, code), as_of(side2, year, code)
    if event.type == "battle.armed_clash" and code in NON_STATE_FIRST and side1 is not None \
            and side2 is not None and side1.inter == 1 and side2.inter in (2, 3, 4):
        side1, side2 = side2, side1  # "Soldiers had an encounter with NPA rebels": NPA first
    inter1 = side1.inter if side1 else None
    inter2 = side2.inter if side2 else None
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    interaction = int("".join(map(str, codes)).ljust(2, "0")) if codes else None
    return {"actor1": side1.name if side1 else None,
            "assoc_actor_1": "; ".join(assoc) or None,
            "inter1": inter1,
            "actor2": side2.name if side2 else None,
            "inter2": inter2,
            "interaction": interaction}


def _apart(side: Side, side1: Side | None) -> bool:
    """Whether `side` is not actor1 (nor one of the groups of a joint actor1)."""
    return side1 is None or side.name not in side1.name.split(JOINT)


def _side1(event: Event, code: str | None, text: str) -> tuple[Side | None, list[str]]:
    if event.type.startswith(("protest.", "riot.")):
        crowd = "Protesters" if event.type.startswith("protest.") else "Rioters"
        return generic(crowd, code, 6 if crowd == "Protesters" else 5), named_groups(text)
    acting = [side for actor in event.actors_in("actor")
              if (side := side_of(actor, code, text)) is not None]
    if event.type == "strategic.disrupted_weapons" and (
            defusers := state_named(text, code)) is not None:
        return defusers, []  # "police defused an IED planted by Al Shabaab": who disrupted
    first = acting[0] if acting else None
    if (foreign := INTERNATIONAL.search(text)) is not None and not any(
            0 <= text.find(actor.text) < foreign.start() for actor in event.actors_in("actor")
            if actor.text):
        return UNIDENTIFIED_MILITARY, [s.name for s in acting]
    if first is not None and not first.name.startswith("Unidentified"):
        return first, [s.name for s in acting[1:] if s.name != first.name]
    if code == "PH" and event.type.startswith("civilians.") and DRUGS.search(text) and (
            not POLICE.search(text) or UNIDENTIFIED.search(text)):
        return Side("Anti-Drug Vigilantes (Philippines)", 3), []  # ACLED's drug-war convention
    found = first_in_text(text, code)
    if found is not None and found.inter == 1 and event.type == "remote.ied" and \
            found != agent_in_text(text, code):
        # Mines and bombs are laid against the forces the words name: ACLED's IED events
        # naming soldiers or police have them as the planter in 4 % of its training notes
        # (unless the words say so: "a landmine planted by the military").
        found = None
    if found is not None and (first is None or not found.name.startswith("Unidentified")):
        return found, []
    if event.type.startswith(("battle.", "civilians.")) and (
            communal := communal_militia(text, code)) is not None:
        return communal, []
    if first is not None:
        return first, []
    if event.type.startswith("strategic.") and GUNSHOTS.search(text):
        return generic("Unidentified Armed Group", code, 3), []  # "gunshots were heard"
    if not event.type.startswith(("battle.", "remote.", "civilians.")):
        return None, []
    if event.type == "remote.air_strike":
        return state_forces(code, False), []
    return generic("Unidentified Gang" if GANG.search(text) else "Unidentified Armed Group",
                   code, 3), []


# Villagers fighting over land: ACLED's communal militia, named after their village.


def _side2(event: Event, code: str | None, text: str, side1: Side | None) -> Side | None:
    kind = event.type
    if kind == "protest.peaceful":
        return None
    if kind.startswith("riot.") and _crowds_fought(kind, text):
        return generic("Rioters", code, 5)
    if kind.startswith("protest.") or kind == "riot.violent_demonstration":
        if kind.startswith("riot.") and not POLICE.search(text) and not MILITARY_WORDS.search(
                text):  # rioters who hurt people: "pelting stones at motorists"
            hurt = PEOPLE_HURT.search(text) or unarmed_hurt(text)
            return civilians_of(text, code) if hurt else None
        return state_forces(code, police=not military_only(text), event_country=code)
    others = [side for actor in event.actors if actor.role in ("target", "affected")
              if (side := side_of(actor, code, text)) is not None
              and _apart(side, side1)]
    parties = {side.name for actor in event.actors if actor.kind == "political_group"
               if (side := side_of(actor, code, text)) is not None}
    if kind.startswith("battle."):  # a clash is between armed sides: ACLED's never civilians
        others = [side for side in others if side.inter != 7]
    if kind == "riot.mob_violence" and (side1 is None or side1.inter != 1) and (
            POLICE_HIT.search(text) or POLICE_TARGETED.search(text)):
        return state_forces(code, True, code)  # the police a mob fought
    if kind.startswith(("civilians.", "riot.")) or kind in ("strategic.arrests",
                                                            "strategic.looting"):
        # A party's men a mob beat are civilians to ACLED, its armed groups a side.
        armed = [s for s in others if s.inter in (1, 2, 3, 4, 8) and s.name not in parties]
        return armed[0] if armed and kind.startswith("riot.") else civilians_of(text, code)
    named = [s for s in armed_in_text(text, code) if _apart(s, side1)]
    if others and not (others[0].name.startswith("Unidentified") and named):
        return others[0]  # "militants" the text names as Al Shabaab are Al Shabaab
    if others and kind.startswith(("battle.", "remote.")):
        return named[0]
    if others:
        return others[0]
    if kind == "strategic.disrupted_weapons" and side1 is not None:
        return _weapons_owner(text, code, side1, named)
    if kind.startswith(("battle.", "remote.")):
        # A coalition named beside a state striker is its partner ("airstrikes by the US-led
        # coalition and Russia"), not what it struck; foreign forces a rebel group struck
        # ("JNIM targeted Wagner mercenaries") are its target.
        partnered = kind.startswith("remote.") and (side1 is None or side1.inter in (1, 8))
        named = [s for s in armed_in_text(text, code) if _apart(s, side1)
                 and not (partnered and s.inter == 8)]
        if named:
            return named[0]
        if side1 is not None and kind.startswith("battle.") and RIVALS.search(text):
            return side1  # "two rival factions of the BCL attacked each other"
        if side1 is not None and side1.inter in (1, 8) and (
                enemy := other_state(text, side1, code)) is not None:
            return enemy  # "Russian and Ukrainian forces clashed"
        if (against := _state_opponent(kind, text, side1, code)) is not None:
            return against
        # Foreign forces striking are not fighting the host state unless the text says so.
        if side1 is not None and side1.inter not in (1, 8) and (
                state := state_in_text(text, code, kind)) is not None:
            return state
        if kind.startswith("remote.") and (CIVILIAN_WORDS.search(text) or unarmed_hurt(text)):
            return civilians_of(text, code)
        if kind.startswith("battle.") and civilian_victims(event, text):
            return civilians_of(text, code)  # one armed side only: it attacked people
    return None


def _state_opponent(kind: str, text: str, side1: Side | None, code: str | None) -> Side | None:
    """The other side of state forces' battle that the words name only generically: gang
    members ("police clashed with gang members": ACLED's "Unidentified Gang"), or, for
    foreign forces fighting with no side named, the host state's military ("Russian forces
    attempted an offensive near Troitske": 190 of 220 such training battles), unless the words
    speak of militants or rebels ("U.S. aircraft ferried forces behind militant lines")."""
    if side1 is None or side1.inter not in (1, 8) or not kind.startswith("battle."):
        return None
    if GANG.search(text):
        return generic("Unidentified Gang", code, 3)
    if side1.inter == 8 and side1.name.startswith("Military Forces of ") and code is not None \
            and not NON_STATE_FIGHTERS.search(text):
        return state_forces(code, False)
    return None


def _crowds_fought(kind: str, text: str) -> bool:
    """Whether a riot's other side is another crowd (ACLED's rioters against rioters): two
    crowds the words set against each other, or any clash, fight or feud without police or
    soldiers in the words (of ACLED's training mob violence so worded, 97 % and 92 %); a
    violent demonstration with the police in its words was against them (78 %), and so was a
    clash the words set between a crowd and the forces ("a clash between BNP supporters and
    police", "clashed with government forces")."""
    state = bool(POLICE.search(text) or MILITARY_WORDS.search(text))
    if RIVAL_CROWDS.search(text):
        return not (state and (kind == "riot.violent_demonstration" or STATE_CLASH.search(text)))
    return not state and CROWD_FIGHT.search(text) is not None


def _weapons_owner(text: str, code: str | None, side1: Side, named: list[Side]) -> Side | None:
    """Whose weapons state forces defused or seized: the armed group the words name ("an IED
    planted by Al Shabaab"), else an unidentified armed group; the forces, when a group seized
    theirs. ACLED's training disrupted weapons name a group in 169, an unidentified armed
    group in 150 and no other side in 74."""
    if named:
        return named[0]
    if side1.inter in (1, 8):
        return generic("Unidentified Armed Group", code, 3)
    return state_in_text(text, code, "strategic.disrupted_weapons")
