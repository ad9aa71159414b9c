"""Analyst review an editor can trust, on DuckDB and PostgreSQL: every row of the audit log
names the reviewer and holds the value before and after; a store made before the log kept
`previous` upgrades in place; a fused event's history includes its reports' reviews; a refused
correction says what is expected."""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import pytest

from eventatlas.errors import InputError
from eventatlas.store import EventQuery, open_store
from eventatlas.store import schema as schema_module
from eventatlas.store.schema import MIGRATIONS, schema_version


@pytest.fixture(params=["duckdb", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "duckdb":
        return str(tmp_path / "events.duckdb")
    from pg import fresh_database

    return fresh_database(request.getfixturevalue("pg_admin_url"), "r_" + uuid.uuid4().hex[:12])


@pytest.fixture
def seeded(store_url, seed_document):
    store = open_store(store_url)
    store.add_document(seed_document)
    yield store
    store.close()


def test_each_review_row_has_reviewer_previous_and_new_value(seeded):
    event = seeded.list_events(EventQuery(type="recruitment.forced")).events[0]
    before = event["fatalities"]
    seeded.review(event["id"], "confirm", reviewer="ana")
    seeded.review(event["id"], "correct", field="fatalities",
                  value={"low": 0, "best": 0, "high": 0}, reviewer="ana", note="none died")
    seeded.review(event["id"], "correct", field="fatalities",
                  value={"low": 1, "best": 1, "high": 2}, reviewer="ben")
    seeded.review(event["id"], "reject", reviewer="ben")
    log = seeded.reviews(event["id"])
    assert [(row["action"], row["reviewer"], row["previous"], row["value"]) for row in log] == [
        ("confirm", "ana", "unreviewed", "confirmed"),
        ("correct", "ana", before, {"low": 0, "best": 0, "high": 0}),
        ("correct", "ben", {"low": 0, "best": 0, "high": 0}, {"low": 1, "best": 1, "high": 2}),
        ("reject", "ben", "corrected", "rejected"),
    ]
    assert log[1]["field"] == "fatalities" and log[1]["note"] == "none died"


def test_a_fused_events_history_includes_its_reports_and_its_split(seeded):
    report = seeded.list_events(EventQuery(level="report", type="recruitment.forced")).events[0]
    fused_id = report["cluster_id"]
    seeded.review(report["id"], "correct", field="type", value="civilians.abduction",
                  reviewer="ana")
    seeded.review(fused_id, "confirm", reviewer="ben")
    history = seeded.reviews(fused_id)
    assert [(row["target_id"], row["action"]) for row in history] == [
        (report["id"], "correct"), (fused_id, "confirm")]
    assert history[0]["previous"] == "recruitment.forced"
    assert [row["action"] for row in seeded.reviews(report["id"])] == ["correct"]
    assert seeded.reviews("fe-000000000000") == []


def test_split_and_merge_log_the_members_before_and_after(seeded, pipeline):
    from test_store import second_report

    second = seeded.add_document(second_report(pipeline))
    coalition = next(event for event in seeded.list_events(EventQuery(actor="coalition")).events
                     if event["corroboration"] == 2)
    members = sorted(coalition["members"])
    moved = [source["event_id"] for source in coalition["sources"]
             if source["document_id"] == second.document_id]
    new_id = seeded.review(coalition["id"], "split", event_ids=moved,
                           reviewer="ana")["review"]["new_id"]
    seeded.review(coalition["id"], "merge", other_id=new_id, reviewer="ben")
    split, merge = seeded.reviews(coalition["id"])
    staying = sorted(set(members) - set(moved))
    assert (split["previous"], split["value"], split["other_id"]) == (
        {"members": members}, {"members": staying}, new_id)
    assert (merge["previous"], merge["value"]) == ({"members": staying}, {"members": members})
    # The fused event the split made has that split in its history, though it is gone now.
    assert [row["action"] for row in seeded.reviews(new_id)] == ["split", "merge"]


def test_a_store_from_before_previous_upgrades_in_place(store_url, seed_document, monkeypatch):
    monkeypatch.setattr(schema_module, "MIGRATIONS", MIGRATIONS[:1])
    old = open_store(store_url)
    old.add_document(seed_document)
    event_id = old.list_events(EventQuery(type="recruitment.forced")).events[0]["id"]
    old.db.execute(  # a review as the first schema wrote it, with no `previous` column
        "INSERT INTO reviews (target_id, action, reviewer, pipeline_version, created_at)"
        " VALUES (?, 'confirm', 'ana', 'eventatlas-old', CURRENT_TIMESTAMP)", [event_id])
    old.db.execute("UPDATE clusters SET status = 'confirmed' WHERE id = ?", [event_id])
    assert schema_version(old.db) == 1
    old.close()
    monkeypatch.undo()
    store = open_store(store_url)
    try:
        assert schema_version(store.db) == MIGRATIONS[-1].version
        store.review(event_id, "reject", reviewer="ben")
        first, second = store.reviews(event_id)
        assert (first["reviewer"], first["previous"], first["value"]) == ("ana", None, None)
        assert (second["reviewer"], second["previous"], second["value"]) == (
            "ben", "confirmed", "rejected")
        assert store.counts()["documents"] == 1 and store.verify() == []
    finally:
        store.close()


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("fatalities", [3], 'fatalities must be a JSON object such as {"low": 3, "best": 4, '
                        '"high": 6}, not a list'),
    ("fatalities", {"best": -1}, "whole numbers ≥ 0 or null, e.g. {"),
    ("location", {"name": "Raqqa"}, 'lat (-90 to 90) and lon (-180 to 180) in degrees, '
                                     'e.g. {"name": "Raqqa", "lat": 35.95'),
    ("date", {"start": "10/11/2016"}, 'YYYY-MM-DD, e.g. {"start": "2016-11-10"'),
    ("date", {"start": "2016-11-10", "precision": "hour"}, "one of day, week, month, year"),
    ("actors", {"name": "ISIS"}, "actors must be a JSON list of actors, e.g. [{"),
    ("actors", [{"name": "ISIS"}], "a role (actor|target|affected|source) and a name"),
    ("type", "remote.bombing", 'a code such as "remote.air_strike"'),
    ("quantity", {"value": 3}, 'a unit (people, families...), e.g. {"value": 200'),
    ("colour", "red", "field must be one of actors, attribution, date"),
])
def test_refused_corrections_say_what_is_expected(field, value, expected):
    from eventatlas.store.corrections import normalize_correction

    with pytest.raises(InputError) as refused:
        normalize_correction(field, value)
    assert expected in str(refused.value)


def test_review_reaches_the_store_only_through_its_methods():
    """No SQL in review.py and no import of the store module (the old import cycle)."""
    source = (Path(__file__).parents[1] / "src/eventatlas/store/review.py").read_text()
    imported = {node.module for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.ImportFrom)}
    assert "eventatlas.store.store" not in imported
    assert not any(word in source for word in ("SELECT ", "UPDATE ", "INSERT ", ".db."))
