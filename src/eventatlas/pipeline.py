"""The pipeline in one place: ingest -> nlp -> geo / time / actors -> events.

`Pipeline` loads the models once; `process` runs one `Document`, `process_many` streams many
through `nlp.pipe`. Each stage is a module of its own that reads and writes the shared data
model, so any one can be tested or replaced alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from eventatlas.actors.acled import assign_sides
from eventatlas.actors.ontology import load_ontology
from eventatlas.actors.resolve import ActorContext, ActorResolver
from eventatlas.budget import check_budget, time_budget
from eventatlas.errors import EventAtlasError
from eventatlas.events.arguments import PlaceIndex, names_something_else
from eventatlas.events.background import mark_background
from eventatlas.events.detect import DetectionContext, detect_events
from eventatlas.events.lexicon import REPORTING_VERBS
from eventatlas.events.merge import merge_events
from eventatlas.events.scoring import blend_confidence
from eventatlas.geo.gazetteer import shared_gazetteer
from eventatlas.geo.resolve import PlaceResolver
from eventatlas.model import Document, Mention, Place
from eventatlas.nlp import TEXT_KEY, load_nlp, mentions_from_doc
from eventatlas.settings import Settings

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Documents longer than this (characters) are parsed one at a time in `process_many`, in pieces
# of at most PARSE_CHUNK_CHARS: a batch of news articles parses in a second or two and a few
# hundred MB, a long text at once would take most of its budget and GBs of memory.
PARSE_CHUNK_CHARS = 50_000
# Where a long text may be cut, best first: a paragraph break, a sentence end, any space.
_CUT_MARKS = ("\n\n", ". ", "\n", " ")


def text_chunks(text: str, size: int) -> Iterator[str]:
    """`text` in consecutive pieces of at most `size` characters (joined, they are `text`),
    each cut after the best mark in its second half."""
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = end
        for mark in _CUT_MARKS:
            found = text.rfind(mark, start + size // 2, end)
            if found >= 0:
                cut = found + len(mark)
                break
        yield text[start:cut]
        start = cut
    yield text[start:]


@dataclass(frozen=True, slots=True)
class ProcessingError:
    """A document the pipeline could not process, with the reason."""

    document_id: str
    message: str


class Pipeline:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = load_nlp(self.settings.model)
        self.places = PlaceResolver(shared_gazetteer())
        self.actors = ActorResolver(load_ontology())

    def process(self, document: Document) -> Document:
        """One document, under the time budget (`TimeBudgetError` past it)."""
        with time_budget(self.settings.time_budget_s, document.id):
            doc = self._parse(document.text)
            check_budget()
            return self._annotate(document, doc)

    def process_many(self, documents: Iterable[Document]) -> Iterator[Document | ProcessingError]:
        """Documents in, annotated documents out, in the same order, parsed in batches. A
        document that fails comes out as a `ProcessingError` and the batch goes on. Long
        documents are parsed alone, so that the time budget covers their parse too and one
        of them never holds up a batch."""
        pending: list[Document] = []
        for document in documents:
            if len(document.text) > PARSE_CHUNK_CHARS:
                yield from self._pipe(pending)
                pending = []
                yield self._guarded(document, lambda document=document: self.process(document))
                continue
            pending.append(document)
            if len(pending) >= self.settings.batch_size:  # the batches nlp.pipe would make
                yield from self._pipe(pending)
                pending = []
        yield from self._pipe(pending)

    def _parse(self, text: str) -> Doc:
        """`nlp(text)`, in pieces for a long text: spaCy's parser and NER need about 1 GB of
        scratch memory per 100,000 characters parsed at once (850 KB of short sentences took
        3.9 GB). The pieces end at paragraph breaks where possible, which end sentences anyway."""
        if len(text) <= PARSE_CHUNK_CHARS:
            return self.nlp(text)
        docs = []
        for doc in self.nlp.pipe(text_chunks(text, PARSE_CHUNK_CHARS), batch_size=1):
            check_budget()
            docs.append(doc)
        return Doc.from_docs(docs, ensure_whitespace=False)

    def _pipe(self, documents: list[Document]) -> Iterator[Document | ProcessingError]:
        pairs = ((document.text, document) for document in documents)
        for doc, document in self.nlp.pipe(pairs, as_tuples=True,
                                           batch_size=self.settings.batch_size):
            yield self._guarded(document, lambda doc=doc, document=document: self._budgeted(
                document, doc))

    def _budgeted(self, document: Document, doc: Doc) -> Document:
        with time_budget(self.settings.time_budget_s, document.id):
            return self._annotate(document, doc)

    @staticmethod
    def _guarded(document: Document,
                 work: Callable[[], Document]) -> Document | ProcessingError:
        try:
            return work()
        except EventAtlasError as error:
            return ProcessingError(document.id, str(error))
        except Exception as error:  # one bad document must not end a batch
            return ProcessingError(document.id, f"{type(error).__name__}: {error}")

    def _annotate(self, document: Document, doc: Doc) -> Document:
        doc.user_data[TEXT_KEY] = document.text  # what `doc` was parsed from (`doc_text`)
        document.mentions = mentions_from_doc(doc)
        places = self._resolve_places(document, doc)
        datelines = _inline_datelines(document.text, places)  # the text `doc` was parsed from
        settings = {span: place for span, place in places.items()
                    if span not in datelines and not _describes_something_else(doc, span, place)
                    and not _stands_for_government(doc, span)}
        focus = focus_place(settings, document.mentions, document.dateline, document.text,
                            document.title)
        country = focus.country_code if focus else _main_country(places)
        context = DetectionContext(
            document=document,
            # Where the reporter filed from is no event's setting.
            places=PlaceIndex({span: place for span, place in places.items()
                               if span not in datelines}),
            actors=self.actors,
            actor_context=ActorContext(
                country_code=country,
                year=document.published.year if document.published else None),
            focus=focus,
        )
        events = merge_events(detect_events(doc, context), document.id)
        mark_background(events, document.published)
        blend_confidence(events, doc)
        document.events = events
        assign_sides(document)
        return document

    def _resolve_places(self, document: Document, doc: Doc) -> dict[tuple[int, int], Place]:
        mentions = [m for m in document.mentions if m.label in PLACE_LABELS]
        hints = {(ent.start_char, ent.end_char): ent._.place_hint for ent in doc.ents
                 if ent.label_ in PLACE_LABELS and ent._.place_hint}
        return self.places.resolve_mentions(mentions, document.dateline, hints,
                                            text=document.text,
                                            story=story_countries(self.actors, document.text))


# An actor counts for its home country at most this many times: a story naming the Taliban,
# Afghan forces and Afghan civilians is Afghan three times over, but no more certainly so than
# its place names can outweigh.
STORY_ACTOR_CAP = 3


def story_countries(actors: ActorResolver, text: str) -> dict[str, float]:
    """The countries the story's actors belong to (the actor ontology's country codes: Taliban
    AF, Houthis YE, al-Shabaab SO, MONUSCO CD), one vote per distinct actor, at most
    STORY_ACTOR_CAP per country. An alias several countries' actors share says nothing."""
    seen: dict[str, set[str]] = {}
    for match in actors.ontology.find_all(text):
        countries = {entry.country for entry in match.candidates or (match.entry,)}
        if len(countries) == 1 and (code := countries.pop()):
            seen.setdefault(code, set()).add(match.entry.id)
    return {code: float(min(len(ids), STORY_ACTOR_CAP)) for code, ids in seen.items()}


def _describes_something_else(doc: Doc, span: tuple[int, int], place: Place) -> bool:
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    return words is not None and names_something_else(words.root, place.precision)


# How far into the text a capitalised town can still be the dateline the cleaner left inline
# ("Last updated ... BEIRUT A Russian air strike killed ..."), and the shortest such name (so
# acronyms like "US", "UK" stay places).
DATELINE_WINDOW = 300
DATELINE_MIN_LETTERS = 4
DATELINE_FOLLOWERS = frozenset({"(", "–", "—", "-", "--", ":", ","})
# What a government does, not a town: "Ankara says", "Moscow denied", "Tehran backs".
GOVERNMENT_VERBS = REPORTING_VERBS | {
    "deny", "accuse", "back", "support", "warn", "urge", "reject", "call", "blame", "demand",
    "want", "condemn", "insist", "send", "threaten", "vow", "agree", "refuse", "seek",
}


def _inline_datelines(full_text: str,
                      places: dict[tuple[int, int], Place]) -> set[tuple[int, int]]:
    """Town names in capitals that open the report or precede "(Agency)" / a dash: the
    reporter's dateline ("BEIRUT", "MOSCOW (Sputnik) —") that scraping left in the text.
    `full_text` is the parsed text itself (`Doc.text` rebuilds it token by token)."""
    found = set()
    for (start, end), place in places.items():
        text = full_text[start:end]
        if place.precision != "town" or not text.isupper() or sum(
                c.isalpha() for c in text) < DATELINE_MIN_LETTERS:
            continue
        following = full_text[end:end + 3].strip()[:1]
        if _in_capitals_run(full_text, start):
            continue  # a word of an all-caps headline ("AIR STRIKES HIT RAQQA"), not a dateline
        if start < DATELINE_WINDOW or following in DATELINE_FOLLOWERS:
            found.add((start, end))
    return found


def _in_capitals_run(text: str, start: int) -> bool:
    # The last word before `start` (split from the right: the text can be long).
    before = text[:start].rsplit(None, 1)
    previous = before[-1] if before else ""
    return previous.isalpha() and previous.isupper() and len(previous) > 1


def _stands_for_government(doc: Doc, span: tuple[int, int]) -> bool:
    """"Ankara says", "Moscow denied", "Tehran backs": a capital as the active subject of a
    verb is its government, an actor rather than where anything happened."""
    words = doc.char_span(span[0], span[1], alignment_mode="expand")
    if words is None:
        return False
    root = words.root
    return root.dep_ == "nsubj" and root.head.lemma_ in GOVERNMENT_VERBS


# A town named in the headline is what the report is about, worth this many mentions in the body;
# a mention of its province counts for it too ("Idlib province" three times, "Aleppo" once).
HEADLINE_WEIGHT = 2.0
REGION_WEIGHT = 0.5
# Page furniture listing the story's tags ("Tags Russia Syria Assad Deir az-Zour"): keywords,
# not mentions, and the list runs to the next full stop.
_TAG_LIST = re.compile(r"\b(?:Tags?|Topics|Keywords)\b:?\s+(?:[A-Z][\w'-]*\s+){0,12}$")


def focus_place(places: dict[tuple[int, int], Place], mentions: list[Mention],
                dateline: str | None, text: str = "", title: str | None = None) -> Place | None:
    """The town the report is about: the most often named town of the report's main country,
    not counting the dateline (where the reporter filed from) or tag lists, with the headline's
    towns and the provinces around each town weighing in. Ties go to the first named."""
    headline_end = len(title) if title and text.startswith(title) else 0
    kept = {span: place for span, place in places.items() if not _in_tag_list(text, span[0])}
    towns = _most_named(kept, mentions, dateline, ("town", "point"), headline_end)
    # No town: the province the report keeps naming ("Russian strikes in Deir Ezzor province")
    # still says more than the country.
    return towns or _most_named(kept, mentions, dateline, ("admin2", "admin1"), headline_end)


def _in_tag_list(text: str, start: int) -> bool:
    return bool(text) and _TAG_LIST.search(text[max(0, start - 120):start]) is not None


def _most_named(places: dict[tuple[int, int], Place], mentions: list[Mention],
                dateline: str | None, precisions: tuple[str, ...],
                headline_end: int = 0) -> Place | None:
    counts: Counter[str] = Counter()
    first: dict[str, Place] = {}
    dateline_span = _dateline_span(mentions, dateline)
    country = _main_country(places)
    regions = Counter(place.admin1 for place in places.values()
                      if place.precision == "admin1" and place.country_code == country)
    for span in sorted(places):
        place = places[span]
        if place.precision not in precisions or span == dateline_span:
            continue
        if country and place.country_code != country:
            continue
        counts[place.name] += HEADLINE_WEIGHT if span[0] < headline_end else 1.0
        if place.name not in first and place.precision != "admin1":
            counts[place.name] += REGION_WEIGHT * regions[place.admin1]
        first.setdefault(place.name, place)
    if not counts:
        return None
    best = max(counts, key=lambda name: (counts[name], -list(first).index(name)))
    return first[best]


def _dateline_span(mentions: list[Mention], dateline: str | None) -> tuple[int, int] | None:
    if not dateline:
        return None
    for mention in mentions:
        if mention.text.casefold() == dateline.casefold():
            return (mention.start, mention.end)
    return None


def _main_country(places: dict[tuple[int, int], Place]) -> str | None:
    counts = Counter(place.country_code for place in places.values() if place.country_code)
    return counts.most_common(1)[0][0] if counts else None
