"""How many: the counted group an event moves, hits or kills, and casualties folded into attacks."""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventatlas.events.syntax import noun_phrase
from eventatlas.model import Actor, Event, Quantity
from eventatlas.quantity import find_quantities, parse_quantity


def event_quantity(trigger: Token, patients: list[tuple[Span, Actor | None]],
              event_type: str) -> Quantity | None:
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


def fold_casualties(events: list[Event]) -> list[Event]:
    """"Ten civilians were killed when Russian warplanes struck a town": the killing is the
    strike's toll, not a second event. A perpetrator-less killing folds into the attack or
    battle reported in the same sentence, as its fatalities and victims."""
    attacks = [e for e in events if e.type.startswith(("remote.", "battle."))]
    if not attacks:
        return events
    kept = []
    for event in events:
        if event.type == "civilians.attack" and not event.actors_in("actor"):
            attack = attacks[0]
            attack.fatalities = attack.fatalities or event.fatalities
            attack.actors.extend(a for a in event.actors if a.role in ("affected", "target"))
            attack.confidence = min(0.95, attack.confidence + 0.05)
            continue
        kept.append(event)
    return kept


# --- candidates -------------------------------------------------------------------------------
