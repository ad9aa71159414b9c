"""What the PLOVER classifier reads from spaCy's parse of a sentence: the verb chain that names
the act (looking through a reporting frame: "X said it would boycott" -> boycott), its parse
tokens (negation, modality, objects, prepositions) and how far each word sits from it in the
tree. `events.plover_features` hashes and embeds these into feature blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eventatlas.events.lexicon import CLASSIFIER_REPORTING_FRAMES

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_MODALS = frozenset({"will", "would", "shall", "may", "might", "could", "can", "should", "must",
                     "'ll", "'d"})
_OBJECTS = frozenset({"dobj", "attr", "prt", "acomp", "dative", "nsubjpass", "oprd"})
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "advcl", "conj"})


def event_verbs(sentence: Span | Doc) -> list[Any]:
    """The verb chain that names the act: the sentence root, or the complement of a reporting
    root, then its xcomp/ccomp complements ("agreed to resume", "threatened to cut")."""
    roots = [t for t in sentence if t.dep_ == "ROOT"]
    if not roots:
        return []
    head = roots[0]
    if head.lemma_.lower() in CLASSIFIER_REPORTING_FRAMES:
        complements = [c for c in head.children if c.dep_ in _COMPLEMENTS]
        head = complements[0] if complements else head
    chain = [head]
    for child in head.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX", "NOUN"):
            chain.append(child)
            chain += [c for c in child.children if c.dep_ == "xcomp"]
    return chain


def syntax_tokens(sentence: Span | Doc) -> list[str]:
    """Parse features of one sentence: V:/R: event verb lemmas (R: the first), NEG: negated
    ones, FUT: ones under a modal (intent and threats read "will"), O: verb>object pairs, o:
    object lemmas, P: verb_preposition, v: every verb lemma in the sentence."""
    tokens: list[str] = []
    for position, verb in enumerate(event_verbs(sentence)):
        lemma = verb.lemma_.lower()
        tokens.append(f"V:{lemma}")
        if position == 0:
            tokens.append(f"R:{lemma}")
        governor = verb.head if verb.dep_ == "xcomp" else verb
        auxiliaries = [c for c in (*verb.children, *governor.children) if c.dep_ == "aux"]
        if any(c.dep_ == "neg" for c in verb.children):
            tokens.append(f"NEG:{lemma}")
        if any(c.lower_ in _MODALS for c in auxiliaries):
            tokens += [f"FUT:{lemma}", "FUT"]
        for child in verb.children:
            if child.dep_ in _OBJECTS:
                tokens += [f"O:{lemma}>{child.lemma_.lower()}", f"o:{child.lemma_.lower()}"]
            elif child.dep_ == "prep":
                tokens.append(f"P:{lemma}_{child.lower_}")
                tokens += [f"o:{g.lemma_.lower()}" for g in child.children if g.dep_ == "pobj"]
    tokens += [f"v:{t.lemma_.lower()}" for t in sentence if t.pos_ == "VERB"]
    return tokens


def parse_sentences(texts: Sequence[str]) -> list[Doc]:
    """spaCy parses (tagger, parser, lemmatizer; no NER or gazetteer) of plain sentences."""
    from eventatlas.nlp import load_nlp
    from eventatlas.settings import SPACY_MODEL

    nlp = load_nlp(SPACY_MODEL)
    keep = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"}
    return list(nlp.pipe(texts, disable=[name for name in nlp.pipe_names if name not in keep]))


# Parts of speech left out of the event-focused embedding (names, numbers, function words).
_FOCUS_SKIP = frozenset({"PROPN", "NUM", "PUNCT", "DET", "SPACE", "SYM", "X"})
_FOCUS_FAR = 5  # the distance given to words the tree does not connect to the event verb


def focus_weights(sentence: Span | Doc) -> list[tuple[str, float]]:
    """(lowercased word, weight) for the content words of a parsed sentence: 1 / (1 + d), d the
    number of dependency arcs between the word and the event verb (`event_verbs`), so "denounced"
    and its object outweigh the reporting frame, the dateline and side clauses."""
    tokens = list(sentence)
    if not tokens:
        return []
    inside = {t.i for t in tokens}
    verbs = event_verbs(sentence)
    heads = verbs[:1] or [t for t in tokens if t.dep_ == "ROOT"][:1] or tokens[:1]
    distance = {heads[0].i: 0}
    frontier = heads
    while frontier:
        reached = []
        for token in frontier:
            for near in (*token.children, token.head):
                if near.i in inside and near.i not in distance:
                    distance[near.i] = distance[token.i] + 1
                    reached.append(near)
        frontier = reached
    content = [t for t in tokens if t.pos_ not in _FOCUS_SKIP] or tokens
    return [(t.lower_, 1.0 / (1.0 + distance.get(t.i, _FOCUS_FAR))) for t in content]
