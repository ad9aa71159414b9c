"""A small schemathesis run over every API operation: no answer is a 500 (benchmarks/api_fuzz.py
sends 10,000 requests; its figures are in docs/reliability.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from api_fuzz import build_app, fuzz_app

pytestmark = pytest.mark.fuzz


def test_fuzzed_requests_get_no_server_error(tmp_path, pipeline):
    app, store = build_app(tmp_path, pipeline)
    try:
        tally = fuzz_app(app, total=200, seed=3)
    finally:
        store.close()
    assert tally.requests >= 150
    assert tally.failures == [], tally.failures
    assert tally.unavailable == [], tally.unavailable
