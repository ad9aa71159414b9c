"""The PLOVER classifier's training sentences: (sentence, PLOVER root) pairs from the PETRARCH
validation sentences, the CAMEO code descriptions, the ontology's type descriptions and, when
asked, the PLOVER GSR; and how much each kind of sentence weighs in training."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from eventatlas.corpora.plover import plover_table
from eventatlas.events.classifier import PLOVER_TYPES

# A PLOVER GSR sentence counts this many times a PETRARCH-family one in training: the GSR is
# the kind of sentence we are scored on, the PETRARCH2 unit tests are fictional and noisy.
GSR_WEIGHT = 2.0


def sample_weights(gsr: Sequence[bool]) -> np.ndarray:
    """GSR_WEIGHT for PLOVER GSR items, 1 for the others."""
    return np.where(np.asarray(gsr, dtype=bool), GSR_WEIGHT, 1.0).astype(np.float32)


def training_data(data: Path, with_gsr: bool = False) -> list[tuple[str, str]]:
    """(sentence, PLOVER root) pairs from the PETRARCH sentences, the CAMEO code descriptions
    and the ontology's type descriptions, plus the PLOVER GSR when `with_gsr`; OTHER is dropped
    and repeated sentences kept once."""
    table = plover_table(data / "plover_gsr" / "CAMEO2PLOVER-2021.txt")
    pairs = petrarch_pairs(data, table) + cameo_description_pairs(data, table)
    pairs += ontology_pairs()
    if with_gsr:
        pairs += gsr_pairs(data)
    return unique_pairs(pairs)


def unique_pairs(pairs: Iterable[tuple[str, str]],
                 exclude: Iterable[str] = ()) -> list[tuple[str, str]]:
    """PLOVER-labelled pairs, each sentence once, none of the `exclude` sentences (compared
    lowercased with whitespace folded)."""
    seen = {sentence_key(text) for text in exclude}
    unique = []
    for text, label in pairs:
        if label in PLOVER_TYPES and sentence_key(text) not in seen:
            seen.add(sentence_key(text))
            unique.append((text, label))
    return unique


def sentence_key(text: str) -> str:
    return " ".join(text.lower().split())


def gsr_pairs(data: Path) -> list[tuple[str, str]]:
    from eventatlas.corpora.plover import load_plover

    folder = data / "plover_gsr"
    if not (folder / "plover_gsr.json").exists():
        return []
    return [(item.text, item.gold) for item in load_plover(folder)]


def petrarch_pairs(data: Path, table: dict[str, str]) -> list[tuple[str, str]]:
    from eventatlas.corpora.plover import petrarch_items

    pairs = []
    for folder in ("upetrarch_gsr", "petrarch2"):
        root = data / folder
        files = sorted(root.rglob("*.xml")) + sorted(root.rglob("*.json")) if root.is_dir() else []
        for file in files:
            pairs += [(item.text, item.gold) for item in petrarch_items(file, table)]
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
