"""Candidate events of a sentence: trigger words of the lexicon typed from their modifiers and
the words around them ("car bomb" is an IED, "air strikes" an air strike), less the generic
("every threat pushes it..."), the embedded ("readiness to storm") and anticipations without
participants; then retyped or completed by the learned typer (`events.learned`).
`typed_candidates` is the entry point.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from eventatlas.events import displaced, learned, protest_force
from eventatlas.events import lexicon as lx


@dataclass(slots=True)
class Candidate:
    trigger: Token
    type: str
    # The weapon is named by a word that leaves no doubt ("suicide attack", "car bomb",
    # "artillery shelling"), not only by a bare "bomb" or "explosion": the typer never undoes it.
    weapon_named: bool = False


def typed_candidates(sentence: Span, guess: learned.SentenceGuess | None) -> list[Candidate]:
    """The rules' candidates, retyped or supplied by the learned typer (`events.learned`)."""
    candidates = _candidates(sentence)
    if guess is None:
        return candidates
    tolls = _tolls_of_a_weapon(candidates)
    retyped = [candidate if candidate.weapon_named or candidate in tolls
               or not (event_type := learned.retyped(candidate.type, guess))
               else replace(candidate, type=event_type) for candidate in candidates]
    # No trigger, or only ours (a threat, a flight): the typer may still see an ACLED event.
    event_type = learned.new_event_type(guess)
    anchor = learned.main_verb(sentence) if event_type else None
    if anchor is not None and learned.misses_an_acled_event([c.type for c in candidates],
                                                            event_type or ""):
        retyped.append(Candidate(anchor, event_type or ""))
    return _with_force_against_protesters(sentence, retyped)


def _tolls_of_a_weapon(candidates: list[Candidate]) -> list[Candidate]:
    """"10 fighters were killed in the blast": beside a weapon's event, a killing is its toll
    (`counting.fold_casualties` folds it), which the typer's reading of the sentence must not
    make a second event (a clash)."""
    if not any(c.type.startswith("remote.") for c in candidates):
        return []
    return [c for c in candidates if c.type == "civilians.attack"
            and c.trigger.lemma_.lower() in ("kill", "die", "dead", "death")]


def _with_force_against_protesters(sentence: Span, candidates: list[Candidate]
                                   ) -> list[Candidate]:
    """The demonstration and the killing or shooting that is its force become "Excessive force
    against protesters" when the sentence tells of the authorities' lethal force at it; the act
    is an event of its own when nothing else names it ("Soldiers opened fire on the nurses"),
    to merge with the demonstration (`events.merge`)."""
    act = protest_force.force_against_protesters(sentence,
                                                 protest_force.previous_sentence(sentence))
    if act is None:
        return candidates
    forced = [replace(c, type=protest_force.EXCESSIVE_FORCE)
              if c.type in protest_force.RETYPED_BY_FORCE else c for c in candidates]
    if forced == candidates:
        forced.append(Candidate(act, protest_force.EXCESSIVE_FORCE))
    return forced


def _candidates(sentence: Span) -> list[Candidate]:
    found = [c for token in sentence if (c := _candidate(token)) is not None]
    kept = [c for c in found if not _is_generic(c.trigger) and not _absorbed(c, found)]
    return kept


# Every trigger but an "amod" or "acomp" one is a verb or a noun: the other words are skipped
# unread.
_TRIGGER_POS = frozenset({"VERB", "NOUN", "PROPN"})


def _candidate(token: Token) -> Candidate | None:
    if token.pos_ not in _TRIGGER_POS and token.dep_ not in ("amod", "acomp"):
        return _misread_noun_candidate(token)
    lemma = token.lemma_.lower()
    if token.dep_ == "amod" or (token.dep_ == "compound" and lemma == "displaced"):
        # "a displaced man": a state that describes someone, not an event, unless counted
        # (a title-case heading makes "Internally Displaced People" a compound)
        event_type = displaced.counted_displaced_type(token)
    elif token.dep_ == "acomp":
        event_type = displaced.counted_state_type(token)  # "9,000 people are homeless"
    elif token.pos_ == "VERB" and lemma in lx.VERB_TRIGGERS:
        event_type = lx.VERB_TRIGGERS[lemma]
        if event_type == "movement" and (displaced.counts_the_moved(token)
                                         or displaced.moves_to_safety(token)):
            event_type = "movement.relocation"  # "2,536 relocated", "moved to safer places"
    elif token.pos_ in ("NOUN", "PROPN") and (lemma in lx.NOUN_TRIGGERS
                                               or token.lower_ in lx.NOUN_TRIGGERS):
        event_type = lx.NOUN_TRIGGERS.get(lemma) or lx.NOUN_TRIGGERS[token.lower_]
    elif token.pos_ in ("NOUN", "VERB") and lemma in ("strike", "raid", "attack", "hit"):
        event_type = _strike_type(token)
    elif token.pos_ == "VERB" and lemma in lx.FORCING_MOVE_VERBS:
        forced = _forces_a_move(token) or displaced.forced_from_home(token)
        event_type = "movement.forced_displacement" if forced else None
    elif token.pos_ == "VERB":
        event_type = displaced.displacement_type(token)
    else:
        return None
    if event_type is None or not _has_required_context(token, event_type):
        return None
    if event_type.startswith("movement") and displaced.names_a_shelter(token):
        return None  # "evacuation centres", "displacement camps": a place, not an event
    typed = _weapon_modified(token, event_type)
    return Candidate(token, typed, typed.startswith("remote.") and _weapon_word(token))


def _misread_noun_candidate(token: Token) -> Candidate | None:
    """A noun of displacement the tagger read as an adjective (`displaced.misread_noun_type`)."""
    if token.pos_ != "ADJ" or (event_type := displaced.misread_noun_type(token)) is None:
        return None
    return Candidate(token, event_type)


def _weapon_word(token: Token) -> bool:
    """Whether a word beside the trigger names its weapon: a modifier ("car bomb", "suicide
    bombing") or the cue that typed a strike ("air strikes", "artillery raid"); a bare bomb's
    or blast's own word is no such word."""
    if any(child.lemma_.lower() in lx.WEAPON_MODIFIERS for child in _modifiers(token)):
        return True
    return token.lemma_.lower() in ("strike", "raid", "attack", "hit") and _strike_type(
        token) not in (None, "remote.ied")


def _weapon_modified(token: Token, event_type: str) -> str:
    """"car bomb" -> IED, "barrel bombs" -> air strike, "suicide bombing" -> suicide bomb."""
    if not event_type.startswith("remote."):
        return event_type
    for child in _modifiers(token):
        modifier = child.lemma_.lower()
        if modifier in lx.WEAPON_MODIFIERS:
            return lx.WEAPON_MODIFIERS[modifier]
    sentence = {t.lemma_.lower() for t in token.sent}
    if event_type != "remote.chemical" and sentence & lx.CHEMICAL_AGENTS:
        # "a rocket attack with toxic gas", "bombardment with chlorine": the agent, not the
        # delivery, is what the attack is.
        return "remote.chemical"
    if token.lemma_.lower() == "bomb" and event_type == "remote.ied" and (
            sentence & (lx.AIR_CUES | lx.AIR_DROP_VERBS)):
        # "helicopters dropped bombs", "bombs continue to fall": bombs from aircraft.
        return "remote.air_strike"
    return event_type


def _modifiers(token: Token) -> list[Token]:
    """The token's own modifiers and, inside a flat compound, the words before it that modify
    the same head: "barrel" in "barrel bomb attack" modifies "attack", beside "bomb"."""
    own = [c for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
    if token.dep_ != "compound":
        return own
    siblings = [t for t in token.head.children if t.i < token.i
                and t.dep_ in ("compound", "amod", "nmod")]
    return own + siblings


def _forces_a_move(verb: Token) -> bool:
    """"forced dozens of Kurdish families to move to Palmyra", "forced to seek safety":
    forcing + a verb of moving or of seeking refuge."""
    return any(child.dep_ == "xcomp" and (child.lemma_ in lx.MOVE_LEMMAS
                                          or displaced.seeks_refuge(child))
               for child in verb.children)


def _strike_type(token: Token) -> str | None:
    """"air strikes", "Russian warplanes struck": remote violence only with an air/artillery cue."""
    nearby = {t.lemma_.lower() for t in token.children} | {token.head.lemma_.lower()}
    nearby |= {t.lemma_.lower() for child in token.children if child.dep_ in ("nsubj", "agent")
               for t in child.subtree}
    if nearby & lx.CHEMICAL_CUES:
        return "remote.chemical"
    if nearby & lx.AIR_CUES:
        return "remote.air_strike"
    if nearby & lx.SHELLING_CUES:
        return "remote.shelling"
    if "suicide" in nearby:
        return "remote.suicide_bomb"
    if nearby & lx.EXPLOSIVE_CUES:
        return "remote.ied"
    return None


def _has_required_context(token: Token, event_type: str) -> bool:
    lemma = token.lemma_.lower()
    if lemma == "readiness":
        # "readiness to storm": a threat only when it embeds a violent act.
        return any(child.lemma_ in lx.VERB_TRIGGERS for child in token.children
                   if child.dep_ in ("acl", "relcl", "xcomp"))
    if lemma in lx.NEEDS_ARGUMENT_NOUNS and token.pos_ == "NOUN":
        return any(child.dep_ in ("prep", "agent", "poss", "compound") for child in token.children)
    if lemma == "return" and token.pos_ == "VERB":
        return any(child.dep_ in ("nsubj", "nsubjpass") for child in token.children)
    return True


def _is_generic(trigger: Token) -> bool:
    """Habitual or generic statements ("every threat pushes it to ...") report no event."""
    if trigger.dep_ in ("csubj", "csubjpass"):
        return True  # "Expelling the Kurds is the best solution": an opinion, not an event
    chain = [trigger, *trigger.ancestors]
    for token in chain:
        for child in token.children:
            if child.lower_ in lx.GENERIC_ADVERBS:
                return True
            if child.dep_ in ("nsubj", "nsubjpass") and any(
                grandchild.lower_ in lx.GENERIC_DETERMINERS for grandchild in child.children
            ):
                return True
        if token.lower_ in lx.GENERIC_DETERMINERS:
            return True
    return any(child.lower_ in lx.GENERIC_DETERMINERS for child in trigger.children)


def _absorbed(candidate: Candidate, others: list[Candidate]) -> bool:
    """An act embedded in a threat or a forcing ("readiness to storm", "forced X to move")."""
    ancestors = set(t.i for t in candidate.trigger.ancestors)
    for other in others:
        if other is candidate or other.trigger.i not in ancestors:
            continue
        if other.type in lx.ABSORBING_TYPES or other.trigger.lemma_ in lx.FORCE_CUES:
            return True
    if candidate.trigger.head.lemma_ in lx.FORCE_CUES and candidate.type.startswith("movement"):
        return candidate.trigger.head.i != candidate.trigger.i and candidate.trigger.dep_ == "xcomp"
    return False
