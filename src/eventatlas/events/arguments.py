"""Find an event word's arguments in the parse: who acts, on whom, where from, where to."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from eventatlas.events.lexicon import (
    ANAPHORIC_PLACE_NOUNS,
    DESTINATION_PREPS,
    LEAVING_VERBS,
    LIGHT_VERBS,
    LOCATION_PREPS,
    NON_LOCATIVE_PREPS,
    ORIGIN_PREPS,
    PLACE_NOUNS,
    RECEIVING_VERBS,
    SELF_MOVING_VERBS,
)
from eventatlas.events.syntax import (
    ancestors_until_reporting,
    conjuncts,
    inherited_subject,
    is_passive,
    noun_phrase,
    objects,
    passive_subjects,
    prep_objects,
    subjects,
)
from eventatlas.model import Place

PlaceRole = str  # "origin" | "destination" | "location"


@dataclass(slots=True)
class PlaceIndex:
    """Resolved places by character span, in document order, for lookups from tokens."""

    spans: dict[tuple[int, int], Place]
    _ordered: list[tuple[int, int]] = field(default_factory=list)
    # The span at each character offset asked about: every token of a clause is looked up,
    # often many times over (one walk per event word), and the spans never change.
    _at_offset: dict[int, tuple[int, int] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ordered = sorted(self.spans)

    def at(self, token: Token) -> Place | None:
        span = self.span_at(token)
        return self.spans[span] if span else None

    def span_at(self, token: Token) -> tuple[int, int] | None:
        offset = token.idx
        if offset in self._at_offset:
            return self._at_offset[offset]
        found = None
        for start, end in self._ordered:
            if start <= offset < end:
                found = (start, end)
                break
        self._at_offset[offset] = found
        return found

    def last_town_before(self, offset: int) -> Place | None:
        """The most recent town-level place named before an offset ("the city" -> Raqqa)."""
        best = None
        for start, end in self._ordered:
            if start >= offset:
                break
            place = self.spans[(start, end)]
            if place.precision in ("town", "point"):
                best = place
        return best


@dataclass(slots=True)
class Arguments:
    agents: list[Span] = field(default_factory=list)
    patients: list[Span] = field(default_factory=list)
    places: list[tuple[PlaceRole, Place]] = field(default_factory=list)


def agents_of(trigger: Token) -> list[Span]:
    """Who carries out the event, one phrase per coordinated actor."""
    is_verb = trigger.pos_ in ("VERB", "AUX")
    heads = _verb_agents(trigger) if is_verb else _noun_agents(trigger)
    return [noun_phrase(head) for head in heads]


def patients_of(trigger: Token) -> list[Span]:
    """Who or what is acted upon (the moved families, the conscripted men)."""
    if trigger.pos_ in ("VERB", "AUX"):
        heads = passive_subjects(trigger) or objects(trigger)
        if trigger.lemma_ in SELF_MOVING_VERBS:
            # Those who flee are the affected group; what they leave is a place, not a patient.
            heads = subjects(trigger) or ([inherited] if (inherited := inherited_subject(
                trigger)) is not None else [])
    else:
        heads = [obj for _, obj in prep_objects(trigger, "of", "on", "against")]
    result: list[Span] = []
    for head in heads:
        result.extend(noun_phrase(token) for token in conjuncts(head))
    return result


def _verb_agents(verb: Token) -> list[Token]:
    if is_passive(verb):
        heads = [obj for prep, obj in prep_objects(verb, "by") if prep == "by"]
    else:
        subject = next(iter(subjects(verb)), None) or inherited_subject(verb)
        heads = [subject] if subject is not None else []
    return [token for head in heads for token in conjuncts(head)]


def _noun_agents(noun: Token) -> list[Token]:
    by_phrase = [obj for prep, obj in prep_objects(noun, "by", "from", "between")]
    if by_phrase:
        return [token for head in by_phrase for token in conjuncts(head)]
    modifiers = [child for child in noun.children if child.dep_ in ("compound", "amod", "poss")
                 and (child.ent_type_ in ("ORG", "NORP", "GPE") or child.pos_ == "PROPN")]
    if modifiers:
        return modifiers
    head = noun.head
    if noun.dep_ in ("dobj", "obj") and head.lemma_ in LIGHT_VERBS:
        subject = next(iter(subjects(head)), None) or inherited_subject(head)
        return conjuncts(subject) if subject is not None else []
    return []


def is_received(noun: Token) -> bool:
    """"after receiving threats": the subject of the verb is the target, not the agent."""
    return noun.dep_ in ("dobj", "obj") and noun.head.lemma_ in RECEIVING_VERBS


def places_of(trigger: Token, index: PlaceIndex) -> list[tuple[PlaceRole, Place]]:
    """Places in the trigger's own phrase, then in its clause (never past a verb of speech)."""
    own = _places_under(trigger, trigger, index)
    if own:
        return own
    for ancestor in ancestors_until_reporting(trigger):
        if ancestor.pos_ in ("VERB", "AUX"):
            found = [("location", place) for _, place in _places_under(ancestor, trigger, index)]
            if found:
                return found
    return []


def _places_under(root: Token, trigger: Token, index: PlaceIndex) -> list[tuple[str, Place]]:
    found: list[tuple[str, Place]] = []
    seen: set[int] = set()
    for token in root.subtree:
        if token.i in seen:
            continue
        # Both tests are pure: the cheap place lookup first, the walk up the parse only for
        # the few tokens that name a place.
        place = index.at(token) or _anaphoric_place(token, index)
        if place is None or _inside_other_clause(token, root):
            continue
        seen.update(_mention_tokens(token, index))
        role = _place_role(token, trigger, place.precision)
        if role is not None:
            found.append((role, place))
    return _dedupe(found)


def _mention_tokens(token: Token, index: PlaceIndex) -> set[int]:
    """Token indices of the place mention at `token` (not the whole phrase it heads)."""
    span = index.span_at(token)
    if span is None:
        return {token.i}
    return {t.i for t in token.subtree if span[0] <= t.idx < span[1]} | {token.i}


def _inside_other_clause(token: Token, root: Token) -> bool:
    """Skip places in relative clauses and reported speech nested under the root."""
    for ancestor in token.ancestors:
        if ancestor.i == root.i:
            return False
        if ancestor.dep_ in ("relcl", "ccomp"):
            return True
    return False


def _anaphoric_place(token: Token, index: PlaceIndex) -> Place | None:
    """"the city" with no name of its own points back to the last town named."""
    if token.lemma_ not in ANAPHORIC_PLACE_NOUNS or token.pos_ != "NOUN":
        return None
    has_name = any(child.dep_ == "prep" and child.lower_ == "of" for child in token.children)
    has_the = any(child.lower_ == "the" for child in token.children)
    if has_name or not has_the:
        return None
    place = index.last_town_before(token.idx)
    if place is None:
        return None
    return replace(place, text=noun_phrase(token).text, basis="context",
                   start=token.idx, end=token.idx + len(token.text))


def _place_role(token: Token, trigger: Token, precision: str | None = None) -> str | None:
    """Role from the preposition governing the place, skipping "the city of" and "X province".
    None when the place is a participant, not a setting ("strikes by Russia")."""
    if names_something_else(token, precision):
        return None
    current = token
    for _ in range(5):
        if current.dep_ in ("dobj", "obj") and current.head.lemma_ in LEAVING_VERBS:
            return "origin"
        if current.dep_ == "pobj":
            prep = current.head.lower_
            if prep == "of" and current.head.head.lemma_ in PLACE_NOUNS:
                current = current.head.head
                continue
            if prep in ORIGIN_PREPS:
                return "origin"
            if prep in DESTINATION_PREPS:
                return "destination"
            if prep in LOCATION_PREPS:
                return "location"
            if prep in NON_LOCATIVE_PREPS:
                return None
        if current.dep_ in ("compound", "conj", "appos") or current.lemma_ in PLACE_NOUNS:
            current = current.head
            continue
        if current.head.lemma_ in PLACE_NOUNS and current.head.i != current.i:
            current = current.head
            continue
        break
    return "location"


# Nouns naming a happening, not a thing or a group: a place compounded with one is its setting
# ("the Damascus explosion"), while "Iran missile" or "Aleppo Media Center" is not.
HAPPENING_NOUNS = frozenset({
    "explosion", "blast", "bombing", "airstrike", "shelling", "bombardment", "clash", "attack",
    "strike", "raid", "massacre", "fighting", "battle", "siege", "offensive", "execution",
})


def names_something_else(token: Token, precision: str | None = None) -> bool:
    """A place name used to describe something else: "the U.S.-led coalition", "the
    London-based Observatory", "Russian jets", "Syrian regime". Not a setting of the event;
    "the Damascus suburb of Douma" and "Aleppo province" still are."""
    if token.dep_ not in ("amod", "compound", "npadvmod", "nmod", "poss"):
        return False
    head = token.head
    while head.dep_ in ("amod", "compound") and head.head.i != head.i and head.pos_ != "NOUN":
        head = head.head
    if head.lemma_ in PLACE_NOUNS or head.ent_type_ in ("GPE", "LOC", "FAC"):
        return False
    # "Damascus explosion", "Idlib bombing": a town naming an event says where it happened;
    # a country naming one says who did it ("US airstrike", "Russia raids").
    return (token.dep_ != "compound" or precision in (None, "country")
            or head.lemma_.lower() not in HAPPENING_NOUNS)


def _dedupe(found: list[tuple[str, Place]]) -> list[tuple[str, Place]]:
    seen: set[tuple[str, str]] = set()
    result = []
    for role, place in found:
        key = (role, place.name)
        if key not in seen:
            seen.add(key)
            result.append((role, place))
    return result
