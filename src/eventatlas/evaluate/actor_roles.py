"""Who acts on whom in a clause, from the dependency parse alone: the subject is the source, the
object (or the object of "against", "with", "on", "to"...) the target; a passive's "by"-agent is
the source and its subject the target. A verb of speech hands over to the clause it reports
("X said Y attacked Z" -> Y, Z).

The event stage fills actors for the events it knows; this is the fallback for any clause (and
what `eventatlas eval actors --corpus plover` uses when no event is found).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventatlas.actors.resolve import ActorContext, ActorResolver
from eventatlas.model import Actor, Role

SPEECH_LEMMAS = frozenset({"say", "tell", "report", "announce", "state", "claim", "add",
                           "confirm", "quote", "declare", "according"})
TARGET_PREPOSITIONS = ("against", "with", "on", "to", "at", "from", "into", "toward", "towards",
                       "upon", "over")
# Office and role nouns that stand for their holder's side ("the president", "peacekeepers").
PARTY_NOUNS = frozenset({"president", "minister", "premier", "king", "emir", "envoy",
                         "peacekeeper", "negotiator", "diplomat", "mediator", "spokesman",
                         "chancellor", "prime", "secretary", "ambassador", "representative",
                         "officer", "inspector", "candidate", "delegate", "observer"})
# Nouns for the people or means an actor sends, withdraws or deploys ("its troops", "21
# personnel", "inspectors"): the theme of the act, not its target, when a party is named beside
# them ("sent inspectors to Iran" -> Iran).
THEME_NOUNS = frozenset({"troop", "force", "soldier", "personnel", "inspector", "observer",
                         "peacekeeper", "worker", "adviser", "advisor", "staff", "unit",
                         "contingent", "mission", "expert", "official", "diplomat", "team"})
# Modals that make a reported clause a demand on its subject ("X said Y must withdraw").
OBLIGATION_MODALS = frozenset({"must", "should", "ought"})
NAMED_TYPES = ("ORG", "GPE", "NORP", "PERSON", "LOC", "FAC")
# Dependents that end a participant's phrase: clauses and appositions hang off it.
PHRASE_BREAKS = frozenset({"relcl", "acl", "appos", "punct", "advcl", "cc"})


@dataclass(slots=True)
class ClauseRoles:
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)


def clause_roles(doc: Doc | Span, resolver: ActorResolver, *,
                 year: int | None = None, country: str | None = None) -> ClauseRoles:
    """Source and target actors of the first sentence's main clause."""
    sentence = next(iter(doc.sents)) if isinstance(doc, Doc) else doc
    context = ActorContext(country_code=country, year=year)
    resolver.note_text(sentence.text, context)
    verb = main_verb(sentence.root)
    subjects, objects = _participants(verb)
    return ClauseRoles(
        sources=[_actor(phrase, "actor", resolver, context) for phrase in subjects],
        targets=[_actor(phrase, "target", resolver, context) for phrase in objects],
    )


def main_verb(root: Token) -> Token:
    """The verb of the reported clause when the root is a verb of speech."""
    verb = root
    while verb.lemma_.lower() in SPEECH_LEMMAS:
        reported = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        if not reported or is_demand(reported[0]):
            break  # "X said Y must go": X demands of Y, so X stays the source
        verb = reported[0]
    return verb


def is_demand(verb: Token) -> bool:
    """A clause under an obligation modal ("Y must withdraw", "Y should stop")."""
    return any(c.dep_ == "aux" and c.lower_ in OBLIGATION_MODALS for c in verb.children)


def _participants(verb: Token) -> tuple[list[Span], list[Span]]:
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children
              if g.dep_ == "pobj"]
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if passive:
        return [phrase(t) for t in agents], [phrase(t) for t in passive]
    if not subjects and verb.dep_ in ("xcomp", "conj") and verb.head is not verb:
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    excluded = {t.i for s in subjects for t in s.subtree}
    target = _pick_target([t for t in _object_candidates(verb) if t.i not in excluded],
                          [t for t in _anywhere(verb) if t.i not in excluded])
    objects = [target, *target.conjuncts] if target is not None else []
    return [phrase(t) for t in subjects], [phrase(t) for t in objects]


def _pick_target(objects: list[Token], anywhere: list[Token]) -> Token | None:
    """The first candidate that is or stands for a party, in order of likelihood; the actor's
    own people or means ("its troops", "21 personnel") only when no named party follows
    ("sent 21 personnel to Bosnia" -> Bosnia)."""
    parties = [party for token in objects + anywhere if (party := _party_in(token)) is not None]
    for index, party in enumerate(parties):
        if _theme(party) and any(_named(later) for later in parties[index + 1:]):
            continue
        return party
    return None


def _party_in(token: Token) -> Token | None:
    """The token itself when it names a party; for a noun for an act or a thing, the party it
    belongs to ("an Indian proposal" -> Indian, "Sweden's decision" -> Sweden, "sanctions
    against Nigeria" -> Nigeria), since that is who the act concerns."""
    if not is_party(token):
        return None
    if _named_head(token) or not _names_a_thing(token):
        return token
    for child in token.children:  # premodifiers first: "a US offer", "Turkey's efforts"
        if child.i < token.i and child.dep_ in ("poss", "amod", "compound", "nmod") and (
                _named_head(child)):
            return child
    inner = [g for prep in token.rights if prep.dep_ == "prep" for g in prep.children
             if g.dep_ == "pobj"]
    return next((party for g in inner if (party := _party_in(g)) is not None), token)


def _named_head(token: Token) -> bool:
    return token.ent_type_ in NAMED_TYPES


def _names_a_thing(token: Token) -> bool:
    """A common noun that is not itself a group of people ("proposal", "withdrawal")."""
    from eventatlas.evaluate.actor_coref import COLLECTIVE_HEADS, PEOPLE_HEADS

    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and lemma not in COLLECTIVE_HEADS | PEOPLE_HEADS | PARTY_NOUNS


def _named(token: Token) -> bool:
    return _named_head(token) or any(_named_head(t) for t in token.children if t.i < token.i)


def _theme(token: Token) -> bool:
    """The actor's own people or means sent somewhere ("its troops", "inspectors")."""
    return token.lemma_.lower() in THEME_NOUNS


def _object_candidates(verb: Token, depth: int = 0) -> list[Token]:
    """Who the act may be aimed at, most likely first: the direct object, the objects of the
    verb's prepositions, the subject of a demanded clause ("demanded that Israel ease"), the
    objects inside the direct object ("evidence with the U.S.", "a
    mediation effort between X and Y"), then the same for an embedded verb."""
    direct = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr")]
    on_verb = [g for c in verb.children if c.dep_ == "prep" for g in c.children
               if g.dep_ == "pobj"]
    embedded = [c for c in verb.children if c.dep_ in ("xcomp", "advcl", "ccomp")]
    demanded = [s for c in embedded if c.dep_ == "ccomp" for s in c.children
                if s.dep_ in ("nsubj", "nsubjpass")]
    inside = [g for d in direct for t in d.subtree
              if t.dep_ == "prep" and t.head.dep_ != "prep" and t.head is not verb
              for g in t.children if g.dep_ == "pobj"]
    deeper = [t for c in embedded for t in _object_candidates(c, depth + 1)] if depth < 2 else []
    return direct + on_verb + demanded + inside + deeper


def _anywhere(verb: Token) -> list[Token]:
    """Any other object or possessor in the clause, in text order ("Turkey's efforts")."""
    return [t for t in verb.subtree if t.dep_ in ("pobj", "poss", "dobj") and t is not verb]


def is_party(token: Token) -> bool:
    """A word that can stand for a participant: a name of an organisation, place (for its
    government), nationality or person, or a noun for a group of people."""
    from eventatlas.evaluate.actor_coref import COLLECTIVE_HEADS, PEOPLE_HEADS

    if token.ent_type_ in ("DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL"):
        return False
    if any(t.ent_type_ in ("ORG", "GPE", "NORP", "PERSON", "LOC", "FAC") for t in phrase(token)):
        return True
    if token.pos_ == "PRON":
        return False
    lemma = token.lemma_.lower()
    return lemma in COLLECTIVE_HEADS or lemma in PEOPLE_HEADS or lemma in PARTY_NOUNS


def phrase(token: Token) -> Span:
    """The participant's phrase: its modifiers and "of"-complements, without other
    prepositional phrases, relative clauses, appositions or trailing punctuation."""
    start, end = token.left_edge.i, token.i
    for child in token.rights:
        if child.dep_ in PHRASE_BREAKS or (child.dep_ == "prep" and child.lower_ != "of"):
            break
        end = child.right_edge.i
    return token.doc[start:end + 1]


def _actor(span: Span, role: Role, resolver: ActorResolver, context: ActorContext) -> Actor:
    actor = resolver.resolve(span.text, role, context)
    if actor is None:
        label = span.root.ent_type_ or "ORG"
        actor = resolver.resolve_entity(span.text, label, role, context) if label != "PERSON" \
            else None
    if actor is None:  # a person or a plain noun: kept as words so it can still be compared
        kind = "person" if span.root.ent_type_ == "PERSON" else "unknown"
        actor = Actor(role=role, name=span.text, text=span.text, kind=kind)
    actor.start, actor.end = span.start_char, span.end_char
    return actor
