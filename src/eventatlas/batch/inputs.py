"""Batch inputs: JSON Lines records (the `eventatlas extract --jsonl` format) and WARC files.

Every input becomes one JSON record line (`{"id", "text" | "html", "url", "title",
"published"}`) tagged with where it came from (`file:line` or `file#record`), so one code path,
`Extractor.extract_jsonl`, parses them all. Unreadable records become error lines and the
batch goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventatlas.errors import OptionError

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True, slots=True)
class InputLine:
    ref: str  # where it came from: "file.jsonl:3" or "crawl.warc.gz#12"
    line: str  # one JSON record in the extract --jsonl format
    error: str | None = None  # set when the input could not be read at all


def input_kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    raise OptionError(f"{path}: not a JSON Lines (.jsonl) or WARC (.warc, .warc.gz) file")


def check_inputs(paths: list[Path]) -> None:
    if not paths:
        raise OptionError("give at least one input file")
    for path in paths:
        if not path.is_file():
            raise OptionError(f"{path}: no such file")
        input_kind(path)


def read_inputs(paths: list[Path]) -> Iterator[InputLine]:
    for path in paths:
        reader = read_warc if input_kind(path) == "warc" else read_jsonl
        yield from reader(path)


def read_jsonl(path: Path) -> Iterator[InputLine]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield InputLine(f"{path.name}:{number}", line)


def read_warc(path: Path) -> Iterator[InputLine]:
    """The archive's HTML and plain-text pages, as read for `eventatlas ingest`."""
    from eventatlas.ingest.sources import warc_items

    for item in warc_items(path):
        ref = f"{path.name}#{item.name.rsplit('#', 1)[-1]}"
        if item.raw is None:
            yield InputLine(ref, "", error=item.error)
            continue
        key = "html" if item.raw.is_html else "text"
        yield InputLine(ref, json.dumps({key: item.raw.content, "url": item.url},
                                        ensure_ascii=False))
