"""`eventatlas eval actors`: scoring on tiny committed fixtures, and on ../shared when present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import shared_dir
from eventatlas.cli import app
from eventatlas.evaluate.actors import Mention, match_spans, prf

FIXTURES = Path(__file__).parent / "fixtures" / "actors"
runner = CliRunner()


def _run(*args: str) -> dict:
    result = runner.invoke(app, ["eval", "actors", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_prf():
    assert prf(3, 4, 6) == {"precision": 0.75, "recall": 0.5, "f1": 0.6}
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_span_matching_is_one_to_one():
    gold = [Mention(0, 10, "the Army x"), Mention(4, 8, "Army")]
    ours = [Mention(4, 10, "Army x")]
    assert match_spans(gold, ours, strict=False) == 1
    assert match_spans(gold, ours, strict=True) == 1


def test_re3d_fixture():
    metrics = _run("--corpus", "re3d", str(FIXTURES / "re3d"))
    assert metrics["documents"] == 1
    assert metrics["gold_organisations"] == 6  # "it" is below the confidence cut
    assert metrics["org_recall"] >= 0.8
    assert metrics["org_precision"] >= 0.6
    assert metrics["gold_pairs"] == 2


def test_plover_fixture():
    metrics = _run("--corpus", "plover", str(FIXTURES / "plover_mini.json"))
    assert metrics["records"] == 3
    assert metrics["target_records"] == 2  # the record with a bare-string target has none
    assert metrics["source_accuracy"] == 1.0
    assert metrics["target_accuracy"] >= 0.5


def test_unknown_corpus_is_a_usage_error():
    result = runner.invoke(app, ["eval", "actors", "--corpus", "acled", str(FIXTURES)])
    assert result.exit_code == 2


@pytest.mark.skipif(shared_dir() is None, reason="needs ../shared/data")
def test_re3d_shared_smoke():
    metrics = _run("--corpus", "re3d", str(shared_dir() / "data" / "ner" / "re3d"),
                   "--limit", "10")
    assert metrics["documents"] == 10 and metrics["org_f1"] > 0.5


@pytest.mark.skipif(shared_dir() is None, reason="needs ../shared/data")
def test_plover_shared_smoke():
    metrics = _run("--corpus", "plover", str(shared_dir() / "data" / "events" / "plover_gsr"),
                   "--limit", "40")
    assert metrics["records"] == 40 and metrics["source_accuracy"] > 0.5
