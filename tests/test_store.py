"""The store on real DuckDB and a real PostgreSQL server: writes, idempotency, filters, fusion
across reports, and analyst review."""

from __future__ import annotations

import copy
import uuid
from dataclasses import replace
from datetime import date

import pytest

from eventatlas.errors import InputError, OptionError
from eventatlas.ingest import RawInput, build_document
from eventatlas.store import EventQuery, StoreError, open_store
from eventatlas.store.backends import column_types
from eventatlas.store.schema import MIGRATIONS, schema_version

# A second, independent report of the week's coalition strikes on Raqqa (written for the test
# in the style of a wire report; the seed is the first report).
SECOND_REPORT = """Coalition jets pound ISIS targets in Raqqa

RAQQA – Warplanes of the U.S.-led coalition carried out new air strikes on ISIS positions in \
the city of Raqqa this week, activists in the city said on Thursday.

The activists said the strikes hit ISIS headquarters in the centre of the city, as the group \
moved the families of its commanders to other areas under its control.
"""


@pytest.fixture(params=["duckdb", "postgresql"])
def store(request, tmp_path):
    if request.param == "duckdb":
        url = str(tmp_path / "events.duckdb")
    else:
        from pg import fresh_database

        admin = request.getfixturevalue("pg_admin_url")
        url = fresh_database(admin, "t_" + uuid.uuid4().hex[:12])
    opened = open_store(url)
    yield opened
    opened.close()


@pytest.fixture
def seeded(store, seed_document):
    store.add_document(seed_document)
    return store


def second_report(pipeline):
    document = build_document(RawInput("second", SECOND_REPORT, False),
                              published=date(2016, 11, 10), url="https://example.org/raqqa")
    return pipeline.process(document)


def test_document_is_stored_with_all_its_events(store, seed_document):
    outcome = store.add_document(seed_document, source_name="seed.txt")
    assert outcome.status == "added"
    assert len(outcome.event_ids) == len(seed_document.events) == 9
    assert store.counts() == {"documents": 1, "events": 9, "clusters": 9, "reviews": 0}
    stored = store.get_document(seed_document.id)
    assert stored["text"] == seed_document.text
    assert stored["source_name"] == "seed.txt"
    assert len(stored["mentions"]) == len(seed_document.mentions)
    assert {event["id"] for event in stored["events"]} == set(outcome.event_ids)


def test_same_content_twice_adds_nothing(seeded, seed_document):
    again = seeded.add_document(seed_document)
    assert again.status == "duplicate" and again.document_id == seed_document.id
    assert seeded.counts()["events"] == 9


def test_reused_id_with_other_content_is_refused_and_rolled_back(seeded, seed_document):
    changed = replace(seed_document, text=seed_document.text + "\n\nA later correction.")
    with pytest.raises(StoreError, match="already stored with other content"):
        seeded.add_document(changed)
    assert seeded.counts() == {"documents": 1, "events": 9, "clusters": 9, "reviews": 0}


def test_schema_is_migrated_once_and_versioned(seeded):
    assert schema_version(seeded.db) == MIGRATIONS[-1].version
    reopened = open_store(seeded.db.url) if seeded.db.dialect == "postgresql" else None
    if reopened is not None:  # a second open of a migrated database is a no-op
        assert schema_version(reopened.db) == MIGRATIONS[-1].version
        reopened.close()


def test_fused_events_keep_every_field_and_their_evidence(seeded, seed_document):
    page = seeded.list_events(EventQuery(limit=100))
    assert page.total == 9
    palmyra = next(event for event in page.events
                   if (event["destination"] or {}).get("name") == "Tadmur")
    assert palmyra["type"] == "movement.forced_displacement"
    assert palmyra["id"].startswith("fe-") and palmyra["level"] == "fused"
    assert palmyra["corroboration"] == 1
    assert palmyra["first_reported"] == "2016-11-11"
    assert palmyra["review_status"] == "unreviewed"
    [source] = palmyra["sources"]
    assert source["document_id"] == seed_document.id
    span = source["evidence"][0]
    assert seed_document.text[span["start"]:span["end"]] == span["text"]
    assert "Palmyra" in span["text"]


@pytest.mark.parametrize(("query", "expected"), [
    (EventQuery(family="remote"), {"remote.air_strike"}),
    (EventQuery(type="recruitment.forced"), {"recruitment.forced"}),
    (EventQuery(text="palmyra"), {"movement.forced_displacement"}),
    (EventQuery(actor="state_forces_ru"), {"remote.air_strike"}),
    (EventQuery(start=date(2016, 7, 1), end=date(2016, 9, 30)), {"movement.relocation"}),
    (EventQuery(bbox=(42.0, 35.0, 44.0, 37.0)), {"movement.relocation"}),  # Mosul
    (EventQuery(modality="reported", type="movement.relocation"), {"movement.relocation"}),
])
def test_filters_select_the_matching_events(seeded, query, expected):
    found = seeded.list_events(query).events
    assert found and {event["type"] for event in found} == expected


def test_filter_values_are_parameters_not_sql(seeded):
    hostile = "x' OR '1'='1"
    for query in (EventQuery(type=hostile), EventQuery(actor=hostile), EventQuery(text=hostile),
                  EventQuery(country=hostile), EventQuery(admin1=hostile)):
        assert seeded.list_events(query).total == 0
    assert seeded.counts()["events"] == 9


def test_paging_and_report_level(seeded):
    first = seeded.list_events(EventQuery(limit=4))
    rest = seeded.list_events(EventQuery(limit=10, offset=4))
    assert first.total == rest.total == 9
    assert len(first.events) == 4 and len(rest.events) == 5
    assert not {e["id"] for e in first.events} & {e["id"] for e in rest.events}
    reports = seeded.list_events(EventQuery(level="report", family="remote")).events
    assert {event["id"][:3] for event in reports} == {"ev-"}
    assert all(event["cluster_id"].startswith("fe-") for event in reports)


def test_totals_come_with_empty_pages_too(seeded):
    assert seeded.list_events(EventQuery(limit=0)).total == 9
    past_the_end = seeded.list_events(EventQuery(limit=5, offset=50))
    assert past_the_end.total == 9 and past_the_end.events == []
    assert seeded.list_events(EventQuery(type="protest.peaceful")).total == 0


def test_a_corrected_fused_event_is_read_anew_not_from_the_cache(seeded):
    event = seeded.list_events(EventQuery(type="recruitment.forced")).events[0]
    assert seeded.get_event(event["id"])["fatalities"] != {"low": 3, "best": 3, "high": 3}
    seeded.review(event["id"], "correct", field="fatalities",
                  value={"low": 3, "best": 3, "high": 3})
    listed = seeded.list_events(EventQuery(type="recruitment.forced")).events[0]
    assert listed["fatalities"] == {"low": 3, "best": 3, "high": 3}
    assert seeded.get_event(event["id"])["fatalities"] == {"low": 3, "best": 3, "high": 3}


def test_bulk_rows_go_in_and_are_updated_in_one_statement_each(store):
    rows = [["fe-bulk-1", 1.5, None], ["fe-bulk-2", 2, "x"]]
    number = column_types(store.db.dialect)["float"]
    store.db.execute(f"CREATE TABLE bulk (id TEXT PRIMARY KEY, value {number}, note TEXT)")
    store.db.insert_rows("bulk", ("id", "value", "note"), rows)
    store.db.insert_rows("bulk", ("id", "value", "note"), [["fe-bulk-1", 9.0, "again"]],
                         skip_conflicts=True)
    # DuckDB: a column Arrow cannot type (text and a number) still goes in, by the fallback.
    mixed = 7 if store.db.dialect == "duckdb" else "7"
    store.db.insert_rows("bulk", ("id", "value", "note"), [["fe-bulk-3", 3.0, "a"],
                                                           ["fe-bulk-4", 4.0, mixed]])
    store.db.update_rows("bulk", "id", ("value", "note"), [[10.0, "ten", "fe-bulk-1"],
                                                           [20.0, None, "fe-bulk-2"]])
    found = {row["id"]: (row["value"], row["note"])
             for row in store.db.query("SELECT id, value, note FROM bulk")}
    assert found == {"fe-bulk-1": (10.0, "ten"), "fe-bulk-2": (20.0, None),
                     "fe-bulk-3": (3.0, "a"), "fe-bulk-4": (4.0, "7")}


def test_stored_ids_answers_for_a_batch_in_order(seeded, seed_document, pipeline):
    other = second_report(pipeline)
    assert seeded.stored_ids([other, seed_document]) == [None, seed_document.id]
    assert seeded.stored_ids([]) == []


def test_bad_queries_are_clear_errors(seeded):
    with pytest.raises(OptionError):
        seeded.list_events(EventQuery(limit=5000))
    with pytest.raises(OptionError):
        seeded.list_events(EventQuery(bbox=(10.0, 50.0, 0.0, 40.0)))


def test_flows_actors_and_stats(seeded):
    flows = {(flow["origin"]["name"], (flow["destination"] or {}).get("name"))
             for flow in seeded.list_flows() if flow["origin"]}
    assert ("Ar Raqqah", "Tadmur") in flows and ("Mosul", "Syria") in flows
    assert ("Ar Raqqah", "Al-Hasakah") in flows
    actors = {actor["key"]: actor for actor in seeded.list_actors()}
    assert actors["isis"]["name"] == "IS (Islamic State)"
    assert actors["isis"]["events"] >= 4
    weeks = seeded.stats(EventQuery(family="remote"))
    assert weeks == [{"period": "2016-10-31", "type": "remote.air_strike", "family": "remote",
                      "events": 2, "fatalities": 0}]


def test_second_report_of_the_coalition_strike_is_fused_not_the_russian_one(
        seeded, pipeline, seed_document):
    outcome = seeded.add_document(second_report(pipeline))
    assert outcome.status == "added"
    strikes = seeded.list_events(EventQuery(type="remote.air_strike")).events
    by_actor = {next(a["actor_id"] for a in event["actors"] if a["role"] == "actor"): event
                for event in strikes}
    coalition, russia = by_actor["coalition"], by_actor["state_forces_ru"]
    assert coalition["corroboration"] == 2
    assert {source["document_id"] for source in coalition["sources"]} == {
        seed_document.id, outcome.document_id}
    assert russia["corroboration"] == 1
    assert coalition["first_reported"] == "2016-11-10"


def test_review_confirm_correct_reject_and_audit_log(seeded):
    event = seeded.list_events(EventQuery(type="recruitment.forced")).events[0]
    confirmed = seeded.review(event["id"], "confirm", reviewer="ana")
    assert confirmed["review_status"] == "confirmed"
    corrected = seeded.review(event["id"], "correct", field="fatalities",
                              value={"low": 0, "best": 0, "high": 0}, reviewer="ana",
                              note="no deaths reported")
    assert corrected["fatalities"] == {"low": 0, "best": 0, "high": 0}
    assert corrected["review_status"] == "corrected"
    with pytest.raises(InputError):
        seeded.review(event["id"], "correct", field="type", value="not.a.type")
    with pytest.raises(InputError):
        seeded.review(event["id"], "correct", field="date", value={"start": "31/02/2016"})
    with pytest.raises(LookupError):
        seeded.review("fe-000000000000", "confirm")
    seeded.review(event["id"], "reject", note="opinion, not an event")
    assert seeded.get_event(event["id"])["review_status"] == "rejected"
    assert seeded.list_events(EventQuery(type="recruitment.forced")).total == 0
    assert seeded.list_events(EventQuery(type="recruitment.forced",
                                         include_rejected=True)).total == 1
    log = seeded.reviews(event["id"])
    assert [entry["action"] for entry in log] == ["confirm", "correct", "reject"]
    assert log[1]["value"] == {"low": 0, "best": 0, "high": 0} and log[1]["reviewer"] == "ana"


def test_split_and_merge_are_reversible_and_stick(seeded, pipeline):
    second = seeded.add_document(second_report(pipeline))
    coalition = next(event for event in seeded.list_events(EventQuery(actor="coalition")).events
                     if event["corroboration"] == 2)
    [moved] = [source["event_ids"] for source in coalition["sources"]
               if source["document_id"] == second.document_id]
    split = seeded.review(coalition["id"], "split", event_ids=moved)
    new_id = split["review"]["new_id"]
    assert split["corroboration"] == 1 and seeded.get_event(new_id)["corroboration"] == 1
    with pytest.raises(InputError):
        seeded.review(coalition["id"], "split", event_ids=["ev-not-a-member"])
    merged = seeded.review(coalition["id"], "merge", other_id=new_id)
    assert merged["corroboration"] == 2
    assert seeded.get_event(new_id) is None
    assert set(moved) <= set(merged["members"])
    assert [entry["action"] for entry in seeded.reviews(coalition["id"])] == ["split", "merge"]


def test_bad_store_urls_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody@127.0.0.1:1/none")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open DuckDB store"):
        open_store(str(blocker / "store.duckdb"))


def test_review_of_a_report_level_event_updates_its_fused_event(seeded):
    report = seeded.list_events(EventQuery(level="report", type="recruitment.forced")).events[0]
    corrected = seeded.review(report["id"], "correct", field="type", value="civilians.abduction",
                              note="men taken from their homes")
    assert corrected["type"] == "civilians.abduction" and corrected["level"] == "report"
    fused = seeded.get_event(report["cluster_id"])
    assert fused["type"] == "civilians.abduction"
    assert fused["acled"]["sub_event_type"] == "Abduction/forced disappearance"


BRIDGED = {
    "d1": "Coalition jets strike Raqqa\n\nWarplanes of the U.S.-led coalition bombed ISIS "
          "positions in Raqqa on Thursday, activists said.",
    "d2": "Air raids near Tabqa\n\nCoalition aircraft struck Islamic State targets near Tabqa "
          "dam on Wednesday, a monitoring group said.",
    "d3": "Strikes on ISIS in Raqqa province\n\nThe U.S.-led coalition carried out air strikes "
          "on ISIS in Raqqa and near Tabqa on Wednesday and Thursday, activists said.",
}


def test_a_report_linking_two_fused_events_merges_them_and_logs_it(store, pipeline):
    # A stricter threshold than the default makes the first two reports stay apart, as
    # reports of one happening sometimes do when they arrive first.
    store.link_threshold = 0.74  # d1-d2 score 0.71, d3 links both (0.99, 0.82), average 0.77
    outcomes = [store.add_document(pipeline.process(build_document(
        RawInput(name, text, False), published=date(2016, 11, 10))))
        for name, text in BRIDGED.items()]
    first, second, bridge = (outcome.cluster_ids[0] for outcome in outcomes)
    assert first != second
    assert bridge == first  # the cluster kept; the other's reports moved in
    fused = store.get_event(first)
    assert fused["corroboration"] == 3
    assert store.get_event(second) is None
    log = store.reviews(first)
    assert [(entry["action"], entry["other_id"], entry["reviewer"]) for entry in log] == [
        ("merge", second, "eventatlas")]
    assert store.verify() == []


def test_a_stored_report_reads_back_as_the_sketch_it_arrived_with(store, seed_document,
                                                                 pipeline):
    """Fusion compares new reports with sketches kept from their arrival or read back from
    the rows; the two must be the same, or fusion would depend on which one it met."""
    from eventatlas.store.write import Prepared

    unplaced = copy.deepcopy(seed_document)  # a flight known only by where from and to
    unplaced.id = "seed-unplaced"
    flight = next(event for event in unplaced.events if event.type == "movement.flight")
    flight.location = None
    unplaced.text += "\n\n(Unplaced copy.)"
    documents = [unplaced, second_report(pipeline)]
    arrived = [sketch for document in documents
               for sketch in Prepared.of(document, None, store.encoder).sketches]
    store.add_documents([(document, None) for document in documents])
    store._fusion.sketches.clear()
    read = store._fusion.stored_sketches([sketch.event_id for sketch in arrived])
    for sketch in arrived:
        stored = read[sketch.event_id]
        assert (replace(sketch, vector=None, _words=None)
                == replace(stored, vector=None, _words=None)), sketch.event_id
        assert (sketch.vector is None) == (stored.vector is None)
        if sketch.vector is not None:
            assert sketch.vector.tolist() == pytest.approx(stored.vector.tolist(), abs=1e-6)
