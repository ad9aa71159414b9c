"""The pipeline in one place: ingest -> nlp -> geo / time / actors -> events.

`Pipeline` loads the models once; `process` runs one `Document`, `process_many` streams many
through `nlp.pipe`. Each stage is a module of its own that reads and writes the shared data
model, so any one can be tested or replaced alone.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from eventatlas.actors.ontology import load_ontology
from eventatlas.actors.resolve import ActorResolver
from eventatlas.budget import check_budget, time_budget
from eventatlas.errors import EventAtlasError
from eventatlas.geo.gazetteer import shared_gazetteer
from eventatlas.geo.resolve import PlaceResolver
from eventatlas.model import Document
from eventatlas.nlp import TEXT_KEY, load_nlp
from eventatlas.settings import Settings
from eventatlas.stages import Analysis, Resources, assemble

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


def load_resources() -> Resources:
    """The gazetteer's resolver and the actor ontology, loaded once per process."""
    return Resources(places=PlaceResolver(shared_gazetteer()),
                     actors=ActorResolver(load_ontology()))


class Pipeline:
    """spaCy's parse, then the stages `settings.stages` names (`eventatlas.stages`).

    `resources` (and the spaCy model, `nlp`) may be handed in, so that pipelines with other
    settings share what one process loaded; by default they are loaded here.
    """

    def __init__(self, settings: Settings | None = None, *, resources: Resources | None = None,
                 nlp: Language | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = nlp or load_nlp(self.settings.model)
        self.resources = resources or load_resources()
        self.stages = assemble(self.settings.stages, self.resources)
        # The models just loaded live as long as the process: the cyclic collector's full
        # passes need not walk them again and again (0.3 -> 0.1 s per 300 FA-KES articles).
        gc.freeze()

    @property
    def places(self) -> PlaceResolver:
        return self.resources.places

    @property
    def actors(self) -> ActorResolver:
        return self.resources.actors

    def with_settings(self, settings: Settings) -> Pipeline:
        """A pipeline with other settings (a budget, other stages) on the same loaded models."""
        return Pipeline(settings, resources=self.resources, nlp=self.nlp)

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
        analysis = Analysis(document, doc)
        for _name, run in self.stages:
            run(analysis)
        document.events = analysis.events
        return document
