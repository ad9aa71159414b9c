"""Reading a DuckDB store that another, real process holds and keeps writing (as `eventatlas
serve` does): `open_store(..., snapshot=True)` reads a consistent copy without the file's lock,
and the holder's writes neither wait nor fail nor get lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventatlas.store import EventQuery, StoreError, open_store

# The holder: opens the store for writing (DuckDB's lock), corrects one event again and again
# and checkpoints every few writes (so copies meet checkpoints), until told to stop; then
# reports how many writes it made and what the store's integrity check says.
HOLDER = """
import json, sys, time
from pathlib import Path
from eventatlas.store import open_store

store = open_store(sys.argv[1])
event_id = store.list_events().events[0]["id"]
print("ready", flush=True)
writes, stop = 0, Path(sys.argv[2])
while not stop.exists():
    store.review(event_id, "correct", field="fatalities",
                 value={"low": writes, "best": writes, "high": writes}, reviewer="holder")
    writes += 1
    if writes % 3 == 0:
        store.db.execute("CHECKPOINT")
problems = store.verify()
store.close()
print(json.dumps({"writes": writes, "problems": problems}), flush=True)
"""


class Holder:
    """The holder script in a subprocess, started on `path` and stopped by `stop()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stop_file = path.with_suffix(".stop")
        self.stop_file.unlink(missing_ok=True)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path),
                                         str(self.stop_file)], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line.strip() == "ready", self.process.stderr.read() if self.process.stderr else ""

    def stop(self) -> dict:
        self.stop_file.touch()
        out, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, err
        return json.loads(out.strip().splitlines()[-1])


@pytest.fixture
def seeded_file(tmp_path, seed_document):
    path = tmp_path / "events.duckdb"
    store = open_store(str(path))
    store.add_document(seed_document)
    store.close()
    return path


@pytest.mark.slow
def test_snapshots_of_a_store_another_process_keeps_writing(seeded_file):
    holder = Holder(seeded_file)
    try:
        with pytest.raises(StoreError, match="lock"):  # what a plain open gets meanwhile
            open_store(str(seeded_file))
        seen = []
        for _ in range(15):
            snapshot = open_store(str(seeded_file), snapshot=True)
            try:
                assert snapshot.verify() == []
                assert snapshot.list_events(EventQuery(limit=100)).total == 9
                log = snapshot.reviews()
                # Whole reviews only: each logged correction is what the event shows.
                if log:
                    event = snapshot.get_event(log[-1]["target_id"])
                    assert event["fatalities"] == log[-1]["value"]
                seen.append(len(log))
            finally:
                snapshot.close()
            time.sleep(0.05)
    finally:
        report = holder.stop()
    assert report["problems"] == [] and report["writes"] > 0
    assert seen == sorted(seen) and seen[-1] > seen[0]  # each copy as new as the last or newer
    store = open_store(str(seeded_file))  # the holder's writes are all there, none lost
    try:
        assert len(store.reviews()) == report["writes"] and store.verify() == []
    finally:
        store.close()


def test_a_snapshot_leaves_nothing_behind_and_never_writes_the_file(seeded_file, tmp_path,
                                                                     monkeypatch):
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    before = seeded_file.read_bytes()
    snapshot = open_store(str(seeded_file), snapshot=True)
    event_id = snapshot.list_events().events[0]["id"]
    snapshot.review(event_id, "reject")  # goes to the copy only
    snapshot.close()
    assert seeded_file.read_bytes() == before
    assert list(scratch.iterdir()) == []
    with pytest.raises(StoreError, match="no DuckDB store at"):
        open_store(str(tmp_path / "missing.duckdb"), snapshot=True)
    assert not (tmp_path / "missing.duckdb").exists()
