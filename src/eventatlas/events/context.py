"""What the event detector knows about a document beyond one sentence: its places, its actors
and their resolver, the place it is about, who has spoken so far and the last date told."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from eventatlas import attribution as attribution_step
from eventatlas.actors.resolve import ActorContext, ActorResolver
from eventatlas.events.arguments import PlaceIndex
from eventatlas.model import DateRange, Document, Place


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
