"""`eventatlas ingest` end to end: a real subprocess, killed with SIGKILL mid-batch, leaves a
consistent store, and the next run resumes without doubling anything."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEED
from eventatlas.store import open_store

DOCUMENTS = 80


def write_batch(path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8") as output:
        for number in range(DOCUMENTS):
            # Distinct content per record (a different wire-service prefix), same events.
            text = f"Update {number + 1} of the Raqqa situation report.\n\n{seed}"
            output.write(json.dumps({"id": f"report-{number}", "text": text,
                                     "published": "2016-11-11"}) + "\n")


def ingest(batch: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "eventatlas.cli", "ingest", str(batch), "--db", str(db),
               "--no-progress"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=os.environ | {"PYTHONUNBUFFERED": "1"})


@pytest.mark.slow
def test_killed_ingest_leaves_a_consistent_store_and_resumes(tmp_path):
    batch, db = tmp_path / "batch.jsonl", tmp_path / "store.duckdb"
    write_batch(batch)
    process = ingest(batch, db)
    # Long enough to load the models and commit some documents, not the whole batch.
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    assert process.poll() is None, "the batch finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    store = open_store(str(db))
    assert store.verify() == []
    partial = store.counts()
    assert partial["documents"] <= DOCUMENTS
    # Every stored document is whole: it has all the events the seed gives.
    for row in store.db.query("SELECT document_id, count(*) AS n FROM events "
                              "GROUP BY document_id"):
        assert row["n"] == 9, row
    store.close()

    finished = ingest(batch, db)
    out, err = finished.communicate(timeout=600)
    assert finished.returncode == 0, err.decode()
    store = open_store(str(db))
    counts = store.counts()
    assert counts["documents"] == DOCUMENTS and counts["events"] == 9 * DOCUMENTS
    assert store.verify() == []
    # The same nine happenings, reported again and again, stay nine fused events.
    assert counts["clusters"] == 9
    store.close()
    summary = out.decode()
    assert f"{DOCUMENTS - partial['documents']} documents added" in summary
    assert f"{partial['documents']} already stored" in summary
