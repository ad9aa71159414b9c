"""One event per real happening: merge the mentions of it within one document.

A headline restates the lead; a quote repeats what local sources said; "the movement of the
displaced civilians towards Hasakah" is the flight named two paragraphs earlier. ACLED codes one
event per type, actor pair, place and day, so mentions merge when their type family, actors,
places and dates agree, and every merged mention stays as evidence with its own source.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from eventatlas.budget import check_budget
from eventatlas.events.coded_tolls import apply_coded_toll
from eventatlas.events.counting import COMBATANT_UNITS, is_violent, reports_a_death
from eventatlas.events.scoring import corroborated
from eventatlas.model import Actor, DateRange, Event, Fatalities, Place

# How far before the report an explicitly dated mention can be and still be the report's news.
RECENT = timedelta(days=7)
_ROLE_ORDER = {"actor": 0, "target": 1, "affected": 2, "source": 3}
_MODALITY_STRENGTH = {
    "asserted": 6, "reported": 5, "claimed": 4, "planned": 3, "threatened": 3,
    "hypothetical": 1, "denied": 0,
}


def merge_events(events: list[Event], doc_id: str, text: str = "") -> list[Event]:
    """One event per happening; `text`, the report's, may state the toll ACLED coded."""
    merged: list[Event] = []
    # Each kept event's evidence spans and sources, kept up to date as mentions fold in:
    # rebuilding them on every fold made a report repeating one sentence quadratic.
    seen: dict[int, _Seen] = {}
    events = fold_following_tolls(events)
    for event in events:
        check_budget()  # each mention is compared with every kept event
        target = _merge_target(merged, event)
        if target is None:
            merged.append(event)
            seen[id(event)] = _Seen.of(event)
        else:
            absorb(target, event, seen[id(target)])
    refine_vague_tolls(merged)
    merged = apply_coded_toll(merged, text)
    for number, event in enumerate(merged, start=1):
        event.id = stable_event_id(doc_id, event, number)
        event.actors.sort(key=lambda actor: _ROLE_ORDER[actor.role])
    return merged


def fold_following_tolls(events: list[Event]) -> list[Event]:
    """"Al Shabaab clashed with the army in Qoryooley. 24 Al Shabaab were killed.": a killing
    that names no perpetrator, told right after a violent event, is that event's toll, as ACLED
    codes it (one clash with 24 dead), not a second event. Dead soldiers, police or fighters
    are always the toll of a fight or a bombing, never an attack on civilians of their own:
    with no violent event just before, they go to the nearest violent event of the report."""
    kept: list[Event] = []
    for index, event in enumerate(events):
        if not _bare_toll(event):
            kept.append(event)
            continue
        previous = kept[-1] if kept else None
        target = previous if previous is not None and _takes_toll(previous, event) else None
        dead_combatants = event.type == "civilians.attack" and _unit(event) in COMBATANT_UNITS
        if target is None and dead_combatants:
            violent = [e for e in kept if is_violent(e.type) and e.type != "civilians.attack"]
            later = [e for e in events[index + 1:] if is_violent(e.type)
                     and e.type != "civilians.attack"]
            target = (violent or [None])[-1] or (later or [None])[0]
        if target is None:
            kept.append(event)
            continue
        if target.fatalities is None:
            _take_toll(target, event)
        target.evidence.extend(event.evidence)
        target.actors = _merge_actors(target.actors, [
            a for a in event.actors if a.role in ("affected", "target")])
    return kept


def _bare_toll(event: Event) -> bool:
    """A killing with a toll and no perpetrator ("24 Al Shabaab were killed", "Two people were
    killed", however a typer named it), or one whose dead are combatants ("Al Shabaab claimed
    to have killed 5 soldiers")."""
    return (is_violent(event.type) and reports_a_death(event)
            and event.fatalities is not None
            and (not event.actors_in("actor") or _unit(event) in COMBATANT_UNITS))


def _takes_toll(previous: Event, toll: Event) -> bool:
    """Whether the event just before can take this toll: a violent one of the next sentence
    with no toll of its own (or dead combatants, who never make a civilians event)."""
    if not is_violent(previous.type) or not previous.evidence or not toll.evidence:
        return False
    gap = toll.evidence[0].start - previous.evidence[-1].end
    if not 0 <= gap <= 3 or not _dates_compatible(previous.date, toll.date):
        return False
    if toll.type != "civilians.attack" and not _actor_ids(toll) <= _actor_ids(previous):
        return False  # a side's fight of its own, not the toll of the one before
    return previous.fatalities is None or _unit(toll) in COMBATANT_UNITS


def _merge_target(merged: list[Event], event: Event) -> Event | None:
    """The kept event this mention repeats. A mention without a perpetrator ("Air strikes hit
    Raqqa") joins the one attack it can be; if several actors' attacks fit, it stays apart."""
    candidates = [kept for kept in merged if same_happening(kept, event)]
    if not candidates:
        return None
    if not event.actors_in("actor"):
        actor_sets = {frozenset(_actor_ids(kept)) for kept in candidates}
        if len(actor_sets - {frozenset()}) > 1:
            # It joins none of their attacks, but may still repeat another mention naming no
            # perpetrator: "cluster bombs and vacuum bombs in the airstrikes" is one act.
            return next((kept for kept in candidates if not _actor_ids(kept)), None)
    return candidates[0]


def _actor_ids(event: Event) -> set[str]:
    return {a.actor_id or a.name for a in event.actors_in("actor")}


# ACLED codes one demonstration once, by what happened at it: a protest where the crowd turns
# violent is a violent demonstration; one the authorities break up, a protest with
# intervention; one met with lethal force, excessive force. Later sentences of a report
# ("Police intervened to disperse them") escalate the protest, they are not a second event.
# Lethal force outranks a violent crowd: a mention of it comes from the rule of
# `events.protest_force` (which passes over a crowd said to be violent) or from a typer sure of
# it, while the typer calls most sentences around deaths at a protest violent ones (on a sample
# of ACLED training notes, 60 of excessive force and 100 of riots at protests: 53 of excessive
# force right instead of 44, one violent demonstration and one mob violence lost).
DEMONSTRATION_SEVERITY = {"protest.peaceful": 0, "protest.intervention": 1,
                          "riot.violent_demonstration": 2, "protest.excessive_force": 3}


def _one_demonstration(left: Event, right: Event) -> bool:
    return (left.type != right.type and left.type in DEMONSTRATION_SEVERITY
            and right.type in DEMONSTRATION_SEVERITY)


def same_happening(left: Event, right: Event) -> bool:
    if _one_demonstration(left, right):  # the crowd and the police are both its actors
        return _places_compatible(left, right) and _dates_compatible(left.date, right.date)
    return (
        _types_compatible(left, right)
        and _actors_compatible(left, right)
        and _places_compatible(left, right)
        and _dates_compatible(left.date, right.date)
        and _quantities_compatible(left, right)
    )


@dataclass(slots=True)
class _Seen:
    """The evidence spans and named sources of a kept event."""

    spans: set[tuple[int, int]]
    sources: set[str]

    @classmethod
    def of(cls, event: Event) -> _Seen:
        return cls({(item.start, item.end) for item in event.evidence},
                   {item.source for item in event.evidence if item.source})


def absorb(target: Event, other: Event, seen: _Seen | None = None) -> None:
    """Fold another mention into an event: keep every evidence span, fill what is missing.
    `seen` is the target's `_Seen`, when the caller keeps one."""
    if seen is None:
        seen = _Seen.of(target)
    _absorb_toll(target, other, seen.sources)  # first: it compares each side's sources
    new = [item for item in other.evidence if (item.start, item.end) not in seen.spans]
    target.evidence.extend(new)
    seen.spans.update((item.start, item.end) for item in new)
    seen.sources.update(item.source for item in new if item.source)
    if _more_specific_type(other.type, target.type):
        target.type = other.type
    for role in ("location", "origin", "destination"):
        setattr(target, role, _better_place(getattr(target, role), getattr(other, role)))
    target.date = _better_date(target.date, other.date)
    target.quantity = target.quantity or other.quantity
    target.attribution = target.attribution or other.attribution
    target.actors = _merge_actors(target.actors, other.actors)
    if _MODALITY_STRENGTH[other.modality] > _MODALITY_STRENGTH[target.modality]:
        target.modality = other.modality
    target.confidence = corroborated(target.confidence, other.confidence)


def stable_event_id(doc_id: str, event: Event, number: int) -> str:
    first = event.evidence[0]
    key = f"{doc_id}|{event.type}|{first.start}|{number}"
    return "ev-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _types_compatible(left: Event, right: Event) -> bool:
    if left.type == right.type:
        return True
    # "Turkish strikes kill 9" over "Turkish drone strikes killed nine people ...": a killing
    # that names no perpetrator, with the same toll, is the attack told again. (Another toll
    # is as often a part of the dead, or another attack, so it stays apart.)
    if (_bare_killing(left) and _is_attack(right)) or (_bare_killing(right) and _is_attack(left)):
        return (left.fatalities is not None and right.fatalities is not None
                and left.fatalities.best is not None
                and left.fatalities.best == right.fatalities.best and _same_side(left, right))
    # Flight and forced displacement of the same group are one movement told two ways.
    movement = {"movement.flight", "movement.forced_displacement"}
    return {left.type, right.type} <= movement and _same_moved_group(left, right)


def _bare_killing(event: Event) -> bool:
    return (event.type == "civilians.attack" and not event.actors_in("actor")
            and reports_a_death(event))


def _is_attack(event: Event) -> bool:
    # A strike, shelling or bombing, as in `fold_casualties`: a battle's side may also have
    # killed people apart from the fighting.
    return event.type.startswith("remote.")


def _more_specific_type(candidate: str, current: str) -> bool:
    if candidate in DEMONSTRATION_SEVERITY and current in DEMONSTRATION_SEVERITY:
        return DEMONSTRATION_SEVERITY[candidate] > DEMONSTRATION_SEVERITY[current]
    if current == "civilians.attack" and candidate.startswith("remote."):
        return True  # the attack a bare killing was the toll of
    return current == "movement.flight" and candidate == "movement.forced_displacement"


def _same_moved_group(left: Event, right: Event) -> bool:
    left_groups = {(a.ethnicity, a.actor_id) for a in left.actors_in("affected")}
    right_groups = {(a.ethnicity, a.actor_id) for a in right.actors_in("affected")}
    return bool(left_groups & right_groups) and any(
        ethnicity for ethnicity, _ in left_groups & right_groups
    )


def _actors_compatible(left: Event, right: Event) -> bool:
    """Same perpetrators, or one mention does not name them (a headline restating the lead)."""
    left_ids, right_ids = _actor_ids(left), _actor_ids(right)
    return not left_ids or not right_ids or left_ids == right_ids


def _places_compatible(left: Event, right: Event) -> bool:
    pairs = [(left.origin, right.origin), (left.destination, right.destination)]
    if not left.type.startswith("movement"):
        pairs.append((left.location, right.location))
    return all(_place_match(a, b) for a, b in pairs)


def _place_match(left: Place | None, right: Place | None) -> bool:
    if left is None or right is None:
        return True
    if left.geonameid is not None and left.geonameid == right.geonameid:
        return True
    if left.name == right.name and left.country_code == right.country_code:
        return True
    return _contains(left, right) or _contains(right, left)


def _contains(outer: Place, inner: Place) -> bool:
    """A province contains its towns; a country contains everything in it."""
    if outer.country_code != inner.country_code:
        return False
    if outer.precision == "country":
        return True
    return outer.precision == "admin1" and inner.admin1 is not None and (
        inner.admin1 == outer.admin1 or inner.admin1 == outer.name
    )


def _dates_compatible(left: DateRange | None, right: DateRange | None) -> bool:
    """Explicit dates must overlap. A date inferred from the report (publication or context)
    is compatible with an explicit one only if that one is recent: "killed since March 2011"
    is not the headline's news of the day."""
    if left is None or right is None:
        return True
    if None in (left.start, left.end, right.start, right.end):
        return True
    if left.basis == "explicit" and right.basis == "explicit":
        return _overlap(left, right)
    if left.basis == "explicit" or right.basis == "explicit":
        explicit, inferred = (left, right) if left.basis == "explicit" else (right, left)
        window = DateRange(inferred.end - RECENT, inferred.end, "week")  # type: ignore[operator]
        return _overlap(explicit, window)
    return True


def _overlap(left: DateRange, right: DateRange) -> bool:
    return left.start <= right.end and right.start <= left.end  # type: ignore[operator]


def _quantities_compatible(left: Event, right: Event) -> bool:
    if left.quantity is None or right.quantity is None:
        return True
    if left.quantity.unit != right.quantity.unit:
        return True
    return left.quantity.value is None or right.quantity.value is None or (
        left.quantity.value == right.quantity.value
    )


_BASIS_RANK = {"explicit": 2, "context": 1, "publication": 0}


# Victim groups that are usually a part of a toll stated for people at large: "15 civilians,
# among them 11 children" or "five killed ... two women were killed" count one event.
_PART_UNITS = frozenset({"children", "women", "men"})
_WHOLE_UNITS = frozenset({"people", "bodies"})


def _absorb_toll(target: Event, other: Event, target_sources: set[str]) -> None:
    """The merged event's toll. A figure for a part of the victims ("two women") never
    replaces the whole ("five civilians"); figures from different sources follow ACLED's
    lowest-credible rule; a later, same-source mention usually counts one part of the event
    (a neighbourhood, a single strike), so the lead's exact figure stands."""
    if other.fatalities is None:
        return
    if target.fatalities is None or _is_part(_unit(target), _unit(other)):
        _take_toll(target, other)
        return
    if _is_part(_unit(other), _unit(target)):
        return
    contested = _sources_differ(target_sources, other) or not _definite(target.fatalities)
    if contested and _better_toll(target.fatalities, other.fatalities) is other.fatalities:
        _take_toll(target, other)


def refine_vague_tolls(events: list[Event]) -> None:
    """"Dozens killed in bombardment on Aleppo" then "At least 16 people were killed in
    airstrikes ...": a headline's vague toll is the figure the report goes on to state. A
    vague toll takes the first later definite figure of a violent event of the same time
    that the vague word can mean (between ACLED's figure and the word's top: dozens 12-99)."""
    for index, event in enumerate(events):
        toll = event.fatalities
        if toll is None or _definite(toll) or toll.best is None or toll.high is None:
            continue
        for later in events[index + 1:]:
            figure = later.fatalities
            if (figure is None or not _definite(figure) or figure.best is None
                    or not is_violent(later.type)
                    or not _dates_compatible(event.date, later.date)):
                continue
            if toll.best <= figure.best <= toll.high and _same_side(event, later):
                _take_toll(event, later)
            break


def _same_side(left: Event, right: Event) -> bool:
    """Both tolls count civilians or people at large, or both count combatants."""
    return (_unit(left) in COMBATANT_UNITS) == (_unit(right) in COMBATANT_UNITS)


def _take_toll(target: Event, other: Event) -> None:
    target.fatalities = other.fatalities
    target.quantity = other.quantity or target.quantity  # the unit says who the dead were


def _unit(event: Event) -> str | None:
    return event.quantity.unit if event.quantity else None


def _is_part(part: str | None, whole: str | None) -> bool:
    return part in _PART_UNITS and whole in _WHOLE_UNITS


def _sources_differ(ours: set[str], other: Event) -> bool:
    theirs = {item.source for item in other.evidence if item.source}
    return bool(theirs and ours and not theirs & ours)


def _definite(value: Fatalities) -> bool:
    """A stated figure ("12", "at least 30"), not a vague word's range ("dozens")."""
    return value.high is None or value.low == value.high


def _better_toll(current: Fatalities | None, other: Fatalities | None) -> Fatalities | None:
    """A stated figure ("12", "at least 72") beats a vague word's range ("dozens", "scores");
    between two of a kind, ACLED's rule: the lowest credible figure."""
    if current is None or other is None:
        return current or other
    if _definite(current) != _definite(other):
        return current if _definite(current) else other
    return min(current, other, key=lambda value: value.best if value.best is not None else 10**9)


def _better_place(current: Place | None, other: Place | None) -> Place | None:
    if current is None or (other is not None and _rank(other) > _rank(current)):
        return other
    return current


def _better_date(current: DateRange | None, other: DateRange | None) -> DateRange | None:
    if current is None or (other is not None and _rank(other) > _rank(current)):
        return other
    return current


def _rank(value: Place | DateRange) -> int:
    return _BASIS_RANK[value.basis]


def _merge_actors(current: list[Actor], other: list[Actor]) -> list[Actor]:
    seen = {(a.role, a.actor_id or a.name) for a in current}
    merged = list(current)
    for actor in other:
        key = (actor.role, actor.actor_id or actor.name)
        if key not in seen:
            seen.add(key)
            merged.append(actor)
    return merged
