"""`eventatlas demo` loads the demo data set into a store, once."""

from __future__ import annotations

from typer.testing import CliRunner

from eventatlas.cli import app
from eventatlas.store import open_store


def test_demo_loads_the_seed_once(tmp_path):
    db = str(tmp_path / "demo.duckdb")
    runner = CliRunner()
    first = runner.invoke(app, ["demo", "--db", db, "--seed-only"])
    assert first.exit_code == 0, first.output
    assert "1 added" in first.output and "9 events added" in first.output
    again = runner.invoke(app, ["demo", "--db", db, "--seed-only"])
    assert "0 added, 1 already stored" in again.output
    store = open_store(db)
    assert store.counts()["documents"] == 1 and store.verify() == []
    store.close()
