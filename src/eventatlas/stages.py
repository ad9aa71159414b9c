"""The pipeline's stages, declared by name (as spaCy declares its components).

A stage is a function of one `Analysis` — the document, its spaCy parse and what earlier stages
found — registered under a name with `@stage`, with the resources it needs (the gazetteer's
resolver, the actor ontology) handed over by `Pipeline` when it is assembled. `Settings.stages`
lists the names to run, in order; `settings.DEFAULT_STAGES` is the order the output contract
is defined by. Each stage's work lives in its own package (nlp, geo, events, actors): the
functions here only say what each reads and writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from eventatlas.actors.acled import assign_sides
from eventatlas.actors.resolve import ActorContext, ActorResolver
from eventatlas.errors import OptionError
from eventatlas.events.arguments import PlaceIndex
from eventatlas.events.background import mark_background
from eventatlas.events.detect import DetectionContext, detect_events
from eventatlas.events.merge import merge_events
from eventatlas.events.scoring import blend_confidence
from eventatlas.geo.focus import StoryPlaces, story_places
from eventatlas.geo.resolve import PlaceResolver
from eventatlas.model import Document, Event
from eventatlas.nlp import mentions_from_doc
from eventatlas.settings import DEFAULT_STAGES


@dataclass(frozen=True, slots=True)
class Resources:
    """What stages look things up in, loaded once per process and shared by every pipeline."""

    places: PlaceResolver
    actors: ActorResolver


@dataclass(slots=True)
class Analysis:
    """One document on its way through the stages."""

    document: Document
    doc: Doc
    where: StoryPlaces | None = None  # "places": resolved places, focus place, main country
    events: list[Event] = field(default_factory=list)


StageFunction = Callable[[Analysis], None]
StageFactory = Callable[[Resources], StageFunction]
REGISTRY: dict[str, StageFactory] = {}


def stage(name: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under `name` (its first docstring line documents the stage)."""
    def register(factory: StageFactory) -> StageFactory:
        if name in REGISTRY:
            raise ValueError(f"stage {name!r} is registered twice")
        REGISTRY[name] = factory
        return factory
    return register


def assemble(names: tuple[str, ...], resources: Resources) -> list[tuple[str, StageFunction]]:
    unknown = [name for name in names if name not in REGISTRY]
    if unknown:
        raise OptionError(f"no stage named {unknown[0]!r} (stages: {', '.join(REGISTRY)})")
    return [(name, REGISTRY[name](resources)) for name in names]


@stage("mentions")
def _mentions(resources: Resources) -> StageFunction:
    """nlp.mentions_from_doc: named and nominal spans of the parse → `Document.mentions`."""
    def run(analysis: Analysis) -> None:
        analysis.document.mentions = mentions_from_doc(analysis.doc)
    return run


@stage("places")
def _places(resources: Resources) -> StageFunction:
    """geo.focus.story_places: place mentions → gazetteer places, the focus place, the story's
    country (datelines set aside)."""
    def run(analysis: Analysis) -> None:
        analysis.where = story_places(analysis.document, analysis.doc, resources.places,
                                      resources.actors)
    return run


@stage("events")
def _events(resources: Resources) -> StageFunction:
    """events.detect_events: clauses → events with their arguments (actors, places, dates,
    tolls, attribution)."""
    def run(analysis: Analysis) -> None:
        document, where = analysis.document, analysis.where
        if where is None:
            raise OptionError('stage "events" needs stage "places" before it')
        context = DetectionContext(
            document=document, places=PlaceIndex(where.places), actors=resources.actors,
            actor_context=ActorContext(
                country_code=where.country,
                year=document.published.year if document.published else None),
            focus=where.focus)
        analysis.events = detect_events(analysis.doc, context)
    return run


@stage("merge")
def _merge(resources: Resources) -> StageFunction:
    """events.merge_events: one event per happening the report tells (mentions folded)."""
    def run(analysis: Analysis) -> None:
        analysis.events = merge_events(analysis.events, analysis.document.id,
                                       analysis.document.text)
    return run


@stage("background")
def _background(resources: Resources) -> StageFunction:
    """events.background.mark_background: recalled history is marked `background`."""
    def run(analysis: Analysis) -> None:
        mark_background(analysis.events, analysis.document.published)
    return run


@stage("confidence")
def _confidence(resources: Resources) -> StageFunction:
    """events.scoring.blend_confidence: rule and classifier confidence blended per event."""
    def run(analysis: Analysis) -> None:
        blend_confidence(analysis.events, analysis.doc)
    return run


@stage("acled_sides")
def _acled_sides(resources: Resources) -> StageFunction:
    """actors.acled.assign_sides: each event's two sides as ACLED names and codes them."""
    def run(analysis: Analysis) -> None:
        analysis.document.events = analysis.events
        assign_sides(analysis.document)
    return run


def stage_table() -> str:
    """The default stages as a Markdown table (docs/architecture.md embeds it; a test checks
    that the two agree)."""
    rows = ["| # | stage | what it does |", "|---|---|---|"]
    for number, name in enumerate(DEFAULT_STAGES, start=1):
        doc = (REGISTRY[name].__doc__ or "").strip().replace("\n", " ")
        rows.append(f"| {number} | `{name}` | {' '.join(doc.split())} |")
    return "\n".join(rows)


if __name__ == "__main__":  # `python -m eventatlas.stages` prints the table for the docs
    print(stage_table())
