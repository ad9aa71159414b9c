"""The learned clause typer: features, weights, the pipeline's use of it, and its training."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import shared_dir
from eventatlas.cli import app
from eventatlas.events.clause_typer import (
    NO_EVENT,
    ClauseTyper,
    feature_ids,
    shipped_typer,
    tokens,
)
from eventatlas.ingest import build_document, read_bytes
from eventatlas.training.events import matrix, quantise


def test_features_ignore_the_size_of_numbers_and_mark_negation() -> None:
    assert tokens("3 killed") == tokens("45 killed")
    assert "!casualt" in tokens("No casualties were reported.")
    same = "Police arrested 5 men"
    assert np.array_equal(feature_ids(same), feature_ids(same))


def test_quantised_weights_decide_as_the_float_ones_and_survive_a_round_trip(tmp_path) -> None:
    rng = np.random.default_rng(0)
    coef, bias = rng.normal(size=(1 << 18, 3)), np.zeros(3)
    typer = quantise(["a", "b", NO_EVENT], coef, bias)
    texts = ["men burned tyres on the road", "the council met on Monday"]
    x = matrix(texts)
    exact = np.asarray(x @ coef).argmax(axis=1)
    assert list(typer.probabilities(texts).argmax(axis=1)) == list(exact)
    loaded = ClauseTyper.load(typer.save(tmp_path / "t.npz"))
    assert np.allclose(loaded.probabilities(texts), typer.probabilities(texts))


def _shipped() -> ClauseTyper:
    typer = shipped_typer()
    if typer is None:
        pytest.skip("no shipped clause typer weights")
    return typer


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Protesters torched a police station and blocked the main highway in the town.",
     "riot.violent_demonstration"),
    ("Soldiers defused an improvised explosive device planted on the road to the market.",
     "strategic.disrupted_weapons"),
    ("The central bank raised interest rates by a quarter point on Tuesday.", NO_EVENT),
])
def test_the_shipped_typer_reads_whole_sentences(sentence: str, expected: str) -> None:
    assert _shipped().guess([sentence])[0].type == expected


def _events(pipeline, text: str) -> list[dict]:
    document = build_document(read_bytes(text.encode("utf-8"), "<test>"))
    return pipeline.process(document).result()["events"]


def test_a_sentence_no_trigger_word_names_still_gives_its_event_with_arguments(pipeline) -> None:
    _shipped()
    events = _events(pipeline, "Hundreds of teachers staged a sit-in outside the education "
                               "ministry in Nairobi demanding higher pay.")
    assert [e["type"] for e in events] == ["protest.peaceful"]
    assert events[0]["location"]["name"] == "Nairobi"


def test_police_dispersing_a_protest_makes_one_protest_with_intervention(pipeline) -> None:
    _shipped()
    events = _events(pipeline, "Court clerks demonstrated in front of the Ministry of Justice in "
                               "Algiers to denounce the dismissal of colleagues. Police forces "
                               "intervened to disperse them.")
    assert [e["type"] for e in events] == ["protest.intervention"]
    assert len(events[0]["evidence"]) == 2


def _write_acled(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    columns = ["event_id_cnty", "event_date", "country", "event_type", "sub_event_type",
               "latitude", "longitude", "fatalities", "notes"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for number, (event_type, sub_type, note) in enumerate(rows):
            writer.writerow([f"XYZ{number}", f"2020-01-0{1 + number % 9}", "Kenya",
                             event_type, sub_type, "-1.28", "36.82", "0", note])
    return path


# Invented notes in ACLED's style (ACLED's own rows may not be committed).
_NOTES = [
    ("Protests", "Peaceful protest", "On {d} January 2020, traders held a peaceful march in "
                                     "Nairobi against new market fees."),
    ("Riots", "Mob violence", "On {d} January 2020, a mob lynched a suspected thief in "
                              "Kisumu town."),
    ("Strategic developments", "Arrests", "On {d} January 2020, police arrested four suspects "
                                          "in Mombasa."),
]


@pytest.mark.slow  # trains the clause typer through the CLI
def test_train_events_writes_weights_and_bad_data_is_one_line(tmp_path: Path) -> None:
    rows = [(t, s, note.format(d=day)) for day in range(1, 13) for t, s, note in _NOTES]
    data = tmp_path / "acled"
    data.mkdir()
    _write_acled(data / "train.csv", rows)
    out = tmp_path / "typer.npz"
    runner = CliRunner()
    result = runner.invoke(app, ["train", "events", "--data", str(data), "--negatives",
                                 str(tmp_path), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["examples"] == 36 and set(report["class_counts"]) == {
        "protest.peaceful", "riot.mob_violence", "strategic.arrests"}
    typer = ClauseTyper.load(out)
    assert typer.guess(["Police arrested two men in Nakuru."])[0].type == "strategic.arrests"

    _write_acled(data / "train.csv", [*rows[:3], ("Riots", "", "On 2 May, a mob gathered.")])
    bad = runner.invoke(app, ["train", "events", "--data", str(data), "--out", str(out)])
    assert bad.exit_code == 2 and len(bad.output.strip().splitlines()) == 1
    assert "train.csv: row 5" in bad.output
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = runner.invoke(app, ["train", "events", "--data", str(empty)])
    assert missing.exit_code == 2 and "no train.csv" in missing.output


def test_eval_acled_scores_the_main_event_of_each_row(tmp_path: Path) -> None:
    _shipped()
    rows = [(t, s, note.format(d=3)) for t, s, note in _NOTES]
    path = _write_acled(tmp_path / "dev.csv", rows)
    result = CliRunner().invoke(app, ["eval", "acled", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["notes"] == 3 and report["no_event_rate"] == 0.0
    assert report["sub_event_ok"] == 1.0
    assert {row["sub_event_type"] for row in report["rows"]} == {s for _, s, _ in _NOTES}


SHARED = shared_dir()


@pytest.mark.slow
@pytest.mark.skipif(SHARED is None, reason="needs ../shared/data")
def test_acled_dev_sample_is_typed_as_acled_codes_it() -> None:
    _shipped()
    path = SHARED / "data" / "events" / "acled" / "dev.csv"
    result = CliRunner().invoke(app, ["eval", "acled", str(path), "--limit", "300", "--json"])
    report = json.loads(result.output)
    assert report["no_event_rate"] <= 0.03
    assert report["event_type_ok"] >= 0.85 and report["sub_event_ok"] >= 0.80


def test_a_party_member_killed_is_an_attack_soldiers_killed_a_fight(pipeline) -> None:
    party = _events(pipeline, "On 3 May 2019, Chhatra League activists hacked a BNP leader to "
                              "death in Sylhet city.")
    soldiers = _events(pipeline, "On 3 May 2019, Taliban fighters killed three soldiers at a "
                                 "checkpoint in Kandahar.")
    assert [e["type"] for e in party] == ["civilians.attack"]
    assert [e["type"] for e in soldiers] == ["battle.armed_clash"]


# ACLED's coding rule for force at a demonstration: lethal force or serious injury by the
# authorities against peaceful protesters is "Excessive force against protesters"; arrests, tear
# gas and dispersal without it are "Protest with intervention"; a crowd that turns violent makes
# a violent demonstration.
@pytest.mark.parametrize(("text", "expected"), [
    ("Market traders marched to the county offices in Eldoret against new levies. Police "
     "intervened in the march, killing two traders.", "protest.excessive_force"),
    ("Nurses held a sit-in outside the provincial hospital in Bukavu over unpaid wages. "
     "Soldiers opened fire on the nurses, wounding six.", "protest.excessive_force"),
    ("Students gathered at the university gate in Kampala to protest fee increases. Security "
     "forces fired live bullets to disperse the crowd.", "protest.excessive_force"),
    ("Farmers demonstrated in front of the governor's office in Kano over fertiliser prices. "
     "Police fired tear gas to disperse them and arrested four organisers.",
     "protest.intervention"),
])
def test_force_at_a_demonstration_is_coded_as_acled_codes_it(pipeline, text: str,
                                                             expected: str) -> None:
    _shipped()
    events = _events(pipeline, text)
    assert [e["type"] for e in events if e["type"].startswith(("protest.", "riot."))] == [
        expected]


def test_lethal_force_rule_needs_the_authorities_a_lethal_act_and_a_peaceful_crowd(nlp) -> None:
    from eventatlas.events.protest_force import force_against_protesters

    def rule(text: str) -> bool:
        sentences = list(nlp(text).sents)
        previous = sentences[-2] if len(sentences) > 1 else None
        return force_against_protesters(sentences[-1], previous) is not None

    assert rule("Teachers rallied in Harare. Riot police shot dead one of the teachers.")
    assert not rule("Teachers rallied in Harare. Riot police fired tear gas at the teachers.")
    assert not rule("Protesters threw stones at the police in Harare, who shot dead a man.")
    assert not rule("On 6 March 2021, soldiers killed three herders near Ippy.")  # "March"
    assert not rule("Police dispersed a rally in Harare two days after eight people were "
                    "killed in a road accident.")


def test_typer_events_need_a_happening_and_are_typed_with_the_next_sentence(pipeline) -> None:
    _shipped()
    # "movement" (the group's name) is no protest; "There were no casualties." is no event.
    events = _events(pipeline, "On 3 May 2023, students, under the banner of the student "
                               "rights movement, staged a protest in Rajshahi city demanding "
                               "lower fees. There were no casualties.")
    assert [e["type"] for e in events] == ["protest.peaceful"]


def test_a_thrown_petrol_bomb_is_a_riot_not_an_explosive_attack(pipeline) -> None:
    events = _events(pipeline, "Unidentified men hurled a petrol bomb at a shop in Sylhet "
                               "on Sunday night.")
    assert events and not any(e["type"].startswith("remote.") for e in events)


def test_a_weapon_a_word_names_is_never_retyped_a_bare_bomb_may_be(nlp) -> None:
    from eventatlas.events.candidates import typed_candidates
    from eventatlas.events.clause_typer import TypeGuess
    from eventatlas.events.learned import SentenceGuess

    sure_attack = TypeGuess("civilians.attack", 0.95, {
        "civilians.attack": 0.95, "remote.suicide_bomb": 0.01, "remote.ied": 0.01,
        NO_EVENT: 0.03})
    guess = SentenceGuess(sure_attack, sure_attack)

    def typed(text: str) -> list[str]:
        return [c.type for c in typed_candidates(next(nlp(text).sents), guess)]

    assert set(typed("A suicide attack hit the market in Aleppo.")) == {"remote.suicide_bomb"}
    assert typed("A bomb went off in the market in Aleppo.") == ["civilians.attack"]


def test_a_killing_beside_a_weapon_stays_its_toll_whatever_the_typer_reads(nlp) -> None:
    from eventatlas.events.candidates import typed_candidates
    from eventatlas.events.clause_typer import TypeGuess
    from eventatlas.events.learned import SentenceGuess

    sure_clash = TypeGuess("battle.armed_clash", 0.8, {
        "battle.armed_clash": 0.8, "civilians.attack": 0.05, "remote.ied": 0.05, NO_EVENT: 0.1})
    guess = SentenceGuess(sure_clash, sure_clash)
    sentence = next(nlp("Ten fighters were killed in a car bomb blast in Raqqa.").sents)
    typed = {c.trigger.lower_: c.type for c in typed_candidates(sentence, guess)}
    assert typed["killed"] == "civilians.attack"  # folded into the bombing as its toll
    without_weapon = next(nlp("Ten fighters were killed in Raqqa on Monday.").sents)
    assert [c.type for c in typed_candidates(without_weapon, guess)] == ["battle.armed_clash"]


def test_what_kind_of_event_is_read_with_the_two_sentences_after(nlp) -> None:
    from eventatlas.events.learned import sentence_guesses

    _shipped()
    doc = nlp("Residents staged a protest in front of the district office. They demanded the "
              "repair of the road. Some of them threw stones at the police and burned tyres.")
    first = sentence_guesses(doc)[0]
    assert first.alone.type == "protest.peaceful"
    assert first.in_context.type == "riot.violent_demonstration"
