"""The trained half of the hybrid event typer: sentence -> PLOVER root event type.

A multinomial logistic regression in numpy over the feature blocks of `events.plover_features`
(sentence embedding, hashed lexical and parse features, an event-focused embedding). It is
trained by `eventatlas train plover` (`eventatlas.training.plover`) from the PETRARCH
validation sentences and the CAMEO code descriptions (CAMEO -> PLOVER by the conversion table)
plus the ontology's own type descriptions, optionally with the PLOVER GSR (`--with-gsr`), and
ships as a small .npz beside this module. `eventatlas eval events --corpus plover --folds 5`
measures it held-out. `classify_sentences` is the entry point; `hybrid_label` says how the
rules' root and the classifier's probabilities combine.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from eventatlas.corpora.plover import PLOVER_ROOTS
from eventatlas.events.plover_features import (
    EMBEDDING_DIM,
    FeatureSettings,
    features,
    normalise_rows,
)

# The root event types of the PLOVER GSR v0.5 (the label set we predict).
PLOVER_TYPES = PLOVER_ROOTS
SHIPPED_WEIGHTS = Path(__file__).parent / "data" / "plover_classifier.npz"
# What the rules code for a sentence where they find no event.
NO_RULE = "(none)"


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass
class TypeClassifier:
    """Trained weights and the feature settings they read (`training.plover_fit` makes one)."""

    settings: FeatureSettings = field(default_factory=FeatureSettings)
    classes: tuple[str, ...] = ()
    weights: np.ndarray | None = None  # (features, classes)
    bias: np.ndarray | None = None
    centroids: np.ndarray | None = None  # (classes, EMBEDDING_DIM), unit length
    metadata: dict[str, Any] = field(default_factory=dict)

    def predict_proba(self, texts: Sequence[Any]) -> tuple[tuple[str, ...], np.ndarray]:
        return self.classes, self.proba_features(features(texts, self.settings))

    def proba_features(self, x: np.ndarray) -> np.ndarray:
        if self.weights is None or self.bias is None:
            raise ValueError("the classifier is not trained")
        proba = softmax(x @ self.weights.astype(np.float32) + self.bias.astype(np.float32))
        embedded = x[:, :EMBEDDING_DIM]
        blend = self.settings.prototype_weight
        if blend and self.centroids is not None and np.any(embedded):
            similarity = normalise_rows(embedded) @ self.centroids.astype(np.float32).T
            votes = softmax(similarity / self.settings.prototype_temperature)
            proba = (1 - blend) * proba + blend * votes
        return proba

    def save(self, path: Path) -> Path:
        if self.weights is None or self.bias is None:
            raise ValueError("the classifier is not trained")
        path.parent.mkdir(parents=True, exist_ok=True)
        settings = {name: getattr(self.settings, name)
                    for name in FeatureSettings.__dataclass_fields__}
        with path.open("wb") as handle:
            np.savez_compressed(
                handle, weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32),
                centroids=(self.centroids if self.centroids is not None
                           else np.zeros((len(self.classes), EMBEDDING_DIM))).astype(np.float16),
                classes=np.array(self.classes), settings=np.array(json.dumps(settings)),
                metadata=np.array(json.dumps(self.metadata)))
        return path

    @classmethod
    def load(cls, path: Path) -> TypeClassifier:
        with np.load(path, allow_pickle=False) as data:
            stored = json.loads(str(data["settings"]))
            stored.setdefault("syntax_weight", 0.0)  # weights from before the parse block
            stored.setdefault("focus_weight", 0.0)  # ... and before the focused embedding
            return cls(settings=FeatureSettings(**stored),
                       classes=tuple(str(c) for c in data["classes"]),
                       weights=data["weights"].astype(np.float32), bias=data["bias"],
                       centroids=data["centroids"].astype(np.float32),
                       metadata=json.loads(str(data["metadata"])))


def hybrid_label(rule: str, classes: Sequence[str], proba: np.ndarray,
                 bonus: float | None) -> str:
    """Rules or classifier for one sentence: the class maximising log p(class) + `bonus` where
    the class is the rules' root. The classifier decides when the rules code nothing or a root
    it does not know (OTHER); bonus 0 is the classifier alone, inf (or None: no bonus
    measured) lets the rules win wherever they fire. `training.plover_selection.choose_rule_bonus`
    sets it on training data."""
    if not len(classes):
        return rule
    top = classes[int(np.argmax(proba))]
    if rule == NO_RULE or rule not in classes:
        return top
    if bonus is None or bonus == float("inf"):
        return rule
    scores = np.log(np.asarray(proba, dtype=np.float64) + 1e-9)
    scores[list(classes).index(rule)] += bonus
    return classes[int(np.argmax(scores))]


@lru_cache(maxsize=1)
def shipped_classifier() -> TypeClassifier | None:
    return TypeClassifier.load(SHIPPED_WEIGHTS) if SHIPPED_WEIGHTS.exists() else None


def classify_sentences(texts: Sequence[Any]) -> list[tuple[str, float]]:
    """(PLOVER root, probability) per sentence from the shipped weights; empty labels when no
    weights ship. Without the fetched embedder the lexical half alone decides."""
    model = shipped_classifier()
    if model is None or not texts:
        return [("", 0.0) for _ in texts]
    classes, proba = model.predict_proba(texts)
    best = proba.argmax(axis=1)
    return [(classes[i], float(proba[row, i])) for row, i in enumerate(best)]
