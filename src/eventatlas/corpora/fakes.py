"""FA-KES articles (`articles/fakes-dev.csv`): Syrian-war news with their coders' gold.

Columns: `unit_id, article_title, article_content, source, date, location, ..., nb_civilians,
nb_noncivilians, ...`. `date` is the coded event's date (M/D/YY), not the publication date;
`source` is the outlet. Used by `eventatlas demo` (the articles) and `eval fakes` (the gold).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    title: str
    text: str
    date: date | None
    civilians: int | None
    noncivilians: int | None
    outlet: str | None = None


def read_fakes(path: Path, limit: int | None = None) -> list[GoldArticle]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        GoldArticle(row["unit_id"], row.get("article_title", ""), row["article_content"],
                    _gold_date(row.get("date", "")), _int(row.get("nb_civilians")),
                    _int(row.get("nb_noncivilians")), (row.get("source") or "").strip() or None)
        for row in rows[:limit]
    ]


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _gold_date(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%m/%d/%y").date()
    except ValueError:
        return None
