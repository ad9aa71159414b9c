"""The two sides of an event as ACLED names and codes them: actor1 (the side that acted), its
associated actors, actor2 (the other side), their inter codes and the interaction code.

ACLED names generic sides after the event's country ("Protesters (Kenya)", "Rioters
(Bangladesh)", "Civilians (Sudan)", "Unidentified Armed Group (Syria)") and state forces after the
state ("Military Forces of Yemen", "Police Forces of the Philippines"; ACLED adds a period such
as "(2016-)", which we leave out). Named groups keep their ontology name (or `acled_name`). Inter
codes: 1 state forces, 2 rebel groups, 3 political militias, 4 identity militias, 5 rioters,
6 protesters, 7 civilians, 8 external/other forces; the interaction is the two codes, smaller
first ("17"), or the one code and 0 when there is no second side ("60").

The event's own `actors` list is left as the resolver made it: this is a reading of it (plus
the event's words) in ACLED's terms, which `assign_sides` stores on each event as the
pipeline's last stage, once places and actors are final.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from eventatlas.actors.acled_country import (
    aliases_in,
    country_name,
    document_country,
    event_country,
    home_of_parties,
    story_home,
)
from eventatlas.actors.militias import IDENTITY_MILITIA, identity_militias
from eventatlas.actors.ontology import ActorEntry, country_for_demonym, load_ontology
from eventatlas.model import AcledSides, Actor, Document, Event
from eventatlas.ontology import acled_mapping

__all__ = ["Side", "acled_sides", "assign_sides", "country_name", "document_country",
           "event_country", "generic", "side_of", "state_forces"]

INTER_OF_KIND = {
    "state_forces": 1, "rebel_group": 2, "political_militia": 3, "identity_militia": 4,
    "civilians": 7, "international_coalition": 8, "political_group": 3,
}
WITH_ARTICLE = frozenset({"BS", "CF", "CD", "DO", "CI", "NL", "PH", "AE", "GB", "US"})

POLICE = re.compile(r"\b(?:police(?:m[ae]n|wom[ae]n)?|cops?|constables?|RAB|Rapid Action "
                    r"Battalion|PNP|law enforcement|anti-riot|riot (?:police|squad)|"
                    r"police officers?|law enforcers?|law enforcement agencies)\b",
                    re.IGNORECASE)
MILITARY = re.compile(r"\b(?:soldiers?|army|troops|military|marines?|navy|air force|"
                      r"warplanes?|jets?|servicem[ae]n|armed forces|national guard|"
                      r"paratroopers|artillery|militaries|SNA|FARDC|TNI|"
                      r"Tatmadaw|junta|ENDF|SAF|FAMa|FDS)\b")
MILITARY_WORDS = re.compile(r"\b(?:soldiers?|army|troops|military|marines?|navy|air force|"
                            r"warplanes?|servicem[ae]n|armed forces)\b", re.IGNORECASE)
GANG = re.compile(r"\bgang(?:s|sters?| members?)?\b", re.IGNORECASE)
BY = re.compile(r"\bby\s+(?:(?:the|a|an|suspected|alleged|unidentified|unknown|armed|"
                r"some|two|three|several)\s+){0,3}$", re.IGNORECASE)
PATIENT = re.compile(r"[^.;]{0,50}?\b(?:was|were|had\s+been|have\s+been)\s+(?:\w+\s+){0,2}?"
                     r"(?:killed|shot|attacked|injured|wounded|abducted|kidnapped|arrested|"
                     r"ambushed|targeted|hit|beaten|stabbed|hacked|murdered|lynched)\b",
                     re.IGNORECASE)
# A side named as what an attack hit: "attacked the military", "a mine attack on police", or
# as the other side of a fight: "killed in a gunfight with police".
OBJECT = re.compile(r"\b(?:attack(?:ed|ing|s)?|target(?:ed|ing|s)?|against|ambush(?:ed|ing)?|"
                    r"struck|hit|bomb(?:ed|ing)|occupied\s+by|raided|shelled|(?:gunfight|"
                    r"shootout|shoot-out|encounter|firefight|clash(?:ed|es)?)\s+with)\s+(?:(?:the|a|an|"
                    r"two|three|several|\w+'s)\s+)?(?:(?!by\b)[\w-]+\s+){0,2}$", re.IGNORECASE)
# Two crowds fighting each other: ACLED's rioters against rioters (55).
RIVAL_CROWDS = re.compile(r"\b(?:clash(?:ed|es)?\s+(?:between|with\s+(?:one\s+another|each\s+"
                          r"other|rival|supporters|activists|members|villagers|residents))|"
                          r"(?:two|rival)\s+(?:\w+\s+)?(?:groups|factions|sides|camps|clans|"
                          r"communities)|between\s+(?:the\s+)?(?:supporters|activists|members|"
                          r"followers|residents|villagers|students)\b)", re.IGNORECASE)
RIVALS = re.compile(r"\b(?:each\s+other|one\s+another|rival\s+(?:factions|groups|wings)|"
                    r"infighting|internal\s+(?:clash|feud))\b", re.IGNORECASE)
CIVILIAN_WORDS = re.compile(r"\b(?:civilians?|passers?-by|passersby|pedestrians?|residents?|"
                            r"villagers?|children|women|farmers?|traders?|shoppers?|"
                            r"worshippers?|students?|homes?|houses?|market)\b", re.IGNORECASE)
# Unarmed people hurt in the same clause: "a 28-year-old woman was injured", "two persons were
# injured when blockaders threw a petrol bomb", "a truck helper was burnt to death".
HURT = re.compile(r"\b(?:injur|kill|wound|hurt|burn|maim|dead|died|death)\w*", re.IGNORECASE)
UNARMED = re.compile(r"\b(?:people|persons?|man|woman|boys?|girls?|child(?:ren)?|drivers?|"
                     r"helpers?|passengers?|\d+-year-old|activists?|workers?|fishermen|"
                     r"herders?|motorists?|pedestrians?|bystanders?|schoolboys?|students?)\b",
                     re.IGNORECASE)
PEOPLE_HURT = re.compile(r"\b(?:passengers?|motorists?|pedestrians?|passers?-?by|bystanders?|"
                         r"shopkeepers?|traders?|journalists?)\b", re.IGNORECASE)
# The police as the ones a crowd attacked: "attacked the police", "clashed with law enforcers".
POLICE_HIT = re.compile(r"\b(?:attack\w*|clash\w*\s+with|assault\w*|pelt\w*|beat\w*|"
                        r"injur\w*|chas\w*)\s+(?:\w+\s+){0,3}?(?:police|policem[ae]n|"
                        r"law\s+enforcers|cops)\b|\b(?:police|policem[ae]n|law\s+enforcers)"
                        r"\s+(?:\w+\s+){0,2}?(?:were|was)\s+(?:\w+\s+)?(?:attacked|injured|"
                        r"assaulted|beaten|pelted|hurt)\b", re.IGNORECASE)
# The police's places attacked, or the police in a clash: "torched a police station",
# "a clash involving BNP, Awami League and police", "policemen were injured".
POLICE_TARGETED = re.compile(r"\b(?:police|law\s+enforcers?)\s+(?:stations?|vehicles?|vans?|"
                             r"posts?|outposts?|camps?|boxes)\b|\bclash\w*\b[^.;]{0,60}\b"
                             r"(?:police|policem[ae]n)\b|\bpolicem[ae]n\b[^.;]{0,40}\b(?:injur"
                             r"|attack|hurt)", re.IGNORECASE)
UNIDENTIFIED = re.compile(r"\b(?:unidentified|unknown|gunm[ae]n|assailants?|suspects? on board|"
                          r"riding[- ]in[- ]tandem|motorcycle|masked)\b", re.IGNORECASE)
# Shooting heard with no shooter named: ACLED's unidentified armed group.
GUNSHOTS = re.compile(r"\b(?:gun ?shots?|gunfire|shots|shooting)\b[^.;]{0,40}\bheard\b|"
                      r"\bheard\b[^.;]{0,40}\b(?:gun ?shots?|gunfire|shots|shooting)\b",
                      re.IGNORECASE)
# Foreign forces a report does not name ("international forces", "friendly forces", in
# Somalia mostly US strikes): ACLED's "Unidentified Military Forces" (external, 8).
INTERNATIONAL = re.compile(r"\b(?:international|foreign|friendly|coalition)\s+(?:air\s+)?forces\b|"
                           r"\bunidentified\s+military\s+forces\b", re.IGNORECASE)
DRUGS = re.compile(r"\b(?:drugs?|shabu|narcotics?|pusher|drug[- ]related)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Side:
    name: str
    inter: int


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
    if side1 is not None and (joint := _joint(text, code)) is not None and \
            side1.name in joint.name.split(JOINT):
        side1 = joint  # "JNIM and/or ISGS militants": ACLED names both, as one side
    side2 = _side2(event, code, text, side1)
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


JOINT = " and/or "
_JOINED = re.compile(r"\s+and/or\s+(?:the\s+)?$", re.IGNORECASE)


def _joint(text: str, code: str | None) -> Side | None:
    """Two groups the words name as "X and/or Y" (the perpetrator is one of them), as ACLED
    names such a side: "JNIM: Group for Support of Islam and Muslims and/or Islamic State
    (Greater Sahara)", with the first one's inter code."""
    ontology = load_ontology()
    matches = aliases_in(text)
    for left, right in pairwise(matches):
        if not _JOINED.match(text[left.end:right.start]):
            continue
        first = entry_side(ontology.choose(left, code), code, text)
        second = entry_side(ontology.choose(right, code), code, text)
        if first is not None and second is not None and first.name != second.name:
            return Side(f"{first.name}{JOINT}{second.name}", first.inter)
    return None


def _apart(side: Side, side1: Side | None) -> bool:
    """Whether `side` is not actor1 (nor one of the groups of a joint actor1)."""
    return side1 is None or side.name not in side1.name.split(JOINT)


def _side1(event: Event, code: str | None, text: str) -> tuple[Side | None, list[str]]:
    if event.type.startswith(("protest.", "riot.")):
        crowd = "Protesters" if event.type.startswith("protest.") else "Rioters"
        return generic(crowd, code, 6 if crowd == "Protesters" else 5), _named_groups(text)
    acting = [side for actor in event.actors_in("actor")
              if (side := side_of(actor, code, text)) is not None]
    if event.type == "strategic.disrupted_weapons" and (
            defusers := _state_named(text, code)) is not None:
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
    found = _first_in_text(text, code)
    if found is not None and found.inter == 1 and event.type == "remote.ied":
        # Mines and bombs are laid against the forces the words name: ACLED's IED events
        # naming soldiers or police have them as the planter in 4 % of its training notes.
        found = None
    if found is not None and (first is None or not found.name.startswith("Unidentified")):
        return found, []
    if event.type.startswith(("battle.", "civilians.")) and (
            communal := _communal_militia(text, code)) is not None:
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
COMMUNAL = re.compile(r"\b(?:villagers|groups? of villagers|land dispute|neighbou?rs|over\s+"
                      r"(?:a|the)\s+(?:land|property|boundary))\b", re.IGNORECASE)
VILLAGE = re.compile(r"\b(?:in|at|of)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s+village\b")


def _communal_militia(text: str, code: str | None) -> Side | None:
    """"two groups of villagers clashed over land in Kazipur village" -> "Kazipur Communal
    Militia (Bangladesh)" (inter 4), as ACLED names villagers who fight; on its training
    split, 238 battles and attacks of this kind name the village, 35 another side."""
    if code is None or not COMMUNAL.search(text) or (village := VILLAGE.search(text)) is None:
        return None
    return Side(f"{village.group(1)} Communal Militia ({country_name(code)})", IDENTITY_MILITIA)


def _first_in_text(text: str, code: str | None) -> Side | None:
    """The side the words name first as acting, when no actor was resolved: a named group,
    state forces ("police", "soldiers", "SNA") or unidentified attackers ("gunmen"). A side
    named after "by" is the agent; one the clause says was killed, shot, arrested... is not."""
    ontology = load_ontology()
    found: list[tuple[int, Side]] = []
    for match in aliases_in(text):
        entry = ontology.choose(match, code)
        if entry.armed or entry.inter is not None:
            side = entry_side(entry, code, match.text)
            if side is not None:
                found.append((match.start, side))
    found.extend(_militia_sides(text, code))
    for pattern, police in ((POLICE, True), (MILITARY, False)):
        found.extend((m.start(), state_forces(code, police)) for m in pattern.finditer(text))
    found.extend((m.start(), state_forces(country, False, code))
                 for m in _NATIONAL_FORCES.finditer(text)
                 if (country := country_for_demonym(m.group(1))) is not None)
    found.extend((m.start(), generic("Unidentified Gang", code, 3)) for m in GANG.finditer(text))
    if not found:
        return None
    found.sort(key=lambda item: item[0])
    by_agent = [side for start, side in found if BY.search(text[max(0, start - 30):start])]
    if by_agent:
        return by_agent[0]
    hit = [OBJECT.search(text[max(0, start - 40):start]) is not None for start, _ in found]
    acting = [side for (start, side), was_hit in zip(found, hit, strict=True)
              if not was_hit and not PATIENT.match(text[start:start + 80])]
    if not acting and all(hit):
        return None  # "mines attacked a military convoy": the side named was the target
    return (acting or [found[0][1]])[0]


def _side2(event: Event, code: str | None, text: str, side1: Side | None) -> Side | None:
    kind = event.type
    if kind == "protest.peaceful":
        return None
    if kind.startswith("riot.") and RIVAL_CROWDS.search(text):
        return generic("Rioters", code, 5)
    if kind.startswith("protest.") or kind == "riot.violent_demonstration":
        if kind.startswith("riot.") and not POLICE.search(text) and not MILITARY_WORDS.search(
                text):  # rioters who hurt people: "pelting stones at motorists"
            hurt = PEOPLE_HURT.search(text) or _unarmed_hurt(text)
            return generic("Civilians", code, 7) if hurt else None
        return state_forces(code, police=not _military_only(text), event_country=code)
    others = [side for actor in event.actors if actor.role in ("target", "affected")
              if (side := side_of(actor, code, text)) is not None
              and _apart(side, side1)]
    if kind.startswith("battle."):  # a clash is between armed sides: ACLED's never civilians
        others = [side for side in others if side.inter != 7]
    if kind == "riot.mob_violence" and (side1 is None or side1.inter != 1) and (
            POLICE_HIT.search(text) or POLICE_TARGETED.search(text)):
        return state_forces(code, True, code)  # the police a mob fought
    if kind.startswith(("civilians.", "riot.")) or kind in ("strategic.arrests",
                                                            "strategic.looting"):
        armed = [s for s in others if s.inter in (1, 2, 3, 4, 8)]
        return armed[0] if armed and kind.startswith("riot.") else generic("Civilians", code, 7)
    named = [s for s in _armed_in_text(text, code) if _apart(s, side1)]
    if others and not (others[0].name.startswith("Unidentified") and named):
        return others[0]  # "militants" the text names as Al Shabaab are Al Shabaab
    if others and kind.startswith(("battle.", "remote.")):
        return named[0]
    if others:
        return others[0]
    if kind.startswith(("battle.", "remote.")):
        # A coalition named beside the striker is its partner ("airstrikes by the US-led
        # coalition and Russia"), not what it struck.
        named = [s for s in _armed_in_text(text, code) if _apart(s, side1)
                 and not (kind.startswith("remote.") and s.inter == 8)]
        if named:
            return named[0]
        if side1 is not None and side1.inter in (1, 8) and (
                enemy := _other_state(text, side1, code)) is not None:
            return enemy  # "Russian and Ukrainian forces clashed"
        # Foreign forces striking are not fighting the host state unless the text says so.
        if side1 is not None and side1.inter not in (1, 8) and (
                state := _state_in_text(text, code, kind)) is not None:
            return state
        if side1 is not None and kind.startswith("battle.") and RIVALS.search(text):
            return side1  # "two rival factions of the BCL attacked each other"
        if kind.startswith("remote.") and (CIVILIAN_WORDS.search(text) or _unarmed_hurt(text)):
            return generic("Civilians", code, 7)
        if kind.startswith("battle.") and _civilian_victims(event, text):
            return generic("Civilians", code, 7)  # one armed side only: it attacked people
    return None


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
        side = state_forces(entry.country or code, police, code)
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
    return Side(name, inter)


def _unarmed_hurt(text: str) -> bool:
    """Whether a clause tells of unarmed people hurt or killed (not soldiers or police)."""
    return any(HURT.search(clause) and UNARMED.search(clause)
               and not (MILITARY_WORDS.search(clause) or POLICE.search(clause))
               for clause in re.split(r"[.;]", text))


def _civilian_victims(event: Event, text: str) -> bool:
    unit = event.quantity.unit if event.quantity else None
    if unit in ("fighters", "soldiers", "members", "commanders"):
        return False
    return bool(CIVILIAN_WORDS.search(text) or (event.fatalities is not None and unit))


def _branch(entry: ActorEntry, code: str | None) -> ActorEntry | None:
    """A transnational group's branch in the event's country, when the ontology has one: an
    affiliate that is the group in that country (IS in Somalia is its Somalia Province), not
    one unit among many where the group itself fights (IS in Syria is not one Daraa brigade)."""
    if code is None or entry.country == code:
        return None
    return next((child for child in load_ontology().entries.values()
                 if child.parent == entry.id and child.country == code and child.armed
                 and "affiliate" in child.tags), None)


def _armed_in_text(text: str, code: str | None) -> list[Side]:
    """Named non-state armed groups the text mentions (the ontology's, and identity militias
    named as ACLED names them), in order."""
    ontology = load_ontology()
    found: list[tuple[int, Side]] = []
    for match in aliases_in(text):
        entry = ontology.choose(match, code)
        if entry.generic or entry.kind == "state_forces" or (
                entry.kind not in ("rebel_group", "political_militia", "identity_militia",
                                   "international_coalition") and entry.inter is None):
            continue
        if (side := entry_side(entry, code, text)) is not None:
            found.append((match.start, side))
    found.extend(_militia_sides(text, code))
    ordered: list[Side] = []
    for _start, side in sorted(found, key=lambda item: item[0]):
        if side not in ordered:
            ordered.append(side)
    return ordered


def _militia_sides(text: str, code: str | None) -> list[tuple[int, Side]]:
    """Identity militias the words name (`actors.militias`), where no ontology alias stands."""
    taken = [(match.start, match.end) for match in aliases_in(text)]
    return [(m.start, Side(m.name, IDENTITY_MILITIA))
            for m in identity_militias(text, country_name(code) if code else None, taken,
                                       country_code=code)]


def _named_groups(text: str) -> list[str]:
    """Named groups (parties, militias) a crowd is associated with: "BNP activists"."""
    ontology = load_ontology()
    names: list[str] = []
    for match in aliases_in(text):
        entry = ontology.choose(match)
        if entry.inter is None and entry.kind not in ("rebel_group", "political_militia",
                                                      "identity_militia"):
            continue
        if entry.name not in names:
            names.append(entry.acled_name or entry.name)
    return names


def _state_in_text(text: str, code: str | None, event_type: str) -> Side | None:
    """State forces the event's words name without a resolved actor ("police shot", "an air
    strike", "soldiers")."""
    if POLICE.search(text) and not _military_first(text):
        return state_forces(code, True)
    if MILITARY.search(text) or event_type == "remote.air_strike":
        return state_forces(code, False)
    return None


_NATIONAL_FORCES = re.compile(r"\b([A-Z][a-z]+)\s+(?:security\s+)?(?:forces|troops|soldiers|army|"
                              r"military|positions|servicemen)\b")


def _other_state(text: str, side1: Side, code: str | None) -> Side | None:
    """Another state's forces the words name by their nationality ("Ukrainian positions")."""
    for match in _NATIONAL_FORCES.finditer(text):
        country = country_for_demonym(match.group(1))
        if country is None:
            continue
        side = state_forces(country, False, code)
        if side.name != side1.name:
            return side
    return None


def _state_named(text: str, code: str | None) -> Side | None:
    """The state forces the words name first: an ontology unit ("Jubaland security forces"),
    else police or soldiers; None when they name none."""
    ontology = load_ontology()
    found = [(match.start, side) for match in aliases_in(text)
             if (entry := ontology.choose(match, code)).kind == "state_forces"
             and (side := entry_side(entry, code, match.text)) is not None]
    for pattern, police in ((POLICE, True), (MILITARY, False)):
        found.extend((m.start(), state_forces(code, police)) for m in pattern.finditer(text))
    return min(found, key=lambda item: item[0])[1] if found else None


def _military_only(text: str) -> bool:
    return bool(MILITARY_WORDS.search(text)) and not POLICE.search(text)


def _military_first(text: str) -> bool:
    military, police = MILITARY.search(text), POLICE.search(text)
    return bool(military and police and military.start() < police.start())
