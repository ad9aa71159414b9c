"""`eventatlas eval dedup`: the metrics on hand-checked clusterings, and the command on ECB+
when ../shared is present."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import shared_dir
from eventatlas.cli import app
from eventatlas.evaluate.dedup import pairwise, read_ecbplus, records_per_gold

GOLD = {"a": "x", "b": "x", "c": "x", "d": "y", "e": "z"}


def test_pairwise_scores_on_a_known_clustering():
    predicted = {"a": 1, "b": 1, "c": 2, "d": 2, "e": 3}
    scores = pairwise(GOLD, {key: str(value) for key, value in predicted.items()})
    # gold pairs: ab ac bc; predicted: ab cd; one hit.
    assert (scores.true_pairs, scores.predicted_pairs) == (3, 2)
    assert scores.precision == pytest.approx(1 / 2) and scores.recall == pytest.approx(1 / 3)
    assert scores.f1 == pytest.approx(0.4)


def test_perfect_and_split_clusterings():
    assert pairwise(GOLD, GOLD).f1 == 1.0
    assert records_per_gold(GOLD, GOLD) == 1.0
    every_one_alone = {key: key for key in GOLD}
    assert pairwise(GOLD, every_one_alone).recall == 0.0
    assert records_per_gold(GOLD, every_one_alone, min_size=2) == 3.0


ECB = shared_dir() / "data/coref/ecbplus/ECB+_LREC2014/ECB+" if shared_dir() else None


@pytest.mark.skipif(ECB is None or not ECB.is_dir(), reason="needs ../shared ECB+")
def test_ecbplus_topics_are_read_with_their_two_seminal_events():
    documents = read_ecbplus(ECB, ["1"])
    assert {document.seminal for document in documents} == {"1ecb", "1ecbplus"}
    assert any("Tara Reid" in document.text for document in documents)


@pytest.mark.skipif(ECB is None or not ECB.is_dir(), reason="needs ../shared ECB+")
def test_eval_dedup_on_two_ecbplus_topics_separates_their_events():
    result = CliRunner().invoke(app, ["eval", "dedup", "--corpus", "ecbplus", str(ECB),
                                      "--topics", "1,3", "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert metrics["gold_events"] == 4
    assert metrics["pair_f1"] >= 0.8
    assert metrics["records_per_gold"] < 2.0


def test_eval_dedup_reports_a_missing_path(tmp_path):
    result = CliRunner().invoke(app, ["eval", "dedup", str(tmp_path / "none.csv")])
    assert result.exit_code == 2
