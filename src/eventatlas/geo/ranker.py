"""Fit the resolver's score weights to gold toponyms (`eventatlas eval geo-train`).

The resolver scores each candidate place of a name as a weighted sum of its `features`
(population, kind, the document's country and admin1 evidence, nearness to the document's other
places, how the name matched). This module learns those weights as a conditional logit: for each
gold toponym whose candidates include one within 161 km of the gold point, the nearest such
candidate is the right answer, and the weights maximise its softmax probability among the
name's candidates (L2-regularised, Newton's method; one weight per feature, `ByFeature`,
seconds on one corpus).

Train on one corpus and evaluate on another: a figure measured on the training corpus says
little about unseen news.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eventatlas.geo.context import GeoContext
from eventatlas.geo.evidence import name_key
from eventatlas.geo.gazetteer import Candidate, haversine_km
from eventatlas.geo.resolve import PlaceResolver
from eventatlas.geo.scoring import (
    FEATURES,
    ByFeature,
    features,
    save_weights,
    top_log_populations,
)
from eventatlas.model import Mention

ACC_KM = 161.0
L2 = 1.0  # ridge penalty on the weights, in units of one example's log-likelihood
ITERATIONS = 50


@dataclass(slots=True)
class Example:
    """One gold toponym: its candidates' feature rows and which row is right."""

    rows: np.ndarray  # (candidates, features)
    answer: int


GoldPoint = tuple[Mention, float, float]  # a place mention and its gold latitude, longitude


def examples(resolver: PlaceResolver,
             documents: Iterable[Sequence[GoldPoint]]) -> list[Example]:
    """Training examples from documents of gold-located mentions, with the resolver's own
    context (its last pass) as the features see it. Names with one candidate, or none near the gold
    point, teach nothing and are skipped."""
    found = []
    for golds in documents:
        mentions = [mention for mention, _, _ in golds]
        hinted, unique, context = resolver.document_context(mentions)
        hints = {(m.start, m.end): hint for m, hint in hinted}
        ranked = {key: resolver.ranked_candidates(text, hint, context)
                  for key, text, hint in unique}
        for mention, lat, lon in golds:
            hint = hints.get((mention.start, mention.end))
            candidates, key = ranked.get(name_key(mention, hint), ([], ""))
            example = _example(candidates, key, hint, context, lat, lon)
            if example is not None:
                found.append(example)
    return found


def _example(candidates: list[Candidate], key: str, hint: str | None, context: GeoContext,
             lat: float, lon: float) -> Example | None:
    located = [c for c in candidates if c.lat is not None and c.lon is not None]
    if len(located) < 2:
        return None
    distances = [haversine_km(lat, lon, c.lat, c.lon) for c in located]
    answer = min(range(len(located)), key=distances.__getitem__)
    if distances[answer] >= ACC_KM:
        return None
    tops = top_log_populations(located)
    rows = np.array([features(c, hint, context, key, tops) for c in located], dtype=float)
    return Example(rows, answer)


def fit(found: Sequence[Example], l2: float = L2, iterations: int = ITERATIONS) -> ByFeature:
    """Weights maximising the summed log-probability of the right candidates, minus
    `l2`/2 times their squared norm (Newton's method with a halving line search)."""
    weights = np.zeros(len(FEATURES))

    def objective(w: np.ndarray) -> float:
        total = 0.0
        for example in found:
            scores = example.rows @ w
            peak = scores.max()
            total += scores[example.answer] - peak - np.log(np.exp(scores - peak).sum())
        return total - l2 / 2 * float(w @ w)

    current = objective(weights)
    for _ in range(iterations):
        gradient = -l2 * weights
        hessian = -l2 * np.eye(len(weights))
        for example in found:
            scores = example.rows @ weights
            p = np.exp(scores - scores.max())
            p /= p.sum()
            mean = p @ example.rows
            gradient += example.rows[example.answer] - mean
            centred = example.rows - mean
            hessian -= (centred * p[:, None]).T @ centred
        step = np.linalg.solve(hessian, -gradient)
        size = 1.0
        while size > 1e-4:
            trial = weights + size * step
            value = objective(trial)
            if value >= current:
                break
            size /= 2
        else:
            break
        improved = value - current
        weights, current = trial, value
        if improved < 1e-6:
            break
    return ByFeature(*(float(weight) for weight in weights))


def top1(found: Sequence[Example], weights: Sequence[float]) -> float:
    """Share of examples whose right candidate scores highest."""
    w = np.asarray(weights, dtype=float)
    hits = sum(int(np.argmax(example.rows @ w)) == example.answer for example in found)
    return hits / len(found) if found else 0.0


def save(weights: ByFeature, path: Path, trained_on: str, n: int) -> None:
    """Write fitted weights where `eval geo --weights` (`scoring.load_weights`) reads them."""
    save_weights(weights, path, trained_on=trained_on, examples=n,
                 command="eventatlas eval geo-train")
