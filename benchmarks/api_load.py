"""API latency on loopback: GET /events with 100k events in the store, POST /documents warm;
or (`--read-load`) an open loop of mixed reads at a fixed rate on an existing store.

    .venv/bin/python benchmarks/api_load.py [--events 100000] [--requests 200] [--posts 30]
    .venv/bin/python benchmarks/api_load.py --read-load --db /tmp/demo.duckdb [--rate 200]
        [--duration 60] [--json]          # the store from `eventatlas demo --db ...`

Read load: `eventatlas serve` on the given store (read-only: no token), request i sent at
start + i/rate whatever the server does (api_soak.py's open loop: 64 connections, 10 s timeout,
unanswered requests counted as errors 20 s after the last send). The mix: 45 % GET /events
with one of the UI's filters (100 per page, the first three pages), 25 % GeoJSON with limit 500
(with and without filters), 15 % GET /events/{id} of 50 fused events, 10 % /stats, 5 % /flows.
Exit status 1 on any error, or a p95 over `--max-p95-ms`.

How the 100k events are made: the seed report goes into a fresh DuckDB store through the
public API (`Store.add_document`, 9 fused + 9 report-level events), then its `clusters` and
`events` rows (and one `documents` row per copy) are replicated in SQL (`INSERT ... SELECT`)
with new ids, dates shifted a week per
copy (so they spread over ~200 years of weeks, which keeps date filters selective) and points
jittered by up to ±2 degrees. The copies keep the original JSON `data` column, so they are
realistic in size; they are *not* re-extracted or re-fused. Then `eventatlas serve` runs in a
subprocess on a free loopback port and this script times sequential requests with httpx:

- GET /events with the filters the UI sends (none, a family, a bbox, a date range, a text
  search, an actor, the GeoJSON format), `limit` 100;
- POST /documents with the seed, warm (after one request that loads the models): each request
  adds one sentence so the content is new and the document is really added and fused against
  the 100k-event store, and (separately) the unchanged seed, which comes back as a duplicate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed" / "ara-news-raqqa-evacuation.txt"
TOKEN = "benchmark-token"
GET_QUERIES: tuple[dict[str, str], ...] = (
    {}, {"family": "movement"}, {"bbox": "38,35,40,37"},
    {"start": "2016-01-01", "end": "2016-12-31"}, {"q": "families"},
    {"actor": "Islamic State"}, {"format": "geojson"}, {"type": "remote.air_strike",
                                                        "country": "SY"},
)


def build_store(path: Path, total_events: int) -> dict[str, int]:
    from eventatlas.extract import Extractor
    from eventatlas.ingest import build_document, read_path
    from eventatlas.store import open_store

    extractor = Extractor()
    store = open_store(str(path))
    document = extractor.pipeline.process(
        build_document(read_path(SEED), published=date(2016, 11, 11)))
    store.add_document(document)
    base = store.counts()["clusters"]
    copies = max(1, -(-total_events // base) - 1)  # the original plus `copies` replicas
    # Each copy of the seed gets its own document row too, so a document keeps its 9 events.
    store.db.execute(
        "INSERT INTO documents SELECT t.* REPLACE (t.id || '-r' || k AS id,"
        " t.content_hash || '-r' || k AS content_hash)"
        f" FROM documents AS t, range(1, {copies + 1}) AS r(k)")
    for table in ("clusters", "events"):
        # Fusion blocks on the days a fused event's reports span: shift them with the dates.
        extra = (", t.cluster_id || '-r' || k AS cluster_id,"
                 " t.document_id || '-r' || k AS document_id") if table == "events" else (
                 ", span_start + CAST(k * 7 AS INTEGER) AS span_start,"
                 " span_end + CAST(k * 7 AS INTEGER) AS span_end")
        store.db.execute(
            f"INSERT INTO {table} SELECT t.* REPLACE ("
            f" t.id || '-r' || k AS id{extra},"
            " date_start + CAST(k * 7 AS INTEGER) AS date_start,"
            " date_end + CAST(k * 7 AS INTEGER) AS date_end,"
            " lat + ((k * 7919) % 400 - 200) / 100.0 AS lat,"
            " lon + ((k * 104729) % 400 - 200) / 100.0 AS lon)"
            f" FROM {table} AS t, range(1, {copies + 1}) AS r(k)")
    counts = store.counts()
    store.close()
    return counts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(name: str, timings: list[float]) -> str:
    ms = [t * 1000 for t in timings]
    return (f"{name}: n={len(ms)} p50={statistics.median(ms):.1f} ms "
            f"p95={percentile(ms, 0.95):.1f} ms max={max(ms):.1f} ms")


READ_FILTERS: tuple[dict[str, str], ...] = (
    {}, {"family": "movement"}, {"family": "remote"}, {"bbox": "35,32,42,37"},
    {"bbox": "36,35,40,37.5"}, {"start": "2015-01-01", "end": "2015-12-31"},
    {"start": "2016-06-01", "end": "2017-06-30"}, {"q": "killed"}, {"q": "families"},
    {"actor": "Islamic State"}, {"country": "SY"}, {"type": "remote.air_strike"},
    {"level": "report"}, {"min_confidence": "0.7"},
)


def plan_read(rng: random.Random, event_ids: list[str]) -> tuple[str, str, str, dict[str, Any]]:
    """(kind, method, path, request options) for one read of the mix."""
    kind = rng.choices(["events", "geojson", "event", "stats", "flows"],
                       weights=[45, 25, 15, 10, 5])[0]
    filters = dict(rng.choice(READ_FILTERS))
    if kind == "events":
        params = filters | {"limit": "100", "offset": str(100 * rng.randrange(3))}
        return "GET /events", "GET", "/events", {"params": params}
    if kind == "geojson":
        params = filters | {"format": "geojson", "limit": "500"}
        return "GET /events geojson 500", "GET", "/events", {"params": params}
    if kind == "event":
        return "GET /events/{id}", "GET", f"/events/{rng.choice(event_ids)}", {}
    if kind == "stats":
        return "GET /stats", "GET", "/stats", {"params": filters | {"bucket": "week"}}
    return "GET /flows", "GET", "/flows", {"params": filters}


async def read_load(base: str, rate: float, duration: float, seed: int) -> dict[str, Any]:
    from api_soak import CONNECTIONS, DRAIN_S, TIMEOUT_S, Results, one, summarise

    rng = random.Random(seed)
    results = Results()
    gate = asyncio.Semaphore(CONNECTIONS)
    connector = aiohttp.TCPConnector(limit=CONNECTIONS)
    async with aiohttp.ClientSession(base, connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as client:
        async with client.get("/events", params={"limit": "50"}) as response:
            event_ids = [event["id"] for event in (await response.json())["events"]]
        tasks: list[asyncio.Task[None]] = []
        start = time.perf_counter()
        for number in range(int(rate * duration)):
            delay = start + number / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(
                one(client, gate, results, *plan_read(rng, event_ids))))
        sent_for = time.perf_counter() - start
        _, pending = await asyncio.wait(tasks, timeout=DRAIN_S)  # bounded: the rest are errors
        for task in pending:
            task.cancel()
        results.errors.extend(f"unfinished after the run (+{DRAIN_S:.0f} s)" for _ in pending)
        await asyncio.gather(*pending, return_exceptions=True)
    return summarise(results, sent_for, len(tasks), rate, duration)


def run_read_load(args: argparse.Namespace) -> int:
    if not args.db or not Path(args.db).exists():
        raise SystemExit("--read-load needs --db with an existing store (eventatlas demo --db)")
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if key not in ("EVENTATLAS_TOKEN", "EVENTATLAS_READ_TOKEN")}
    with tempfile.TemporaryFile() as log:  # a pipe nobody reads would stall the server
        server = subprocess.Popen(
            [sys.executable, "-m", "eventatlas.cli", "serve", "--db", args.db, "--port",
             str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base, server)
            summary = asyncio.run(read_load(base, args.rate, args.duration, args.seed))
        finally:
            server.terminate()
            server.wait(timeout=30)
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{summary['requests']} reads in {args.duration:.0f} s (target {args.rate:.0f}/s, "
              f"sent at {summary['achieved_rate']}/s): {summary['errors']} errors; "
              f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, "
              f"p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms")
        for kind, figures in summary["by_kind"].items():
            print(f"  {kind:24} n={figures['n']:6}  p50 {figures['p50_ms']:8} ms  "
                  f"p95 {figures['p95_ms']:8} ms")
        for sample in summary["error_samples"]:
            print(f"  error: {sample}")
    slow = args.max_p95_ms is not None and summary["p95_ms"] > args.max_p95_ms
    return 1 if summary["errors"] or slow else 0


def wait_for(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("api_load: the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--posts", type=int, default=30)
    parser.add_argument("--read-load", action="store_true",
                        help="open-loop mixed reads on --db at --rate for --duration")
    parser.add_argument("--db", help="an existing store for --read-load")
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-p95-ms", type=float, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.read_load:
        sys.exit(run_read_load(args))
    seed = SEED.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        started = time.perf_counter()
        counts = build_store(db, args.events)
        print(f"store: {counts['clusters']:,} fused events, {counts['events']:,} report events "
              f"({time.perf_counter() - started:.1f} s to build)")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "eventatlas.cli", "serve", "--db", str(db), "--port",
             str(port), "--preload"],
            env=os.environ | {"EVENTATLAS_TOKEN": TOKEN})
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=120) as client:
                for _ in range(600):
                    try:
                        client.get("/health")
                        break
                    except httpx.TransportError:
                        time.sleep(0.1)
                total = client.get("/events", params={"limit": 1}).json()["total"]
                print(f"GET /events?limit=1 reports total={total:,}")
                for query in GET_QUERIES:  # warm each query shape once
                    client.get("/events", params=query).raise_for_status()
                gets: list[float] = []
                for index in range(args.requests):
                    query = GET_QUERIES[index % len(GET_QUERIES)]
                    began = time.perf_counter()
                    client.get("/events", params=query).raise_for_status()
                    gets.append(time.perf_counter() - began)
                print(summary("GET /events (100 per page, mixed filters)", gets))
                auth = {"Authorization": f"Bearer {TOKEN}"}
                body = {"text": seed, "published": "2016-11-11"}
                client.post("/documents", json=body, headers=auth).raise_for_status()  # warm
                fresh: list[float] = []
                for index in range(args.posts):
                    varied = body | {"text": f"{seed}\n\nUpdate {index}: the report was "
                                             "shared by local activists."}
                    began = time.perf_counter()
                    response = client.post("/documents", json=varied, headers=auth)
                    fresh.append(time.perf_counter() - began)
                    assert response.status_code == 201, response.text
                print(summary("POST /documents seed, new content (added + fused)", fresh))
                duplicate: list[float] = []
                for _ in range(args.posts):
                    began = time.perf_counter()
                    response = client.post("/documents", json=body, headers=auth)
                    duplicate.append(time.perf_counter() - began)
                    assert response.status_code == 200, response.text
                print(summary("POST /documents seed, same content (duplicate)", duplicate))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
