"""How many: the counted group an event moves, hits or kills, and casualties folded into attacks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from spacy.tokens import Span, Token

from eventatlas.actors.ontology import ARMED_KINDS
from eventatlas.events.scoring import with_folded_toll
from eventatlas.events.syntax import noun_phrase
from eventatlas.events.tolls import extra_death_figures, summed_toll
from eventatlas.figures import MOVED_UNITS, movement_figure, with_equivalent, with_place_parts
from eventatlas.model import Actor, Event, Quantity
from eventatlas.nlp import span_text
from eventatlas.quantity import (
    find_death_figures,
    find_quantities,
    is_cumulative,
    parse_fatalities,
    parse_quantity,
)


def event_quantity(trigger: Token, patients: list[tuple[Span, Actor | None]],
                   event_type: str) -> Quantity | None:
    quantity = _argument_quantity(trigger, patients)
    if not event_type.startswith("movement."):
        return quantity
    # A movement's figure, IDMC's way: its own arguments first, else the people counted
    # nearest its word in the sentence; a second unit given with it is kept alongside.
    # "Four villages were evacuated": a count of places is kept only when no people are counted.
    # Counts given place by place are summed ("1,200 in X and 800 in Y").
    sentence, text = trigger.sent, span_text(trigger.sent)
    if quantity is None or quantity.unit not in MOVED_UNITS:
        nearest = movement_figure(text, trigger.idx - sentence.start_char)
        nearest = nearest or _counted_people_name(trigger)
        return with_place_parts(text, nearest) if nearest else quantity
    return with_place_parts(text, with_equivalent(text, quantity))


def _counted_people_name(trigger: Token) -> Quantity | None:
    """"as many as 35,326 Brus of western Mizoram took shelter": a people counted by its own
    name as the subject of the movement; the name is no unit word, so the count is of people."""
    for child in trigger.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "PROPN" and any(
                grand.dep_ == "nummod" for grand in child.children):
            counted = parse_quantity(child.doc[child.left_edge.i:child.i + 1].text)
            return replace(counted, unit="people") if counted else None
    return None


def _argument_quantity(trigger: Token, patients: list[tuple[Span, Actor | None]]
                       ) -> Quantity | None:
    for span, _ in patients:
        found = find_quantities(span.text)
        if found:
            return found[0][2]
        head = span.doc[span.start:span.root.i + 1].text
        if span.root.tag_ == "NNS" and (quantity := parse_quantity(head)) is not None:
            return quantity  # "20 shepherds": any counted plural the victims are named by
    if trigger.pos_ == "VERB":
        for child in trigger.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                found = find_quantities(noun_phrase(child).text)
                if found:
                    return found[0][2]
    return None


# Words that report a death, not a way of killing ("executed", "beheaded" are acts of their own).
_KILLING_WORDS = ("kill", "dead", "die", "death")


def fold_casualties(events: list[Event]) -> list[Event]:
    """"Ten civilians were killed when Russian warplanes struck a town": the killing is the
    strike's toll, not a second event. A killing folds into the attack or battle reported in
    the same sentence, as its fatalities and victims, when it names no perpetrator or only the
    attack's own ("Government forces shelled Douma, killing 12 civilians": one shelling with
    12 dead, as ACLED codes it, not a shelling and a second attack counting the same dead)."""
    attach_death_tolls(events)
    attacks = [e for e in events if e.type.startswith(("remote.", "battle."))]
    if not attacks:
        return events
    kept = []
    for event in events:
        attack = _attack_it_tolls(event, attacks)
        if attack is not None:
            attack.fatalities = attack.fatalities or event.fatalities
            attack.actors.extend(a for a in event.actors if a.role in ("affected", "target"))
            attack.confidence = with_folded_toll(attack.confidence)
            continue
        kept.append(event)
    return kept


def _attack_it_tolls(event: Event, attacks: list[Event]) -> Event | None:
    if event.type != "civilians.attack":
        return None
    perpetrators = {_actor_key(actor) for actor in event.actors_in("actor")}
    if not perpetrators:
        return attacks[0]
    if not reports_a_death(event):
        return None
    # Only a strike, shelling or bombing: its killing is its toll. A side taking ground and
    # killing people there may have done two things (a battle, then a massacre).
    return next((attack for attack in attacks if attack.type.startswith("remote.")
                 and perpetrators <= {_actor_key(actor) for actor in attack.actors_in("actor")}),
                None)


def reports_a_death(event: Event) -> bool:
    """Whether the event's word reports a death ("killed", "dead"), not a way of killing."""
    return (event.trigger or "").lower().startswith(_KILLING_WORDS)


def _actor_key(actor: Actor) -> str:
    return actor.actor_id or actor.name.lower()


def attach_death_tolls(events: list[Event]) -> None:
    """Air strikes, shelling and bombs kill people too: a violent event with no toll takes the
    first death figure its sentence states ("Air strikes kill 12 in Aleppo", "killing at least
    21 civilians", "the death toll rose to 40"), and that figure as its count when it has none.
    The first figure, not the sum: a second one usually counts another group. Running totals
    ("300,000 killed since 2011") are history, not the event's toll, and are dropped."""
    for event in events:
        if not is_violent(event.type) or not event.evidence:
            continue
        text = event.evidence[0].text
        if event.fatalities is not None and _counts_history(text, event.quantity):
            event.fatalities, event.quantity = None, None
        if event.fatalities is not None:
            continue
        figures = [(start, end, q) for start, end, q in
                   (find_death_figures(text) or extra_death_figures(text))
                   if not is_cumulative(text, start, end, q)]
        if figures:
            toll = summed_toll(text) or figures[0][2]
            event.fatalities = parse_fatalities([toll])
            event.quantity = event.quantity or toll


def _counts_history(text: str, quantity: Quantity | None) -> bool:
    """Whether the count a toll was read from is a running total in its sentence ("ISIS has
    killed hundreds of people since it declared a caliphate")."""
    if quantity is None or not quantity.text:
        return False
    start = text.find(quantity.text)
    return start >= 0 and is_cumulative(text, start, start + len(quantity.text), quantity)


VIOLENT_TYPES = ("battle.", "remote.", "civilians.attack", "riot.")
CIVILIAN_UNITS = frozenset({"people", "children", "women", "men", "families", "households",
                            "bodies"})
COMBATANT_UNITS = frozenset({"fighters", "soldiers", "members", "commanders", "leaders"})
# Words that make a victim phrase people at large whatever group it was resolved to.
_PEOPLE = re.compile(r"\b(?:people|civilians?|women|children|residents)\b", re.IGNORECASE)
THING_UNITS = frozenset({"airstrikes", "houses", "buildings", "villages", "vehicles", "tents"})


def is_violent(event_type: str) -> bool:
    return event_type.startswith(VIOLENT_TYPES)


# Combatants named with a toll whose own words name no one ("Suicide Bomber Kills Five Kurdish
# Police", "25 Terrorist Killed"): up to two capitalised words, then the armed noun.
COMBATANT_NOUN = re.compile(r"\b(?:police(?:m[ae]n|\s+officers?)?|soldiers?|troops|fighters?|"
                            r"militants?|rebels?|terrorists?|jihadists?|militiam[ae]n|gunm[ae]n|"
                            r"insurgents?|members\s+of\s+(?:[\w-]+\s+){0,3}?(?:militias?|"
                            r"groups?|forces|brigades?|factions?|movement))\b", re.IGNORECASE)
_FIGURE = re.compile(r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                     r"twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                     r"dozens|hundreds)\b", re.IGNORECASE)
_ARMED_NEXT = re.compile(r"\s+(?:(?-i:[A-Z])[\w-]*\s+){0,2}?(?:" + COMBATANT_NOUN.pattern + ")",
                         re.IGNORECASE)
# A toll worded with a verb and a figure only ("kills 19", "Kills Five"): it names no one.
_BARE_TOLL = re.compile(r"^\w+(?:\s+(?:at\s+least|some|about|nearly|over))?\s+[\w,-]+$",
                        re.IGNORECASE)


def civilian_toll(event: Mapping[str, Any]) -> int | None:
    """Civilian deaths of an event in the output contract (`Event.as_dict()`): its best
    fatality figure when the dead are civilians or people at large, 0 when they are named
    combatants ("29 rebels", "Kills Five Kurdish Police"), None when it has no figure."""
    fatalities = event.get("fatalities") or {}
    best = fatalities.get("best") if fatalities.get("best") is not None else fatalities.get("low")
    if best is None:
        return None
    quantity = event.get("quantity") or {}
    unit = quantity.get("unit")
    if unit in THING_UNITS:
        return None  # "Pounds down by 56 Airstrikes": a count of strikes is no toll
    if unit in COMBATANT_UNITS or _names_combatants(event, quantity.get("text") or ""):
        return 0
    if unit in CIVILIAN_UNITS and not _BARE_TOLL.match(quantity.get("text") or ""):
        return best
    victims = [a for a in event.get("actors", []) if a.get("role") in ("affected", "target")]
    if victims and all(a.get("kind") in ARMED_KINDS and not _PEOPLE.search(a.get("text") or "")
                       for a in victims):
        return 0  # "an attack on a training camp killed three members of a militia"
    return best


def _names_combatants(event: Mapping[str, Any], toll: str) -> bool:
    """Whether the toll's words, or the words right after them, name armed men: "25 Terrorist
    Killed", "kills five| Kurdish police"."""
    if not toll:
        return False
    if any(_armed_next(toll, figure.end()) for figure in _FIGURE.finditer(toll)):
        return True
    for evidence in event.get("evidence") or []:
        text = evidence.get("text") or ""
        at = text.find(toll)
        if at >= 0 and _armed_next(text, at + len(toll)):
            return True
    return False


def _armed_next(text: str, at: int) -> bool:
    """Whether armed men are named right at `at`, after up to two capitalised words."""
    return _ARMED_NEXT.match(text, at) is not None
