"""Detect events: trigger words typed and filled from the dependency parse.

For each sentence, event words from the lexicon become candidate events (`events.candidates`);
candidates that are generic ("every threat pushes it..."), embedded in another event
("readiness to storm"), or anticipations without participants are dropped. Each remaining
candidate gets its actors, places, date, quantity, attribution and modality, and one event per
actor when several act ("air strikes by the coalition and Russia") (`events.assemble`).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from eventatlas import attribution as attribution_step
from eventatlas.budget import check_budget
from eventatlas.events import learned
from eventatlas.events.assemble import build_events
from eventatlas.events.candidates import typed_candidates
from eventatlas.events.context import DetectionContext
from eventatlas.events.counting import fold_casualties
from eventatlas.model import Event
from eventatlas.nlp import span_text

__all__ = ["DetectionContext", "detect_events"]


def detect_events(doc: Doc, context: DetectionContext) -> list[Event]:
    events: list[Event] = []
    persons = _persons_by_sentence(doc)
    guesses = learned.sentence_guesses(doc)
    for sentence in doc.sents:
        check_budget()
        context.actors.note_text(span_text(sentence), context.actor_context)
        # What `SpeakerContext.note_persons(sentence)` does, from the names read once.
        for name in persons.get(sentence.start, ()):
            if name not in context.speakers.persons:
                context.speakers.persons.append(name)
        candidates = typed_candidates(sentence, guesses.get(sentence.start))
        sentence_events = fold_casualties([
            event
            for candidate in candidates
            for event in build_events(candidate, sentence, context)
        ])
        if sentence_events:
            context.last_date = sentence_events[-1].date
        events.extend(sentence_events)
        attribution_step.update_speakers(sentence, context.speakers)
    return events


def _persons_by_sentence(doc: Doc) -> dict[int, list[str]]:
    """The PERSON names of each sentence (by its first token), as `sentence.ents` gives them:
    only entities wholly inside it. Read from `doc.ents` once, since `Span.ents` rebuilds every
    entity of the document on each call."""
    starts: list[int] = []
    ends: list[int] = []
    for sentence in doc.sents:
        starts.append(sentence.start)
        ends.append(sentence.end)
    persons: dict[int, list[str]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        number = bisect_right(starts, ent.start) - 1
        if number >= 0 and ent.end <= ends[number]:
            persons.setdefault(starts[number], []).append(ent.text)
    return persons
