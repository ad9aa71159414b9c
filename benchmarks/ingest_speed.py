"""End-to-end ingest speed: FA-KES dev articles read, extracted, stored and fused.

    .venv/bin/python benchmarks/ingest_speed.py [--limit N] [--db URL] [--repeat R]

Times (1) the bare spaCy model's `nlp.pipe` over the articles' text and (2) a full
`eventatlas ingest` of the same articles (`Loader`: cleaning, the whole pipeline, one
transaction per document into a fresh DuckDB store with cross-report fusion), each after a
warm-up, and prints one JSON object: seconds, documents per second, the ratio to bare spaCy
(issue 7's goal: ≤ 1.5×) and what the store then holds. `--db` points at another store (e.g. a
PostgreSQL database); it must be empty (and then only one round runs). With `--repeat R` the two
runs alternate R times, each ingest into a fresh store, and each figure is the fastest round
(the least disturbed by other work on the machine); the rounds are listed too.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import spacy
from pipeline_overhead import FAKES, articles, timed

from eventatlas.ingest import RawInput
from eventatlas.ingest.sources import SourceItem
from eventatlas.pipeline import Pipeline
from eventatlas.settings import SPACY_MODEL
from eventatlas.store import open_store
from eventatlas.store.loader import Loader


def items(texts: list[str]) -> list[SourceItem]:
    return [SourceItem(name=f"{FAKES.name}:{number}",
                       raw=RawInput(f"fakes-{number}", text, is_html=False))
            for number, text in enumerate(texts)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--db", default=None)
    parser.add_argument("--batch-size", type=int, default=16,
                        help="documents per parse batch and per store transaction")
    parser.add_argument("--repeat", type=int, default=1,
                        help="alternate the two runs R times and keep the fastest of each")
    args = parser.parse_args()
    texts = articles(args.limit)
    bare = spacy.load(SPACY_MODEL)
    pipeline = Pipeline()
    list(bare.pipe(texts[:5]))
    with tempfile.TemporaryDirectory() as folder:
        warm = open_store(str(Path(folder) / "warm.duckdb"))
        Loader(warm, pipeline).run(items(texts[:5]))  # loads the embedding model, too
        warm.close()
        bare_rounds, ingest_rounds = [], []
        reports: list = []
        for round_number in range(1 if args.db else max(1, args.repeat)):
            store = open_store(args.db or str(Path(folder) / f"ingest-{round_number}.duckdb"))
            bare_rounds.append(timed(lambda: list(bare.pipe(texts, batch_size=16))))
            ingest_rounds.append(timed(lambda store=store: reports.append(
                Loader(store, pipeline, batch_size=args.batch_size).run(items(texts)))))
            counts = store.counts()
            problems = store.verify()
            store.close()
    bare_s, ingest_s = min(bare_rounds), min(ingest_rounds)
    report = reports[0]
    print(json.dumps({
        "articles": len(texts), "added": report.added, "duplicates": report.duplicates,
        "failed": len(report.failures), "bare_spacy_s": round(bare_s, 2),
        "ingest_s": round(ingest_s, 2), "docs_per_s": round(len(texts) / ingest_s, 1),
        "ratio_to_bare_spacy": round(ingest_s / bare_s, 3), "store": counts,
        "store_problems": problems, "bare_rounds_s": [round(t, 2) for t in bare_rounds],
        "ingest_rounds_s": [round(t, 2) for t in ingest_rounds],
    }))


if __name__ == "__main__":
    main()
