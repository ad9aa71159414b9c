"""Events from a candidate: its type refined from who moves whom, its participants, places,
date, quantity, attribution and modality, and one event per agent when several act ("air
strikes by the coalition and Russia"); a clash between two sides is one event.
`build_events` is the entry point.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from eventatlas import attribution as attribution_step
from eventatlas.events import lexicon as lx
from eventatlas.events.arguments import places_of
from eventatlas.events.candidates import Candidate
from eventatlas.events.context import DetectionContext
from eventatlas.events.counting import event_quantity
from eventatlas.events.dating import event_date
from eventatlas.events.homeland import homeland_origin
from eventatlas.events.participants import Patients, find_participants, source_actor
from eventatlas.events.scoring import rule_confidence
from eventatlas.model import (
    GEO_PRECISION_RANK,
    Actor,
    Attribution,
    Event,
    Evidence,
    Place,
    Role,
)
from eventatlas.nlp import span_text
from eventatlas.quantity import parse_age_range, parse_fatalities


def build_events(candidate: Candidate, sentence: Span, context: DetectionContext) -> list[Event]:
    """The events a candidate stands for in `sentence`: none when its participants do not fit
    its type, else one per agent (one for a clash between several sides)."""
    trigger = candidate.trigger
    agents, patients = find_participants(candidate, context)
    event_type = _refine_type(candidate, agents, patients)
    if event_type is None:
        return []
    places = homeland_origin(event_type, trigger, [span for span, _ in patients],
                             places_of(trigger, context.places))
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


def _refine_type(candidate: Candidate, agents: list[Actor],
                 patients: Patients) -> str | None:
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


def _is_own_people(patients: Patients) -> bool:
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
    location, origin, destination = _assign_places(event_type, base["places"], context,
                                                   sentence)
    source: Attribution | None = base["source"]
    if source is not None:
        actors.append(source_actor(source, context))
    evidence = Evidence(sentence.start_char, sentence.end_char, span_text(sentence),
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
    event.confidence = rule_confidence(event)
    return event


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
                   context: DetectionContext, sentence: Span
                   ) -> tuple[Place | None, Place | None, Place | None]:
    by_role: dict[str, Place] = {}
    for role, place in places:
        # "a town in Syria's northern Aleppo province": the most precise place names the spot.
        if role not in by_role or _more_precise(place, by_role[role]):
            by_role[role] = place
    location = by_role.get("location")
    origin = by_role.get("origin")
    destination = by_role.get("destination")
    if event_type.startswith("movement"):
        if origin is None and location is not None and location is not destination:
            origin = location
        if origin is None and destination is None:
            origin = _place_before(sentence, context)
        if origin is None and context.focus is not None and _differs(context.focus, destination):
            origin = replace(context.focus, basis="context")
        location = origin or destination
    else:
        location = location or origin or destination
        if context.focus is not None and (_vaguer_than_focus(location, context.focus)
                                          or _protest_about_abroad(event_type, location,
                                                                   context.focus)):
            # ACLED codes the most specific place the report gives: "air strikes in Syria" in a
            # report about Idlib happened in Idlib.
            location = replace(context.focus, basis="context")
    return location, origin, destination


def _more_precise(place: Place, other: Place) -> bool:
    return GEO_PRECISION_RANK[place.precision] < GEO_PRECISION_RANK[other.precision]


def _place_before(sentence: Span, context: DetectionContext) -> Place | None:
    """The most precise place of the sentence before, for a movement its own sentence gives
    none: "... destruction across the Caribbean. Hundreds of thousands were left homeless."
    Relief reports name the place once and count the displaced in the sentence after."""
    if sentence.start == 0:
        return None
    before = sentence.doc[sentence.start - 1].sent
    best: Place | None = None
    for place in context.places.between(before.start_char, before.end_char):
        if best is None or _more_precise(place, best):
            best = place
    return replace(best, basis="context") if best is not None else None


def _vaguer_than_focus(location: Place | None, focus: Place) -> bool:
    """No place, or a country or province that holds the focus, which names the spot more
    precisely: "a protest in Malang city, East Java province" happened in Malang, whichever
    of the two names the parse hangs on the verb."""
    if location is None:
        return True
    if location.country_code != focus.country_code or (
            GEO_PRECISION_RANK[focus.precision] >= GEO_PRECISION_RANK[location.precision]):
        return False
    return location.precision == "country" or (
        location.precision == "admin1" and location.admin1 is not None
        and location.admin1 == focus.admin1)


def _protest_about_abroad(event_type: str, location: Place | None, focus: Place) -> bool:
    """People protest where they are: "a rally in Kaluga against the invasion of Ukraine", "a
    human chain in Dhaka over the killings in Rakhine" took place in the report's own
    country, not in the place the protest is about. A focus that is only a country named
    says too little of where the report is to overrule a town."""
    return (event_type.startswith(("protest", "riot")) and location is not None
            and location.country_code != focus.country_code and focus.precision != "country")


def _differs(place: Place, other: Place | None) -> bool:
    return other is None or (place.name, place.precision) != (other.name, other.precision)

