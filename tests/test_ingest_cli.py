"""`eventatlas ingest` and `eventatlas store info` as a user runs them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import SEED
from eventatlas.cli import app
from eventatlas.store.schema import MIGRATIONS


def test_ingest_a_folder_with_a_bad_file_reports_it_and_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("   ", encoding="utf-8")
    (folder / "copy.html").write_text("<html><body><article><p>" + "</p><p>".join(
        SEED.read_text(encoding="utf-8").split("\n\n")) + "</p></article></body></html>",
        encoding="utf-8")
    db, report = tmp_path / "store.duckdb", tmp_path / "report.json"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--published",
                                 "2016-11-11", "--report", str(report), "--no-progress"])
    assert result.exit_code == 1, result.output
    assert "empty.txt" in result.output and "input is empty" in result.output
    summary = json.loads(report.read_text())
    assert summary["failed"] == 1 and summary["documents_added"] >= 1
    assert summary["store"]["documents"] == summary["documents_added"]

    again = runner.invoke(app, ["ingest", str(folder / "seed.txt"), "--db", str(db),
                                "--published", "2016-11-11", "--no-progress"])
    assert again.exit_code == 0
    assert "0 documents added, 1 already stored" in again.output

    info = runner.invoke(app, ["store", "info", "--db", str(db)])
    stored = json.loads(info.output)
    assert stored["schema_version"] == MIGRATIONS[-1].version and stored["problems"] == []
    assert stored["events"] >= 9


def test_ingest_refuses_a_malformed_date_before_loading_anything(tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(SEED), "--db", str(tmp_path / "s.duckdb"),
                                      "--published", "11/11/2016"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
