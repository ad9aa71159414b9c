"""Sides of an event read from its words, for `actors.acled`: what the resolver's actors leave
open (a side named only as "police", "gunmen", "villagers of Kazipur", "JNIM and/or ISGS"), and
the cues that decide between sides (who was hit, who hurt unarmed people, rival crowds).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from eventatlas.actors.acled_country import aliases_in, country_name
from eventatlas.actors.acled_names import (
    MILITARY_WORDS,
    POLICE,
    Side,
    entry_side,
    generic,
    state_forces,
)
from eventatlas.actors.militias import IDENTITY_MILITIA, identity_militias
from eventatlas.actors.ontology import country_for_demonym, load_ontology
from eventatlas.model import Event

# Case matters for the acronyms and for "army" (the "Arakan Army" is no state's), not for the
# words that open a sentence ("Soldiers from the 94th Infantry Battalion attacked").
MILITARY = re.compile(r"\b(?:(?i:soldiers?|troops|security forces)|army|military|marines?|navy|"
                      r"air force|warplanes?|jets?|servicem[ae]n|armed forces|national guard|"
                      r"paratroopers|artillery|militaries|SNA|FARDC|TNI|"
                      r"Tatmadaw|junta|ENDF|SAF|FAMa|FDS)\b")
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
# A clash the words set between a crowd and the forces: "a clash between his supporters and
# police", "clashed with government forces", "between police and garment workers".
_FORCES = (r"(?:the\s+)?(?:police|policem[ae]n|law\s+enforcers|security\s+forces|"
           r"government\s+forces|joint\s+forces|BGB|border\s+guards?|army|soldiers|troops)")
STATE_CLASH = re.compile(rf"\bclash\w*\s+with\s+{_FORCES}\b|\bbetween\s+{_FORCES}\s+and\b|"
                         rf"\bbetween\s+[^.;]{{1,60}}?\s+and\s+{_FORCES}\b", re.IGNORECASE)
# Any fight between crowds: "supporters of NPP and NDC clashed", "a factional clash".
CROWD_FIGHT = re.compile(r"\b(?:clash(?:ed|es)?|fought|factional|feud|scuffled?|scuffles|"
                         r"running\s+battles?|brawl)\b", re.IGNORECASE)
# Words for fighters of no state: a foreign army fighting them is not fighting the host state.
NON_STATE_FIGHTERS = re.compile(r"\b(?:militants?|rebels?|insurgents?|jihadists?|extremists?|"
                                r"terrorists?|separatists?|militias?|militiamen)\b", re.IGNORECASE)
# Forces named as where the firing came from ("shelling from army posts") are the shooters.
FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+|its\s+|their\s+)?$", re.IGNORECASE)
# A group named as the one that laid a bomb: "a Taliban-planted roadside bomb".
PLANTED = re.compile(r"\b([A-Z][\w']*(?:\s+[A-Z][\w']*)?)-(?:planted|laid)\b")
# Victims named by their nationality: "a Nigerien miner", "two Chinese nationals".
_NATIONALS = re.compile(r"\b([A-Z][a-z]+)\s+(?:civilians?|nationals?|citizens?|miners?|traders?|"
                        r"workers?|m[ae]n|wom[ae]n|farmers?|herders?|drivers?|refugees?|"
                        r"migrants?|fishermen|shepherds?|businessm[ae]n|engineers?|teachers?)\b")
# What belongs to the forces rather than the forces acting: "the military-owned telecom tower",
# "a military-appointed administrator", "two police stations were bombed".
PROPERTY = re.compile(r"(?:-owned|-appointed|-run|-controlled|\s+(?:stations?|posts?|outposts?|"
                      r"box(?:es)?|headquarters|barracks|bases?|camps?))\b", re.IGNORECASE)
# One side fighting itself: "two rival factions of the BCL", "2 groups of SNA soldiers
# clashed", "two unspecified clan militias", "shoot-outs between unknown shooters" (the same
# actor on both sides in 696 of 813 training battles so worded).
RIVALS = re.compile(r"\b(?:each\s+other|one\s+another|rival\s+(?:factions|groups|wings)|"
                    r"infighting|internal\s+(?:clash|feud)|factional|factions\s+of|"
                    r"(?:two|2)\s+(?:armed\s+|rival\s+)?(?:groups|factions|wings|camps)|"
                    r"(?:two|2)\s+(?:unspecified\s+|unidentified\s+)?(?:clan\s+|communal\s+|"
                    r"ethnic\s+)?militias|between\s+(?:unknown|unidentified)\s+(?:shooters|"
                    r"gunmen|assailants|armed\s+men))\b", re.IGNORECASE)
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
JOINT = " and/or "
_JOINED = re.compile(r"\s+and/or\s+(?:the\s+)?$", re.IGNORECASE)


def joint(text: str, code: str | None) -> Side | None:
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


# Villagers fighting over land: ACLED's communal militia, named after their village.
COMMUNAL = re.compile(r"\b(?:villagers|groups? of villagers|land dispute|neighbou?rs|over\s+"
                      r"(?:a|the)\s+(?:land|property|boundary))\b", re.IGNORECASE)
VILLAGE = re.compile(r"\b(?:in|at|of|from)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s+village\b")


def communal_militia(text: str, code: str | None) -> Side | None:
    """"two groups of villagers clashed over land in Kazipur village" -> "Kazipur Communal
    Militia (Bangladesh)" (inter 4), as ACLED names villagers who fight; on its training
    split, 238 battles and attacks of this kind name the village, 35 another side."""
    if code is None or not COMMUNAL.search(text) or (village := VILLAGE.search(text)) is None:
        return None
    return Side(f"{village.group(1)} Communal Militia ({country_name(code)})", IDENTITY_MILITIA)


def first_in_text(text: str, code: str | None) -> Side | None:
    """The side the words name first as acting, when no actor was resolved: a named group,
    state forces ("police", "soldiers", "SNA") or unidentified attackers ("gunmen"). A side
    named as the agent (`agent_in_text`) comes first; one the clause says was killed, shot,
    arrested... is passed over."""
    found = _sides_named(text, code)
    if (agent := _agent(text, code, found)) is not None:
        return agent
    if not found:
        return None
    hit = [OBJECT.search(text[max(0, start - 40):start]) is not None for start, _ in found]
    acting = [side for (start, side), was_hit in zip(found, hit, strict=True)
              if not was_hit and not PATIENT.match(text[start:start + 80])]
    if not acting and all(hit):
        return None  # "mines attacked a military convoy": the side named was the target
    return (acting or [found[0][1]])[0]


def agent_in_text(text: str, code: str | None) -> Side | None:
    """The side the words name as the agent: a group before "-planted" ("a Taliban-planted
    roadside bomb"), else the first side named after "by" ("a mine planted by the military")."""
    return _agent(text, code, _sides_named(text, code))


def _agent(text: str, code: str | None, found: list[tuple[int, Side]]) -> Side | None:
    ontology = load_ontology()
    for planted in PLANTED.finditer(text):
        for match in aliases_in(planted.group(1)):
            if (side := entry_side(ontology.choose(match, code), code, match.text)) is not None:
                return side
    return next((side for start, side in found if BY.search(text[max(0, start - 30):start])
                 and not OBJECT.search(text[max(0, start - 40):start])), None)


def _sides_named(text: str, code: str | None) -> list[tuple[int, Side]]:
    """Every armed side the words name, with where: the ontology's groups, identity militias,
    state forces (not their property), forces named by nationality and gangs."""
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
        found.extend((m.start(), state_forces(code, police)) for m in pattern.finditer(text)
                     if not PROPERTY.match(text, m.end())
                     or FROM_BEFORE.search(text, max(0, m.start() - 12), m.start()))
    found.extend((m.start(), state_forces(country, False, code))
                 for m in _NATIONAL_FORCES.finditer(text)
                 if (country := country_for_demonym(m.group(1))) is not None)
    found.extend((m.start(), generic("Unidentified Gang", code, 3)) for m in GANG.finditer(text))
    return sorted(found, key=lambda item: item[0])


def civilians_of(text: str, code: str | None) -> Side:
    """The civilians an event hurt, named after the country whose nationals the words say they
    were ("a Nigerien miner" in Burkina Faso: "Civilians (Niger)", as ACLED names them in 58 of
    82 training notes so worded), else after the event's country."""
    for match in _NATIONALS.finditer(text):
        if (home := country_for_demonym(match.group(1))) is not None and home != code:
            return generic("Civilians", home, 7)
    return generic("Civilians", code, 7)


def unarmed_hurt(text: str) -> bool:
    """Whether a clause tells of unarmed people hurt or killed (not soldiers or police)."""
    return any(HURT.search(clause) and UNARMED.search(clause)
               and not (MILITARY_WORDS.search(clause) or POLICE.search(clause))
               for clause in re.split(r"[.;]", text))


def civilian_victims(event: Event, text: str) -> bool:
    unit = event.quantity.unit if event.quantity else None
    if unit in ("fighters", "soldiers", "members", "commanders"):
        return False
    return bool(CIVILIAN_WORDS.search(text) or (event.fatalities is not None and unit))


def armed_in_text(text: str, code: str | None) -> list[Side]:
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


@lru_cache(maxsize=32)  # both side readers ask, for each event of a sentence
def _militia_sides(text: str, code: str | None) -> tuple[tuple[int, Side], ...]:
    """Identity militias the words name (`actors.militias`), where no ontology alias stands."""
    taken = [(match.start, match.end) for match in aliases_in(text)]
    return tuple((m.start, Side(m.name, IDENTITY_MILITIA))
                 for m in identity_militias(text, country_name(code) if code else None, taken,
                                            country_code=code))


def named_groups(text: str) -> list[str]:
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


def state_in_text(text: str, code: str | None, event_type: str) -> Side | None:
    """State forces the event's words name without a resolved actor ("police shot", "an air
    strike", "soldiers")."""
    if POLICE.search(text) and not military_first(text):
        return state_forces(code, True)
    if MILITARY.search(text) or event_type == "remote.air_strike":
        return state_forces(code, False)
    return None


_NATIONAL_FORCES = re.compile(r"\b([A-Z][a-z]+)\s+(?:security\s+)?(?:[Ff]orces|troops|soldiers|"
                              r"[Aa]rmy|military|positions|servicemen)\b")


def other_state(text: str, side1: Side, code: str | None) -> Side | None:
    """Another state's forces the words name by their nationality ("Ukrainian positions")."""
    for match in _NATIONAL_FORCES.finditer(text):
        country = country_for_demonym(match.group(1))
        if country is None:
            continue
        side = state_forces(country, False, code)
        if side.name != side1.name:
            return side
    return None


def state_named(text: str, code: str | None) -> Side | None:
    """The state forces the words name first: an ontology unit ("Jubaland security forces"),
    else police or soldiers; None when they name none."""
    ontology = load_ontology()
    found = [(match.start, side) for match in aliases_in(text)
             if (entry := ontology.choose(match, code)).kind == "state_forces"
             and (side := entry_side(entry, code, match.text)) is not None]
    for pattern, police in ((POLICE, True), (MILITARY, False)):
        found.extend((m.start(), state_forces(code, police)) for m in pattern.finditer(text))
    return min(found, key=lambda item: item[0])[1] if found else None


def military_only(text: str) -> bool:
    return bool(MILITARY_WORDS.search(text)) and not POLICE.search(text)


def military_first(text: str) -> bool:
    military, police = MILITARY.search(text), POLICE.search(text)
    return bool(military and police and military.start() < police.start())
