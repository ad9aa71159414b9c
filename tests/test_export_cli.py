"""`eventatlas export` from extract output and from the store; one-line errors for bad options."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from eventatlas.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def results_file(seed_result, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "seed.jsonl"
    error = {"error": {"message": "input is empty", "line": 2, "id": None}}
    path.write_text(json.dumps(seed_result) + "\n" + json.dumps(error) + "\n", encoding="utf-8")
    return path


def test_export_results_with_filters(results_file, tmp_path):
    out = tmp_path / "movement.csv"
    outcome = runner.invoke(app, ["export", "--format", "acled-csv", "--results",
                                  str(results_file), "--family", "movement", "--country", "sy",
                                  "-o", str(out)])
    assert outcome.exit_code == 0, outcome.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert sorted(row["ea_type"] for row in rows) == \
        ["movement.flight", "movement.forced_displacement", "movement.relocation",
         "movement.relocation"]  # Mosul -> Syria touches Syria at its destination
    assert "4 acled-csv records" in outcome.output


@pytest.mark.parametrize(("options", "message"), [
    (["--format", "xls"], "--format: 'xls' is not one of"),
    (["--format", "acled-csv", "--type", "remote.bombing"], "unknown event type"),
    (["--format", "acled-csv", "--start", "11/11/2016"], "--start: '11/11/2016' is not a date"),
    (["--format", "acled-csv", "--bbox", "1,2,3"], "is not four numbers"),
    (["--format", "acled-csv", "--min-confidence", "2"], "between 0 and 1"),
    (["--format", "acled-csv", "--level", "fused"], "--level fused needs the store"),
    (["--format", "geojson", "--acled-only"], "--acled-only applies to"),
])
def test_bad_options_give_one_line(results_file, tmp_path, options, message):
    outcome = runner.invoke(app, ["export", "--results", str(results_file),
                                  "-o", str(tmp_path / "x"), *options])
    assert outcome.exit_code == 2
    lines = outcome.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], outcome.output


def test_parquet_needs_a_file(results_file):
    outcome = runner.invoke(app, ["export", "--format", "parquet", "--results",
                                  str(results_file), "-o", "-"])
    assert outcome.exit_code == 2 and "parquet is binary" in outcome.output


def test_export_from_store(pipeline, tmp_path):
    store_module = pytest.importorskip("eventatlas.store")
    pq = pytest.importorskip("pyarrow.parquet")
    from conftest import SEED, SEED_PUBLISHED
    from eventatlas.ingest import build_document, read_path

    db = tmp_path / "events.duckdb"
    store = store_module.open_store(str(db))
    try:
        store.add_document(pipeline.process(build_document(read_path(SEED),
                                                           published=SEED_PUBLISHED)))
    finally:
        store.close()
    out = tmp_path / "strikes.parquet"
    outcome = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet",
                                  "--type", "remote.air_strike", "-o", str(out)])
    assert outcome.exit_code == 0, outcome.output
    rows = pq.read_table(out).to_pylist()
    assert {row["level"] for row in rows} == {"fused"}
    assert all(row["event_id"].startswith("fe-") for row in rows)
    perpetrators = {actor["name"] for row in rows for actor in row["actors"]
                    if actor["role"] == "actor"}
    assert perpetrators == {"Military Forces of Russia",
                            "Operation Inherent Resolve: US-led coalition"}
    report_out = tmp_path / "report.geojson"
    outcome = runner.invoke(app, ["export", "--db", str(db), "--format", "geojson",
                                  "--level", "report", "--family", "movement",
                                  "-o", str(report_out)])
    assert outcome.exit_code == 0, outcome.output
    features = json.loads(report_out.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["ea_level"] for f in features} == {"report"}
    assert sum(f["geometry"]["type"] == "LineString" for f in features) == 3


def test_export_while_another_process_holds_and_writes_the_store(seed_document, tmp_path):
    """`eventatlas serve` holds its DuckDB file for as long as it runs; export reads a copy,
    and the holder (a real second process, writing all along) is never blocked."""
    from eventatlas.store import open_store
    from test_store_snapshot import Holder

    db = tmp_path / "events.duckdb"
    store = open_store(str(db))
    store.add_document(seed_document)
    store.close()
    holder = Holder(db)
    try:
        for output_format, out in (("geojson", tmp_path / "all.geojson"),
                                   ("acled-csv", tmp_path / "all.csv")):
            outcome = runner.invoke(app, ["export", "--db", str(db), "--format", output_format,
                                          "-o", str(out)])
            assert outcome.exit_code == 0, outcome.output
            assert f"9 {output_format} records" in outcome.output
        features = json.loads((tmp_path / "all.geojson").read_text(encoding="utf-8"))["features"]
        assert len(features) == 9
    finally:
        report = holder.stop()
    assert report == {"writes": report["writes"], "problems": []} and report["writes"] > 0
