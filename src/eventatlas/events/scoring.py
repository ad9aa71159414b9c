"""Confidence from the two halves of the hybrid typer: the rule match and the classifier.

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

# The rules carry most of the weight: they are precise, the classifier is a second opinion
# (0.59 accuracy alone on held-out PLOVER GSR sentences, see docs/events.md).
RULE_WEIGHT = 0.8


def blend_confidence(events: list[Event], doc: Doc | None = None) -> None:
    """`doc` is the parse of the document the events' evidence indexes: the classifier reads
    its syntax from there instead of parsing every evidence sentence again."""
    from eventatlas.events.classifier import shipped_classifier

    model = shipped_classifier()
    if model is None or not events:
        return
    classes, proba = model.predict_proba([_evidence(event, doc) for event in events])
    column = {label: index for index, label in enumerate(classes)}
    for event, row in zip(events, proba, strict=True):
        root = plover_mapping(event.type)["event_type"]
        if root not in column:
            continue
        agreement = float(row[column[root]] / row.max())
        event.confidence = round(RULE_WEIGHT * event.confidence + (1 - RULE_WEIGHT) * agreement, 3)


def _evidence(event: Event, doc: Doc | None) -> Any:
    evidence = event.evidence[0]
    span = doc.char_span(evidence.start, evidence.end, alignment_mode="expand") if doc else None
    return span if span is not None and span.text.strip() else evidence.text
