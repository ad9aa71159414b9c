"""ACLED's rule for force against a demonstration, which the learned typer blurs.

ACLED codes a demonstration once, by what happened at it (`events.merge`): "Protest with
intervention" when the authorities break it up without lethal force (arrests, tear gas,
dispersal); "Excessive force against protesters" when they use lethal force or cause serious
injury (deaths, live fire, beatings that maim) against protesters who were peaceful; "Violent
demonstration" when the crowd itself turns violent. The typer, trained on whole notes, often
reads "Police intervened in the demonstration, killing one" as a violent demonstration, since
deaths at protests mostly come with a violent crowd. The rule here reads the sentence: the
authorities acting, a lethal act, a demonstration named in it or the sentence before, and no
violence by the crowd in it.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventatlas.nlp import span_memo

EXCESSIVE_FORCE = "protest.excessive_force"

# Who counts as the authorities (heads of the acting phrase: "security forces", "riot police").
AUTHORITY_LEMMAS = frozenset({
    "police", "policeman", "policemen", "officer", "force", "soldier", "troop", "army",
    "military", "gendarme", "gendarmerie", "guard", "brimob", "authority",
})
DEMONSTRATION_LEMMAS = frozenset({
    "protest", "protester", "protestor", "demonstration", "demonstrator", "rally", "march",
    "marcher", "sit", "picket", "crowd", "demonstrate",
})
# Acts of lethal force: killing, shooting to kill, firing on people, torture.
LETHAL_VERBS = frozenset({"kill", "murder", "torture", "maim"})
# "opened fire on protesters", "fired on the crowd", "shot dead two": firing at people.
FIRING_VERBS = frozenset({"fire", "shoot"})
# "live ammunition", "live bullets", "live rounds": the weapon says it is lethal force.
LIVE_FIRE_NOUNS = frozenset({"ammunition", "bullet", "round", "fire"})
# What a violent crowd does ("protesters threw stones", "torched a police post").
CROWD_VIOLENCE_LEMMAS = frozenset({
    "throw", "hurl", "pelt", "torch", "vandalise", "vandalize", "loot", "stone", "riot",
    "rioter", "clash", "burn", "ransack", "storm",
})
# What is fired that is not lethal force ("fired tear gas", "fired rubber bullets").
NON_LETHAL_MODIFIERS = frozenset({"tear", "teargas", "rubber", "plastic", "warning", "water"})


# The types a sentence's mentions of lethal force at a demonstration get: the demonstration
# itself, and the killing, shooting or "clash" that is its force.
RETYPED_BY_FORCE = frozenset({
    "protest.peaceful", "protest.intervention", "riot.violent_demonstration",
    "riot.mob_violence", "civilians.attack", "battle.armed_clash",
})


def force_against_protesters(sentence: Span, previous: Span | None) -> Token | None:
    """The act of the authorities' lethal force at a demonstration (named in the sentence or
    the one before) that the crowd did not make violent there, when the sentence tells of one
    (ACLED's "Excessive force against protesters")."""
    named = _words(sentence) | (_words(previous) if previous is not None else frozenset())
    if not named & DEMONSTRATION_LEMMAS or named & CROWD_VIOLENCE_LEMMAS:
        return None
    return next((token for token in sentence if _lethal(token) and _by_authorities(token)), None)


def previous_sentence(sentence: Span) -> Span | None:
    return sentence.doc[sentence.start - 1].sent if sentence.start > 0 else None


_WORDS_KEY = "eventatlas_protest_words"


def _words(sentence: Span) -> frozenset[str]:
    """The lemmas of its common words: "March" in "On 6 March" is no march. Read once per
    sentence and document (`doc.user_data`): each sentence is also the next one's previous."""
    return span_memo(sentence, _WORDS_KEY, lambda span: frozenset(
        token.lemma_.lower() for token in span if token.pos_ in ("NOUN", "VERB")))


def _lethal(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" and lemma in LETHAL_VERBS:
        return True
    if token.pos_ == "VERB" and lemma in FIRING_VERBS:
        return _fires_at_people(token)
    if token.pos_ == "VERB" and lemma == "open":  # "opened fire on the nurses"
        return any(child.dep_ == "dobj" and child.lower_ == "fire" for child in token.children)
    return (token.pos_ == "NOUN" and lemma in LIVE_FIRE_NOUNS
            and any(child.lower_ == "live" for child in token.children))


def _fires_at_people(verb: Token) -> bool:
    """"opened fire on", "fired on/at the crowd", "shot dead": not "fired tear gas"."""
    children = list(verb.children)
    if any(child.lemma_.lower() in NON_LETHAL_MODIFIERS for object_ in children
           if object_.dep_ == "dobj" for child in object_.subtree):
        return False
    if verb.lemma_.lower() == "shoot":
        return True
    return any(child.dep_ == "prep" and child.lower_ in ("on", "at", "into")
               for child in children) or any(child.dep_ == "dobj" and child.lower_ == "fire"
                                             for child in children)


def _by_authorities(token: Token) -> bool:
    """The act's subject, or, when it has none of its own, that of the clause it hangs from
    ("Police intervened, killing one"; "live bullets fired by soldiers"), is the authorities.
    "Police dispersed a rally two days after eight people were killed in an accident": the
    killing has its own subject, and no agent."""
    for head in [token, *token.ancestors]:
        subjects = [child for child in head.children
                    if child.dep_ in ("nsubj", "nsubjpass", "agent")]
        if any(child.dep_ != "nsubjpass" and _names_authorities(child) for child in subjects):
            return True
        if subjects:
            return False
    return False


def _names_authorities(phrase: Token) -> bool:
    return any(token.lemma_.lower() in AUTHORITY_LEMMAS for token in phrase.subtree)
