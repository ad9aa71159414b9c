"""Every phrase in a document that names a party (an organisation, armed group, state acting as
an agent, or group of people), whether or not the ontology knows it.

Used to measure actor detection (`eventatlas eval actors --corpus re3d`) and to find candidates
for the ontology. A phrase counts when it is an ORG entity, an ontology alias, a noun phrase the
resolver maps to an actor, a noun phrase headed by a collective or agentive noun ("fighters",
"the government", "our partners"), or a country acting as a subject ("Turkey launched...").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from eventatlas.actors.ontology import country_code_for
from eventatlas.actors.resolve import ActorContext, ActorResolver
from eventatlas.evaluate.actor_coref import COLLECTIVE_HEADS, PEOPLE_HEADS, party_pronouns
from eventatlas.nlp import doc_text

# Pronouns, which name a party only when `evaluate.actor_coref` resolves them to one.
PRONOUNS = frozenset({"it", "its", "they", "them", "their", "we", "us", "our", "you", "he",
                      "she", "him", "her", "i", "me"})


@dataclass(frozen=True, slots=True)
class PartyMention:
    start: int
    end: int
    text: str


def party_mentions(doc: Doc, resolver: ActorResolver) -> list[PartyMention]:
    """The party phrases of a document, overlapping candidates resolved to the longest."""
    context = ActorContext(country_code=main_country(doc))
    spans = [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "ORG"]
    spans += [(m.start, m.end) for m in resolver.ontology.find_all(doc_text(doc))]
    for sentence in doc.sents:
        resolver.note_text(sentence.text, context)
        spans += [(c.start_char, c.end_char) for c in sentence.noun_chunks
                  if _is_party(c, resolver, context)]
    # Pronouns last: whether "they" or "it" is a party depends on the phrases found above.
    spans += party_pronouns(doc, spans)
    return _longest_first(doc_text(doc), spans)


def main_country(doc: Doc) -> str | None:
    """The country the document names most often, for "the regime", "the government"."""
    counts = Counter(code for ent in doc.ents if ent.label_ == "GPE"
                     and (code := country_code_for(ent.text)))
    return counts.most_common(1)[0][0] if counts else None


def _is_party(chunk: Span, resolver: ActorResolver, context: ActorContext) -> bool:
    if chunk.root.lower_ in PRONOUNS:
        return False  # pronouns need coreference (actors.coref), not a lexicon
    if country_code_for(chunk.text):
        return _acts(chunk)  # "Turkey launched ...", not "in Turkey"
    head = chunk.root.lemma_.lower()
    if head in COLLECTIVE_HEADS or (head in PEOPLE_HEADS and chunk.root.tag_ in ("NNS", "NNPS")):
        return True
    actor = resolver.resolve(chunk.text, "actor", context)
    return actor is not None and actor.kind != "person"


def _acts(chunk: Span) -> bool:
    """A place name used for its government: the subject of a verb, or a "by" agent."""
    root = chunk.root
    while root.dep_ == "conj" and root.head is not root:  # "Australia, Canada and France ..."
        root = root.head
    by_agent = root.dep_ == "pobj" and root.head.dep_ == "agent"
    return root.dep_ in ("nsubj", "nsubjpass") or by_agent


def _longest_first(text: str, spans: list[tuple[int, int]]) -> list[PartyMention]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if not any(start < other_end and other_start < end for other_start, other_end in kept):
            kept.append((start, end))
    return [PartyMention(start, end, text[start:end]) for start, end in sorted(kept)]
