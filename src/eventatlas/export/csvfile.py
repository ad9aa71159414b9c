"""The one CSV writer every CSV export uses (`acled-csv`, `hxl-csv`, the API's `format=csv`).

Cells are rendered one way everywhere: `None` is an empty cell, lists and dicts are compact
JSON, and a text cell a spreadsheet would run as a formula (one starting with `=`, `+`, `-`,
`@`, a tab or a carriage return, OWASP's list) gets a leading apostrophe, so Excel, LibreOffice
and Google Sheets show it as text. Article text reaches these files (notes, actor names,
evidence), so the guard is not optional; numbers are written as numbers and never guarded.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def safe_text(text: str) -> str:
    """`text`, with an apostrophe in front when a spreadsheet would run it as a formula."""
    return GUARD + text if text.startswith(FORMULA_PREFIXES) else text


def cell(value: Any) -> Any:
    """A value as a CSV cell: numbers as they are, text formula-guarded, JSON for structures."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | dict):
        return safe_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return safe_text(str(value))


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], handle: IO[str],
              extra_rows: Sequence[Sequence[str]] = ()) -> int:
    """A header row, any fixed `extra_rows` (HXL's hashtag row), then one line per row;
    returns how many rows were written."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(extra_rows)
    count = 0
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in columns])
        count += 1
    return count


def csv_text(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    write_csv(rows, columns, buffer)
    return buffer.getvalue()
