"""A 5-second smoke version of the soak test (benchmarks/api_soak.py): `eventatlas serve` on
loopback with a small store, 40 requests/s of mixed reads and writes (one new document
extracted mid-run), zero errors, and the run stops by itself. The full 200 req/s x 60 s run and
its figures are in docs/reliability.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SOAK = Path(__file__).parents[1] / "benchmarks" / "api_soak.py"


@pytest.mark.slow
def test_api_soak_smoke_has_no_errors_and_stops_by_itself():
    command = [sys.executable, str(SOAK), "--rate", "40", "--duration", "5", "--documents",
               "2", "--new-every", "2", "--json"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    summary = json.loads(finished.stdout.strip().splitlines()[-1])
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["requests"] >= 200 and summary["ok"] == summary["requests"]
    assert summary["achieved_rate"] >= 30, summary
    kinds = set(summary["by_kind"])
    assert {"GET /events", "POST review", "POST new document"} <= kinds, kinds
    assert summary["p95_ms"] > 0
