"""Find an event word's arguments in the parse: who acts, on whom, where from, where to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from eventatlas.events.displaced import displacement_type
from eventatlas.events.lexicon import (
    ANAPHORIC_PLACE_NOUNS,
    DESTINATION_PREPS,
    DISPLACED_PEOPLE_NOUNS,
    LEAVING_VERBS,
    LIGHT_VERBS,
    LOCATION_PREPS,
    NON_LOCATIVE_PREPS,
    NOUN_TRIGGERS,
    ORIGIN_PREPS,
    PLACE_NOUNS,
    RECEIVING_VERBS,
    SELF_MOVING_VERBS,
    VERB_TRIGGERS,
)
from eventatlas.events.place_words import acts_on_something, names_something_else
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
from eventatlas.geo.hints import strip_hint_words
from eventatlas.geo.normalize import fold
from eventatlas.model import Place
from eventatlas.nlp import span_text

PlaceRole = str  # "origin" | "destination" | "location"
# A report set in one country names it (or its towns) at least this often before a lone town
# abroad, reached only through a loose spelling, is taken for a namesake (see `PlaceIndex`).
HOME_MENTIONS = 3


@dataclass(slots=True)
class PlaceIndex:
    """Resolved places by character span, in document order, for lookups from tokens."""

    spans: dict[tuple[int, int], Place]
    _ordered: list[tuple[int, int]] = field(default_factory=list)
    # The span at each character offset asked about: every token of a clause is looked up,
    # often many times over (one walk per event word), and the spans never change.
    _at_offset: dict[int, tuple[int, int] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.spans = {span: place for span, place in self.spans.items()
                      if not _far_namesake(place, self.spans.values())}
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

    def between(self, start: int, end: int) -> list[Place]:
        """The places named between two character offsets, in order."""
        return [self.spans[span] for span in self._ordered if start <= span[0] and span[1] <= end]

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


def _far_namesake(place: Place, places: Iterable[Place]) -> bool:
    """A town abroad that a report set elsewhere reaches only through a loose spelling and
    never otherwise points to: "al-Manar" (the TV channel) read as Mannar, Sri Lanka, or the
    Aleppo neighbourhood "al-Zahraa" as Ez Zahra, Tunisia, in a report about Syria. No event
    happened there; better none of its places than a namesake on another continent."""
    if place.precision not in ("town", "point") or _spells_name(place):
        return False
    countries = Counter(other.country_code for other in places if other.name != place.name)
    home = countries.most_common(1)[0] if countries else (None, 0)
    return (home[0] != place.country_code and home[1] >= HOME_MENTIONS
            and countries[place.country_code] == 0)


def _spells_name(place: Place) -> bool:
    """The words are the place's own name or its first words, up to case and accents."""
    words, name = fold(strip_hint_words(place.text)), fold(place.name)
    return bool(words) and (name == words or name.startswith(words + " "))


@dataclass(slots=True)
class Arguments:
    agents: list[Span] = field(default_factory=list)
    patients: list[Span] = field(default_factory=list)
    places: list[tuple[PlaceRole, Place]] = field(default_factory=list)


def agents_of(trigger: Token) -> list[Span]:
    """Who carries out the event, one phrase per coordinated actor."""
    is_verb = trigger.pos_ in ("VERB", "AUX")
    if not is_verb and trigger.lower_ in DISPLACED_PEOPLE_NOUNS:
        return []  # "Syrian refugees", "refugees from Idlib": who they are, not who moved them
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
    elif trigger.lower_ in DISPLACED_PEOPLE_NOUNS:
        return [noun_phrase(trigger)]  # "some 45,000 IDPs" are the displaced group
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
    if is_movement_word(trigger):
        # Displacement reports name the place anywhere in the sentence, often in a clause of
        # its own: "In Yemen, ... with 3.3 million displaced by fighting", "Floods hit Sofala
        # province, where 9,000 are homeless". The words around it still give its role.
        return _places_under(trigger.sent.root, trigger, index, nested=True)
    return []


def is_movement_word(token: Token) -> bool:
    """Whether the lexicon reads `token` as a word of displacement or movement."""
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        return VERB_TRIGGERS.get(lemma, "").startswith("movement")
    return (NOUN_TRIGGERS.get(lemma) or NOUN_TRIGGERS.get(token.lower_, "")).startswith(
        "movement")


def _places_under(root: Token, trigger: Token, index: PlaceIndex, nested: bool = False
                  ) -> list[tuple[str, Place]]:
    """The places in `root`'s phrase with their roles; `nested` keeps those of clauses nested
    in it (relative clauses, reported speech), which are otherwise left out."""
    found: list[tuple[str, Place]] = []
    seen: set[int] = set()
    for token in root.subtree:
        if token.i in seen:
            continue
        # Both tests are pure: the cheap place lookup first, the walk up the parse only for
        # the few tokens that name a place.
        place = index.at(token) or _anaphoric_place(token, index)
        if place is None or (not nested and _inside_other_clause(token, root)) or _aside(
                token, trigger):
            continue
        seen.update(_mention_tokens(token, index))
        role = _place_role(token, trigger, place.precision)
        if role is not None and not _acting_country(_mention_root(token, index), place.precision):
            found.append((role, place))
    return _dedupe(found)


def _mention_root(token: Token, index: PlaceIndex) -> Token:
    """The word of a mention whose head lies outside it ("States" in "The United States")."""
    span = index.span_at(token)
    if span is None:
        return token
    root = token
    while root.head.i != root.i and span[0] <= root.head.idx < span[1]:
        root = root.head
    return root


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


def _aside(token: Token, trigger: Token) -> bool:
    """A place inside brackets the event word is not in: "(Daesh outlawed in Russia)", "(a
    town near Aleppo)" is an aside about someone or something, not where the event was."""
    return _bracket_start(token) != _bracket_start(trigger)


def _bracket_start(token: Token) -> int | None:
    """The index of the "(" the token stands inside (in its sentence), or None."""
    sentence = token.sent
    if "(" not in span_text(sentence):  # most sentences: no token-by-token walk
        return None
    depth = 0
    for i in range(token.i - 1, sentence.start - 1, -1):
        text = token.doc[i].text
        if text == ")":
            depth += 1
        elif text == "(":
            if depth == 0:
                return i
            depth -= 1
    return None


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
            if prep == "of" and _moved_group(current.head.head, trigger):
                return "origin"
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


def _moved_group(noun: Token, trigger: Token) -> bool:
    """"35,326 Brus of western Mizoram took shelter", "300 families of Kalehe fled": a counted
    group the movement word takes as subject, named after where it comes from."""
    return (noun.head.i == trigger.i and noun.dep_ in ("nsubj", "nsubjpass")
            and any(child.dep_ == "nummod" for child in noun.children)
            and (is_movement_word(trigger) or displacement_type(trigger) is not None))


def _acting_country(token: Token, precision: str | None) -> bool:
    """A country that is the subject of an active verb acts: "The United States called for
    access to the site of the attack", "Russia launched strikes" name a government, not the
    event's setting; so does a town that does something to something ("Moscow launched air
    strikes", "Washington imposed sanctions"), unless the verb makes its subject a setting
    ("Aleppo saw heavy fighting")."""
    if token.dep_ != "nsubj" or token.head.pos_ != "VERB":
        return False
    return precision == "country" or (precision == "town" and acts_on_something(token))


def _dedupe(found: list[tuple[str, Place]]) -> list[tuple[str, Place]]:
    seen: set[tuple[str, str]] = set()
    result = []
    for role, place in found:
        key = (role, place.name)
        if key not in seen:
            seen.add(key)
            result.append((role, place))
    return result
