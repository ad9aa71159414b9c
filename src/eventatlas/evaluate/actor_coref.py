"""Light rule-based coreference for the pronouns that stand for a party.

"We"/"us" is always a collective speaking for itself (a government, a unit, a community), so it
is a party wherever it occurs. "They"/"them" and "it" are parties when their antecedent is: the
antecedent is the closest earlier noun phrase that agrees in number, looked for in the
pronoun's own sentence and then the sentences before it, subjects first (the entity a clause is
about is what a later pronoun most often continues, Hobbs/centering style). An antecedent counts
as a party when it overlaps a party mention, or is itself a pronoun already resolved to one.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

# Head nouns that make a phrase a party whatever its number ("the government", "a militia").
COLLECTIVE_HEADS = frozenset({
    "government", "regime", "administration", "authority", "ministry", "agency", "department",
    "council", "committee", "commission", "parliament", "party", "coalition", "alliance",
    "organisation", "organization", "group", "movement", "faction", "community", "opposition",
    "population", "army", "navy", "military", "police", "militia", "brigade", "battalion",
    "division", "force", "unit", "delegation", "team", "staff", "personnel", "family",
})
# Head nouns for people: a party only in the plural ("fighters", "civilians"; not "a man").
PEOPLE_HEADS = frozenset({
    "fighter", "militant", "troop", "soldier", "sniper", "gunman", "member", "militiaman",
    "rebel", "insurgent", "jihadist", "extremist", "terrorist", "guard", "civilian", "people",
    "resident", "refugee", "child", "villager", "citizen", "worker", "student", "journalist",
    "activist", "victim", "volunteer", "leader", "official", "partner", "ally", "tribesman",
})

FIRST_PLURAL = frozenset({"we", "us"})
THIRD_PLURAL = frozenset({"they", "them"})
# Object "them" is as often people acted upon ("advise them") as a party; only subjects count.
OBJECT_FORMS = frozenset({"them"})
NEUTER = frozenset({"it"})
# How many sentences back an antecedent may be: pronouns rarely reach further in news prose.
SENTENCES_BACK = 2
COPULAS = frozenset({"be", "remain", "seem", "appear", "become"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Singular nouns that name a collective and so may be "they" in British usage ("the
# government ... they"); plural heads agree anyway.
COLLECTIVE_PLURAL_OK = frozenset({"government", "coalition", "alliance", "military", "army",
                                  "police", "opposition", "regime", "militia", "group"})


Spans = list[tuple[int, int]]


def party_pronouns(doc: Doc, parties: Spans) -> Spans:
    """Character spans of the pronouns in `doc` that refer to a party in `parties`."""
    resolved: set[int] = set()  # token indices of pronouns already found to be parties
    found: Spans = []
    for token in doc:
        if _refers_to_party(token, parties, resolved):
            resolved.add(token.i)
            found.append((token.idx, token.idx + len(token)))
    return found


def _refers_to_party(token: Token, parties: Spans, resolved: set[int]) -> bool:
    word = token.lower_
    if token.pos_ != "PRON" or word not in FIRST_PLURAL | THIRD_PLURAL | NEUTER:
        return False
    if word in FIRST_PLURAL:
        return True
    if word in OBJECT_FORMS or (word in NEUTER and token.dep_ not in SUBJECT_DEPS):
        return False
    if word in NEUTER and _expletive(token):
        return False  # "it is vital to ...", "it was reported that ...": no referent
    antecedent = find_antecedent(token)
    if antecedent is None:
        return False
    if antecedent.root.pos_ == "PRON":
        return antecedent.root.i in resolved
    if word in NEUTER and not _organisation(antecedent):
        return False  # "it" is far more often a thing ("the library", "the attack")
    return any(start < antecedent.end_char and antecedent.start_char < end
               for start, end in parties)


def _organisation(chunk: Span) -> bool:
    """A phrase that names an organisation: an ORG entity or a collective head noun."""
    return chunk.root.ent_type_ == "ORG" or chunk.root.lemma_.lower() in COLLECTIVE_HEADS


def find_antecedent(pronoun: Token) -> Span | None:
    """The noun phrase the pronoun continues, or None when no earlier phrase agrees."""
    plural = pronoun.lower_ in THIRD_PLURAL
    for sentence in _sentences_back(pronoun):
        candidates = [chunk for chunk in sentence.noun_chunks
                      if chunk.end <= pronoun.i and chunk.root.i != pronoun.i
                      and _agrees(chunk, plural)]
        if candidates:
            subjects = [chunk for chunk in candidates if chunk.root.dep_ in SUBJECT_DEPS]
            # The subject a clause is about first; else the nearest phrase.
            return subjects[-1] if subjects else candidates[-1]
    return None


def _sentences_back(token: Token) -> list[Span]:
    """The token's sentence, then up to SENTENCES_BACK sentences before it, nearest first."""
    sentences = list(token.doc.sents)
    here = next(i for i, sentence in enumerate(sentences) if sentence.start <= token.i
                < sentence.end)
    return [sentences[i] for i in range(here, max(here - SENTENCES_BACK, 0) - 1, -1)]


def _agrees(chunk: Span, plural: bool) -> bool:
    """Number agreement; "it" never refers to a person, "they" to a lone noun only when it is
    a collective or an organisation's name."""
    root = chunk.root
    if root.pos_ == "PRON":
        return root.lower_ in (THIRD_PLURAL | FIRST_PLURAL if plural else NEUTER)
    if root.ent_type_ in ("PERSON", "DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return False
    if plural:
        return root.tag_ in ("NNS", "NNPS") or root.ent_type_ == "ORG" or (
            root.lemma_.lower() in COLLECTIVE_PLURAL_OK)
    return root.tag_ in ("NN", "NNP")


def _expletive(token: Token) -> bool:
    """A non-referring "it": the parser's expletive, the subject of a copula with an adjective
    ("it is vital to", "it's excellent"), or of a copula or passive whose content comes later
    in a clause ("it is thought that")."""
    if token.dep_ == "expl":
        return True
    head = token.head
    if token.dep_ not in SUBJECT_DEPS:
        return False
    deps = {child.dep_ for child in head.children}
    copular = head.lemma_ in COPULAS
    if copular and "acomp" in deps:
        return True
    extraposed = bool(deps & {"ccomp", "xcomp"})
    return extraposed and ((copular and "attr" in deps) or token.dep_ == "nsubjpass")
