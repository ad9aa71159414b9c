"""Where the learned typer (`events.clause_typer`) meets the rules of `events.candidates`.

The typer reads every sentence once per document. Its verdict is used two ways:
* a sentence where no trigger word fires but the typer is sure it reports an ACLED event
  becomes an event anyway, anchored on the clause's main verb, so the usual argument readers
  (agents, patients, places by preposition, date, tolls) fill it;
* a rule event of an ACLED type is retyped when the typer is sure of another ACLED type for a
  sentence whose triggers all agree ("protesters torched a police post": the rules say peaceful
  protest, ACLED says violent demonstration).
Our own families (movement, recruitment, statement) are never retyped: ACLED has no such types
and the typer never learned them.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventatlas import ontology
from eventatlas.events.clause_typer import NO_EVENT, TypeGuess, shipped_typer
from eventatlas.events.lexicon import REPORTING_VERBS, VERB_TRIGGERS
from eventatlas.nlp import span_text

# Probabilities chosen a priori, not fitted to an evaluation set: "sure" is a majority of the
# probability mass for a new event (the rules found nothing), more for overriding the rules.
NEW_EVENT_MIN = 0.5
RETYPE_MIN = 0.5
RULE_TYPE_UNLIKELY = 0.25
WEAPON_OVERRULED = 0.9
NO_EVENT_SURE = 0.5
OWN_FAMILIES = ("movement", "recruitment", "statement")


@dataclass(frozen=True, slots=True)
class SentenceGuess:
    """The typer on a sentence alone (is there an event here?) and on the sentence with the
    next two (what kind?): reports often say a sentence or two later what makes a clash a battle
    ("Both groups attacked each other with lethal weapons") or a protest violent ("Traders
    marched to the town hall. The march set off from the bus station. Later some of them stoned
    the police")."""

    alone: TypeGuess
    in_context: TypeGuess


# The sentence and the two after it. Measured on 5,500 notes of ACLED's validation tenth (a
# typer trained without them): sub-event macro-F1 0.765 with one next sentence, 0.776 with two
# (bootstrap SD of the difference 0.010; 37 notes fixed, 24 broken); FA-KES dev type macro-F1
# the same (0.799).
CONTEXT_SENTENCES = 3


def sentence_guesses(doc: Doc) -> dict[int, SentenceGuess]:
    """The typer's verdicts for each sentence, keyed by its first token; {} without weights."""
    typer = shipped_typer()
    if typer is None:
        return {}
    sentences = list(doc.sents)
    alone, in_context = typer.guess_in_context([span_text(sentence) for sentence in sentences],
                                               CONTEXT_SENTENCES)
    return {sentence.start: SentenceGuess(a, c)
            for sentence, a, c in zip(sentences, alone, in_context, strict=True)}


def is_acled_type(code: str) -> bool:
    return code != NO_EVENT and not code.startswith(OWN_FAMILIES) and "." in code


def misses_an_acled_event(rule_types: list[str], typer_type: str) -> bool:
    """No rule event of the sentence is one ACLED would code (none, or only statements and
    flights), so the ACLED event the typer sees there would be lost. A bare "movement" is
    typed later and may well be one, but only ever a forced displacement (an ACLED attack on
    civilians) or a relocation: it never stands for the protest the typer reads in "students,
    under the banner of the student movement, staged a protest"."""
    return all(_not_acled(code, typer_type) for code in rule_types)


def _not_acled(rule_type: str, typer_type: str) -> bool:
    if "." in rule_type:
        return ontology.acled_mapping(rule_type) is None
    return typer_type.split(".")[0] not in MOVEMENT_CAN_BE


# The ACLED families a bare "movement" can become (`events.lexicon`, typed from its arguments).
MOVEMENT_CAN_BE = frozenset({"civilians", "strategic"})


def new_event_type(guess: SentenceGuess | None) -> str | None:
    """The type of an event the rules missed, when the typer is sure there is one. The sentence
    alone says whether it reports an event; what kind is read with the next two, as for
    retyping: "BNP activists vandalised the train, injuring 10 passengers. This was part of the
    agitation protesting the polls" is a violent demonstration, not a mob's attack, and a
    fragment split off by a parenthesis ("(coded as Kyaiklat)") takes the type of the sentence
    it belongs to, so that it merges with it."""
    if guess is None or not is_acled_type(guess.alone.type) or \
            guess.alone.probability < NEW_EVENT_MIN:
        return None
    in_context = guess.in_context
    if is_acled_type(in_context.type) and in_context.probability >= NEW_EVENT_MIN:
        return in_context.type
    return guess.alone.type


def retyped(rule_type: str, sentence_guess: SentenceGuess | None) -> str | None:
    """The typer's type for a rule event, when it should replace the rules' own: both are
    ACLED types, the typer is sure of its own (read with the next two sentences) and all but
    excludes the rules'. A sentence with two happenings ("clashed ... then arrested") keeps
    both, since the typer gives the second some probability too. A sentence the typer, reading
    it alone, is sure reports no event ("Protesters were denouncing the arrest of their
    leaders.") keeps the rules' type: read with the next ones, it would take theirs."""
    if sentence_guess is None or sentence_guess.alone.of(NO_EVENT) >= NO_EVENT_SURE:
        return None
    guess = sentence_guess.in_context
    if not is_acled_type(guess.type) or guess.probability < RETYPE_MIN:
        return None
    if not is_acled_type(rule_type) or guess.type == rule_type or rule_type not in \
            guess.distribution or _names_the_weapon(guess.type):
        return None
    if _names_the_weapon(rule_type) and guess.probability < WEAPON_OVERRULED:
        return None
    return guess.type if guess.of(rule_type) < RULE_TYPE_UNLIKELY else None


def _names_the_weapon(code: str) -> bool:
    """ACLED types remote violence by the weapon, and the rules read the weapon from the words
    ("barrel bombs" dropped from helicopters are air strikes, "mortars" shelling): the typer,
    which learned "bomb" from roadside bombs in Bangladesh and Somalia, never makes one, and
    undoes one only when all but certain (a "petrol bomb" thrown at a house is ACLED
    property destruction, not an explosive attack)."""
    return code.startswith("remote.")


def main_verb(sentence: Span) -> Token | None:
    """The clause that carries the news: the root, or what a reporting root reports
    ("Police said [gunmen killed two]"); a fragment's first verb. A sentence with no verb at all
    ("Casualties unknown.", "No further details.") or only a copula reports no happening of
    its own."""
    root = sentence.root
    if root.lemma_.lower() in REPORTING_VERBS:
        for child in root.children:
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                return child
    if root.pos_ in ("VERB", "AUX"):
        return None if root.lemma_.lower() in EMPTY_VERBS else root
    return _headline_verb(sentence) or next(
        (token for token in sentence if token.pos_ == "VERB"), None)


def _headline_verb(sentence: Span) -> Token | None:
    """A title-cased headline's trigger verb, which the tagger reads as a name: in "Daesh
    Executes 128 Civilians in Town for Cooperating with Government" the news is "Executes",
    not the first word tagged a verb ("Cooperating")."""
    for token in sentence:
        if token.pos_ == "PROPN" and token.is_title and _verb_lemma(token.lower_) is not None:
            return token
    return None


def _verb_lemma(word: str) -> str | None:
    """The trigger verb a headline's inflected word is ("executes", "kills", "killed")."""
    for suffix in ("", "s", "es", "d", "ed"):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] in VERB_TRIGGERS:
            return word[: len(word) - len(suffix)]
    return None


# Roots that carry no happening of their own: "There were no casualties.", "The victim was a
# teacher.", "He had no weapon." (the typer, trained on whole notes, types such closing lines
# as the note's event; an event named in them by a noun has a trigger of the rules).
EMPTY_VERBS = frozenset({"be", "have"})
