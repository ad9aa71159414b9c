"""`Extractor.pipe`: many texts through the pipeline, in order, in one process or several.

Documents are built (cleaned, dated) here in the calling process, so that a bad input fails
at once with its position; the parse and the event steps run in `nlp.pipe` batches, on a fork
pool of `n_process` workers when asked, each worker holding its own copy of the models.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from eventatlas.dateinput import as_date
from eventatlas.errors import EventAtlasError, OptionError
from eventatlas.ingest import RawInput, build_document
from eventatlas.iterutil import chunked
from eventatlas.model import Document as Annotated
from eventatlas.pipeline import ProcessingError

if TYPE_CHECKING:
    from eventatlas.extract import Extractor

# The extractor a forked worker uses: set before the pool forks, so each child inherits it
# (models loaded in the parent are shared copy-on-write rather than loaded again).
_FORKED: Extractor | None = None


def pipe_documents(extractor: Extractor, texts: Iterable[Any], *, as_tuples: bool,
                   published: date | None, batch_size: int,
                   n_process: int) -> Iterator[Any]:
    if n_process < 1 or batch_size < 1:
        raise OptionError("n_process and batch_size must be at least 1")
    contexts: deque[Any] = deque()
    default = published or extractor.settings.published

    def documents() -> Iterator[Annotated]:
        for number, item in enumerate(texts, start=1):
            text, context = item if as_tuples else (item, None)
            contexts.append(context)
            yield _build(text, context, number, default)

    if n_process == 1:
        outcomes: Iterator[Any] = (_checked(outcome)
                                   for outcome in extractor.pipeline.process_many(documents()))
    else:
        outcomes = _forked(extractor, documents(), batch_size, n_process)
    from eventatlas.document import Document

    for result in outcomes:
        document = Document(result)
        context = contexts.popleft()
        yield (document, context) if as_tuples else document


def _build(text: str, context: Any, number: int, default: date | None) -> Annotated:
    if not isinstance(text, str):
        raise OptionError(f"text {number}: expected a str, got {type(text).__name__}")
    # Other keys, and contexts that are not mappings, are the caller's own: passed back as is.
    fields = context if isinstance(context, Mapping) else {}
    raw = RawInput(name=f"text {number}", content=text, is_html=False)
    return build_document(raw, doc_id=fields.get("id"), title=fields.get("title"),
                          url=fields.get("url"),
                          published=as_date(fields.get("published"),
                                            f"text {number}: published") or default)


def _checked(outcome: Annotated | dict[str, Any] | ProcessingError) -> dict[str, Any]:
    """The result of a processed document; a failed one ends the pipe with its reason."""
    if isinstance(outcome, ProcessingError):
        raise EventAtlasError(f"document {outcome.document_id}: {outcome.message}")
    return outcome.result() if isinstance(outcome, Annotated) else outcome


def _forked(extractor: Extractor, documents: Iterable[Annotated], batch_size: int,
            n_process: int) -> Iterator[dict[str, Any]]:
    global _FORKED
    _FORKED = extractor
    # fork, not spawn: children inherit the loaded modules and models instead of re-importing.
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process) as pool:
        for results in pool.imap(_process_chunk, chunked(documents, batch_size)):
            yield from (_checked(result) for result in results)


def _process_chunk(documents: list[Annotated]) -> list[dict[str, Any] | ProcessingError]:
    assert _FORKED is not None, "a pipe worker started without an extractor"
    return [outcome if isinstance(outcome, ProcessingError) else outcome.result()
            for outcome in _FORKED.pipeline.process_many(documents)]

