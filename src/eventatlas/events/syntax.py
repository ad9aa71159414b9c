"""Small helpers over spaCy's dependency parse, shared by the event and attribution steps."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from eventatlas.events.lexicon import REPORTING_VERBS

# Children that start another phrase: a noun phrase stops before them.
_PHRASE_BREAKS = frozenset({"conj", "cc", "relcl", "appos", "punct", "advcl", "acl", "parataxis"})


def noun_phrase(token: Token) -> Span:
    """The phrase a noun heads, without coordinated siblings or clauses ("the coalition" out of
    "the coalition and Russia"), but with its "of"-modifiers ("militants of ISIS")."""
    start, end = token.i, token.i
    for child in token.lefts:
        if child.dep_ not in _PHRASE_BREAKS:
            start = min(start, child.left_edge.i)
    for child in token.rights:
        if child.dep_ in _PHRASE_BREAKS:
            break  # "rebels and government forces in Douma": stop at the coordination
        end = child.right_edge.i
    return token.doc[start:end + 1]


def conjuncts(token: Token) -> list[Token]:
    """The token and its coordinated siblings ("the coalition and Russia" -> both heads)."""
    return [token, *token.conjuncts]


def subjects(verb: Token) -> list[Token]:
    return [child for child in verb.children if child.dep_ in ("nsubj", "csubj")]


def passive_subjects(verb: Token) -> list[Token]:
    return [child for child in verb.children if child.dep_ == "nsubjpass"]


def objects(verb: Token) -> list[Token]:
    return [child for child in verb.children if child.dep_ in ("dobj", "obj", "attr", "oprd")]


def prep_objects(token: Token, *preps: str) -> Iterator[tuple[str, Token]]:
    """(preposition, object) pairs under a token, including "agent" (by-phrases)."""
    for child in token.children:
        if child.dep_ not in ("prep", "agent") or child.lower_ not in preps:
            continue
        for grandchild in child.children:
            if grandchild.dep_ in ("pobj", "pcomp"):
                yield child.lower_, grandchild
            elif grandchild.dep_ == "prep":  # "out of", "away from"
                yield from ((child.lower_, obj) for obj in _pobjs(grandchild))


def _pobjs(prep: Token) -> list[Token]:
    return [child for child in prep.children if child.dep_ == "pobj"]


def inherited_subject(verb: Token) -> Token | None:
    """Subject of a verb that has none of its own: "ISIS continues transferring ... and
    evacuating" gives both verbs ISIS; "forced families to move" gives "move" the families."""
    current = verb
    for _ in range(6):
        own = subjects(current) or (passive_subjects(current) if current.i != verb.i else [])
        if own:
            return own[0]
        if current.dep_ == "xcomp" and objects(current.head):
            return objects(current.head)[0]
        if current.dep_ not in ("xcomp", "conj", "advcl", "acl") or current.head.i == current.i:
            return None
        current = current.head
    return None



def ancestors_until_reporting(token: Token) -> Iterator[Token]:
    """Ancestors of a token up to, not including, a verb of speech that governs it."""
    for ancestor in token.ancestors:
        if ancestor.lemma_ in REPORTING_VERBS and ancestor.pos_ == "VERB":
            return
        yield ancestor



def is_passive(verb: Token) -> bool:
    return any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children)
