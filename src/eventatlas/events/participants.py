"""Who takes part in a candidate event: its agents (the parse's subjects, a nationality on a
strike, or the nearest armed group named before a badly parsed verb), the people and groups it
affects or targets, and the source who reports it, each resolved to an `Actor`.
`find_participants` is the entry point; `source_actor` makes the speaker an actor.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventatlas.actors.ontology import ActorEntry, country_for_demonym
from eventatlas.events import lexicon as lx
from eventatlas.events.arguments import agents_of, is_received, patients_of
from eventatlas.events.candidates import Candidate
from eventatlas.events.context import DetectionContext
from eventatlas.events.syntax import noun_phrase, prep_objects
from eventatlas.model import Actor, Attribution

Patients = list[tuple[Span, Actor | None]]


def find_participants(candidate: Candidate,
                      context: DetectionContext) -> tuple[list[Actor], Patients]:
    """(agents, affected) of a candidate: the affected as (phrase, resolved actor or None)."""
    trigger = candidate.trigger
    patients = _affected(trigger, context)
    agents = _agents(trigger, context, patients) or _national_forces(candidate, context)
    return agents, patients


def _agents(trigger: Token, context: DetectionContext, patients: Patients) -> list[Actor]:
    spans = agents_of(trigger)
    if is_received(trigger):
        spans = [noun_phrase(obj) for prep, obj in _from_phrases(trigger)] or []
    actors = [a for span in spans if (a := _resolve_actor(span, "actor", context)) is not None]
    if not actors and trigger.pos_ == "VERB" and not is_received(trigger):
        actors = _nearest_actor_on_left(trigger, context, patients)
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


def _nearest_actor_on_left(trigger: Token, context: DetectionContext,
                           patients: Patients) -> list[Actor]:
    """When the parse gives no subject (headlines often parse badly), the closest armed group
    named earlier in the same sentence is the agent: "ISIS senior commanders evacuate ...";
    never one named among those the event hit ("12 militants were killed": the dead)."""
    left = trigger.doc[trigger.sent.start:trigger.i]
    hit = [(span.start_char - left.start_char, span.end_char - left.start_char)
           for span, _ in patients]
    matches = context.actors.ontology.find_all(left.text)
    armed = [m for m in matches if m.entry.armed
             and not any(start <= m.start < end for start, end in hit)]
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


def _affected(trigger: Token, context: DetectionContext) -> Patients:
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


def source_actor(source: Attribution, context: DetectionContext) -> Actor:
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
