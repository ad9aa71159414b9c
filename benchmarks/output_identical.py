"""Proves a refactor changed no output: the seed and FA-KES dev articles, byte for byte.

    .venv/bin/python benchmarks/output_identical.py --save /tmp/before.jsonl [--limit 100]
    ... refactor ...
    .venv/bin/python benchmarks/output_identical.py --compare /tmp/before.jsonl

Extracts the seed article (published 2016-11-11) and the first `--limit` FA-KES dev articles
(published on the date in their row) in one process, and writes one line per document: its
name, the SHA-256 of its canonical JSON (sorted keys) and the JSON itself. `--compare` runs the
same documents again and prints, for each document whose output differs, the first differing
top-level key path; it exits 1 when any differs, 0 when all are identical. Issue 18's rule for
the house: every refactoring commit keeps this at 0.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventatlas.extract import Extractor

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed" / "ara-news-raqqa-evacuation.txt"
FAKES = ROOT.parent / "shared" / "data" / "articles" / "fakes-dev.csv"


def documents(limit: int) -> list[tuple[str, str, date | None]]:
    """(name, text, published) for the seed and the first `limit` FA-KES dev articles."""
    found = [("seed", SEED.read_text(encoding="utf-8"), date(2016, 11, 11))]
    if FAKES.exists():
        with FAKES.open(encoding="utf-8") as handle:
            for row in list(csv.DictReader(handle))[:limit]:
                found.append((f"fakes:{row['unit_id']}", row["article_content"],
                              _row_date(row.get("date", ""))))
    return found


def _row_date(value: str) -> date | None:
    """FA-KES writes dates as M/D/YY."""
    try:
        return datetime.strptime(value.strip(), "%m/%d/%y").date()
    except ValueError:
        return None


def canonical(result: dict[str, Any]) -> str:
    return json.dumps(result, sort_keys=True, ensure_ascii=False)


def run(limit: int) -> list[dict[str, str]]:
    extractor = Extractor()
    lines = []
    for name, text, published in documents(limit):
        body = canonical(extractor.extract_text(text, published=published))
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        lines.append({"name": name, "sha256": digest, "json": body})
    return lines


def first_difference(before: Any, after: Any, path: str = "$") -> str:
    """The first path where two JSON values differ (depth first, keys sorted)."""
    if type(before) is not type(after):
        return path
    if isinstance(before, dict):
        for key in sorted(set(before) | set(after)):
            if key not in before or key not in after or before[key] != after[key]:
                if key in before and key in after:
                    return first_difference(before[key], after[key], f"{path}.{key}")
                return f"{path}.{key}"
        return path
    if isinstance(before, list):
        if len(before) != len(after):
            return f"{path} (length {len(before)} → {len(after)})"
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                return first_difference(old, new, f"{path}[{index}]")
    return path


def compare(saved: Path, lines: list[dict[str, str]]) -> int:
    with saved.open(encoding="utf-8") as handle:
        before = {row["name"]: row for row in map(json.loads, handle)}
    changed = 0
    for line in lines:
        old = before.get(line["name"])
        if old is None:
            print(f"{line['name']}: not in {saved}")
            changed += 1
        elif old["sha256"] != line["sha256"]:
            where = first_difference(json.loads(old["json"]), json.loads(line["json"]))
            print(f"{line['name']}: differs at {where}")
            changed += 1
    print(f"{len(lines)} documents, {changed} differ")
    return 1 if changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write the outputs here")
    action.add_argument("--compare", type=Path, help="compare with outputs saved earlier")
    parser.add_argument("--limit", type=int, default=100, help="FA-KES dev articles (100)")
    args = parser.parse_args()
    lines = run(args.limit)
    if args.save:
        with args.save.open("w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        print(f"{len(lines)} documents saved to {args.save}")
        return 0
    return compare(args.compare, lines)


if __name__ == "__main__":
    sys.exit(main())
