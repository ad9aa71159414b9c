"""`eventatlas eval geo`: the readers, the metrics, and the command on small hand-written files."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, shared_dir
from eventatlas.evaluate.geo import (
    MAX_ERROR_KM,
    ceiling,
    end_to_end,
    error_metrics,
    read_geowebnews,
    read_lgl,
    resolve_gold,
)

MINI_LGL = FIXTURES / "geo" / "mini-lgl.xml"
MINI_GWN = FIXTURES / "geo" / "gwn"
MINI_CEILING = FIXTURES / "geo" / "mini-ceiling.xml"
METRICS = {"acc161", "mean_km", "median_km", "auc", "toponyms_per_s", "n", "unresolved"}


def test_lgl_reader_keeps_toponyms_with_coordinates():
    documents = read_lgl(MINI_LGL)
    assert [d.id for d in documents] == ["1", "2", "3"]
    assert sum(len(d.toponyms) for d in documents) == 12  # the coordinate-less ones dropped
    for document in documents:
        for toponym in document.toponyms:
            assert document.text[toponym.start:toponym.end] == toponym.text


def test_geowebnews_reader_takes_the_folder_or_the_file():
    from_folder = read_geowebnews(MINI_GWN)
    from_file = read_geowebnews(MINI_GWN / "GWN.xml")
    assert from_folder == from_file
    assert sum(len(d.toponyms) for d in from_folder) == 12
    assert from_folder[2].toponyms[1].text == "Iraqi"


def test_error_metrics():
    perfect = error_metrics([0.0, 0.0, 0.0])
    assert perfect == {"acc161": 1.0, "mean_km": 0.0, "median_km": 0.0, "auc": 0.0}
    worst = error_metrics([MAX_ERROR_KM, MAX_ERROR_KM])
    assert worst["acc161"] == 0.0
    assert math.isclose(worst["auc"], math.log(1 + MAX_ERROR_KM) / math.log(MAX_ERROR_KM))
    mixed = error_metrics([10.0, 100.0, 1000.0, 160.9])
    assert mixed["acc161"] == 0.75
    assert mixed["median_km"] == pytest.approx(130.45)
    assert error_metrics([])["acc161"] is None


def test_resolving_the_mini_corpus(resolver):
    outcome = resolve_gold(read_lgl(MINI_LGL), resolver)
    metrics = error_metrics(outcome.errors)
    assert outcome.unresolved == 0
    assert metrics["acc161"] == 1.0
    by_text = {row["text"]: row for row in outcome.rows}
    assert by_text["Ky."]["name"] == "Kentucky"  # a style-guide abbreviation
    assert by_text["Iraqi"]["country"] == "IQ"  # a demonym
    assert by_text["Franklin County"]["precision"] == "admin2"


def test_end_to_end_reports_recognition(resolver):
    outcome, counts = end_to_end(read_lgl(MINI_LGL), resolver)
    assert counts.gold == 12
    assert counts.matched >= 8
    assert counts.predicted >= counts.matched
    assert sum(e < 161 for e in outcome.errors) >= 8


def test_ceiling_counts_what_the_gazetteer_cannot_reach(resolver):
    # London, Heathrow (the airport; the gazetteer has only Heathrow, Florida), Ohioans (only
    # the demonym fallback reaches Ohio), India, the Cauvery (a river: no candidate at all).
    documents = read_lgl(MINI_CEILING)
    found = ceiling(documents, resolver)
    assert (found.n, found.no_candidate, found.none_within_161) == (5, 1, 1)
    metrics = found.metrics()
    assert metrics["ceiling"] == pytest.approx(0.6)
    # A bound: no choice among the same candidates does better.
    acc161 = error_metrics(resolve_gold(documents, resolver).errors)["acc161"]
    assert acc161 <= metrics["ceiling"]
    # The committed mini corpus is all within reach.
    assert ceiling(read_lgl(MINI_LGL), resolver).metrics()["ceiling"] == 1.0


def run_eval(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EVENTATLAS_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "eventatlas.cli", "eval", "geo", *args],
                          capture_output=True, text=True, env=env, timeout=300)


def test_command_prints_json_and_a_table(gazetteer_path):
    result = run_eval("--corpus", "geowebnews", str(MINI_GWN), "--json",
                      data_dir=gazetteer_path.parent)
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert set(metrics) >= METRICS
    assert (metrics["n"], metrics["acc161"], metrics["unresolved"]) == (12, 1.0, 0)
    table = run_eval(str(MINI_LGL), "--limit", "1", "--errors", "2",
                     data_dir=gazetteer_path.parent)
    assert table.returncode == 0, table.stderr
    # The two worst rows: Syria now sits on GeoNames' own point, so two towns.
    assert "acc161" in table.stdout and "Tal Abyad" in table.stdout


def test_command_reports_the_ceiling(gazetteer_path):
    result = run_eval(str(MINI_CEILING), "--ceiling", "--json", data_dir=gazetteer_path.parent)
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert (metrics["no_candidate"], metrics["none_within_161"]) == (1, 1)
    assert metrics["ceiling"] == pytest.approx(0.6)
    assert metrics["near_filtered"] == 0
    table = run_eval(str(MINI_CEILING), "--ceiling", data_dir=gazetteer_path.parent)
    assert table.returncode == 0, table.stderr
    assert "none_within_161" in table.stdout and "0.600" in table.stdout
    plain = run_eval(str(MINI_CEILING), "--json", data_dir=gazetteer_path.parent)
    assert "ceiling" not in json.loads(plain.stdout)


def test_command_fails_cleanly_on_a_missing_file(gazetteer_path, tmp_path):
    result = run_eval(str(tmp_path / "nope.xml"), data_dir=gazetteer_path.parent)
    assert result.returncode == 2
    assert result.stderr.startswith("eventatlas: error:")


@pytest.mark.skipif(shared_dir() is None, reason="needs ../shared/data")
def test_lgl_sample_from_shared(resolver):
    path = shared_dir() / "data" / "geo" / "lgl" / "lgl.xml"
    outcome = resolve_gold(read_lgl(path)[:60], resolver)
    assert len(outcome.errors) > 300
    assert error_metrics(outcome.errors)["acc161"] > 0.65


@pytest.mark.skipif(shared_dir() is None, reason="needs ../shared/data")
def test_geowebnews_has_the_papers_2401_toponyms():
    documents = read_geowebnews(shared_dir() / "data" / "geo" / "geowebnews")
    assert len(documents) == 200
    assert sum(len(d.toponyms) for d in documents) == 2401


def test_geo_train_writes_weights_that_eval_geo_reads(gazetteer_path, tmp_path):
    out = tmp_path / "ranker.json"
    env = {**os.environ, "EVENTATLAS_DATA_DIR": str(gazetteer_path.parent)}
    trained = subprocess.run(
        [sys.executable, "-m", "eventatlas.cli", "eval", "geo-train", str(MINI_LGL), "--out",
         str(out), "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert trained.returncode == 0, trained.stderr
    data = json.loads(out.read_text())
    from eventatlas.geo.resolve import FEATURES

    assert data["features"] == list(FEATURES) and set(data["weights"]) == set(FEATURES)
    assert json.loads(trained.stdout)["examples"] == data["examples"] > 0
    result = run_eval(str(MINI_LGL), "--weights", str(out), "--json",
                      data_dir=gazetteer_path.parent)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["n"] == 12


def test_geo_train_without_out_writes_nothing(gazetteer_path):
    from eventatlas.geo.resolve import RANKER_FILE

    env = {**os.environ, "EVENTATLAS_DATA_DIR": str(gazetteer_path.parent)}
    trained = subprocess.run(
        [sys.executable, "-m", "eventatlas.cli", "eval", "geo-train", str(MINI_LGL)],
        capture_output=True, text=True, env=env, timeout=300)
    assert trained.returncode != 0
    assert trained.stderr.strip().splitlines() == [
        "eventatlas: error: eval geo-train needs --out FILE, where to write the fitted weights"]
    assert not RANKER_FILE.exists()  # nothing written into the installed package
