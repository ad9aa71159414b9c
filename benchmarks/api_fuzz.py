"""Fuzz every API operation from its OpenAPI spec with schemathesis; count the 5xx answers.

    .venv/bin/python benchmarks/api_fuzz.py                 # 10,000 requests
    .venv/bin/python benchmarks/api_fuzz.py --requests 300 --json

The app runs in this process (ASGI, no socket) over a fresh DuckDB store holding the seed
report, with a write token, so POST /documents and reviews get past authentication and really
extract and store. Requests are spread evenly over the operations, half of them valid by the
schema (positive) and half not (negative: wrong types, missing fields, out-of-range values);
an operation whose inputs run out early (hypothesis has tried them all) leaves its share to
the others. Exit status 1 when any answer is a 500 (or another 5xx except 503, which is
documented for a busy or unavailable store).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed" / "ara-news-raqqa-evacuation.txt"
TOKEN = "fuzz-token"
MAX_ROUNDS = 50  # each round asks every operation for more; bounds the run if inputs run out


@dataclass(slots=True)
class Tally:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # 5xx other than 503, with the request
    unavailable: list[str] = field(default_factory=list)  # 503s, to read: why was it busy?

    def record(self, case: Any, response: Any) -> None:
        self.requests += 1
        status = response.status_code
        self.statuses[status] += 1
        seen = self.unavailable if status == 503 else self.failures
        if status >= 500 and len(seen) < 20:
            seen.append(f"{status} {case.method} {case.formatted_path} query={case.query!r} "
                        f"body={str(case.body)[:200]!r} -> {response.text[:200]!r}")


def fuzz_app(app: Any, total: int, seed: int = 0,
             progress: Callable[[Tally], None] | None = None) -> Tally:
    """Send about `total` generated requests to `app`; every response is tallied."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    tally = Tally()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for round_number in range(MAX_ROUNDS):
        left = total - tally.requests
        if left <= 0:
            break
        share = max(1, left // (len(operations) * len(modes)))
        before = tally.requests
        for operation in operations:
            for mode in modes:
                budget = min(share, total - tally.requests)
                if budget <= 0:
                    break

                @settings(max_examples=budget, database=None, deadline=None, derandomize=False,
                          suppress_health_check=list(HealthCheck),
                          phases=[Phase.generate])
                @given(case=operation.as_strategy(generation_mode=mode))
                def send(case: Any) -> None:
                    tally.record(case, case.call(headers=auth))

                try:
                    _seeded(send, seed * 1000 + round_number)()
                except Unsatisfiable:  # e.g. no invalid input exists for GET /types
                    continue
        if progress:
            progress(tally)
        if tally.requests == before:  # nothing new to try anywhere
            break
    return tally


def _seeded(test: Any, seed: int) -> Any:
    from hypothesis import seed as hypothesis_seed

    return hypothesis_seed(seed)(test)


def build_app(folder: Path, pipeline: Any = None) -> tuple[Any, Any]:
    """The API over a fresh store with the seed report; extraction in this process."""
    from eventatlas.api import ApiSettings, create_app
    from eventatlas.ingest import build_document, read_path
    from eventatlas.pipeline import Pipeline
    from eventatlas.store import open_store

    pipeline = pipeline or Pipeline()
    store = open_store(str(folder / "fuzz.duckdb"))
    store.add_document(pipeline.process(
        build_document(read_path(SEED), published=date(2016, 11, 11))))
    app = create_app(store=store, pipeline=pipeline, web_dir=folder / "no-ui",
                     settings=ApiSettings(token=TOKEN))
    return app, store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="eventatlas-fuzz-") as folder:
        app, store = build_app(Path(folder))
        try:
            tally = fuzz_app(app, args.requests, args.seed, progress=None if args.json else (
                lambda t: print(f"  {t.requests} requests so far", file=sys.stderr)))
        finally:
            store.close()
    server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    summary = {
        "requests": tally.requests, "seconds": round(time.perf_counter() - started, 1),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "status_500": tally.statuses.get(500, 0), "status_5xx": server_errors,
        "failures": tally.failures, "unavailable": tally.unavailable,
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{summary['requests']} requests in {summary['seconds']} s; statuses "
              f"{summary['statuses']}; 500s: {summary['status_500']}")
        for failure in tally.failures + tally.unavailable:
            print(f"  {failure}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
