"""`eventatlas eval time` on a tiny TimeML file written for these tests, and on TempEval-3."""

import json

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, shared_dir
from eventatlas.evaluate.time import evaluate, granularity, read_timeml

SAMPLE = FIXTURES / "time" / "sample.tml"


def test_reads_date_timexes_with_their_sentence():
    gold = read_timeml(SAMPLE)
    assert [g.value for g in gold][:3] == ["2016-11-10", "2016-W44", "2016-03-03"]
    assert all(g.dct.isoformat() == "2016-11-11" for g in gold)
    assert "talks will resume" in next(g for g in gold if g.text == "Monday").sentence
    assert "three days" not in [g.text for g in gold]  # a DURATION, not a DATE


def test_scores_the_sample():
    metrics, misses = evaluate(SAMPLE)
    assert (metrics["n"], metrics["accuracy"], metrics["coverage"]) == (10, 0.9, 0.9)
    assert [m["text"] for m in misses] == ["Thanksgiving"]


@pytest.mark.parametrize(
    ("value", "unit"),
    [("2013-03-22", "day"), ("2013-W11", "week"), ("2013-W11-WE", "week"), ("2013-03", "month"),
     ("1989-Q3", "quarter"), ("2009", "year"), ("PRESENT_REF", "ref"), ("199X", "other")],
)
def test_granularity(value, unit):
    assert granularity(value) == unit


def test_command_prints_json():
    from eventatlas.cli import app

    result = CliRunner().invoke(app, ["eval", "time", str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["accuracy"] == 0.9


def test_tempeval3_platinum_meets_the_target():
    shared = shared_dir()
    folder = shared / "data/time/tempeval3/te3-platinum-normalized" if shared else None
    if folder is None or not folder.is_dir():
        pytest.skip("TempEval-3 platinum not available in ../shared")
    metrics, _ = evaluate(folder)
    assert metrics["accuracy"] >= 0.85
