"""The event ontology: dotted type codes, what they mean, and how they map to ACLED and PLOVER.

ACLED's 25 sub-event types keep ACLED's meaning exactly. Two PLOVER mappings live here:

- `plover_event`/`plover_mode` (`plover_mapping`, the `plover` block of extract output) are the
  root labels of the PLOVER gold-standard records (v0.5: FIGHT, DISAPPROVE, OTHER...), the label
  set the event classifier is trained on and scores confidence against; they stay as they are
  so extraction and its confidences do not change.
- `PLOVER_CODES` (`plover_code`) is the current manual's coding (PLOVER manual, draft version
  0.8, 2021, openeventdata/PLOVER `PLOVER_MANUAL.tex`): its 16 event categories, their modes
  and its contexts. The PLOVER export writes this one. FIGHT is gone (CAMEO 19/20 are ASSAULT),
  DISAPPROVE and INVESTIGATE became ACCUSE, and what PLOVER does not code (appeals, comments,
  people fleeing on their own, changes inside a group) has no category and is not exported.

The `movement.*`, `recruitment.*` and `statement.*` families are ours, for what ACLED folds into
"strategic developments" or leaves out (displacement flows, conscription, threats). Every stage
that names an event type imports it from here so a typo fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class EventType:
    code: str
    description: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    plover_event: str
    plover_mode: str | None = None

    @property
    def family(self) -> str:
        return self.code.split(".", 1)[0]


_B, _E, _V = "Battles", "Explosions/Remote violence", "Violence against civilians"
_P, _R, _S = "Protests", "Riots", "Strategic developments"

EVENT_TYPES: tuple[EventType, ...] = (
    EventType("battle.armed_clash", "Armed, organised groups fight each other.",
              _B, "Armed clash", "FIGHT", "small-arms"),
    EventType("battle.government_regains_territory",
              "State forces retake territory from a non-state group.",
              _B, "Government regains territory", "FIGHT", "small-arms"),
    EventType("battle.nonstate_overtakes_territory",
              "A non-state group takes territory from another group or the state.",
              _B, "Non-state actor overtakes territory", "FIGHT", "small-arms"),
    EventType("remote.air_strike", "Air or drone strike.",
              _E, "Air/drone strike", "FIGHT", "aerial"),
    EventType("remote.shelling", "Shelling, artillery or missile attack.",
              _E, "Shelling/artillery/missile attack", "FIGHT", "heavy-weapons"),
    EventType("remote.ied", "Remote explosive, landmine or IED.",
              _E, "Remote explosive/landmine/IED", "ASSAULT", "explosives"),
    EventType("remote.suicide_bomb", "Suicide bombing.",
              _E, "Suicide bomb", "ASSAULT", "suicide-attack"),
    EventType("remote.grenade", "Grenade attack.", _E, "Grenade", "ASSAULT", "explosives"),
    EventType("remote.chemical", "Chemical weapon attack.",
              _E, "Chemical weapon", "FIGHT", "CBRN"),
    EventType("civilians.attack", "Armed group kills or injures civilians (incl. executions).",
              _V, "Attack", "ASSAULT", "firearms"),
    EventType("civilians.abduction", "Abduction or forced disappearance of civilians.",
              _V, "Abduction/forced disappearance", "ASSAULT", "abduct"),
    EventType("civilians.sexual_violence", "Sexual violence.",
              _V, "Sexual violence", "ASSAULT", "sexual"),
    EventType("protest.peaceful", "Peaceful protest.", _P, "Peaceful protest", "PROTEST"),
    EventType("protest.intervention", "Protest with intervention by authorities.",
              _P, "Protest with intervention", "PROTEST"),
    EventType("protest.excessive_force", "Excessive force against protesters.",
              _P, "Excessive force against protesters", "ASSAULT"),
    EventType("riot.violent_demonstration", "Violent demonstration.",
              _R, "Violent demonstration", "PROTEST"),
    EventType("riot.mob_violence", "Mob violence.", _R, "Mob violence", "ASSAULT"),
    EventType("strategic.agreement", "Agreement, ceasefire, exchange or deal.",
              _S, "Agreement", "AGREE"),
    EventType("strategic.arrests", "Arrests by state or de facto authorities.",
              _S, "Arrests", "COERCE", "arrest"),
    EventType("strategic.change_to_group", "Change to a group or its activity.",
              _S, "Change to group/activity", "CHANGE_GROUP"),
    EventType("strategic.disrupted_weapons", "Weapons seized, defused or destroyed.",
              _S, "Disrupted weapons use", "COERCE", "confiscate"),
    EventType("strategic.base_established", "Headquarters or base established.",
              _S, "Headquarters or base established", "MOBILIZE"),
    EventType("strategic.looting", "Looting or property destruction.",
              _S, "Looting/property destruction", "COERCE", "destroy"),
    EventType("strategic.territory_transfer", "Non-violent transfer of territory.",
              _S, "Non-violent transfer of territory", "RETREAT"),
    EventType("strategic.other", "Other strategic development.", _S, "Other", "OTHER"),
    EventType("movement.flight", "People flee or escape a place on their own.",
              None, None, "OTHER", "displacement"),
    EventType("movement.forced_displacement",
              "An actor expels, forcibly transfers or forces people to move.",
              _V, "Attack", "COERCE", "deport"),
    EventType("movement.relocation",
              "An actor moves its own people, families, headquarters or assets; evacuation.",
              _S, "Other", "MOBILIZE", "relocate"),
    EventType("movement.return", "Displaced people return.", None, None, "OTHER", "return"),
    EventType("recruitment.forced", "Conscription or forced recruitment.",
              _S, "Change to group/activity", "COERCE", "conscript"),
    EventType("statement.threat", "Ultimatum, threat or announced assault.",
              None, None, "THREATEN", None),
    EventType("statement.accusation", "One party accuses another.", None, None, "DISAPPROVE"),
    EventType("statement.claim", "A party claims responsibility or a result.",
              None, None, "OTHER"),
    EventType("statement.appeal", "A party calls for action or help.", None, None, "DEMAND"),
    EventType("statement.other", "Other statement.", None, None, "OTHER"),
)

_BY_CODE: dict[str, EventType] = {event_type.code: event_type for event_type in EVENT_TYPES}


class UnknownEventType(KeyError):
    pass


def get(code: str) -> EventType:
    try:
        return _BY_CODE[code]
    except KeyError as error:
        raise UnknownEventType(f"unknown event type {code!r}") from error


def codes() -> list[str]:
    return [event_type.code for event_type in EVENT_TYPES]


def acled_mapping(code: str) -> dict[str, str] | None:
    event_type = get(code)
    if event_type.acled_event_type is None or event_type.acled_sub_event_type is None:
        return None
    return {
        "event_type": event_type.acled_event_type,
        "sub_event_type": event_type.acled_sub_event_type,
    }


def plover_mapping(code: str) -> dict[str, Any]:
    """The PLOVER GSR (v0.5) root and mode: the classifier's label, extract output's `plover`."""
    event_type = get(code)
    return {"event_type": event_type.plover_event, "mode": event_type.plover_mode}


@dataclass(frozen=True, slots=True)
class PloverCode:
    """A type's coding in the current PLOVER manual: one of its 16 event categories (None where
    PLOVER codes no event), the modes that always apply, and the contexts it implies."""

    category: str | None
    modes: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()


_NONE = PloverCode(None)
# Our types in PLOVER 0.8 (manual sections "Event Categories" and "Context codes"). Where no
# mode of the manual's table says how (an armed clash, an attack on civilians by unstated
# means), the mode is left out, as the manual asks, rather than guessed; contexts only where
# the type itself implies one (chemical weapons: cbrn; territory: resource; expulsions:
# migration). The export adds what depends on the event (sideAB, MOBILIZE's troops/militia,
# future/hypothetical/negation from the modality).
PLOVER_CODES: dict[str, PloverCode] = {
    "battle.armed_clash": PloverCode("ASSAULT"),
    "battle.government_regains_territory": PloverCode("ASSAULT", (), ("resource",)),
    "battle.nonstate_overtakes_territory": PloverCode("ASSAULT", (), ("resource",)),
    "remote.air_strike": PloverCode("ASSAULT", ("heavy-weapons",)),
    "remote.shelling": PloverCode("ASSAULT", ("heavy-weapons",)),
    "remote.ied": PloverCode("ASSAULT", ("explosives",)),
    "remote.suicide_bomb": PloverCode("ASSAULT", ("suicide-attack",)),
    "remote.grenade": PloverCode("ASSAULT", ("explosives",)),
    "remote.chemical": PloverCode("ASSAULT", ("unconventional",), ("cbrn",)),
    "civilians.attack": PloverCode("ASSAULT"),
    "civilians.abduction": PloverCode("ASSAULT", ("abduct",)),
    "civilians.sexual_violence": PloverCode("ASSAULT", ("sexual",)),
    "protest.peaceful": PloverCode("PROTEST", ("demo",)),
    "protest.intervention": PloverCode("PROTEST", ("demo",)),
    "protest.excessive_force": PloverCode("ASSAULT"),
    "riot.violent_demonstration": PloverCode("PROTEST", ("riot",)),
    "riot.mob_violence": PloverCode("ASSAULT"),
    "strategic.agreement": PloverCode("AGREE"),
    "strategic.arrests": PloverCode("COERCE", ("arrest",)),
    "strategic.change_to_group": _NONE,
    "strategic.disrupted_weapons": PloverCode("COERCE", ("confiscate",)),
    "strategic.base_established": PloverCode("MOBILIZE"),
    "strategic.looting": PloverCode("ASSAULT", ("destroy",)),
    "strategic.territory_transfer": PloverCode("RETREAT", ("withdraw",), ("resource",)),
    "strategic.other": _NONE,
    "movement.flight": _NONE,
    "movement.forced_displacement": PloverCode("COERCE", ("deport",), ("migration",)),
    "movement.relocation": PloverCode("MOBILIZE"),
    "movement.return": _NONE,
    "recruitment.forced": PloverCode("COERCE"),
    "statement.threat": PloverCode("THREATEN", ("violence",)),
    "statement.accusation": PloverCode("ACCUSE", ("allege",)),
    "statement.claim": _NONE,
    "statement.appeal": _NONE,
    "statement.other": _NONE,
}
if set(PLOVER_CODES) != set(_BY_CODE):  # a type added without its PLOVER coding fails at import
    raise RuntimeError(f"PLOVER_CODES and EVENT_TYPES differ: {set(PLOVER_CODES) ^ set(_BY_CODE)}")


def plover_code(code: str) -> PloverCode:
    """The current PLOVER manual's coding of a type (`PloverCode.category` None: not coded)."""
    get(code)
    return PLOVER_CODES[code]
