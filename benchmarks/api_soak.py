"""Open-loop soak test of the HTTP API on loopback: a fixed request rate, mixed reads and writes,
for a fixed time; it stops by itself and reports errors and latency percentiles.

    .venv/bin/python benchmarks/api_soak.py                      # 200 req/s for 60 s
    .venv/bin/python benchmarks/api_soak.py --rate 50 --duration 5 --json   # a smoke run

Unless `--url` names a running server, the script builds a DuckDB store in a temporary folder
(the seed report plus `--documents` distinct variants of it, through `Store.add_document`),
starts `eventatlas serve` on a free 127.0.0.1 port with a random EVENTATLAS_TOKEN and stops it
at the end. Open loop: request i is sent at start + i / rate whether or not earlier ones have
answered (a closed loop would slow down with the server and hide queueing), each with a 10 s
timeout; requests still unanswered 20 s after the last send are cancelled and counted as errors,
so a run always ends within its duration plus 20 s (plus the store set-up). The mix
(`--write-share`, default 0.1, of all requests are writes):

- reads: GET /events with the UI's filters (none, family, bbox, dates, text, actor, geojson,
  report level), GET /events/{id}, /documents/{id}, /stats, /flows, /actors, /types;
- writes (`Authorization: Bearer <token>`): POST /events/{id}/review (confirm) and POST
  /documents with an article already stored (answered 200 "duplicate" without extraction);
- every `--new-every` seconds (default 5) one POST /documents with new content, which is
  extracted, stored and fused (~1 s of CPU each on this machine).

An error is any transport failure, timeout or status other than 200/201. Exit status 1 when
there was any error, or the p95 is over `--max-p95-ms` when that is given.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "seed" / "ara-news-raqqa-evacuation.txt"
PUBLISHED = date(2016, 11, 11)
TIMEOUT_S = 10.0
DRAIN_S = 2 * TIMEOUT_S
CONNECTIONS = 64
EVENT_QUERIES: tuple[dict[str, str], ...] = (
    {}, {"family": "movement"}, {"bbox": "38,35,40,37"},
    {"start": "2016-01-01", "end": "2016-12-31"}, {"q": "families"},
    {"actor": "Islamic State"}, {"format": "geojson"}, {"level": "report", "limit": "50"},
    {"type": "remote.air_strike", "country": "SY"},
)


def variant(number: int) -> str:
    return f"Update {number} of the Raqqa situation report.\n\n" + SEED.read_text("utf-8")


def build_store(path: Path, documents: int) -> None:
    from eventatlas.ingest import RawInput, build_document
    from eventatlas.pipeline import Pipeline
    from eventatlas.store import open_store

    pipeline = Pipeline()
    store = open_store(str(path))
    try:
        for number in range(documents + 1):
            raw = RawInput(f"variant-{number}", variant(number), False)
            store.add_document(pipeline.process(build_document(raw, published=PUBLISHED)))
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(db: Path, token: str) -> Iterator[str]:
    port = _free_port()
    env = os.environ | {"EVENTATLAS_TOKEN": token}
    env.pop("EVENTATLAS_READ_TOKEN", None)
    # The server's log goes to a file: a pipe nobody reads fills up and stalls the server.
    log = (db.parent / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "eventatlas.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
         "--port", str(port), "--preload"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                error = (db.parent / "serve.log").read_text(errors="replace")
                raise SystemExit(f"api_soak: the server did not start: {error}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@dataclass(slots=True)
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))


@dataclass(slots=True)
class Targets:
    event_ids: list[str]
    report_ids: list[str]
    document_ids: list[str]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def plan_request(rng: random.Random, targets: Targets, write_share: float, token: str
                 ) -> tuple[str, str, str, dict[str, Any]]:
    """(kind, method, path, request keyword arguments) for one request of the mix."""
    auth = {"Authorization": f"Bearer {token}"}
    if rng.random() < write_share:
        if rng.random() < 0.5:
            return ("POST review", "POST", f"/events/{rng.choice(targets.event_ids)}/review",
                    {"json": {"action": "confirm", "reviewer": "soak"}, "headers": auth})
        return ("POST duplicate", "POST", "/documents",
                {"json": {"text": variant(rng.randrange(3)), "published": "2016-11-11"},
                 "headers": auth})
    kind = rng.choices(["events", "event", "report", "document", "stats", "flows", "actors",
                        "types"], weights=[40, 15, 10, 10, 10, 7, 5, 3])[0]
    if kind == "events":
        return "GET /events", "GET", "/events", {"params": rng.choice(EVENT_QUERIES)}
    if kind == "event":
        return "GET /events/{id}", "GET", f"/events/{rng.choice(targets.event_ids)}", {}
    if kind == "report":
        return "GET /events/{id}", "GET", f"/events/{rng.choice(targets.report_ids)}", {}
    if kind == "document":
        return ("GET /documents/{id}", "GET", f"/documents/{rng.choice(targets.document_ids)}",
                {})
    if kind == "stats":
        return "GET /stats", "GET", "/stats", {"params": {"bucket": rng.choice(["week", "month"])}}
    if kind == "flows":
        return "GET /flows", "GET", "/flows", {}
    if kind == "actors":
        return "GET /actors", "GET", "/actors", {"params": {"q": rng.choice(["", "state"])}}
    return "GET /types", "GET", "/types", {}


async def one(client: aiohttp.ClientSession, gate: asyncio.Semaphore, results: Results,
              kind: str, method: str, path: str, options: dict[str, Any]) -> None:
    started = time.perf_counter()  # latency counts the wait for a free connection too
    try:
        async with gate, client.request(method, path, **options) as response:
            body = await response.read()
    except (aiohttp.ClientError, TimeoutError) as error:
        results.errors.append(f"{kind}: {type(error).__name__}: {error}")
        return
    elapsed = (time.perf_counter() - started) * 1000
    results.statuses[response.status] += 1
    if response.status not in (200, 201):
        text = body[:200].decode("utf-8", "replace")
        results.errors.append(f"{kind}: HTTP {response.status}: {text}")
        return
    results.latencies[kind].append(elapsed)


async def soak(base: str, token: str, rate: float, duration: float, write_share: float,
               new_every: float, seed: int) -> tuple[Results, float, int]:
    rng = random.Random(seed)
    results = Results()
    gate = asyncio.Semaphore(CONNECTIONS)
    # aiohttp rather than httpx: the generator shares the machine with the server, and
    # aiohttp spends about a third of httpx's CPU per request.
    connector = aiohttp.TCPConnector(limit=CONNECTIONS)
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_S)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as client:
        targets = await discover(client)
        tasks: list[asyncio.Task[None]] = []
        start = time.perf_counter()
        total = int(rate * duration)
        next_new = new_every if new_every > 0 else float("inf")
        fresh = 0
        for number in range(total):
            due = start + number / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if number / rate >= next_new:
                next_new += new_every
                fresh += 1
                text = variant(10_000 + seed * 1000 + fresh) + f"\n\nSoak addition {fresh}."
                tasks.append(asyncio.create_task(one(
                    client, gate, results, "POST new document", "POST", "/documents",
                    {"json": {"text": text, "published": "2016-11-11"},
                     "headers": {"Authorization": f"Bearer {token}"}})))
            tasks.append(asyncio.create_task(one(client, gate, results,
                                                 *plan_request(rng, targets, write_share,
                                                               token))))
        sent_for = time.perf_counter() - start
        # Bounded: whatever has not answered DRAIN_S after the last send counts as an error.
        _, pending = await asyncio.wait(tasks, timeout=DRAIN_S)
        for task in pending:
            task.cancel()
        results.errors.extend(f"unfinished after the run (+{DRAIN_S:.0f} s)" for _ in pending)
        await asyncio.gather(*pending, return_exceptions=True)
    return results, sent_for, len(tasks)


async def discover(client: aiohttp.ClientSession) -> Targets:
    async def events(**params: Any) -> list[dict[str, Any]]:
        async with client.get("/events", params=params) as response:
            return (await response.json())["events"]

    fused = await events(limit=50)
    report_events = await events(limit=50, level="report")
    if not fused or not report_events:
        raise SystemExit("api_soak: the store holds no events")
    return Targets(event_ids=[event["id"] for event in fused],
                   report_ids=[event["id"] for event in report_events],
                   document_ids=sorted({event["document_id"] for event in report_events}))


def summarise(results: Results, sent_for: float, sent: int, rate: float, duration: float
              ) -> dict[str, Any]:
    every = [value for values in results.latencies.values() for value in values]
    return {
        "target_rate": rate, "duration_s": duration, "requests": sent,
        "achieved_rate": round(sent / sent_for, 1) if sent_for else None,
        "ok": len(every), "errors": len(results.errors), "error_samples": results.errors[:10],
        "statuses": dict(sorted(results.statuses.items())),
        "p50_ms": round(percentile(every, 0.50), 1), "p95_ms": round(percentile(every, 0.95), 1),
        "p99_ms": round(percentile(every, 0.99), 1),
        "max_ms": round(max(every), 1) if every else None,
        "by_kind": {kind: {"n": len(values), "p50_ms": round(percentile(values, 0.5), 1),
                           "p95_ms": round(percentile(values, 0.95), 1)}
                    for kind, values in sorted(results.latencies.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--write-share", type=float, default=0.1)
    parser.add_argument("--new-every", type=float, default=5.0,
                        help="seconds between new-document POSTs (0: none)")
    parser.add_argument("--documents", type=int, default=20,
                        help="seed variants stored before the run (own server only)")
    parser.add_argument("--url", help="a running server (then also set --token)")
    parser.add_argument("--token", default=os.environ.get("EVENTATLAS_TOKEN"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-p95-ms", type=float, default=None)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    def run(base: str, token: str) -> dict[str, Any]:
        results, sent_for, sent = asyncio.run(soak(base, token, args.rate, args.duration,
                                                   args.write_share, args.new_every, args.seed))
        return summarise(results, sent_for, sent, args.rate, args.duration)

    if args.url:
        if not args.token:
            parser.error("--url needs --token (or EVENTATLAS_TOKEN) for the writes")
        summary = run(args.url.rstrip("/"), args.token)
    else:
        token = secrets.token_hex(16)
        with tempfile.TemporaryDirectory(prefix="eventatlas-soak-") as folder:
            db = Path(folder) / "soak.duckdb"
            build_store(db, args.documents)
            with serve(db, token) as base:
                summary = run(base, token)
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{summary['requests']} requests in {args.duration:.0f} s "
              f"(target {args.rate:.0f}/s, sent at {summary['achieved_rate']}/s): "
              f"{summary['errors']} errors; p50 {summary['p50_ms']} ms, "
              f"p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, "
              f"max {summary['max_ms']} ms")
        for kind, figures in summary["by_kind"].items():
            print(f"  {kind:22} n={figures['n']:6}  p50 {figures['p50_ms']:8} ms  "
                  f"p95 {figures['p95_ms']:8} ms")
        for sample in summary["error_samples"]:
            print(f"  error: {sample}")
    failed = summary["errors"] > 0 or (args.max_p95_ms is not None
                                       and summary["p95_ms"] > args.max_p95_ms)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
