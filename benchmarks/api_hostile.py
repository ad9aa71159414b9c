"""`GET /health` latency while hostile documents are being extracted.

    .venv/bin/python benchmarks/api_hostile.py [--posts 4] [--json]

Starts `eventatlas serve --preload` (extraction in worker processes with the time budget) on
a fresh DuckDB store and a free 127.0.0.1 port, sends `--posts` POST /documents at once (half a
5 MB single line of "x", half 50,000 x "Two were killed."), and polls GET /health every 20 ms
until every POST has answered (each has a 180 s timeout, so the run is bounded). Reports the
health p50/p99/max and each POST's status and time. Exit status 1 when the health p99 is over
100 ms, a health check failed or a POST answered 500.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).parent))
from api_load import free_port, percentile, wait_for

HOSTILE = ("x" * (5 * 1024 * 1024), "Two were killed. " * 50_000)
POST_TIMEOUT_S = 180.0
POLL_S = 0.02


async def post(client: aiohttp.ClientSession, text: str, token: str) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        async with client.post("/documents", json={"text": text},
                               headers={"Authorization": f"Bearer {token}"},
                               timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT_S)) as answer:
            body = await answer.text()
            status = answer.status
    except (aiohttp.ClientError, TimeoutError) as error:
        body, status = f"{type(error).__name__}: {error}", 0
    seconds = round(time.perf_counter() - started, 1)
    return {"chars": len(text), "status": status, "seconds": seconds, "detail": body[:160]}


async def run(base: str, token: str, posts: int) -> dict[str, Any]:
    async with aiohttp.ClientSession(base) as client:
        jobs = [asyncio.create_task(post(client, HOSTILE[i % 2], token)) for i in range(posts)]
        health: list[float] = []
        failed = 0
        while not all(job.done() for job in jobs):
            started = time.perf_counter()
            try:
                async with client.get("/health", timeout=aiohttp.ClientTimeout(total=10)) as r:
                    await r.read()
                    failed += r.status != 200
            except (aiohttp.ClientError, TimeoutError):
                failed += 1
            health.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(POLL_S)
        results = [job.result() for job in jobs]
    return {"health_checks": len(health), "health_failed": failed,
            "health_p50_ms": round(percentile(health, 0.5), 1),
            "health_p99_ms": round(percentile(health, 0.99), 1),
            "health_max_ms": round(max(health), 1), "posts": results}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=4)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    token = secrets.token_hex(16)
    with tempfile.TemporaryDirectory(prefix="eventatlas-hostile-") as folder, \
            (Path(folder) / "serve.log").open("wb") as log:
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "eventatlas.cli", "serve", "--db",
             str(Path(folder) / "h.duckdb"), "--port", str(port), "--preload"],
            env=os.environ | {"EVENTATLAS_TOKEN": token}, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base, server)
            time.sleep(15)  # let the workers load their models (--preload starts them)
            summary = asyncio.run(run(base, token, args.posts))
        finally:
            server.terminate()
            server.wait(timeout=60)
    print(json.dumps(summary) if args.json else json.dumps(summary, indent=1))
    bad = (summary["health_p99_ms"] > 100 or summary["health_failed"]
           or any(p["status"] == 500 for p in summary["posts"]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
