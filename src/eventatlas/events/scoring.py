"""Confidence from the two halves of the hybrid typer: the rule match and the classifier.

The rules decide that there is an event and what its arguments are; the trained classifier
(`events.classifier`, PLOVER roots over sentence embeddings and lexical features) says how much
the evidence sentence reads like the event's type. Its probabilities are not calibrated, so the
agreement is relative: 1.0 when the event's PLOVER root is the classifier's first choice.
"""

from __future__ import annotations

from eventatlas.model import Event
from eventatlas.ontology import plover_mapping

# The rules carry most of the weight: they are precise, the classifier is a weak second opinion
# (0.32 accuracy alone on the PLOVER GSR, see docs/events.md).
RULE_WEIGHT = 0.8


def blend_confidence(events: list[Event]) -> None:
    from eventatlas.events.classifier import shipped_classifier

    model = shipped_classifier()
    if model is None or not events:
        return
    classes, proba = model.predict_proba([event.evidence[0].text for event in events])
    column = {label: index for index, label in enumerate(classes)}
    for event, row in zip(events, proba, strict=True):
        root = plover_mapping(event.type)["event_type"]
        if root not in column:
            continue
        agreement = float(row[column[root]] / row.max())
        event.confidence = round(RULE_WEIGHT * event.confidence + (1 - RULE_WEIGHT) * agreement, 3)
