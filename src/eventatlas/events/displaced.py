"""Displacement told without a verb or noun of moving, as IDMC counts it: a home lost or left
("left 5,000 people homeless", "300 families lost their homes", "thousands left their homes"),
people forced out of their homes or into shelters, a stay in a shelter or a camp for the
displaced ("660 people are staying in shelters", "took shelter in four camps"), and the
displaced counted by what they are ("35,000 internally displaced persons"). Each reads one
token of the parse and gives the movement type it announces, or None.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventatlas.events import lexicon as lx
from eventatlas.events.syntax import noun_phrase
from eventatlas.figures import moved_counts
from eventatlas.nlp import span_text


def displacement_type(verb: Token) -> str | None:
    """The movement a verb that is no word of moving tells: a home lost or left, a stay in a
    shelter, refuge taken or sought."""
    if _takes_homes(verb) or _leaves_home(verb) or _stays_in_shelter(verb) or seeks_refuge(verb):
        return "movement.flight"
    if _goes_back_home(verb):
        return "movement.return"
    return None


_BACK_HOME_DEPS = frozenset({"advmod", "prt", "npadvmod", "dobj"})


def _goes_back_home(verb: Token) -> bool:
    """"the 171 who are expected to come back home", "families went back home": a return told
    with a verb of going; "came back" alone may be from anywhere, so the home is required."""
    words = {word.lower_ for child in verb.children if child.dep_ in _BACK_HOME_DEPS
             for word in (child, *child.children) if word.dep_ in _BACK_HOME_DEPS}
    return verb.lemma_.lower() in ("come", "go") and {"back", "home"} <= words


# The places of a noun in the parse, where a word of displacement the tagger read as an
# adjective is a noun all the same ("displacement of civilians", "laving 483 homeless").
_NOUN_ROLES = frozenset({"ROOT", "nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"})


def misread_noun_type(word: Token) -> str | None:
    """A noun of displacement the tagger called an adjective: "displacement of Palestinian
    civilians" (a lower-case headline fragment), "laving 483 homeless" (a typo that leaves the
    verb unread). It stands where a noun stands and has a noun's own dependents, a count or an
    "of"; "homeless" describing someone ("they are homeless", "homeless men") is no such noun,
    and neither is a population a place has ("the city has 5,000 homeless"): no one moved."""
    event_type = lx.NOUN_TRIGGERS.get(word.lower_)
    if (event_type is None or not event_type.startswith("movement") or word.pos_ != "ADJ"
            or word.dep_ not in _NOUN_ROLES or word.head.lemma_.lower() == "have"):
        return None
    if any(child.dep_ == "nummod" or (child.dep_ == "prep" and child.lower_ == "of")
           for child in word.children):
        return event_type
    return None


def counted_displaced_type(adjective: Token) -> str | None:
    """"35,000 internally displaced persons", "the 300 evacuated families": the displaced
    counted by what they are, or named as IDPs ("internally displaced people"). A displaced
    person not counted ("a displaced man was killed") is a state that describes someone, not a
    movement, and so is a count of the dead or hurt ("gunmen killed three displaced people"),
    which `figures.moved_counts` leaves out."""
    event_type = lx.DISPLACED_ADJECTIVES.get(adjective.lower_)
    head = adjective.head
    if event_type is None or head.pos_ not in ("NOUN", "PROPN") or head.i == adjective.i:
        return None
    if _in_another_event(head) or not (_names_idps(adjective)
                                        or _holds_a_moved_count(noun_phrase(head))):
        return None
    return event_type


def _names_idps(adjective: Token) -> bool:
    """"Internally displaced people": IDMC's own name for IDPs, the displaced named by what
    they are, counted or not, as "IDPs" is; not when the people only name a camp ("an
    internally displaced persons camp")."""
    before = adjective.doc[adjective.i - 1] if adjective.i > 0 else None
    # the word before, whichever of the two words the parse hangs "internally" on
    return (adjective.lower_ == "displaced" and adjective.head.dep_ not in ("compound", "amod")
            and before is not None and before.lower_ == "internally")


_STATE_VERBS = frozenset({"be", "remain", "stay", "become"})


def counted_state_type(adjective: Token) -> str | None:
    """"9,000 people are now homeless", "300 families remain homeless": the displaced counted
    in the state a movement left them in, as IDMC counts a stock of the displaced."""
    event_type = lx.DISPLACED_ADJECTIVES.get(adjective.lower_)
    verb = adjective.head
    if event_type is None or adjective.dep_ != "acomp" or verb.lemma_.lower() not in (
            _STATE_VERBS):
        return None
    subjects = [noun_phrase(child) for child in verb.children
                if child.dep_ in ("nsubj", "nsubjpass")]
    return event_type if any(_holds_a_moved_count(phrase) for phrase in subjects) else None


def _in_another_event(noun: Token) -> bool:
    """"killed five civilians including four displaced persons", "hundreds of displaced
    persons demonstrated": the displaced take part in another event, which tells of them; and
    "300 displaced families fled to Goma" is told by its verb, with its places."""
    chain = [noun, *noun.ancestors]
    verbs = chain + [child for token in chain for child in token.children
                     if child.dep_ in ("acl", "relcl")]
    return any(verb.pos_ == "VERB" and _is_an_event_verb(verb) for verb in verbs)


def _is_an_event_verb(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    return (lemma in lx.VERB_TRIGGERS or lemma in lx.FORCING_MOVE_VERBS
            or displacement_type(verb) is not None)


def counts_the_moved(verb: Token) -> bool:
    """"another 11,300 have been relocated", "2,536 relocated", "189,800 residents had moved
    to safer places": a verb of moving whose subject (or the count it qualifies) counts people,
    with no one named as moving them."""
    if any(child.dep_ == "agent" for child in verb.children):
        return False
    phrases = [noun_phrase(child) for child in verb.children
               if child.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ in ("acl", "relcl") and verb.head.i != verb.i:
        phrases.append(noun_phrase(verb.head))
    return any(_holds_a_moved_count(phrase) for phrase in phrases)


# "moved to safer places", "relocated to safety", "moved to higher ground": where people go
# to be out of harm's way, which makes a move a displacement whoever the parse says moved.
_SAFETY_NOUNS = frozenset({"safety", "place", "area", "ground", "location", "site", "zone"})
_SAFE_WORDS = frozenset({"safe", "safer", "high", "higher"})


def moves_to_safety(verb: Token) -> bool:
    """A verb of moving whose destination is safety: "had moved to safer places"."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("to", "toward", "towards"):
            continue
        for noun in prep.children:
            lemma = noun.lemma_.lower()
            if noun.dep_ == "pobj" and (lemma == "safety" or (lemma in _SAFETY_NOUNS and any(
                    child.lemma_.lower() in _SAFE_WORDS or child.lower_ in _SAFE_WORDS
                    for child in noun.children))):
                return True
    return False


def forced_from_home(verb: Token) -> bool:
    """"forced 2,500 people out of their homes", "forced from their homes", "were forced into
    temporary shelters": forcing with a home left or a shelter reached."""
    for child in verb.children:
        if child.dep_ not in ("prep", "prt") or child.lower_ not in ("out", "from", "into"):
            continue
        objects = [grand for grand in child.children if grand.dep_ == "pobj"]
        objects += [great for grand in child.children if grand.lower_ == "of"
                    for great in grand.children if great.dep_ == "pobj"]
        if child.lower_ == "into" and any(_is_shelter(obj) for obj in objects):
            return True
        if child.lower_ != "into" and any(obj.lemma_.lower() in lx.HOME_NOUNS
                                          for obj in objects):
            return True
    return False


def seeks_refuge(verb: Token) -> bool:
    """"took shelter in schools", "sought refuge in the hills", "seek safety near the border"."""
    return verb.lemma_.lower() in lx.REFUGE_VERBS and any(
        child.dep_ == "dobj" and child.lemma_.lower() in lx.REFUGE_NOUNS
        for child in verb.children)


def _takes_homes(verb: Token) -> bool:
    """"left 5,000 people homeless", "2,759 persons became homeless", "300 families lost their
    homes"."""
    lemma = verb.lemma_.lower()
    if lemma in lx.LEAVE_HOMELESS_VERBS:
        return any(word.lower_ == "homeless" and (word.head == verb or word.head.head == verb)
                   for word in verb.subtree)
    return lemma in lx.LOSE_HOME_VERBS and _has_home_object(verb)


def _leaves_home(verb: Token) -> bool:
    """"thousands of people left their homes", "families abandoned their houses": their own
    homes; gunmen who "left the house" only went away."""
    return verb.lemma_.lower() in lx.LEAVE_HOME_VERBS and any(
        child.dep_ == "dobj" and child.lemma_.lower() in lx.HOME_NOUNS
        and any(word.dep_ == "poss" for word in child.children) for child in verb.children)


def _has_home_object(verb: Token) -> bool:
    return any(child.dep_ == "dobj" and child.lemma_.lower() in lx.HOME_NOUNS
               for child in verb.children)


def _stays_in_shelter(verb: Token) -> bool:
    """"660 people are staying in shelters", "spent the night at an emergency shelter",
    "living in relief camps": a verb of staying whose place is a shelter."""
    if verb.lemma_.lower() not in lx.STAYING_VERBS:
        return False
    return any(child.dep_ == "prep" and child.lower_ in ("in", "at", "inside")
               and any(obj.dep_ == "pobj" and _is_shelter(obj) for obj in child.children)
               for child in verb.children)


def _is_shelter(noun: Token) -> bool:
    """A shelter, or a camp or centre named for the displaced ("relief camps", "evacuation
    centres", "displaced-persons camps"); a bare "camp" may be an army's."""
    lemma = noun.lemma_.lower()
    if lemma in lx.SHELTER_NOUNS:
        return True
    if lemma not in lx.CAMP_NOUNS:
        return False
    modifiers = {child.lower_.strip("-") for child in noun.children
                 if child.dep_ in ("compound", "amod", "nmod")}
    modifiers |= {part for word in modifiers for part in word.split("-")}
    return bool(modifiers & lx.CAMP_MODIFIERS)


def names_a_shelter(noun: Token) -> bool:
    """A word of moving that only names a shelter: "evacuation centres", "relocation sites"."""
    return noun.dep_ in ("compound", "amod") and _is_shelter(noun.head)


def _holds_a_moved_count(phrase: Span) -> bool:
    """Whether a count of the displaced (`figures.moved_counts`: not the dead or hurt) lies in
    the phrase."""
    sentence = phrase.sent
    start = phrase.start_char - sentence.start_char
    end = phrase.end_char - sentence.start_char
    return any(s < end and start < e for s, e, _ in moved_counts(span_text(sentence)))
