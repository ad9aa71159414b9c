"""`eventatlas eval time PATH`: TIMEX3 DATE normalisation on TempEval-3 (platinum, TBAQ).

For every DATE TIMEX3 in a TimeML file (the creation time itself excepted), its gold extent is
resolved against the document creation time (DCT) and written as a TIMEX3 value
(`eventatlas.time.timex`); the score is exact value match. Extents are given, as in
TempEval-3's normalisation track, so this measures resolution, not detection. Expressions that
refer back ("a year earlier", "the same day") get the previous resolved day/month/quarter of the
same document as their anchor, the way a reader carries the narrative time along.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from eventatlas.evaluate import eval_app, print_report
from eventatlas.model import DateRange
from eventatlas.time.resolve import clause_tense, resolve_expression
from eventatlas.time.timex import timex_value

GRANULARITIES = ("day", "week", "month", "quarter", "year", "ref", "other")


@dataclass(frozen=True, slots=True)
class GoldTimex:
    doc: str
    text: str
    value: str
    dct: date
    sentence: str = ""


@dataclass(slots=True)
class Tally:
    total: int = 0
    answered: int = 0
    correct: int = 0

    def add(self, answered: bool, correct: bool) -> None:
        self.total += 1
        self.answered += answered
        self.correct += correct

    def metrics(self) -> dict[str, Any]:
        return {"n": self.total, "accuracy": _ratio(self.correct, self.total),
                "coverage": _ratio(self.answered, self.total),
                "precision": _ratio(self.correct, self.answered)}


def granularity(value: str) -> str:
    """The unit a gold TIMEX3 value names: 2013-03-22 day, 2013-W11 week, 1989-Q3 quarter..."""
    if value.endswith("_REF"):
        return "ref"
    patterns = (("day", r"\d{4}-\d\d-\d\d"), ("week", r"\d{4}-W\d\d(?:-WE)?"),
                ("month", r"\d{4}-\d\d"), ("quarter", r"\d{4}-Q\d"), ("year", r"\d{4}"))
    for name, pattern in patterns:
        if re.fullmatch(pattern, value):
            return name
    return "other"


def read_timeml(path: Path) -> list[GoldTimex]:
    """The DATE TIMEX3s of one TimeML file, in document order, with the file's DCT and the
    sentence around each (its tense decides "Monday" in "talks will resume Monday")."""
    root = ET.parse(path).getroot()
    dct_node, text_node = root.find("DCT/TIMEX3"), root.find("TEXT")
    if dct_node is None or text_node is None:
        return []
    dct = date.fromisoformat(dct_node.get("value", "")[:10])
    pieces: list[str] = []
    found: list[tuple[int, ET.Element]] = []
    _flatten(text_node, pieces, found)
    text = "".join(pieces)
    return [
        GoldTimex(path.stem, "".join(node.itertext()).strip(), node.get("value", ""), dct,
                  _sentence_at(text, offset))
        for offset, node in found
        if node.get("type") == "DATE" and node.get("functionInDocument") != "CREATION_TIME"
    ]


def _flatten(node: ET.Element, pieces: list[str], found: list[tuple[int, ET.Element]]) -> None:
    """The text under `node` into `pieces`, noting where each TIMEX3 starts."""
    if node.tag == "TIMEX3":
        found.append((sum(map(len, pieces)), node))
    pieces.append(node.text or "")
    for child in node:
        _flatten(child, pieces, found)
        pieces.append(child.tail or "")


def _sentence_at(text: str, offset: int) -> str:
    starts = [m.end() for m in re.finditer(r"[.!?]\s+|\n\s*\n", text[:offset])]
    end = re.search(r"[.!?](?:\s|$)|\n\s*\n", text[offset:])
    return text[starts[-1] if starts else 0: offset + (end.end() if end else len(text))]


def timeml_files(path: Path) -> list[Path]:
    return [path] if path.is_file() else sorted(path.rglob("*.tml"))


def predictions(gold: list[GoldTimex]) -> Iterator[tuple[GoldTimex, str | None]]:
    """Our value for each gold timex, carrying the last date stated outright as the anchor of
    anaphora."""
    previous: DateRange | None = None
    for item in gold:
        tense = clause_tense(item.sentence)
        yield item, timex_value(item.text, item.dct, previous=previous, tense=tense)
        resolved = resolve_expression(item.text, item.dct, previous=previous, tense=tense)
        if resolved is not None and resolved.start is not None and resolved.basis == "explicit":
            previous = resolved  # anchors are the narrative's own dates, not shifts of them


def evaluate(path: Path, limit: int | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Overall and per-granularity metrics, and the rows we got wrong."""
    overall, by_unit = Tally(), {name: Tally() for name in GRANULARITIES}
    misses: list[dict[str, Any]] = []
    files = timeml_files(path)[:limit] if limit else timeml_files(path)
    for file in files:
        for item, value in predictions(read_timeml(file)):
            correct = value == item.value
            overall.add(value is not None, correct)
            by_unit[granularity(item.value)].add(value is not None, correct)
            if not correct:
                misses.append({"doc": item.doc, "dct": item.dct.isoformat(), "text": item.text,
                               "gold": item.value, "ours": value})
    metrics: dict[str, Any] = {"documents": len(files), **overall.metrics()}
    for name, tally in by_unit.items():
        metrics.update({f"{name}_{key}": value for key, value in tally.metrics().items()
                        if key in ("n", "accuracy")})
    return metrics, misses


@eval_app.command("time")
def eval_time(
    path: Annotated[Path, typer.Argument(help="A TimeML file or a folder of .tml files.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    limit: Annotated[int | None, typer.Option(help="Only the first N files.")] = None,
    misses: Annotated[bool, typer.Option(help="Also list the expressions we got wrong.")] = False,
) -> None:
    """TIMEX3 DATE value accuracy against the document creation time (TempEval-3)."""
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist", param_hint="PATH")
    metrics, wrong = evaluate(path, limit)
    print_report(f"TempEval-3 DATE normalisation: {path}", metrics, as_json=as_json,
                 rows=wrong if misses else ())


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
