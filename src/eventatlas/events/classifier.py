"""The trained half of the hybrid event typer: sentence -> PLOVER root event type.

A multinomial logistic regression in numpy over two feature blocks, each L2-normalised:
the sentence's potion-base-8M embedding (256 dimensions, see `events.embedding`) and hashed
lexical features (lowercased word unigrams and bigrams, crude stems so "threatened" meets
"threatens", and negation marks so "did not agree" differs from "agreed"). It is trained by
`eventatlas train events` from the PETRARCH validation sentences and the CAMEO code
descriptions (CAMEO -> PLOVER by the conversion table; never the PLOVER GSR, which is the test
set) plus the ontology's own type descriptions, and ships as a small .npz beside this module.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

# The root event types of the PLOVER GSR v0.5 (the label set we predict).
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "DEMAND",
    "DISAPPROVE", "FIGHT", "INVESTIGATE", "MOBILIZE", "PROTEST", "REJECT", "RETREAT",
    "SANCTION", "SUPPORT", "THREATEN",
)
SHIPPED_WEIGHTS = Path(__file__).parent / "data" / "plover_classifier.npz"
EMBEDDING_DIM = 256

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|n't")
_NEGATIONS = frozenset({"not", "n't", "no", "never", "without", "refuse", "refused", "refuses",
                        "declined", "deny", "denied", "denies", "rejected", "failed"})
# Longest first so "ies" wins over "s"; a stem keeps at least 3 letters.
# Capitalised words not opening a sentence, and numbers.
_NAMES = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]*|\d[\d,.]*")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ied", "ies", "ed", "es", "s")


@dataclass(frozen=True, slots=True)
class FeatureSettings:
    lexical_bits: int = 13
    lexical_weight: float = 1.0  # scale of the lexical block against the embedding block
    embedding_weight: float = 1.0
    stems: bool = True
    negation: bool = True
    # Embed the sentence without its names and numbers: "Arnor" or "Thursday" say nothing
    # about the event type but dominate an averaged static embedding.
    content_only: bool = True
    # Blend in a nearest-centroid vote over the embeddings (chosen on held-out news sentences:
    # it transfers better from the templated PETRARCH tests to news than the regression alone).
    prototype_weight: float = 0.3
    prototype_temperature: float = 0.05

    @property
    def lexical_dim(self) -> int:
        return 2 ** self.lexical_bits


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def lexical_tokens(text: str, settings: FeatureSettings) -> list[str]:
    words = _WORD.findall(text.lower())
    tokens = list(words)
    tokens += [f"{a} {b}" for a, b in pairwise(words)]
    if settings.stems:
        tokens += [f"~{stem(word)}" for word in words]
    if settings.negation:
        # Mark the two words after a negation: "did not sign" -> "!sign".
        for i, word in enumerate(words):
            if word in _NEGATIONS:
                tokens += [f"!{stem(nxt)}" for nxt in words[i + 1:i + 3]]
    return tokens


def lexical_features(texts: Sequence[str], settings: FeatureSettings) -> np.ndarray:
    matrix = np.zeros((len(texts), settings.lexical_dim), dtype=np.float32)
    for row, text in enumerate(texts):
        for token in lexical_tokens(text, settings):
            matrix[row, zlib.crc32(token.encode("utf-8")) % settings.lexical_dim] += 1.0
    return _normalise(matrix)


def content_words(text: str) -> str:
    return " ".join(_NAMES.sub(" ", text).split()) or text


def embedding_features(texts: Sequence[str], content_only: bool = True) -> np.ndarray:
    """potion-base-8M embeddings; zeros when the model was never fetched (lexical-only)."""
    from eventatlas.events.embedding import load_embedder

    model = load_embedder()
    if model is None or not texts:
        return np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    inputs = [content_words(t) for t in texts] if content_only else list(texts)
    return _normalise(np.asarray(model.encode(inputs), dtype=np.float32))


def features(texts: Sequence[str], settings: FeatureSettings) -> np.ndarray:
    embedded = embedding_features(texts, settings.content_only)
    return np.hstack([settings.embedding_weight * embedded,
                      settings.lexical_weight * lexical_features(texts, settings)])


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@dataclass
class TypeClassifier:
    settings: FeatureSettings = field(default_factory=FeatureSettings)
    classes: tuple[str, ...] = ()
    weights: np.ndarray | None = None  # (features, classes)
    bias: np.ndarray | None = None
    centroids: np.ndarray | None = None  # (classes, EMBEDDING_DIM), unit length
    metadata: dict[str, Any] = field(default_factory=dict)

    def fit(self, texts: Sequence[str], labels: Sequence[str], l2: float = 1e-3,
            iterations: int = 300) -> TypeClassifier:
        """Class-balanced multinomial logistic regression, full-batch Adam."""
        return self.fit_features(features(texts, self.settings), labels, l2, iterations)

    def fit_features(self, x: np.ndarray, labels: Sequence[str], l2: float = 1e-3,
                     iterations: int = 300) -> TypeClassifier:
        self.classes = tuple(sorted(set(labels)))
        index = {label: i for i, label in enumerate(self.classes)}
        y = np.array([index[label] for label in labels])
        onehot = np.eye(len(self.classes), dtype=np.float32)[y]
        # Balanced weights: the training corpora are skewed (COOPERATE, ASSAULT) and the
        # sentences we type are not.
        counts = np.bincount(y, minlength=len(self.classes)).astype(np.float32)
        sample = (len(y) / (len(self.classes) * counts))[y][:, None] / len(y)
        self.weights, self.bias = _adam(x, onehot, sample, l2, iterations)
        embedded = x[:, :EMBEDDING_DIM]
        self.centroids = _normalise(np.stack([embedded[y == i].mean(axis=0)
                                              for i in range(len(self.classes))]))
        return self

    def predict_proba(self, texts: Sequence[str]) -> tuple[tuple[str, ...], np.ndarray]:
        return self.classes, self.proba_features(features(texts, self.settings))

    def proba_features(self, x: np.ndarray) -> np.ndarray:
        if self.weights is None or self.bias is None:
            raise ValueError("the classifier is not trained")
        proba = _softmax(x @ self.weights.astype(np.float32) + self.bias.astype(np.float32))
        embedded = x[:, :EMBEDDING_DIM]
        blend = self.settings.prototype_weight
        if blend and self.centroids is not None and np.any(embedded):
            similarity = _normalise(embedded) @ self.centroids.astype(np.float32).T
            votes = _softmax(similarity / self.settings.prototype_temperature)
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
            return cls(settings=FeatureSettings(**json.loads(str(data["settings"]))),
                       classes=tuple(str(c) for c in data["classes"]),
                       weights=data["weights"].astype(np.float32), bias=data["bias"],
                       centroids=data["centroids"].astype(np.float32),
                       metadata=json.loads(str(data["metadata"])))


def _adam(x: np.ndarray, onehot: np.ndarray, sample: np.ndarray, l2: float,
          iterations: int, rate: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Minimise the weighted cross-entropy plus l2 * |W|^2 / 2 (the problem is convex, so a
    fixed-step Adam from zero is enough at these sizes)."""
    params = [np.zeros((x.shape[1], onehot.shape[1]), np.float32),
              np.zeros(onehot.shape[1], np.float32)]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    for step in range(1, iterations + 1):
        error = (_softmax(x @ params[0] + params[1]) - onehot) * sample
        grads = [x.T @ error + l2 * params[0], error.sum(axis=0)]
        for param, grad, (m, v) in zip(params, grads, moments, strict=True):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad * grad
            param -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return params[0], params[1]


# --- training data ------------------------------------------------------------------------------

def training_data(data: Path) -> list[tuple[str, str]]:
    """(sentence, PLOVER root) pairs from the PETRARCH sentences, the CAMEO code descriptions
    and the ontology's type descriptions; OTHER is dropped and the PLOVER GSR never read."""
    table = plover_table(data / "plover_gsr" / "CAMEO2PLOVER-2021.txt")
    pairs = petrarch_pairs(data, table) + cameo_description_pairs(data, table)
    pairs += ontology_pairs()
    seen: set[str] = set()
    unique = []
    for text, label in pairs:
        if label in PLOVER_TYPES and text.lower() not in seen:
            seen.add(text.lower())
            unique.append((text, label))
    return unique


def plover_table(conversion: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER v0.5 root. The 2021 table's finer moves are kept where they are
    v0.5 roots (RETREAT, COERCE...); its ACCUSE/REQUEST and its folding of CAMEO 19 into
    ASSAULT are not v0.5 roots, so those fall back to the two-digit root table."""
    from eventatlas.evaluate.events import CAMEO_ROOT_TO_PLOVER

    table = dict(CAMEO_ROOT_TO_PLOVER)
    if conversion.exists():
        for code, label in _conversion_lines(conversion):
            root = CAMEO_ROOT_TO_PLOVER.get(code[:2], "OTHER")
            keep = label in PLOVER_TYPES and not (root == "FIGHT" and label == "ASSAULT")
            table[code] = label if keep else root
    return table


def _conversion_lines(conversion: Path) -> Iterable[tuple[str, str]]:
    for line in conversion.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z_]+)", line)
        if match:
            yield match.group(1), match.group(2)


def petrarch_pairs(data: Path, table: dict[str, str]) -> list[tuple[str, str]]:
    from eventatlas.evaluate.events import _petrarch_items

    pairs = []
    for folder in ("upetrarch_gsr", "petrarch2"):
        root = data / folder
        files = sorted(root.rglob("*.xml")) + sorted(root.rglob("*.json")) if root.is_dir() else []
        for file in files:
            pairs += [(item.text, item.gold) for item in _petrarch_items(file, table)]
    return pairs


def cameo_description_pairs(data: Path, table: dict[str, str]) -> list[tuple[str, str]]:
    """'0312: AGREE, , military # Express intent to cooperate militarily' -> (text, label)."""
    conversion = data / "plover_gsr" / "CAMEO2PLOVER-2021.txt"
    if not conversion.exists():
        return []
    pairs = []
    for line in conversion.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):[^#]*#\s*(.+)$", line)
        if match and match.group(2).strip():
            code, text = match.groups()
            pairs.append((text.strip(), table.get(code, table.get(code[:2], "OTHER"))))
    return pairs


def ontology_pairs() -> list[tuple[str, str]]:
    from eventatlas.ontology import EVENT_TYPES

    return [(t.description, t.plover_event) for t in EVENT_TYPES]


# --- evaluation and use ---------------------------------------------------------------------

def cross_validate(texts: Sequence[str], labels: Sequence[str], settings: FeatureSettings,
                   folds: int = 5, l2: float = 1e-3, iterations: int = 300,
                   seed: int = 0) -> float:
    """Accuracy of `folds`-fold cross-validation (shuffled, fixed seed) on the training data."""
    x = features(texts, settings)
    y = np.array(labels)
    order = np.random.default_rng(seed).permutation(len(y))
    correct = 0
    for fold in range(folds):
        test = order[fold::folds]
        train = np.setdiff1d(order, test)
        model = TypeClassifier(settings).fit_features(x[train], list(y[train]), l2, iterations)
        predicted = np.array(model.classes)[model.proba_features(x[test]).argmax(axis=1)]
        correct += int((predicted == y[test]).sum())
    return correct / len(y)


def train(data: Path, settings: FeatureSettings | None = None, l2: float = 1e-3,
          iterations: int = 300) -> tuple[TypeClassifier, dict[str, Any]]:
    """Train on everything in `data`; returns the model and a report with 5-fold CV accuracy."""
    from collections import Counter

    settings = settings or FeatureSettings()
    pairs = training_data(data)
    texts, labels = [t for t, _ in pairs], [lab for _, lab in pairs]
    accuracy = cross_validate(texts, labels, settings, l2=l2, iterations=iterations)
    model = TypeClassifier(settings).fit(texts, labels, l2, iterations)
    report = {"training_size": len(pairs), "cv_accuracy": round(accuracy, 3),
              "class_counts": dict(sorted(Counter(labels).items())),
              "embeddings": bool(np.any(embedding_features(texts[:1])))}
    model.metadata = {
        "trained": date.today().isoformat(), "task": "PLOVER root event type of a sentence",
        "data": "PETRARCH validation sentences (upetrarch_gsr, petrarch2; CAMEO -> PLOVER), "
                "CAMEO2PLOVER-2021 code descriptions, eventatlas.ontology descriptions; "
                "not the PLOVER GSR",
        "features": "potion-base-8M embedding of the sentence without names/numbers (256, L2)"
                    " | hashed unigrams+bigrams+stems+negation marks (crc32, L2); blended with "
                    "a nearest-centroid vote", "l2": l2, "iterations": iterations, **report}
    return model, report


@lru_cache(maxsize=1)
def shipped_classifier() -> TypeClassifier | None:
    return TypeClassifier.load(SHIPPED_WEIGHTS) if SHIPPED_WEIGHTS.exists() else None


def classify_sentences(texts: Sequence[str]) -> list[tuple[str, float]]:
    """(PLOVER root, probability) per sentence from the shipped weights; empty labels when no
    weights ship. Without the fetched embedder the lexical half alone decides."""
    model = shipped_classifier()
    if model is None or not texts:
        return [("", 0.0) for _ in texts]
    classes, proba = model.predict_proba(texts)
    best = proba.argmax(axis=1)
    return [(classes[i], float(proba[row, i])) for row, i in enumerate(best)]
