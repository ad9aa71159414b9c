"""Fit the PLOVER classifier (`events.classifier.TypeClassifier`) on feature rows: a
class-balanced multinomial logistic regression, minimised by full-batch Adam in numpy."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from eventatlas.events.classifier import TypeClassifier, softmax
from eventatlas.events.plover_features import (
    EMBEDDING_DIM,
    FeatureSettings,
    features,
    normalise_rows,
)

ITERATIONS = 300


def fit_texts(texts: Sequence[str], labels: Sequence[str], settings: FeatureSettings,
              l2: float = 1e-3, iterations: int = ITERATIONS,
              weights: Sequence[float] | None = None) -> TypeClassifier:
    """`fit_classifier` on the features of plain sentences."""
    return fit_classifier(features(texts, settings), labels, settings, l2, iterations, weights)


def fit_classifier(x: np.ndarray, labels: Sequence[str], settings: FeatureSettings,
                   l2: float = 1e-3, iterations: int = ITERATIONS,
                   weights: Sequence[float] | None = None) -> TypeClassifier:
    """A classifier for the feature rows `x` (made with `settings`). `weights`: a relative
    weight per item on top of the class balance (PLOVER GSR sentences count GSR_WEIGHT times a
    PETRARCH-family one, see `training.plover_data.sample_weights`)."""
    classes = tuple(sorted(set(labels)))
    index = {label: i for i, label in enumerate(classes)}
    y = np.array([index[label] for label in labels])
    onehot = np.eye(len(classes), dtype=np.float32)[y]
    # Balanced weights: the training corpora are skewed (COOPERATE, ASSAULT) and the
    # sentences we type are not.
    counts = np.bincount(y, minlength=len(classes)).astype(np.float32)
    sample = (len(y) / (len(classes) * counts))[y]
    if weights is not None:
        sample = sample * np.asarray(weights, dtype=np.float32)
    sample = (sample / sample.sum())[:, None].astype(np.float32)
    matrix, bias = adam(x, onehot, sample, l2, iterations)
    embedded = x[:, :EMBEDDING_DIM]
    centroids = normalise_rows(np.stack([embedded[y == i].mean(axis=0)
                                         for i in range(len(classes))]))
    return TypeClassifier(settings, classes, matrix, bias, centroids)


def adam(x: np.ndarray, onehot: np.ndarray, sample: np.ndarray, l2: float,
         iterations: int, rate: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Minimise the weighted cross-entropy plus l2 * |W|^2 / 2 (the problem is convex, so a
    fixed-step Adam from zero is enough at these sizes)."""
    params = [np.zeros((x.shape[1], onehot.shape[1]), np.float32),
              np.zeros(onehot.shape[1], np.float32)]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    for step in range(1, iterations + 1):
        error = (softmax(x @ params[0] + params[1]) - onehot) * sample
        grads = [x.T @ error + l2 * params[0], error.sum(axis=0)]
        for param, grad, (m, v) in zip(params, grads, moments, strict=True):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return params[0], params[1]
