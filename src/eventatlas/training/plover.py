"""`eventatlas train plover`: the PLOVER classifier's shipped weights, trained on everything
in a data folder (see `training.plover_data`), with its L2 and the hybrid's rule bonus chosen
by cross-validation on that training data (`training.plover_selection`)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from eventatlas.errors import EventAtlasError
from eventatlas.events.classifier import TypeClassifier
from eventatlas.events.plover_features import FeatureSettings, embedding_features, features
from eventatlas.training.plover_data import (
    GSR_WEIGHT,
    gsr_pairs,
    sample_weights,
    sentence_key,
    training_data,
)
from eventatlas.training.plover_fit import ITERATIONS, fit_classifier
from eventatlas.training.plover_selection import choose_l2, choose_rule_bonus, rule_reliability
from eventatlas.training.rules import rule_labels

# What the weights' metadata says they were trained on and what they read.
TRAINING_SOURCES = ("PETRARCH validation sentences (upetrarch_gsr, petrarch2; CAMEO -> PLOVER), "
                    "CAMEO2PLOVER-2021 code descriptions, eventatlas.ontology descriptions")
FEATURES_READ = ("potion-base-8M embedding of the sentence without names/numbers (256, L2)"
                 " | hashed unigrams+bigrams+stems+negation marks (crc32, L2) | hashed "
                 "parse features: event verb chain, negation, modality, objects (crc32, L2)"
                 " | event-focused embedding: word vectors weighted 1/(1+tree distance to "
                 "the event verb) (256, L2)")

def train(data: Path, settings: FeatureSettings | None = None, l2: float | None = None,
          iterations: int = ITERATIONS, with_gsr: bool = False,
          rules: bool = True) -> tuple[TypeClassifier, dict[str, Any]]:
    """Train on everything in `data` (the PLOVER GSR too when `with_gsr`, each of its
    sentences weighted GSR_WEIGHT); the L2 is chosen from L2_GRID by 3-fold CV unless given.
    Returns the model and a report with 5-fold CV accuracy on the training data. With `rules`
    the rule-based detector is run over the training sentences and the hybrid's rule bonus
    (`events.classifier.hybrid_label`) is chosen against the 5-fold held-out classifier
    probabilities."""
    settings = settings or FeatureSettings()
    pairs = training_data(data, with_gsr)
    if len({label for _, label in pairs}) < 2:
        raise EventAtlasError(f"no training sentences (of two roots or more) found in {data}")
    texts, labels = [t for t, _ in pairs], [lab for _, lab in pairs]
    gsr = {sentence_key(text) for text, _ in gsr_pairs(data)} if with_gsr else set()
    weights = sample_weights([sentence_key(text) in gsr for text in texts])
    x = features(texts, settings)
    if l2 is None:
        l2 = choose_l2(x, labels, settings, iterations=iterations, weights=weights).l2
    held = choose_l2(x, labels, settings, (l2,), 5, iterations, weights=weights)
    accuracy = held.scores[l2]
    model = fit_classifier(x, labels, settings, l2, iterations, weights)
    report: dict[str, Any] = {
        "training_size": len(pairs), "cv_accuracy": round(accuracy, 3), "l2": l2,
        "with_gsr": with_gsr, "gsr_weight": GSR_WEIGHT if with_gsr else None,
        "class_counts": dict(sorted(Counter(labels).items())),
        "embeddings": bool(np.any(embedding_features(texts[:1])))}
    reliability = bonus = None
    if rules:
        coded = rule_labels(texts)
        reliability = rule_reliability(coded, labels, held.predicted)
        bonus = choose_rule_bonus(coded, labels, held.classes, held.proba)
    # JSON has no infinity: None means the rules win wherever they fire (also when unmeasured).
    report["rule_bonus"] = None if bonus is None or bonus == float("inf") else bonus
    model.metadata = {**weights_metadata(with_gsr, iterations, reliability), **report}
    return model, report


def weights_metadata(with_gsr: bool, iterations: int,
                     reliability: dict[str, list[int]] | None) -> dict[str, Any]:
    """What the saved weights say of themselves (beside the training report)."""
    gsr = (f"; the PLOVER GSR (plover_gsr.json, weight {GSR_WEIGHT:g}) too: PLOVER GSR scores "
           "of these weights are in-sample" if with_gsr else "; not the PLOVER GSR")
    return {"trained": date.today().isoformat(), "task": "PLOVER root event type of a sentence",
            "data": TRAINING_SOURCES + gsr, "features": FEATURES_READ, "iterations": iterations,
            "rule_reliability": reliability}
