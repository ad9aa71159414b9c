"""Fusion scoring and merging on the seed's real events."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from eventatlas.fuse import (
    Candidate,
    EventSketch,
    Member,
    average_link,
    consolidate,
    fuse_members,
    link_score,
    linked_clusters,
)
from eventatlas.fuse.merge import acled_fatalities
from eventatlas.fuse.score import haversine_km
from eventatlas.fuse.sketch import sketch_event


@pytest.fixture(scope="module")
def events(seed_result):
    return {event["type"] + ":" + "/".join(a.get("actor_id") or "" for a in event["actors"]
                                           if a["role"] == "actor"): event
            for event in seed_result["events"]}


def retold(event, document_id="doc-other", **changes):
    """The same event as another report would give it."""
    copied = copy.deepcopy(event)
    copied["id"] = "ev-" + document_id
    copied.update(changes)
    return sketch_event(copied, document_id)


def test_same_report_events_of_one_type_never_fuse(events):
    coalition = sketch_event(events["remote.air_strike:coalition"], "doc-seed")
    russia = sketch_event(events["remote.air_strike:state_forces_ru"], "doc-seed")
    assert link_score(coalition, russia) is None


def test_a_retelling_from_another_report_links(events):
    strike = events["remote.air_strike:coalition"]
    original = sketch_event(strike, "doc-seed")
    assert link_score(original, retold(strike)) >= 0.9


def test_other_perpetrator_or_far_days_or_places_keep_events_apart(events):
    coalition = sketch_event(events["remote.air_strike:coalition"], "doc-seed")
    russia_elsewhere = retold(events["remote.air_strike:state_forces_ru"])
    assert link_score(coalition, russia_elsewhere) is None  # other perpetrator
    later = dict(events["remote.air_strike:coalition"]["date"], start="2016-12-20",
                 end="2016-12-20")
    assert link_score(coalition, retold(events["remote.air_strike:coalition"],
                                        date=later)) is None
    mosul = events["movement.relocation:isis"]
    raqqa_flight = sketch_event(events["movement.flight:"], "doc-seed")
    assert link_score(raqqa_flight, retold(mosul)) is None


def test_different_destinations_are_different_movements(events):
    flight = sketch_event(events["movement.flight:"], "doc-seed")
    to_palmyra = events["movement.forced_displacement:isis"]
    other = retold(events["movement.flight:"],
                   destination=to_palmyra["destination"], date=to_palmyra["date"])
    assert link_score(flight, other) is None


def test_a_new_event_links_to_the_best_cluster_and_respects_splits(events):
    strike = events["remote.air_strike:coalition"]
    seed = sketch_event(strike, "doc-seed")
    clusters = [Candidate("fe-a", [seed]),
                Candidate("fe-b", [sketch_event(events["remote.air_strike:state_forces_ru"],
                                                "doc-x")])]
    new = retold(strike, "doc-new")
    assert [cluster_id for cluster_id, _ in linked_clusters(new, clusters)] == ["fe-a"]
    split = frozenset({(new.event_id, seed.event_id)})
    assert linked_clusters(new, clusters, cannot_link=split) == []


def test_acled_rule_lowest_reported_toll_is_best():
    tolls = [{"fatalities": {"low": 12, "best": 12, "high": 12}},
             {"fatalities": {"low": 9, "best": 9, "high": 15}},
             {"fatalities": None}]
    assert acled_fatalities(tolls) == {"low": 9, "best": 9, "high": 15}
    assert acled_fatalities([{"fatalities": None}]) is None


def test_fused_event_takes_the_most_precise_fields_and_keeps_all_sources(events):
    strike = events["remote.air_strike:coalition"]
    precise = copy.deepcopy(strike)
    precise["id"] = "ev-precise"
    precise["date"] = dict(strike["date"], start="2016-11-09", end="2016-11-09",
                           precision="day", time_precision=1)
    precise["fatalities"] = {"low": 3, "best": 3, "high": 3}
    members = [Member(strike, {"id": "doc-seed", "published": "2016-11-11"}),
               Member(precise, {"id": "doc-b", "published": "2016-11-10"})]
    fused = fuse_members("fe-x", members)
    assert fused["date"]["start"] == "2016-11-09" and fused["date"]["precision"] == "day"
    assert fused["fatalities"] == {"low": 3, "best": 3, "high": 3}
    assert fused["corroboration"] == 2 and fused["first_reported"] == "2016-11-10"
    assert [source["document_id"] for source in fused["sources"]] == ["doc-seed", "doc-b"]
    assert fused["acled"]["sub_event_type"] == "Air/drone strike"
    assert fused["confidence"] > max(strike["confidence"], precise["confidence"])


def test_a_report_telling_the_happening_twice_is_one_source(events):
    strike = events["remote.air_strike:coalition"]
    lead = copy.deepcopy(strike)
    lead["id"] = "ev-lead"
    lead["evidence"] = [{"text": "Coalition jets struck Raqqa.", "start": 0, "end": 28}]
    seed = {"id": "doc-seed", "published": "2016-11-11"}
    members = [Member(strike, seed), Member(lead, seed, status="rejected"),
               Member(copy.deepcopy(strike) | {"id": "ev-b"},
                      {"id": "doc-b", "published": "2016-11-10"})]
    fused = fuse_members("fe-x", members)
    assert [s["document_id"] for s in fused["sources"]] == ["doc-seed", "doc-b"]
    first = fused["sources"][0]
    assert first["event_ids"] == [strike["id"], "ev-lead"] and first["event_id"] == strike["id"]
    assert first["status"] != "rejected"
    assert first["evidence"] == strike["evidence"] + lead["evidence"]
    assert fused["members"] == [strike["id"], "ev-lead", "ev-b"]


def test_haversine_matches_the_known_raqqa_hasakah_distance():
    assert haversine_km(35.95, 39.01, 36.50, 40.75) == pytest.approx(167, abs=3)


def _strike(event_id, day, km_east, document_id=None):
    """An air strike report of 3 November 2016 (± days) placed `km_east` of Raqqa."""
    return EventSketch(event_id=event_id, document_id=document_id or "doc-" + event_id,
                       type="remote.air_strike", family="remote",
                       start=date(2016, 11, 3 + day), end=date(2016, 11, 3 + day),
                       lat=35.95, lon=39.01 + km_east / 90.0, precision="town")


def test_a_report_bridging_two_clusters_merges_them_when_they_link_on_average():
    first, second, bridge = _strike("a", 0, 0), _strike("b", 0, 62), _strike("x", 0, 31)
    threshold = 0.75
    assert link_score(first, second) < threshold  # they arrived first: two clusters
    linked = linked_clusters(bridge, [Candidate("fe-a", [first]), Candidate("fe-b", [second])],
                             threshold=threshold)
    assert [cluster_id for cluster_id, _ in linked] == ["fe-a", "fe-b"]  # a tie, first id
    clusters = {"fe-a": [first, bridge], "fe-b": [second]}
    assert average_link(clusters["fe-a"], clusters["fe-b"]) >= threshold
    assert consolidate(clusters, {("fe-a", "fe-b")}, threshold=threshold) == [("fe-a", "fe-b")]
    assert [sketch.event_id for sketch in clusters["fe-a"]] == ["a", "x", "b"]
    assert "fe-b" not in clusters


def test_one_bridging_report_is_not_enough_when_the_clusters_differ_on_average():
    left = [_strike("a1", 0, 0), _strike("a2", 0, 2)]
    right = [_strike("b1", 2, 62), _strike("b2", 2, 60)]
    bridge = _strike("x", 1, 31)
    threshold = 0.6
    assert min(link_score(bridge, member) for member in left + right) >= threshold
    clusters = {"fe-a": [*left, bridge], "fe-b": right}
    assert average_link(clusters["fe-a"], clusters["fe-b"]) < threshold
    assert consolidate(clusters, {("fe-a", "fe-b")}, threshold=threshold) == []


def test_consolidation_respects_splits_and_reviewed_clusters():
    first, second, bridge = _strike("a", 0, 0), _strike("b", 0, 62), _strike("x", 0, 31)

    def fresh():
        return {"fe-a": [first, bridge], "fe-b": [second]}

    split = frozenset({("a", "b")})
    assert consolidate(fresh(), {("fe-a", "fe-b")}, cannot_link=split) == []
    both = frozenset({"fe-a", "fe-b"})
    assert consolidate(fresh(), {("fe-a", "fe-b")}, reviewed=both) == []
    # A reviewed fused event keeps its id even when it is the smaller one.
    assert consolidate(fresh(), {("fe-a", "fe-b")}, reviewed=frozenset({"fe-b"})) == [
        ("fe-b", "fe-a")]


def _report(event_id, event_type, best, document_id, quantity=None):
    return Member({"id": event_id, "type": event_type, "confidence": 0.8,
                   "fatalities": {"low": best, "best": best, "high": best} if best else None,
                   "quantity": quantity},
                  {"id": document_id, "published": "2017-04-04"})


def test_each_report_gives_its_own_toll_and_the_lowest_report_is_best():
    # Report A: its air strike killed 26; a side event in it counted 3 fighters.
    # Report B: its air strike killed 30.
    members = [_report("a1", "remote.air_strike", 26, "doc-a"),
               _report("a2", "battle.armed_clash", 3, "doc-a"),
               _report("b1", "remote.air_strike", 30, "doc-b")]
    fused = fuse_members("fe-x", members)
    assert fused["type"] == "remote.air_strike"
    assert fused["fatalities"] == {"low": 26, "best": 26, "high": 30}
    # A report with no event of the fused type gives its highest toll.
    members.append(_report("c1", "civilians.attack", 40, "doc-c"))
    members.append(_report("c2", "civilians.attack", 12, "doc-c"))
    assert fuse_members("fe-x", members)["fatalities"]["high"] == 40


def test_fused_displaced_figure_is_the_lowest_report_with_the_spread_kept():
    def families(value, text):
        return {"unit": "families", "value": value, "low": value, "high": value, "text": text}

    members = [_report("a", "movement.flight", None, "doc-a", families(300, "300 families")),
               _report("b", "movement.flight", None, "doc-b",
                       families(250, "some 250 families")),
               _report("c", "movement.flight", None, "doc-c",
                       {"unit": "people", "value": 1500, "low": 1500, "high": 1500,
                        "text": "1,500 people"})]
    quantity = fuse_members("fe-y", members)["quantity"]
    assert quantity["unit"] == "families" and quantity["value"] == 250
    assert (quantity["low"], quantity["high"]) == (250, 300)


def test_no_fused_event_of_a_real_store_is_below_its_reports_own_tolls(tmp_path):
    """The seed and FA-KES articles through `eventatlas demo`: every fused toll lies within
    the figures its reports state, and is one of them; each report is one source."""
    from typer.testing import CliRunner

    from eventatlas.cli import app
    from eventatlas.store import open_store
    from eventatlas.store.query import EventQuery

    fakes = Path(__file__).parents[1] / ".." / "shared" / "data" / "articles" / "fakes-dev.csv"
    if not fakes.is_file():
        pytest.skip("FA-KES dev data not present")
    db = str(tmp_path / "demo.duckdb")
    result = CliRunner().invoke(app, ["demo", "--db", db, "--fakes", str(fakes),
                                      "--limit", "30"])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    checked = 0
    for fused in store.list_events(EventQuery(limit=1000)).events:
        documents = [source["document_id"] for source in fused["sources"]]
        assert len(documents) == len(set(documents))  # each report once
        reports = [store.get_event(event_id) for event_id in fused["members"]]
        stated = [r["fatalities"]["best"] for r in reports
                  if r and r.get("fatalities") and r["fatalities"].get("best") is not None]
        toll = fused.get("fatalities")
        if not stated:
            assert toll is None or toll.get("best") is None
            continue
        assert min(stated) <= toll["best"] <= max(stated) and toll["best"] in stated
        assert toll["low"] <= toll["best"] <= toll["high"]
        checked += len({r["document_id"] for r in reports if r}) > 1
    store.close()
    assert checked  # fused events told by several reports were among them
