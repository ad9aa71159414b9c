"""`eventatlas actors`: the ontology listing and unknown-organisation capture."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventatlas.cli import app

FIXTURE = Path(__file__).parent / "fixtures" / "actors" / "unknown-groups.txt"
runner = CliRunner()


def _json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_lists_the_curated_ontology_by_kind():
    result = runner.invoke(app, ["actors", "--kind", "monitor", "--json"])
    assert result.exit_code == 0
    rows = _json_lines(result.output)
    assert {"sohr", "hrw"} <= {row["id"] for row in rows}
    assert {row["kind"] for row in rows} == {"monitor"}


def test_generated_state_actors_only_with_all():
    plain = _json_lines(runner.invoke(app, ["actors", "--json"]).output)
    everything = _json_lines(runner.invoke(app, ["actors", "--all", "--json"]).output)
    assert "state_forces_fr" not in {row["id"] for row in plain}
    assert "state_forces_fr" in {row["id"] for row in everything}


def test_bad_kind_is_a_usage_error():
    result = runner.invoke(app, ["actors", "--kind", "aliens"])
    assert result.exit_code == 2


def test_unknown_lists_organisations_missing_from_the_ontology():
    result = runner.invoke(app, ["actors", "--unknown", str(FIXTURE), "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in _json_lines(result.output)}
    assert rows["Liwa Thuwar al-Raqqa"]["count"] == 2
    assert rows["Liwa Thuwar al-Raqqa"]["suggested_kind"] == "rebel_group"
    assert "Liwa Thuwar al-Raqqa" in rows["Liwa Thuwar al-Raqqa"]["example"]
    # Groups the ontology knows are not listed.
    assert not {"Syrian Observatory for Human Rights", "Islamic State"} & set(rows)


def test_known_actors_in_files():
    result = runner.invoke(app, ["actors", str(FIXTURE), "--json"])
    assert result.exit_code == 0
    assert {"isis", "sohr", "coalition"} <= {row["id"] for row in _json_lines(result.output)}
