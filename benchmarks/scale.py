"""Scale-out benchmark: pipeline vs bare spaCy, throughput and memory per worker, 1 vs 2 workers.

    .venv/bin/python benchmarks/scale.py [--n 2000] [--ratio-limit N] [--chunk-size 100]

One run reports, on FA-KES dev articles (../shared/data/articles/fakes-dev.csv, loaded as
benchmarks/pipeline_overhead.py does):

1. full pipeline time ÷ bare spaCy `nlp.pipe` time on the same articles, in one process after a
   warm-up (issue 8's target: ≤ 1.5), and the pipeline's articles per second on one core;
2. `eventatlas batch` (local worker processes, the code path `eventatlas batch` runs) over
   `--n` articles with 1 and then 2 workers: wall time including model loading, articles per
   second per worker, peak RSS per worker (targets: ≥ 15 articles/s per core, < 1 GB per
   worker, 2 workers ≥ 1.7× one). FA-KES dev has 384 articles; to reach `--n` they are
   repeated under distinct ids (`fakes-<row>-r<copy>`), which the output says.

Prints one JSON object (and, with --markdown, the results table for docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
from pathlib import Path
from typing import Any

from pipeline_overhead import FAKES, articles, measure

from eventatlas.batch import run_batch

TARGETS = {"overhead_ratio": 1.5, "articles_per_s_per_core": 15.0, "peak_rss_mb": 1024.0,
           "scaling_2_workers": 1.7}


def overhead(texts: list[str], repeat: int = 1) -> dict[str, Any]:
    """Bare spaCy vs the full pipeline on the same texts, one process, after a warm-up
    (`pipeline_overhead.measure`; with `repeat` > 1 the fastest of alternated rounds)."""
    result = measure(texts, repeat)
    result["pipeline_articles_per_s"] = result.pop("articles_per_s")
    return result


def write_input(texts: list[str], n: int, folder: Path) -> Path:
    path = folder / "fakes.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for index in range(n):
            row, copy = index % len(texts), index // len(texts)
            record = {"id": f"fakes-{row}-r{copy}", "text": texts[row]}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def batch_run(path: Path, workers: int, chunk_size: int, folder: Path) -> dict[str, Any]:
    summary = run_batch([path], folder / f"out-{workers}", workers=workers,
                        chunk_size=chunk_size)
    rate = summary.documents / summary.seconds
    return {"workers": workers, "documents": summary.documents, "ok": summary.ok,
            "events": summary.events, "seconds": summary.seconds,
            "articles_per_s": round(rate, 1), "articles_per_s_per_worker": round(rate / workers, 1),
            "peak_rss_mb_per_worker": max(summary.peak_rss_mb_per_worker.values())}


def verdicts(result: dict[str, Any]) -> dict[str, bool]:
    one, two = result["batch"]
    return {
        "overhead_ratio": result["overhead"]["overhead_ratio"] <= TARGETS["overhead_ratio"],
        "articles_per_s_per_core":
            one["articles_per_s_per_worker"] >= TARGETS["articles_per_s_per_core"],
        "peak_rss_mb": max(one["peak_rss_mb_per_worker"], two["peak_rss_mb_per_worker"])
            < TARGETS["peak_rss_mb"],
        "scaling_2_workers": result["scaling_2_workers"] >= TARGETS["scaling_2_workers"],
    }


def markdown(result: dict[str, Any]) -> str:
    over, (one, two), met = result["overhead"], result["batch"], result["targets_met"]

    def mark(key: str) -> str:
        return "met" if met[key] else "**not met**"

    rows = [
        ("full pipeline ÷ bare spaCy `nlp.pipe` "
         f"({over['articles']} articles, one process)",
         f"{over['overhead_ratio']} ({over['full_pipeline_s']} s vs {over['bare_spacy_s']} s)",
         "≤ 1.5", mark("overhead_ratio")),
        (f"articles/s per worker, 1 worker, {one['documents']} articles (incl. model load)",
         f"{one['articles_per_s_per_worker']}", "≥ 15", mark("articles_per_s_per_core")),
        ("articles/s per worker, 2 workers", f"{two['articles_per_s_per_worker']}", "—", "—"),
        ("peak RSS per worker (1 / 2 workers)",
         f"{one['peak_rss_mb_per_worker']:.0f} / {two['peak_rss_mb_per_worker']:.0f} MB",
         "< 1 GB", mark("peak_rss_mb")),
        (f"2 workers vs 1 ({one['seconds']:.1f} s → {two['seconds']:.1f} s)",
         f"{result['scaling_2_workers']}×", "≥ 1.7×", mark("scaling_2_workers")),
    ]
    lines = ["| measure | figure | target | verdict |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles for the scaling runs")
    parser.add_argument("--ratio-limit", type=int, default=None,
                        help="articles for the overhead ratio (default: all 384)")
    parser.add_argument("--ratio-repeat", type=int, default=1,
                        help="alternate the overhead runs this many times, keep the fastest")
    parser.add_argument("--chunk-size", type=int, default=100)
    parser.add_argument("--markdown", action="store_true", help="also print the table")
    args = parser.parse_args()
    texts = articles(None)
    result: dict[str, Any] = {
        "corpus": str(FAKES.name), "distinct_articles": len(texts), "n": args.n,
        "repeated": args.n > len(texts), "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "overhead": overhead(texts[:args.ratio_limit], args.ratio_repeat),
    }
    with tempfile.TemporaryDirectory(prefix="eventatlas-scale-") as tmp:
        path = write_input(texts, args.n, Path(tmp))
        result["batch"] = [batch_run(path, workers, args.chunk_size, Path(tmp))
                           for workers in (1, 2)]
    one, two = result["batch"]
    result["scaling_2_workers"] = round(one["seconds"] / two["seconds"], 2)
    result["targets_met"] = verdicts(result)
    print(json.dumps(result, indent=2))
    if args.markdown:
        print(markdown(result))


if __name__ == "__main__":
    main()
