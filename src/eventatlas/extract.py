"""Library entry points behind `eventatlas extract`: files, stdin and JSON Lines batches.

The CLI is a thin layer over these. Python users start from `eventatlas.load()`, which returns
an `Extractor` with its models loaded (docs/python-api.md):

    >>> import eventatlas
    >>> ea = eventatlas.load()
    >>> doc = ea("Syrian government air strikes killed 12 civilians in Aleppo on Thursday, "
    ...          "activists said.", published="2016-11-11")
    >>> [event["type"] for event in doc.events]
    ['remote.air_strike', 'civilians.attack']
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast, overload

from eventatlas.budget import time_budget
from eventatlas.dateinput import DateLike, as_date, parse_date_option
from eventatlas.errors import EventAtlasError, InputError
from eventatlas.ingest import RawInput, build_document, read_bytes, read_path
from eventatlas.ingest.reader import decode_line
from eventatlas.iterutil import chunked
from eventatlas.model import Document
from eventatlas.pipeline import Pipeline, ProcessingError
from eventatlas.settings import MAX_INPUT_BYTES, Settings

if TYPE_CHECKING:
    from eventatlas.document import Document as Result
    from eventatlas.output.contract import ResultDict

log = logging.getLogger(__name__)
# A publication date as the API takes it: a date (or datetime), an ISO "YYYY-MM-DD" string.
@dataclass(slots=True)
class BatchLine:
    """One JSON Lines record after parsing: a document to process, or the error it gave."""

    number: int
    document: Document | None = None
    error: dict[str, Any] | None = None


class Extractor:
    """The pipeline behind an API: call it on a text for a `Document`, `pipe` many texts.

    Build one with `eventatlas.load()` (models loaded at once) or `Extractor()` (models loaded
    on first use), and keep it: loading takes a few seconds, a news article well under one.
    """

    def __init__(self, settings: Settings | None = None, *,
                 pipeline: Pipeline | None = None) -> None:
        """`pipeline`: one already loaded (its models are shared, this extractor's settings
        apply), else it is loaded on first use."""
        self.settings = settings or Settings()
        self._pipeline = pipeline.with_settings(self.settings) if pipeline else None

    @property
    def pipeline(self) -> Pipeline:
        # Loaded on first use so that input errors are reported before paying for the models.
        if self._pipeline is None:
            started = time.perf_counter()
            self._pipeline = Pipeline(self.settings)
            log.debug("models loaded in %.1f s", time.perf_counter() - started)
            warn_if_no_embedder()
        return self._pipeline

    def __call__(self, text: str, *, published: DateLike = None, title: str | None = None,
                 html: bool = False) -> Result:
        """One article's `Document`. `published` (a date or "YYYY-MM-DD") anchors relative
        dates ("on Thursday"); without it the extractor looks for the article's own date."""
        from eventatlas.document import Document as Result

        return Result(self.extract_text(text, published=published, title=title, html=html))

    @overload
    def pipe(self, texts: Iterable[str], *, as_tuples: Literal[False] = ...,
             published: DateLike = ..., batch_size: int | None = ...,
             n_process: int = ...) -> Iterator[Result]: ...

    @overload
    def pipe(self, texts: Iterable[tuple[str, Any]], *, as_tuples: Literal[True],
             published: DateLike = ..., batch_size: int | None = ...,
             n_process: int = ...) -> Iterator[tuple[Result, Any]]: ...

    def pipe(self, texts: Iterable[Any], *, as_tuples: bool = False, published: DateLike = None,
             batch_size: int | None = None, n_process: int = 1) -> Iterator[Any]:
        """`Document`s for many texts, in order, parsed in batches (`nlp.pipe`), on `n_process`
        worker processes if more than one. With `as_tuples`, items are `(text, context)` pairs
        and so are the results; a context that is a dict may give the document's "published",
        "title", "id" and "url". A document that fails raises `EventAtlasError`."""
        from eventatlas.pipe import pipe_documents

        return pipe_documents(self, texts, as_tuples=as_tuples, published=as_date(published),
                              batch_size=batch_size or self.settings.batch_size,
                              n_process=n_process)

    def extract_path(self, path: str | os.PathLike[str]) -> ResultDict:
        """A .txt or .html file's result (the JSON output contract)."""
        path = Path(path)
        with self._budget(str(path)):
            document = build_document(read_path(path), published=self.settings.published)
            return _result(self.pipeline.process(document))

    def extract_bytes(self, data: bytes, name: str = "<stdin>") -> ResultDict:
        with self._budget(name):
            document = build_document(read_bytes(data, name), published=self.settings.published)
            return _result(self.pipeline.process(document))

    def extract_text(self, text: str, *, published: DateLike = None,
                     title: str | None = None, html: bool = False) -> ResultDict:
        raw = RawInput(name="<text>", content=text, is_html=html)
        with self._budget(raw.name):
            document = build_document(raw, published=as_date(published)
                                      or self.settings.published, title=title)
            return _result(self.pipeline.process(document))

    def _budget(self, name: str) -> AbstractContextManager[None]:
        """One budget for reading, cleaning and analysing a document (the pipeline's own
        budget nests inside it and adds nothing)."""
        return time_budget(self.settings.time_budget_s, name)

    def extract_jsonl(self, lines: Iterable[str | bytes]) -> Iterator[dict[str, Any]]:
        """One result or error object per input line, in order, so output line n answers
        input line n (a blank line too: it gets an error object); models loaded once and the
        good lines parsed in batches through `nlp.pipe`. Lines given as bytes are decoded as
        strict UTF-8, each on its own, so a bad line is that line's error."""
        parsed = (self._parse_line(number, line) for number, line in enumerate(lines, start=1))
        for batch in chunked(parsed, self.settings.batch_size):
            documents = [item.document for item in batch if item.document is not None]
            processed = iter(self.pipeline.process_many(documents))
            for item in batch:
                if item.error is not None:
                    yield item.error
                    continue
                outcome = next(processed)
                if isinstance(outcome, ProcessingError):
                    yield error_object(outcome.message, item.number, outcome.document_id)
                else:
                    yield outcome.result()

    def _parse_line(self, number: int, line: str | bytes) -> BatchLine:
        record_id = None
        try:
            record = _json_record(decode_line(line, number) if isinstance(line, bytes) else line)
            record_id = _optional_str(record, "id")
            with time_budget(self.settings.time_budget_s, f"line {number}"):
                document = self._document_from_record(record, number)
            return BatchLine(number, document=document)
        except EventAtlasError as error:
            return BatchLine(number, error=error_object(str(error), number, record_id))
        except Exception as error:  # a malformed record must not end the batch
            message = f"{type(error).__name__}: {error}"
            return BatchLine(number, error=error_object(message, number, record_id))

    def _document_from_record(self, record: dict[str, Any], number: int) -> Document:
        text, html = _optional_str(record, "text"), _optional_str(record, "html")
        if (text is None) == (html is None):
            raise InputError(f"line {number}: give exactly one of \"text\" or \"html\"")
        content = text if text is not None else html
        assert content is not None
        if len(content.encode("utf-8", "surrogatepass")) > MAX_INPUT_BYTES:
            raise InputError(f"line {number}: document is over the size limit")
        raw = RawInput(name=f"line {number}", content=content, is_html=html is not None)
        published = parse_date_option(_optional_str(record, "published"), f"line {number}: "
                                      "published") or self.settings.published
        return build_document(raw, doc_id=_optional_str(record, "id"),
                              title=_optional_str(record, "title"), published=published,
                              url=_optional_str(record, "url"))


def warn_if_no_embedder() -> bool:
    """Say, once per process and even under --quiet, that the sentence embedder is missing:
    without it the event classifier and fusion fall back to word features, so types and
    confidences differ from a full install. Returns whether it warned."""
    from eventatlas.events.embedding import MODEL_NAME, load_embedder, model_dir

    if load_embedder() is not None or _WARNED:
        return False
    _WARNED.append(True)
    log.warning("the embedding model %s is not installed (looked in %s): events are typed "
                "and scored without it, so results differ from a full install. Get it once "
                "with `eventatlas models fetch` (online, ~30 MB).", MODEL_NAME, model_dir())
    return True


_WARNED: list[bool] = []  # set once a process has warned


def _result(document: Document) -> ResultDict:
    return cast("ResultDict", document.result())


def error_object(message: str, line: int | None, record_id: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "line": line, "id": record_id}}


def _json_record(line: str) -> dict[str, Any]:
    if not line.strip():
        raise InputError("blank line (no JSON object)")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object")
    return record


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"field {key!r} must be a string")
    return value

