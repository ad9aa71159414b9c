"""Detect events: trigger words typed and filled from the dependency parse.

For each sentence, event words from the lexicon become candidate events; candidates that are
generic ("every threat pushes it..."), embedded in another event ("readiness to storm"), or
anticipations without participants are dropped. Each remaining candidate gets its actors, places,
date, quantity, attribution and modality, and one event per actor when several act
("air strikes by the coalition and Russia").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from eventatlas import attribution as attribution_step
from eventatlas.actors.ontology import ActorEntry, country_for_demonym
from eventatlas.actors.resolve import ActorContext, ActorResolver
from eventatlas.budget import check_budget
from eventatlas.events import learned
from eventatlas.events import lexicon as lx
from eventatlas.events.arguments import (
    PlaceIndex,
    agents_of,
    is_received,
    patients_of,
    places_of,
)
from eventatlas.events.counting import event_quantity, fold_casualties
from eventatlas.events.dating import event_date
from eventatlas.events.syntax import noun_phrase, prep_objects
from eventatlas.model import (
    GEO_PRECISION_RANK,
    Actor,
    Attribution,
    DateRange,
    Document,
    Event,
    Evidence,
    Place,
    Role,
)
from eventatlas.quantity import (
    parse_age_range,
    parse_fatalities,
)


@dataclass(slots=True)
class Candidate:
    trigger: Token
    type: str


@dataclass(slots=True)
class DetectionContext:
    """Everything the detector needs about the document beyond one sentence."""

    document: Document
    places: PlaceIndex
    actors: ActorResolver
    actor_context: ActorContext
    focus: Place | None
    speakers: attribution_step.SpeakerContext = field(
        default_factory=attribution_step.SpeakerContext
    )
    report_date: date | None = None
    last_date: DateRange | None = None


def detect_events(doc: Doc, context: DetectionContext) -> list[Event]:
    events: list[Event] = []
    persons = _persons_by_sentence(doc)
    guesses = learned.sentence_guesses(doc)
    for sentence in doc.sents:
        check_budget()
        context.actors.note_text(sentence.text, context.actor_context)
        # What `SpeakerContext.note_persons(sentence)` does, from the names read once.
        for name in persons.get(sentence.start, ()):
            if name not in context.speakers.persons:
                context.speakers.persons.append(name)
        candidates = _typed_candidates(sentence, guesses.get(sentence.start))
        sentence_events = fold_casualties([
            event
            for candidate in candidates
            for event in _build_events(candidate, sentence, context)
        ])
        if sentence_events:
            context.last_date = sentence_events[-1].date
        events.extend(sentence_events)
        attribution_step.update_speakers(sentence, context.speakers)
    return events


def _persons_by_sentence(doc: Doc) -> dict[int, list[str]]:
    """The PERSON names of each sentence (by its first token), as `sentence.ents` gives them:
    only entities wholly inside it. Read from `doc.ents` once, since `Span.ents` rebuilds every
    entity of the document on each call."""
    starts: list[int] = []
    ends: list[int] = []
    for sentence in doc.sents:
        starts.append(sentence.start)
        ends.append(sentence.end)
    persons: dict[int, list[str]] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        number = bisect_right(starts, ent.start) - 1
        if number >= 0 and ent.end <= ends[number]:
            persons.setdefault(starts[number], []).append(ent.text)
    return persons


def _typed_candidates(sentence: Span, guess: learned.SentenceGuess | None) -> list[Candidate]:
    """The rules' candidates, retyped or supplied by the learned typer (`events.learned`)."""
    candidates = _candidates(sentence)
    if guess is None:
        return candidates
    retyped = [replace(candidate, type=event_type)
               if (event_type := learned.retyped(candidate.type, guess.in_context)) else candidate
               for candidate in candidates]
    # No trigger, or only ours (a threat, a flight): the typer may still see an ACLED event.
    event_type = learned.new_event_type(guess.alone)
    anchor = learned.main_verb(sentence) if event_type else None
    if anchor is not None and learned.misses_an_acled_event([c.type for c in candidates]):
        retyped.append(Candidate(anchor, event_type or ""))
    return retyped


def _candidates(sentence: Span) -> list[Candidate]:
    found = [c for token in sentence if (c := _candidate(token)) is not None]
    kept = [c for c in found if not _is_generic(c.trigger) and not _absorbed(c, found)]
    return kept


def _candidate(token: Token) -> Candidate | None:
    lemma = token.lemma_.lower()
    if token.dep_ == "amod":
        return None  # "a displaced man": a state that describes someone, not an event
    if token.pos_ == "VERB" and lemma in lx.VERB_TRIGGERS:
        event_type = lx.VERB_TRIGGERS[lemma]
    elif token.pos_ in ("NOUN", "PROPN") and (lemma in lx.NOUN_TRIGGERS
                                               or token.lower_ in lx.NOUN_TRIGGERS):
        event_type = lx.NOUN_TRIGGERS.get(lemma) or lx.NOUN_TRIGGERS[token.lower_]
    elif token.pos_ in ("NOUN", "VERB") and lemma in ("strike", "raid", "attack", "hit"):
        event_type = _strike_type(token)
    elif token.pos_ == "VERB" and lemma in lx.FORCING_MOVE_VERBS:
        event_type = "movement.forced_displacement" if _forces_a_move(token) else None
    else:
        return None
    if event_type is None or not _has_required_context(token, event_type):
        return None
    return Candidate(token, _weapon_modified(token, event_type))


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
    """"forced dozens of Kurdish families to move to Palmyra": forcing + a verb of moving."""
    return any(child.dep_ == "xcomp" and child.lemma_ in lx.MOVE_LEMMAS for child in verb.children)


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


# --- building events --------------------------------------------------------------------------

def _build_events(candidate: Candidate, sentence: Span, context: DetectionContext) -> list[Event]:
    trigger = candidate.trigger
    patients = _affected(trigger, context)
    agents = _agents(trigger, context) or _national_forces(candidate, context)
    event_type = _refine_type(candidate, agents, patients)
    if event_type is None:
        return []
    places = places_of(trigger, context.places)
    source = attribution_step.attribute(trigger, context.speakers)
    base = {
        "places": places,
        "patients": patients,
        "source": source,
        "date": event_date(trigger, sentence, context.document.published, context.last_date),
        "modality": attribution_step.event_modality(trigger, source),
        "quantity": event_quantity(trigger, patients, event_type),
    }
    if not agents:
        return [_make_event(event_type, trigger, sentence, None, base, context)]
    if event_type == "battle.armed_clash" and len(agents) > 1:
        # "clashes between rebels and government forces": one clash, two sides.
        sides = [_with_role(agent, "target") for agent in agents[1:]]
        event = _make_event(event_type, trigger, sentence, agents[0], base, context)
        event.actors[1:1] = sides
        return [event]
    return [_make_event(event_type, trigger, sentence, agent, base, context) for agent in agents]


def _with_role(actor: Actor, role: Role) -> Actor:
    copied = replace(actor)
    copied.role = role
    return copied


def _agents(trigger: Token, context: DetectionContext) -> list[Actor]:
    spans = agents_of(trigger)
    if is_received(trigger):
        spans = [noun_phrase(obj) for prep, obj in _from_phrases(trigger)] or []
    actors = [a for span in spans if (a := _resolve_actor(span, "actor", context)) is not None]
    if not actors and trigger.pos_ == "VERB" and not is_received(trigger):
        actors = _nearest_actor_on_left(trigger, context)
    return [actor for actor in actors if actor.kind != "civilians"]


# Strikes, shelling and battles a nationality word makes a state's ("Turkish drone strikes");
# bombings, IEDs and grenades are mostly non-state ("Palestinian suicide bombers").
_STATE_KIND_TYPES = ("remote.air_strike", "remote.shelling", "battle.")
_NON_STATE_WORDS = frozenset({"rebel", "opposition", "militant", "insurgent", "jihadist",
                              "militia", "guerrilla", "separatist", "terrorist"})


def _national_forces(candidate: Candidate, context: DetectionContext) -> list[Actor]:
    """A nationality on a strike, a shelling or a battle names the state's forces: "Turkish
    drone strikes", "Israeli shelling", "an Israeli offensive"; not "Syrian rebel shelling"."""
    trigger = candidate.trigger
    modifiers = list(trigger.children)
    if (trigger.pos_ != "NOUN" or not candidate.type.startswith(_STATE_KIND_TYPES)
            or any(child.lemma_.lower() in _NON_STATE_WORDS for child in modifiers)):
        return []
    actors = []
    for child in modifiers:
        code = country_for_demonym(child.text) if child.dep_ == "amod" else None
        entry = context.actors.ontology.state_forces(code) if code else None
        if entry is not None:
            actors.append(_entry_actor(entry, child.text, child.idx))
    return actors


def _from_phrases(trigger: Token) -> list[tuple[str, Token]]:
    return [(child.lower_, obj) for child in trigger.children
            if child.dep_ == "prep" and child.lower_ == "from"
            for obj in child.children if obj.dep_ == "pobj"]


def _nearest_actor_on_left(trigger: Token, context: DetectionContext) -> list[Actor]:
    """When the parse gives no subject (headlines often parse badly), the closest armed group
    named earlier in the same sentence is the agent: "ISIS senior commanders evacuate ..."."""
    left = trigger.doc[trigger.sent.start:trigger.i]
    matches = context.actors.ontology.find_all(left.text)
    armed = [m for m in matches if m.entry.armed]
    if not armed:
        return []
    match = armed[-1]
    entry = context.actors.ontology.choose(match, context.actor_context.country_code,
                                           context.actor_context.year)
    return [_entry_actor(entry, match.text, left.start_char + match.start)]


def _entry_actor(entry: ActorEntry, text: str, start: int) -> Actor:
    """The perpetrator an ontology entry names, found as `text` at character `start`."""
    return Actor(role="actor", name=entry.name, text=text, kind=entry.kind, actor_id=entry.id,
                 country_code=entry.country, start=start, end=start + len(text))


def _affected(trigger: Token, context: DetectionContext) -> list[tuple[Span, Actor | None]]:
    spans = patients_of(trigger) + _threatened(trigger) + _opponents(trigger)
    return [(span, _resolve_actor(span, "affected", context)) for span in spans]


def _opponents(trigger: Token) -> list[Span]:
    """"recaptured the town from Islamic State militants", "an offensive against the YPG"."""
    if trigger.lemma_ not in lx.VERB_TRIGGERS or not lx.VERB_TRIGGERS[trigger.lemma_].startswith(
            ("battle.", "remote.")):
        return []
    return [noun_phrase(obj) for prep, obj in prep_objects(trigger, "from", "against")]


def _threatened(trigger: Token) -> list[Span]:
    """Whom a threat is aimed at: the object of the act it announces ("readiness to storm the
    ISIS de facto capital", "threats ... to carry out a campaign against the group's positions")."""
    if trigger.lemma_ not in ("readiness", "threat", "threaten", "ultimatum", "vow"):
        return []
    spans = []
    for token in trigger.subtree:
        if token.dep_ in ("dobj", "pobj") and token.head.lemma_ in ("storm", "against", "attack",
                                                                     "target", "capture", "seize"):
            spans.append(noun_phrase(token))
    return spans


def _resolve_actor(span: Span, role: str, context: DetectionContext) -> Actor | None:
    place_country = context.focus.country_code if context.focus else None
    actor = context.actors.resolve(span.text, role, context.actor_context,  # type: ignore[arg-type]
                                   place_country=place_country)
    named = span.root.ent_type_ in ("ORG", "PERSON") and span.root.pos_ == "PROPN"
    if actor is None and named:
        ent = next((e for e in span.ents if e.root == span.root), None)
        if ent is not None:
            actor = context.actors.resolve_entity(
                ent.text, ent.label_, role, context=context.actor_context)  # type: ignore[arg-type]
    if actor is not None:
        actor.start, actor.end = span.start_char, span.end_char
    return actor


def _refine_type(candidate: Candidate, agents: list[Actor],
                 patients: list[tuple[Span, Actor | None]]) -> str | None:
    """Type a movement from who moves whom; drop typed events that lack their participants."""
    event_type = candidate.type
    trigger = candidate.trigger
    moved_text = " ".join(span.text.lower() for span, _ in patients)
    words = set(re.findall(r"[a-z]+", moved_text))
    if event_type == "movement":
        if not patients:
            return None
        own = bool(words & lx.OWN_ASSET_WORDS) or _is_own_people(patients)
        civilians = any(actor is not None and actor.kind == "civilians" for _, actor in patients)
        if own:
            return "movement.relocation"
        if civilians and agents:
            return "movement.forced_displacement"
        if civilians or "displaced" in words:
            return "movement.flight"
        return "movement.relocation" if agents else None
    forced_noun = trigger.head.lemma_ in lx.FORCING_VERBS or any(
        child.lower_ == "forced" for child in trigger.children)
    if event_type == "movement.flight" and trigger.pos_ == "NOUN" and forced_noun:
        return "movement.forced_displacement"
    if event_type == "movement.flight" and trigger.pos_ == "VERB" and agents and \
            trigger.lemma_ == "displace":
        return "movement.forced_displacement"
    if event_type == "civilians.attack" and patients and all(
        actor is not None and actor.kind not in _UNARMED_KINDS for _, actor in patients
    ):
        return "battle.armed_clash"
    return event_type


# Victims who make a killing an attack on civilians, not a fight: people at large, and members
# of a political party (ACLED codes party supporters attacked as civilians; a party's armed
# wing, a political militia, fights).
_UNARMED_KINDS = frozenset({"civilians", "unknown", "political_group"})


def _is_own_people(patients: list[tuple[Span, Actor | None]]) -> bool:
    """"their families", "families of its top leaders": the mover's own people."""
    for span, _ in patients:
        lowered = {t.lower_ for t in span}
        has_family = bool(lowered & lx.FAMILY_WORDS)
        possessed = bool(lowered & {"their", "its", "his"})
        members = bool(lowered & {"commanders", "leaders", "militants", "fighters", "members",
                                   "officials", "emirs"})
        if has_family and (possessed or members):
            return True
    return False


def _make_event(event_type: str, trigger: Token, sentence: Span, agent: Actor | None,
                base: dict, context: DetectionContext) -> Event:
    actors: list[Actor] = [agent] if agent else []
    for span, actor in base["patients"]:
        if agent is not None and _is_own_people([(span, actor)]):
            actor = _own_people(agent, span)
        if actor is None:
            continue
        actor = replace(actor)
        actor.role = _patient_role(event_type, actor)
        phrase = span.doc[span.root.left_edge.i:span.root.right_edge.i + 1].text
        if (ages := parse_age_range(phrase)) is not None:
            actor.age_min, actor.age_max = ages
        if (actor.role, actor.name) != ("actor", agent.name if agent else None):
            actors.append(actor)
    location, origin, destination = _assign_places(event_type, base["places"], context)
    source: Attribution | None = base["source"]
    if source is not None:
        actors.append(_source_actor(source, context))
    evidence = Evidence(sentence.start_char, sentence.end_char, sentence.text,
                        source=source.source if source else None)
    quantity = base["quantity"]
    event = Event(
        id="",  # merge_events gives each merged event its stable id
        type=event_type,
        evidence=[evidence],
        date=base["date"],
        actors=actors,
        location=location,
        origin=origin,
        destination=destination,
        quantity=quantity,
        fatalities=parse_fatalities([quantity]) if quantity and event_type in (
            "civilians.attack", "battle.armed_clash") else None,
        modality=base["modality"],
        attribution=source,
        trigger=trigger.text,
    )
    event.confidence = _confidence(event)
    return event


def _source_actor(source: Attribution, context: DetectionContext) -> Actor:
    """Who speaks, as an actor with role "source": a person named in the report, an
    organisation the ontology knows by exactly that name (the Syrian Observatory), or an
    unnamed source ("local sources", "a pro-ISIS media source": affiliated, not the group)."""
    if source.source in context.speakers.persons:
        return Actor(role="source", name=source.source, text=source.text, kind="person")
    match = context.actors.ontology.find_first(source.text)
    bare = source.text.removeprefix("the ").removeprefix("The ")
    if match is not None and match.text.casefold() == bare.casefold():
        return Actor(role="source", name=match.entry.name, text=source.text,
                     kind=match.entry.kind, actor_id=match.entry.id,
                     country_code=match.entry.country)
    return Actor(role="source", name=source.source, text=source.text, kind="unnamed")


def _patient_role(event_type: str, actor: Actor) -> Role:
    if event_type.startswith("statement"):
        return "target"
    if actor.kind == "civilians" or event_type.startswith(("movement", "recruitment")):
        return "affected"
    return "target"


def _own_people(agent: Actor, span: Span) -> Actor:
    """"their families": people belonging to the mover, named after it, not civilians at large."""
    return Actor(role="affected", name=f"{agent.name}: members' families", text=span.text,
                 kind="affiliated_civilians", actor_id=agent.actor_id,
                 country_code=agent.country_code, start=span.start_char, end=span.end_char)


def _assign_places(event_type: str, places: list[tuple[str, Place]],
                   context: DetectionContext) -> tuple[Place | None, Place | None, Place | None]:
    by_role: dict[str, Place] = {}
    for role, place in places:
        # "a town in Syria's northern Aleppo province": the most precise place names the spot.
        if role not in by_role or GEO_PRECISION_RANK[place.precision] < GEO_PRECISION_RANK[
                by_role[role].precision]:
            by_role[role] = place
    location = by_role.get("location")
    origin = by_role.get("origin")
    destination = by_role.get("destination")
    if event_type.startswith("movement"):
        if origin is None and location is not None and location is not destination:
            origin = location
        if origin is None and context.focus is not None and _differs(context.focus, destination):
            origin = replace(context.focus, basis="context")
        location = origin or destination
    else:
        location = location or origin or destination
        if context.focus is not None and _vaguer_than_focus(location, context.focus):
            # ACLED codes the most specific place the report gives: "air strikes in Syria" in a
            # report about Idlib happened in Idlib.
            location = replace(context.focus, basis="context")
    return location, origin, destination


def _vaguer_than_focus(location: Place | None, focus: Place) -> bool:
    if location is None:
        return True
    return location.precision == "country" and location.country_code == focus.country_code




def _differs(place: Place, other: Place | None) -> bool:
    return other is None or (place.name, place.precision) != (other.name, other.precision)


def _confidence(event: Event) -> float:
    """A transparent heuristic until the classifier is trained: rule match plus filled fields."""
    score = 0.45
    score += 0.15 if event.actors_in("actor") else 0.0
    score += 0.1 if event.actors_in("affected") or event.actors_in("target") else 0.0
    place = event.location or event.origin or event.destination
    score += 0.1 if place is not None and place.basis == "explicit" else 0.0
    score += 0.1 if event.date is not None and event.date.basis == "explicit" else 0.0
    score += 0.05 if event.quantity is not None else 0.0
    return min(score, 0.95)
