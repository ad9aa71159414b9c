"""`eventatlas train events`: the clause typer from ACLED notes plus no-event sentences.

Each ACLED note is one coded event (its sub-event type mapped to our code); screened news
sentences (`corpora.negatives`) are the "none" class. Features are the hashed n-grams of
`events.clause_typer`, L2-normalised; the model is a logistic regression fitted by scikit-learn's
SGD (one-vs-rest; the typer reads its scores through a softmax) with balanced class weights
(rare sub-types such as suicide bombings or bases established would otherwise never be
predicted). The regularisation strength is chosen on
a validation tenth of the *training* file (by a stable hash of the event id), never on dev;
the final model is refitted on the whole training file.
"""

from __future__ import annotations

import time
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from eventatlas.corpora.acled import read_rows
from eventatlas.corpora.negatives import negative_sentences
from eventatlas.errors import InputError
from eventatlas.events.clause_typer import (
    HASH_BITS,
    NO_EVENT,
    ClauseTyper,
    feature_counts,
    l2_norm,
)

ALPHAS = (5e-7, 1e-6, 2e-6, 5e-6)
EPOCHS = 8
VALIDATION_PERCENT = 10


@dataclass(slots=True)
class Examples:
    texts: list[str]
    labels: list[str]
    keys: list[str]  # what the validation split hashes (the event id)


def load_examples(acled_train: Path, shared_data: Path | None) -> Examples:
    rows = [row for row in read_rows(acled_train) if row.code is not None]
    if not rows:
        raise InputError(f"{acled_train}: no rows with a known sub_event_type")
    examples = Examples([r.notes for r in rows], [r.code or "" for r in rows],
                        [r.id for r in rows])
    for number, sentence in enumerate(negative_sentences(shared_data) if shared_data else []):
        examples.texts.append(sentence)
        examples.labels.append(NO_EVENT)
        examples.keys.append(f"neg{number}")
    return examples


def matrix(texts: Sequence[str], bits: int = HASH_BITS) -> sparse.csr_matrix:
    """Hashed feature counts, each row L2-normalised (as `ClauseTyper.probabilities` does)."""
    indptr, indices, values = [0], [], []
    for text in texts:
        ids, counts = feature_counts(text, bits)
        norm = l2_norm(counts)
        indices.append(ids)
        values.append(counts / norm)
        indptr.append(indptr[-1] + len(ids))
    return sparse.csr_matrix(
        (np.concatenate(values or [np.zeros(0)]).astype(np.float32),
         np.concatenate(indices or [np.zeros(0, dtype=np.int64)]), np.array(indptr)),
        shape=(len(texts), 1 << bits))


def is_validation(key: str) -> bool:
    return zlib.crc32(key.encode("utf-8")) % 100 < VALIDATION_PERCENT


def fit(x: sparse.csr_matrix, labels: Sequence[str], alpha: float, seed: int = 0) -> ClauseTyper:
    from sklearn.linear_model import SGDClassifier

    model = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=EPOCHS, tol=None,
                          class_weight="balanced", random_state=seed)
    model.fit(x, list(labels))
    return quantise(list(model.classes_), model.coef_.T, model.intercept_)


def quantise(classes: list[str], coef: np.ndarray, bias: np.ndarray) -> ClauseTyper:
    """int8 weights with one scale per class: 4x smaller, the same decisions to 3 digits."""
    scales = np.abs(coef).max(axis=0) / 127.0
    scales[scales == 0] = 1.0
    weights = np.round(coef / scales).astype(np.int8)
    return ClauseTyper(classes, weights, scales, bias)


def macro_f1(golds: Sequence[str], predicted: Sequence[str]) -> float:
    from sklearn.metrics import f1_score

    labels = sorted(set(golds) - {NO_EVENT})
    return float(f1_score(golds, predicted, labels=labels, average="macro", zero_division=0))


def train(acled_train: Path, shared_data: Path | None = None) -> tuple[ClauseTyper, dict]:
    """Choose alpha on the validation tenth, refit on everything, return model and report."""
    started = time.perf_counter()
    examples = load_examples(acled_train, shared_data)
    x = matrix(examples.texts)
    held = np.array([is_validation(key) for key in examples.keys])
    golds = [label for label, h in zip(examples.labels, held, strict=True) if h]
    scores = {}
    for alpha in ALPHAS:
        model = fit(x[~held], [lb for lb, h in zip(examples.labels, held, strict=True) if not h],
                    alpha)
        proba = model.probabilities([t for t, h in zip(examples.texts, held, strict=True) if h])
        scores[alpha] = macro_f1(golds, [model.classes[i] for i in proba.argmax(axis=1)])
    best = max(scores, key=lambda a: scores[a])
    model = fit(x, examples.labels, best)
    return model, {
        "examples": len(examples.texts), "class_counts": dict(Counter(examples.labels)),
        "validation_macro_f1": scores, "alpha": best,
        "seconds": round(time.perf_counter() - started, 1),
    }
