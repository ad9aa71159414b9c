"""Model selection and held-out measurement for the PLOVER classifier: stratified folds, the
L2 strength by inner cross-validation (`choose_l2`), the hybrid's rule bonus (`choose_rule_bonus`)
and k-fold held-out predictions that no model ever saw (`cross_validate_heldout`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from eventatlas.events.classifier import NO_RULE, hybrid_label
from eventatlas.events.plover_features import FeatureSettings, features
from eventatlas.training.plover_data import GSR_WEIGHT
from eventatlas.training.plover_fit import ITERATIONS, fit_classifier

# Candidate L2 strengths; `choose_l2` picks one by inner cross-validation on training data.
L2_GRID: tuple[float, ...] = (3e-5, 3e-4, 3e-3)
# Candidate bonuses (in log-probability) of the rules' root in the hybrid (`hybrid_label`);
# inf: the rules win wherever they fire. `choose_rule_bonus` picks one on training data.
RULE_BONUS_GRID: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0, 4.0, float("inf"))


def stratified_folds(labels: Sequence[str], folds: int, seed: int = 0) -> np.ndarray:
    """Fold number per item: each class shuffled (fixed seed) and dealt round-robin, so every
    fold holds about 1/folds of each class."""
    rng = np.random.default_rng(seed)
    assignment = np.zeros(len(labels), dtype=int)
    offset = 0
    for label in sorted(set(labels)):
        members = np.array([i for i, lab in enumerate(labels) if lab == label])
        rng.shuffle(members)
        assignment[members] = (np.arange(len(members)) + offset) % folds
        offset += len(members)
    return assignment


@dataclass
class InnerCV:
    """What `choose_l2` found: the chosen L2, the CV accuracy of each candidate, and the
    chosen value's held-out prediction and probabilities (columns: `classes`) per item."""

    l2: float
    scores: dict[float, float]
    predicted: list[str]
    classes: tuple[str, ...]
    proba: np.ndarray


def choose_l2(x: np.ndarray, labels: Sequence[str], settings: FeatureSettings,
              grid: Sequence[float] = L2_GRID, folds: int = 3, iterations: int = ITERATIONS,
              seed: int = 0, weights: Sequence[float] | None = None) -> InnerCV:
    """The grid value with the best `folds`-fold CV accuracy on (x, labels) (the larger one on
    a tie), the accuracy of each, and that value's CV prediction and probabilities for every
    item (each from a model that did not see it). `weights`: per item, see `fit_classifier`."""
    y = np.array(labels)
    classes = tuple(sorted(set(labels)))
    relative = None if weights is None else np.asarray(weights, dtype=np.float32)
    assignment = stratified_folds(labels, folds, seed)
    scores: dict[float, float] = {}
    probas: dict[float, np.ndarray] = {}
    for l2 in grid:
        proba = np.zeros((len(y), len(classes)), dtype=np.float32)
        for fold in range(folds):
            test, train = assignment == fold, assignment != fold
            if not test.any():
                continue
            model = fit_classifier(
                x[train], list(y[train]), settings, l2, iterations,
                None if relative is None else relative[train])
            columns = [classes.index(label) for label in model.classes]
            proba[np.ix_(np.flatnonzero(test), columns)] = model.proba_features(x[test])
        predicted = np.array(classes)[proba.argmax(axis=1)] if len(y) else y
        scores[l2] = float(np.mean(predicted == y)) if len(y) else 0.0
        probas[l2] = proba
    best = max(scores.values())
    chosen = max(l2 for l2, score in scores.items() if score == best)
    predicted = [classes[i] for i in probas[chosen].argmax(axis=1)] if len(y) else []
    return InnerCV(chosen, scores, predicted, classes, probas[chosen])


def rule_reliability(rules: Sequence[str], golds: Sequence[str],
                     classified: Sequence[str] | None = None) -> dict[str, list[int]]:
    """{root the rules coded: [times coded, rules right, classifier right]} over labelled
    sentences; `classified` must be held-out classifier predictions (else its count is 0).
    A record for the weights' metadata; the hybrid itself uses `choose_rule_bonus`."""
    table: dict[str, list[int]] = {}
    others = classified if classified is not None else [NO_RULE] * len(golds)
    for rule, gold, model in zip(rules, golds, others, strict=True):
        if rule != NO_RULE:
            counts = table.setdefault(rule, [0, 0, 0])
            counts[0] += 1
            counts[1] += rule == gold
            counts[2] += model == gold
    return table


def choose_rule_bonus(rules: Sequence[str], golds: Sequence[str], classes: Sequence[str],
                      proba: np.ndarray, grid: Sequence[float] = RULE_BONUS_GRID) -> float:
    """The grid bonus whose hybrid is most often right on labelled sentences, given the rules'
    root and held-out classifier probabilities per sentence (the smaller bonus on a tie)."""
    def accuracy(bonus: float) -> float:
        return float(np.mean([hybrid_label(rule, classes, row, bonus) == gold
                              for rule, gold, row in zip(rules, golds, proba, strict=True)]))

    scored = [(accuracy(bonus), -i) for i, bonus in enumerate(grid)]
    return grid[-max(scored)[1]]


@dataclass
class HeldOut:
    """Held-out predictions of `cross_validate_heldout`, one per test item."""

    classifier: list[str]
    hybrid: list[str]
    fold: list[int]
    l2: list[float]  # the L2 each fold's inner CV chose
    bonus: list[float] = field(default_factory=list)  # the rule bonus each fold chose


def cross_validate_heldout(x: np.ndarray, labels: Sequence[str], x_extra: np.ndarray,
                           labels_extra: Sequence[str], settings: FeatureSettings,
                           folds: int = 5, seed: int = 0, grid: Sequence[float] = L2_GRID,
                           inner_folds: int = 3, iterations: int = ITERATIONS,
                           rules: Sequence[str] | None = None,
                           rules_extra: Sequence[str] | None = None,
                           weight: float = GSR_WEIGHT) -> HeldOut:
    """k-fold held-out predictions for the items (x, labels): for each stratified fold a model
    is trained on the extra data (x_extra, labels_extra: sentences never tested; weight 1)
    plus the other folds (weight `weight`), its L2 chosen by inner CV on that training set
    alone, and the fold is predicted. No item is ever predicted by a model that saw it. With
    `rules` (the rules' root per item, NO_RULE for none) and `rules_extra`, the hybrid's rule
    bonus is chosen on the training side of each fold only (rules against the inner-CV
    probabilities of the classifier)."""
    golds = list(labels)
    assignment = stratified_folds(golds, folds, seed)
    classifier = [""] * len(golds)
    hybrid = [""] * len(golds)
    chosen = [0.0] * folds
    bonuses = [float("inf")] * folds
    for fold in range(folds):
        test = np.flatnonzero(assignment == fold)
        train = np.flatnonzero(assignment != fold)
        x_train = np.vstack([x_extra, x[train]])
        y_train = list(labels_extra) + [golds[i] for i in train]
        w_train = np.concatenate([np.ones(len(labels_extra), np.float32),
                                  np.full(len(train), weight, np.float32)])
        inner = choose_l2(x_train, y_train, settings, grid, inner_folds, iterations, seed,
                          w_train)
        chosen[fold] = inner.l2
        model = fit_classifier(x_train, y_train, settings, inner.l2, iterations, w_train)
        proba = model.proba_features(x[test])
        if rules is not None:
            train_rules = list(rules_extra or [NO_RULE] * len(labels_extra))
            train_rules += [rules[i] for i in train]
            bonuses[fold] = choose_rule_bonus(train_rules, y_train, inner.classes,
                                              inner.proba)
        for row, item in enumerate(test):
            classifier[item] = model.classes[int(proba[row].argmax())]
            rule = rules[item] if rules is not None else NO_RULE
            hybrid[item] = hybrid_label(rule, model.classes, proba[row], bonuses[fold])
    return HeldOut(classifier, hybrid, [int(f) for f in assignment],
                   [chosen[f] for f in assignment], [bonuses[f] for f in assignment])


def cross_validate(texts: Sequence[str], labels: Sequence[str], settings: FeatureSettings,
                   folds: int = 5, l2: float = 1e-3, iterations: int = ITERATIONS,
                   seed: int = 0) -> float:
    """Accuracy of stratified `folds`-fold cross-validation on the training data (fixed L2)."""
    x = features(texts, settings)
    return choose_l2(x, labels, settings, (l2,), folds, iterations, seed).scores[l2]
