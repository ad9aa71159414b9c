"""Which country a report is set in, read from all of its words: a learned prior for geo.

Place names resolve to the wrong country when the gazetteer holds a bigger namesake abroad
("Kandahar" in India, "Djaiba" → Djougou in Benin), and many reports name only villages, districts,
parties or security units the gazetteer does not hold at all. ACLED's analysts wrote ~75,000
notes from 169 countries; a linear model over the hashed capitalised words of their notes (and
pairs of them) learns which districts, provinces, towns, parties, armed groups and units belong
to which country. It is trained by `eventatlas train countries`
(`eventatlas.training.countries`) and used where it is sure (`MIN_PROBABILITY`): on a tenth of
the training notes held out, 97.3 % of notes are put in the right country, and 99.5 % of the
93 % it is sure about. Out of its domain it can be sure and wrong ("Douglas County Sheriff" is
Kenyan to it: ACLED's "county" is mostly Kenya's), so geo lets it only tip a choice the
gazetteer offers (`geo.focus`).

The weights ship sparse (the strongest `training.countries.TOP_FEATURES` features of each
country, int8 with a scale per country) beside this module in `data/country_prior.npz`; they
are trained on ACLED data, © ACLED (acleddata.com), used under ACLED's terms (see the README).
Inference is numpy only.
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

HASH_BITS = 18
# A run of capitalised words ("North Kivu", "Mandera County", "BCL"): what names places, parties
# and units. Lower-case words say more about how ACLED's coders write than about where a story
# is, and they misled the prior on other writing (US local news came out Kenyan on "county").
_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")

_POSSESSIVE = re.compile(r"['’]s?$")
SHIPPED_WEIGHTS = Path(__file__).parent / "data" / "country_prior.npz"
# Below this the prior says nothing: measured on the held-out tenth, the notes it is this sure
# about are right 99.5 % of the time, and they are 93 % of all notes.
MIN_PROBABILITY = 0.9
# The fewest distinct name features that must speak for the likeliest country before the prior
# says anything. With no known word at all the biases alone choose, and the commonest country of
# ACLED's notes (Kenya) is no evidence: Syrian war reporting came out Kenyan, its "government
# troops" Kenya's military.
MIN_SUPPORT = 1
# Capitalised words that name no place and never count as support: months and weekdays (ACLED's
# notes open with a date, so the weights tie months to the countries coded most in them) and
# compass words, which many countries' regions share ("Eastern" alone made "killed in Eastern
# Ghouta" Ghanaian, after Ghana's Eastern Region).
NO_PLACE_WORDS = ("january", "february", "march", "april", "may", "june", "july", "august",
                  "september", "october", "november", "december", "monday", "tuesday",
                  "wednesday", "thursday", "friday", "saturday", "sunday", "north", "south",
                  "east", "west", "northern", "southern", "eastern", "western", "central")


def name_features(text: str) -> list[str]:
    """The capitalised words of the text and each pair of them side by side, lower-cased; a
    possessive is its name ("Kenya's interior minister" speaks for Kenya as "Kenya" does)."""
    features = []
    for run in _NAME_RUN.finditer(text):
        words = [_POSSESSIVE.sub("", word) for word in run.group(0).lower().split()]
        features += words
        features += [f"{a} {b}" for a, b in itertools.pairwise(words)]
    return features


def feature_counts(text: str, bits: int = HASH_BITS) -> tuple[np.ndarray, np.ndarray]:
    """The text's distinct hashed name features and how often each occurs."""
    mask = (1 << bits) - 1
    ids = np.fromiter((zlib.crc32(f.encode("utf-8")) & mask for f in name_features(text)),
                      dtype=np.int64)
    return np.unique(ids, return_counts=True)


def l2_norm(counts: np.ndarray) -> float:
    """The length every text's counts are divided by, in training and inference alike."""
    return float(np.sqrt((counts.astype(np.float64) ** 2).sum())) or 1.0


@dataclass(frozen=True, slots=True)
class CountryGuess:
    code: str  # ISO 3166-1 alpha-2
    probability: float


class CountryPrior:
    """Sparse linear scores: for each hashed feature, the countries it speaks for."""

    def __init__(self, codes: list[str], features: np.ndarray, offsets: np.ndarray,
                 countries: np.ndarray, weights: np.ndarray, scales: np.ndarray,
                 bias: np.ndarray, bits: int = HASH_BITS) -> None:
        self.codes = codes
        self.features = features  # sorted distinct feature ids
        self.offsets = offsets  # entries of features[i]: offsets[i]:offsets[i + 1]
        self.countries = countries  # the country index of each entry
        self.quantised = weights  # int8, one scale per country
        self.scales = scales.astype(np.float32)
        self.weights = weights.astype(np.float32) * self.scales[countries]
        self.bias = bias.astype(np.float32)
        self.bits = bits
        mask = (1 << bits) - 1
        no_place_ids = np.array([zlib.crc32(w.encode()) & mask for w in NO_PLACE_WORDS])
        # Whether each entry is support for its country (`MIN_SUPPORT`): a positive weight of a
        # word that can name a place. Fixed by the weights, so read once here, not per text.
        entry_features = np.repeat(features, np.diff(offsets))
        self.speaks = (self.weights > 0) & ~np.isin(entry_features, no_place_ids)

    @classmethod
    def load(cls, path: Path = SHIPPED_WEIGHTS) -> CountryPrior:
        with np.load(path, allow_pickle=False) as data:
            return cls([str(c) for c in data["codes"]], data["features"], data["offsets"],
                       data["countries"], data["weights"], data["scales"], data["bias"],
                       int(data["bits"]))

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path, codes=np.array(self.codes), features=self.features, offsets=self.offsets,
            countries=self.countries, weights=self.quantised, scales=self.scales,
            bias=self.bias, bits=np.array(self.bits))
        return path

    def probabilities(self, text: str) -> np.ndarray:
        ids, all_counts = feature_counts(text, self.bits)
        found = np.searchsorted(self.features, ids)
        known = (found < len(self.features)) & (self.features[np.minimum(
            found, len(self.features) - 1)] == ids)
        rows, counts = found[known], all_counts[known].astype(np.float32)
        starts, ends = self.offsets[rows], self.offsets[rows + 1]
        sizes = ends - starts
        # Every entry of every feature present, each weighted by its feature's count.
        entries = np.repeat(starts - np.cumsum(sizes) + sizes, sizes) + np.arange(sizes.sum())
        scores = np.zeros(len(self.codes), dtype=np.float32)
        np.add.at(scores, self.countries[entries], self.weights[entries] * np.repeat(counts, sizes))
        # Normalised by all the text's features, known to the model or not, as in training.
        logits = scores / l2_norm(all_counts) + self.bias
        speaks = self.speaks[entries]
        support = np.bincount(self.countries[entries][speaks], minlength=len(self.codes))
        if support[int(logits.argmax())] < MIN_SUPPORT:
            # Too little evidence for the likeliest country: the prior knows nothing here, and
            # says so with even odds (no country sure, none ruled out by a lone word).
            return np.full(len(self.codes), 1.0 / len(self.codes), dtype=np.float32)
        exp = np.exp(logits - logits.max())
        return exp / exp.sum()

    def guess(self, text: str) -> CountryGuess:
        return self.best_of(self.probabilities(text))

    def best_of(self, proba: np.ndarray) -> CountryGuess:
        """The likeliest country of `probabilities`' answer."""
        best = int(proba.argmax())
        return CountryGuess(self.codes[best], float(proba[best]))


@lru_cache(maxsize=1)
def shipped_prior() -> CountryPrior | None:
    """The shipped weights, or None when they are absent (geo then goes by names alone)."""
    return CountryPrior.load() if SHIPPED_WEIGHTS.exists() else None


@lru_cache(maxsize=16)  # geo and the ACLED sides ask about the same text
def story_country(text: str) -> CountryGuess | None:
    """The country the text is set in, when the prior is sure of it; else None."""
    prior = shipped_prior()
    if prior is None or not text.strip():
        return None
    return sure(prior.guess(text))


def sure(guess: CountryGuess) -> CountryGuess | None:
    """The guess when the prior is sure of it (`MIN_PROBABILITY`), else None."""
    return guess if guess.probability >= MIN_PROBABILITY else None
