"""Smoke test on real Syrian-war articles from FA-KES (dev split in ../shared; skipped without)."""

from __future__ import annotations

import csv
import json
from datetime import datetime

import pytest

from conftest import shared_dir
from eventatlas.extract import Extractor
from eventatlas.output import check_offsets, validate_result

SHARED = shared_dir()
pytestmark = pytest.mark.skipif(SHARED is None, reason="../shared/data not available")
SAMPLE = 30


def fakes_lines(limit: int) -> list[str]:
    assert SHARED is not None
    with (SHARED / "data" / "articles" / "fakes-dev.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    return [json.dumps({
        "id": row["unit_id"], "title": row["article_title"], "text": row["article_content"],
        "published": datetime.strptime(row["date"], "%m/%d/%y").date().isoformat(),
    }) for row in rows]


@pytest.fixture(scope="module")
def results(pipeline) -> list[dict]:
    extractor = Extractor(pipeline=pipeline)
    return list(extractor.extract_jsonl(fakes_lines(SAMPLE)))


def test_articles_process_and_validate(results):
    assert len(results) == SAMPLE
    for result in results:
        assert "error" not in result, result
        validate_result(result)
        assert check_offsets(result) == []


def test_most_articles_give_an_event_located_in_syria(results):
    located = [r for r in results
               if any((e["location"] or {}).get("country_code") == "SY" for e in r["events"])]
    assert len(located) >= 0.8 * SAMPLE
