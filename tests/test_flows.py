"""`eventatlas flows` on the seed report: the displacement analyst's first view."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SEED
from eventatlas.commands.flows import flows_of


def test_seed_flows(seed_result):
    rows = list(flows_of(seed_result))
    by_route = {((r["origin"] or {}).get("name"), (r["destination"] or {}).get("name")): r
                for r in rows}
    flight = by_route[("Ar Raqqah", "Al-Hasakah")]
    assert flight["type"] == "movement.flight"
    assert (flight["quantity"]["low"], flight["quantity"]["high"]) == (24, 99)
    expelled = by_route[("Ar Raqqah", "Tadmur")]
    assert expelled["moved_by"] == ["IS (Islamic State)"]
    assert any("Kurdish" in group for group in expelled["moved"])
    assert "pro-ISIS media source" in expelled["sources"]
    moved = by_route[("Mosul", "Syria")]
    assert moved["quantity"]["value"] == 75
    assert moved["date"]["precision"] == "month"


def test_flows_command_reads_extract_output(tmp_path):
    extracted = subprocess.run(
        [sys.executable, "-m", "eventatlas.cli", "extract", str(SEED), "--published",
         "2016-11-11"], capture_output=True, check=True, timeout=120)
    results = tmp_path / "seed.json"
    results.write_bytes(extracted.stdout)
    listed = subprocess.run(
        [sys.executable, "-m", "eventatlas.cli", "flows", "--results", str(results), "--json"],
        capture_output=True, check=True, timeout=120)
    rows = [json.loads(line) for line in listed.stdout.decode().splitlines()]
    assert len(rows) == 4
    assert all(row["type"].startswith("movement.") for row in rows)
