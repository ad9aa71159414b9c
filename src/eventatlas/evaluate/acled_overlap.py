"""Which dev notes have a near-duplicate in train (rapidfuzz ratio >= 90 after lower-casing and
stripping punctuation), so `eval acled` can report on the part of dev that is truly unseen.

ACLED writes near-identical notes for related events (multi-location reports, templated
protests): about 16 % of dev. A ratio of 90 needs lengths within about 20 % of each other, so
notes are compared only within such a length band; the answer is cached per file pair.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from eventatlas.paths import data_dir

RATIO = 90
LENGTH_BAND = 0.82  # ratio 90 is impossible when the shorter note is below 82 % of the longer


def near_duplicate_flags(dev: Sequence[str], train: Sequence[str]) -> list[bool]:
    from rapidfuzz import fuzz, process, utils

    dev_clean = [utils.default_process(text) for text in dev]
    train_clean = sorted((utils.default_process(text) for text in train), key=len)
    lengths = np.array([len(text) for text in train_clean])
    flags = [False] * len(dev)
    order = sorted(range(len(dev)), key=lambda i: len(dev_clean[i]))
    for block in (order[i:i + 256] for i in range(0, len(order), 256)):
        shortest = len(dev_clean[block[0]])
        longest = len(dev_clean[block[-1]])
        low = np.searchsorted(lengths, shortest * LENGTH_BAND, side="left")
        high = np.searchsorted(lengths, longest / LENGTH_BAND, side="right")
        if high <= low:
            continue
        scores = process.cdist([dev_clean[i] for i in block], train_clean[low:high],
                               scorer=fuzz.ratio, score_cutoff=RATIO, dtype=np.uint8, workers=1)
        for i, best in zip(block, scores.max(axis=1), strict=True):
            flags[i] = bool(best >= RATIO)
    return flags


def cached_flags(dev_path: Path, train_path: Path, dev: Sequence[str]) -> list[bool]:
    """`near_duplicate_flags` for the first len(dev) notes, cached under the data folder."""
    from eventatlas.corpora.acled import read_rows

    digest = hashlib.sha1()
    for path in (dev_path, train_path):
        digest.update(path.read_bytes())
    cache = data_dir() / f"acled-near-duplicates-{digest.hexdigest()[:16]}.json"
    stored: list[bool] = json.loads(cache.read_text()) if cache.exists() else []
    if len(stored) < len(dev):
        stored = near_duplicate_flags(dev, [row.notes for row in read_rows(train_path)])
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(stored))
    return stored[:len(dev)]
