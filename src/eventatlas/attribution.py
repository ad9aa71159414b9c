"""Who says so: find the source a reported event is attributed to, and how committed it is.

"local sources reported", "Abu Abdullah said", "“...,” he said", "according to local sources",
"The source added" and quotes that run on from a previous speaker all name a source. Sources
that speak for a party ("a pro-ISIS media source", "the group said in a statement") make the
event a claim rather than a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from eventatlas.events.lexicon import (
    CLAIM_VERBS,
    FUTURE_AUX,
    NEGATION_VERBS,
    PLANNING_VERBS,
    REPORTING_VERBS,
    SPEECH_VERBS,
)
from eventatlas.events.syntax import noun_phrase, subjects
from eventatlas.model import Attribution, Modality
from eventatlas.nlp import sentence_ents, span_text

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
ANAPHORIC_SOURCES = re.compile(r"^(?:the|this|that|same)\s+(?:same\s+)?(?:source|sources)$", re.I)
PARTY_SOURCE = re.compile(
    r"\bpro-|\bspokes(?:man|woman|person)\b|\bofficials?\b|\bcommanders?\b|\bstatement\b|"
    r"\bmedia (?:office|outlet|wing|arm)\b|\bAmaq\b|\bpropaganda\b",
    re.IGNORECASE,
)
_QUOTE_OPEN = ("“", '"', "‘", "«")
_DETERMINER = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)


@dataclass(slots=True)
class SpeakerContext:
    """Who has spoken so far, to resolve "he said", "the source added" and bare surnames."""

    persons: list[str] = field(default_factory=list)
    last_person: str | None = None
    last_source: str | None = None
    last_speaker: str | None = None

    def note_persons(self, sentence: Span) -> None:
        for ent in sentence_ents(sentence):
            if ent.label_ == "PERSON" and ent.text not in self.persons:
                self.persons.append(ent.text)


def attribute(token: Token, context: SpeakerContext) -> Attribution | None:
    """The source an event word is attributed to, or None when the outlet itself asserts it."""
    verb = _reporting_verb_above(token)
    if verb is not None and (source := _speaker(verb, context)):
        return source
    if according := _according_to(token.sent):
        return according
    if _is_running_quote(token.sent) and context.last_speaker:
        return Attribution(source=context.last_speaker, text=context.last_speaker)
    return None


def update_speakers(sentence: Span, context: SpeakerContext) -> None:
    """After a sentence is read: remember who spoke in it. (Its persons are noted before the
    sentence is read, by `SpeakerContext.note_persons` or from names read once per document.)"""
    for token in sentence:
        if token.lemma_ in SPEECH_VERBS and token.pos_ == "VERB":
            source = _speaker(token, context)
            if source is not None:
                _remember(source, token, context)
    if according := _according_to(sentence):
        context.last_source = according.source
        context.last_speaker = according.source


def modality_of_source(attribution: Attribution | None, verb_lemma: str | None) -> Modality:
    if attribution is None:
        return "asserted"
    if verb_lemma in CLAIM_VERBS or PARTY_SOURCE.search(f"{attribution.source} {attribution.text}"):
        return "claimed"
    return "reported"


def reporting_verb_lemma(token: Token) -> str | None:
    verb = _reporting_verb_above(token)
    return verb.lemma_ if verb is not None else None


def _reporting_verb_above(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if ancestor.lemma_ in SPEECH_VERBS and ancestor.pos_ == "VERB":
            return ancestor
    return None


def _speaker(verb: Token, context: SpeakerContext) -> Attribution | None:
    subject = speaker_token(verb)
    if subject is None:
        return None
    person = _ent_of(subject) if subject.ent_type_ == "PERSON" else None
    text = (person or noun_phrase(subject)).text.strip(" ,–—-")
    return Attribution(source=_resolve_speaker(text, subject, context), text=text)


def speaker_token(verb: Token) -> Token | None:
    """The subject of a verb of speech. A place is never the speaker (datelines such as
    "HASAKAH –" get parsed as subjects); with no subject parsed ("Speaking to ARA News in
    Hasakah, Abu Abdullah, a displaced man ..., said"), the last person named before the verb."""
    candidates = [s for s in subjects(verb) if s.ent_type_ not in ("GPE", "LOC", "FAC")]
    if candidates:
        return candidates[-1]
    ents = sentence_ents(verb.sent)
    adjacent = [e for e in ents if e.end == verb.i and e.label_ in ("ORG", "PERSON")]
    if adjacent:
        return adjacent[-1].root  # "..., the Syrian Observatory for Human Rights said."
    people = [e for e in ents if e.end <= verb.i and e.label_ == "PERSON"]
    return people[-1].root if people else None


def _ent_of(token: Token) -> Span | None:
    for ent in sentence_ents(token.sent):
        if ent.start <= token.i < ent.end:
            return ent
    return None


def _resolve_speaker(text: str, subject: Token, context: SpeakerContext) -> str:
    if subject.lower_ in PRONOUNS:
        return (context.last_person if subject.lower_ in ("he", "she") else None) or (
            context.last_speaker or text
        )
    if ANAPHORIC_SOURCES.match(text) and context.last_source:
        return context.last_source
    for person in context.persons:
        # "Abdullah said" after "Abu Abdullah ...": the surname stands for the full name.
        if text != person and person.endswith(" " + text):
            return person
    return _DETERMINER.sub("", text)


def _remember(source: Attribution, verb: Token, context: SpeakerContext) -> None:
    subject = speaker_token(verb)
    if subject is None:
        return
    is_person = subject.ent_type_ == "PERSON" or source.source in context.persons
    if is_person:
        context.last_person = source.source
    elif subject.lower_ not in PRONOUNS:
        context.last_source = source.source
    context.last_speaker = source.source


def _according_to(sentence: Span) -> Attribution | None:
    if "according" not in span_text(sentence).lower():  # skip the token walk in most sentences
        return None
    for token in sentence:
        if token.lower_ != "according":
            continue
        for child in token.children:
            if child.lower_ == "to":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        text = noun_phrase(obj).text
                        return Attribution(source=_DETERMINER.sub("", text), text=text)
    return None


def _is_running_quote(sentence: Span) -> bool:
    """A quoted sentence with no speaker of its own continues the previous speaker's quote."""
    text = span_text(sentence).strip()
    has_verb = any(t.lemma_ in REPORTING_VERBS and t.pos_ == "VERB" for t in sentence)
    return text.startswith(_QUOTE_OPEN) and not has_verb


def event_modality(trigger: Token, source: Attribution | None) -> Modality:
    """Denied, hypothetical or planned from the clause; else from the source (asserted,
    reported, claimed)."""
    chain = [trigger, *_ancestors_below_speech(trigger)]
    for token in chain:
        children = list(token.children)
        if any(child.dep_ == "neg" for child in children) or token.lemma_ in NEGATION_VERBS:
            return "denied"
        if _is_conditional(token):
            return "hypothetical"
        if token.i != trigger.i and token.lemma_ in PLANNING_VERBS:
            return "planned"
        if any(child.dep_ == "aux" and child.lower_ in FUTURE_AUX for child in children):
            return "planned"
    speech = reporting_verb_lemma(trigger)
    if speech in NEGATION_VERBS:
        return "denied"
    return modality_of_source(source, speech)


def _is_conditional(token: Token) -> bool:
    """In an if-clause, or the main clause an if-clause hangs on ("If X, the army will Y")."""
    clauses = [token, *(child for child in token.children if child.dep_ == "advcl")]
    return any(
        child.dep_ == "mark" and child.lower_ in ("if", "unless")
        for clause in clauses for child in clause.children
    )


def _ancestors_below_speech(trigger: Token) -> list[Token]:
    """Ancestors up to the clause that reports the event (negation there is the speaker's)."""
    result = []
    for ancestor in trigger.ancestors:
        if ancestor.lemma_ in SPEECH_VERBS:
            break
        result.append(ancestor)
    return result
