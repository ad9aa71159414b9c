"""Confidence: the rule score of each event, how merging raises it, and the blend of the two
halves of the hybrid typer, the rule match and the classifier. Every number that goes into an
event's `confidence` is named here.

The rules decide that there is an event and what its arguments are; the trained classifier
(`events.classifier`, PLOVER roots over sentence embeddings and lexical features) says how much
the evidence sentence reads like the event's type. Its probabilities are not calibrated, so the
agreement is relative: 1.0 when the event's PLOVER root is the classifier's first choice.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from eventatlas.model import Event
from eventatlas.ontology import plover_mapping

# --- the rule score: a trigger typed by the rules, plus what its event has filled ---------
RULE_BASE = 0.45
AGENT_BONUS = 0.15  # a perpetrator
AFFECTED_BONUS = 0.1  # someone affected or targeted
EXPLICIT_PLACE_BONUS = 0.1  # a place the text names, not one taken from context
EXPLICIT_DATE_BONUS = 0.1  # a date the text gives, not the publication date
QUANTITY_BONUS = 0.05
# One sentence's evidence never makes an event certain.
SENTENCE_CAP = 0.95
# A killing folded into the attack it is the toll of (`counting.fold_casualties`) is a second
# mention of that attack in the same sentence.
FOLDED_TOLL_BONUS = 0.05
# Two mentions merged into one event (`merge`): corroboration within the report raises
# confidence a little, to a higher cap than one sentence reaches.
CORROBORATION_BONUS = 0.02
CORROBORATED_CAP = 0.97
# The rules carry most of the weight: they are precise, the classifier is a second opinion
# (0.59 accuracy alone on held-out PLOVER GSR sentences, see docs/events.md).
RULE_WEIGHT = 0.8


def rule_confidence(event: Event) -> float:
    """A transparent heuristic: the rule match plus the fields the event has filled."""
    score = RULE_BASE
    score += AGENT_BONUS if event.actors_in("actor") else 0.0
    score += AFFECTED_BONUS if event.actors_in("affected") or event.actors_in("target") else 0.0
    place = event.location or event.origin or event.destination
    score += EXPLICIT_PLACE_BONUS if place is not None and place.basis == "explicit" else 0.0
    score += EXPLICIT_DATE_BONUS if event.date is not None and event.date.basis == "explicit" \
        else 0.0
    score += QUANTITY_BONUS if event.quantity is not None else 0.0
    return min(score, SENTENCE_CAP)


def with_folded_toll(confidence: float) -> float:
    """An attack's confidence once a killing in its sentence is folded into it as its toll."""
    return min(SENTENCE_CAP, confidence + FOLDED_TOLL_BONUS)


def corroborated(confidence: float, other: float) -> float:
    """The confidence of an event merged from two mentions of the same happening."""
    return min(CORROBORATED_CAP, max(confidence, other) + CORROBORATION_BONUS)


def blend_confidence(events: list[Event], doc: Doc | None = None) -> None:
    """`doc` is the parse of the document the events' evidence indexes: the classifier reads
    its syntax from there instead of parsing every evidence sentence again."""
    from eventatlas.events.classifier import shipped_classifier

    model = shipped_classifier()
    if model is None or not events:
        return
    # Events of one sentence share their evidence: each distinct sentence is scored once.
    keys = [(e.start, e.end, e.text) for e in (event.evidence[0] for event in events)]
    first: dict[tuple[int, int, str], Event] = {}
    for key, event in zip(keys, events, strict=True):
        first.setdefault(key, event)
    classes, proba = model.predict_proba([_evidence(event, doc) for event in first.values()])
    row_of = dict(zip(first, proba, strict=True))
    column = {label: index for index, label in enumerate(classes)}
    for event, key in zip(events, keys, strict=True):
        row = row_of[key]
        root = plover_mapping(event.type)["event_type"]
        if root not in column:
            continue
        agreement = float(row[column[root]] / row.max())
        event.confidence = round(RULE_WEIGHT * event.confidence + (1 - RULE_WEIGHT) * agreement, 3)


def _evidence(event: Event, doc: Doc | None) -> Any:
    evidence = event.evidence[0]
    span = doc.char_span(evidence.start, evidence.end, alignment_mode="expand") if doc else None
    return span if span is not None and span.text.strip() else evidence.text
