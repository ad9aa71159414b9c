"""The event ontology: dotted type codes, what they mean, and how they map to ACLED and PLOVER.

ACLED's 25 sub-event types keep ACLED's meaning exactly. PLOVER roots and modes follow the PLOVER
manual (2021) and its gold-standard records: air, artillery and chemical attacks between armed
parties are FIGHT, unconventional violence (bombings, executions, abductions) is ASSAULT. The
`movement.*`, `recruitment.*` and `statement.*` families are ours, for what ACLED folds into
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
    event_type = get(code)
    return {"event_type": event_type.plover_event, "mode": event_type.plover_mode}
