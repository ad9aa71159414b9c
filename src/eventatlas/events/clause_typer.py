"""The learned event typer: a clause (a sentence) -> one of our event types, or no event.

A linear model over hashed word n-grams, trained on ~75,000 ACLED-coded event notes plus
sentences that report no event (`eventatlas train events`, see `eventatlas.training.events`).
It decides *whether* a sentence reports an event and *which*, from the whole sentence rather
than one trigger word; the trigger lexicon (`events.lexicon`) still supplies the argument
structure. Inference is numpy only: hash the sentence's features, sum their weight rows.

The weights ship beside this module (`data/clause_typer.npz`, int8 per-class scaled); they are
trained on ACLED data, © ACLED (acleddata.com), used under ACLED's terms (see the README).
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

SHIPPED_WEIGHTS = Path(__file__).parent / "data" / "clause_typer.npz"
NO_EVENT = "none"
HASH_BITS = 18

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
# Longest first so "ies" wins over "s"; a stem keeps at least 3 letters.
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ied", "ies", "ed", "es", "s")
_NEGATIONS = frozenset({"not", "no", "never", "without", "n't"})


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The word less its longest listed suffix (remembered per word: news reuses its words,
    and the suffix loop cost more than the hashing of the typer's features)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    """Words (numbers as "0": a toll's size says nothing of the type), their stems, the
    word pairs, and "!word" for the two words after a negation ("no casualties")."""
    words = ["0" if w[0].isdigit() else w for w in _TOKEN.findall(text.lower())]
    features = list(words)
    features += [f"~{stem(w)}" for w in words if len(w) > 4]
    features += [f"{a} {b}" for a, b in itertools.pairwise(words)]
    for i, word in enumerate(words):
        if word in _NEGATIONS:
            features += [f"!{stem(nxt)}" for nxt in words[i + 1:i + 3]]
    return features


def feature_ids(text: str, bits: int = HASH_BITS) -> np.ndarray:
    """The hashed feature indices of one text (repeats kept: counts are summed)."""
    mask = (1 << bits) - 1
    return np.fromiter((zlib.crc32(t.encode("utf-8")) & mask for t in tokens(text)),
                       dtype=np.int64)


def feature_counts(text: str, bits: int = HASH_BITS) -> tuple[np.ndarray, np.ndarray]:
    """The text's distinct feature indices and how often each occurs."""
    return np.unique(feature_ids(text, bits), return_counts=True)


def l2_norm(counts: np.ndarray) -> float:
    """The length every text's counts are divided by, in training and inference alike."""
    return float(np.sqrt((counts.astype(np.float64) ** 2).sum())) or 1.0


@dataclass(frozen=True, slots=True)
class TypeGuess:
    """The typer's verdict on one sentence: the likeliest type (`NO_EVENT` for none), its
    probability, and the probability of every type (`NO_EVENT` included)."""

    type: str
    probability: float
    distribution: dict[str, float]

    def of(self, code: str) -> float:
        return self.distribution.get(code, 0.0)


class ClauseTyper:
    def __init__(self, classes: Sequence[str], weights: np.ndarray, scales: np.ndarray,
                 bias: np.ndarray, bits: int = HASH_BITS) -> None:
        self.classes = list(classes)
        self.weights = weights  # (2**bits, classes) int8
        self.scales = scales.astype(np.float32)  # per class
        self.bias = bias.astype(np.float32)
        self.bits = bits

    @classmethod
    def load(cls, path: Path = SHIPPED_WEIGHTS) -> ClauseTyper:
        with np.load(path, allow_pickle=False) as data:
            return cls([str(c) for c in data["classes"]], data["weights"], data["scales"],
                       data["bias"], int(data["bits"]))

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, classes=np.array(self.classes), weights=self.weights,
                            scales=self.scales, bias=self.bias, bits=np.array(self.bits))
        return path

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """One row of class probabilities per text (features L2-normalised, as in training)."""
        return self._softmax([self._read(text) for text in texts])

    def guess(self, texts: Sequence[str]) -> list[TypeGuess]:
        return self._guesses(self.probabilities(texts))

    def guess_in_context(self, texts: Sequence[str], window: int
                         ) -> tuple[list[TypeGuess], list[TypeGuess]]:
        """Each text alone, and each joined with the `window - 1` texts after it, reading every
        text once: the model is linear, so a joined text's scores are the sum of its parts'."""
        reads = [self._read(text) for text in texts]
        joined = [_join(reads[i:i + window]) for i in range(len(reads))]
        return self._guesses(self._softmax(reads)), self._guesses(self._softmax(joined))

    def _read(self, text: str) -> _Read:
        ids, counts = feature_counts(text, self.bits)
        summed = (self.weights[ids].astype(np.float32) * counts[:, None]).sum(axis=0)
        return _Read(ids, counts, summed)

    def _softmax(self, reads: Sequence[_Read]) -> np.ndarray:
        logits = np.empty((len(reads), len(self.classes)), dtype=np.float32)
        for row, read in enumerate(reads):
            logits[row] = read.summed * self.scales / l2_norm(read.counts) + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def _guesses(self, proba: np.ndarray) -> list[TypeGuess]:
        guesses = []
        for row in proba:
            best = int(row.argmax())
            distribution = dict(zip(self.classes, row.tolist(), strict=True))
            guesses.append(TypeGuess(self.classes[best], float(row[best]), distribution))
        return guesses


@dataclass(frozen=True, slots=True)
class _Read:
    """A text's distinct feature ids, their counts, and its unnormalised class scores."""

    ids: np.ndarray
    counts: np.ndarray
    summed: np.ndarray


def _join(reads: Sequence[_Read]) -> _Read:
    if len(reads) == 1:
        return reads[0]
    ids, inverse = np.unique(np.concatenate([r.ids for r in reads]), return_inverse=True)
    counts = np.bincount(inverse, weights=np.concatenate([r.counts for r in reads]))
    return _Read(ids, counts, np.sum([r.summed for r in reads], axis=0))


@lru_cache(maxsize=1)
def shipped_typer() -> ClauseTyper | None:
    """The shipped weights, or None when they are absent (the rules then type alone)."""
    return ClauseTyper.load() if SHIPPED_WEIGHTS.exists() else None
