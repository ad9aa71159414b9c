"""Library entry points behind `eventatlas extract`: files, stdin and JSON Lines batches.

The CLI is a thin layer over these; Python users can call them directly:

    >>> from eventatlas.extract import Extractor
    >>> result = Extractor().extract_text(text, published=date(2016, 11, 11))
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from eventatlas.budget import time_budget
from eventatlas.errors import EventAtlasError, InputError, OptionError
from eventatlas.ingest import RawInput, build_document, read_bytes, read_path
from eventatlas.ingest.reader import decode_line
from eventatlas.iterutil import chunked
from eventatlas.model import Document
from eventatlas.pipeline import Pipeline, ProcessingError
from eventatlas.settings import MAX_INPUT_BYTES, Settings


def parse_date_option(value: str | None, what: str = "--published") -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise OptionError(f"{what}: {value!r} is not a date in YYYY-MM-DD form") from error


@dataclass(slots=True)
class BatchLine:
    """One JSON Lines record after parsing: a document to process, or the error it gave."""

    number: int
    document: Document | None = None
    error: dict[str, Any] | None = None


class Extractor:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        # Loaded on first use so that input errors are reported before paying for the models.
        if self._pipeline is None:
            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    def extract_path(self, path: Path) -> dict[str, Any]:
        with self._budget(str(path)):
            document = build_document(read_path(path), published=self.settings.published)
            return self.pipeline.process(document).result()

    def extract_bytes(self, data: bytes, name: str = "<stdin>") -> dict[str, Any]:
        with self._budget(name):
            document = build_document(read_bytes(data, name), published=self.settings.published)
            return self.pipeline.process(document).result()

    def extract_text(self, text: str, *, published: date | None = None,
                     title: str | None = None, html: bool = False) -> dict[str, Any]:
        raw = RawInput(name="<text>", content=text, is_html=html)
        with self._budget(raw.name):
            document = build_document(raw, published=published or self.settings.published,
                                      title=title)
            return self.pipeline.process(document).result()

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

