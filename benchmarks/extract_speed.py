"""Extraction speed and coverage: cold start on the seed, then FA-KES dev articles in one batch.

    .venv/bin/python benchmarks/extract_speed.py [--limit N]

Prints one JSON object: cold_start_s (a fresh `eventatlas extract` process on the seed, models
and gazetteer loaded from scratch), articles, errors, articles_per_s (batch through nlp.pipe on
this machine, one process), events, and located_sy_share (articles with at least one event
located in Syria: FA-KES is all Syrian-war reporting, so this is a floor on geolocation).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed" / "ara-news-raqqa-evacuation.txt"
FAKES = ROOT.parent / "shared" / "data" / "articles" / "fakes-dev.csv"


def cold_start() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "eventatlas.cli", "extract", str(SEED),
                    "--published", "2016-11-11"], check=True, capture_output=True)
    return time.perf_counter() - started


def fakes_lines(limit: int | None) -> list[str]:
    with FAKES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    return [json.dumps({
        "id": row["unit_id"], "title": row["article_title"], "text": row["article_content"],
        "published": datetime.strptime(row["date"], "%m/%d/%y").date().isoformat(),
    }) for row in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    report: dict[str, object] = {"cold_start_s": round(cold_start(), 2)}
    if FAKES.exists():
        from eventatlas.extract import Extractor

        lines = fakes_lines(args.limit)
        extractor = Extractor()
        extractor.pipeline  # load models before timing  # noqa: B018
        started = time.perf_counter()
        results = list(extractor.extract_jsonl(lines))
        elapsed = time.perf_counter() - started
        good = [r for r in results if "error" not in r]
        located = [r for r in good if any(
            (e["location"] or {}).get("country_code") == "SY" for e in r["events"])]
        report |= {
            "articles": len(results), "errors": len(results) - len(good),
            "articles_per_s": round(len(results) / elapsed, 1),
            "events": sum(len(r["events"]) for r in good),
            "located_sy_share": round(len(located) / max(len(good), 1), 3),
        }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
