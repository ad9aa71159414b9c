"""The features of the PLOVER classifier (`events.classifier`): one row per sentence, made of
feature blocks, each L2-normalised: the sentence's potion-base-8M embedding (256 dimensions, see
`events.embedding`), hashed lexical features (lowercased word unigrams and bigrams, crude stems
so "threatened" meets "threatens", and negation marks so "did not agree" differs from "agreed"),
hashed syntactic features from spaCy's parse (`events.plover_syntax`: the event verb chain under
a reporting verb, its negation and modality, its objects and prepositions, every verb lemma),
and an event-focused embedding (word vectors weighted by their parse-tree distance from the
event verb). `features` is the entry point; the shipped weights were trained on exactly these
columns, so any change here needs `eventatlas train plover` again.
"""

from __future__ import annotations

import re
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from eventatlas.events.clause_typer import stem
from eventatlas.events.plover_syntax import focus_weights, parse_sentences, syntax_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

EMBEDDING_DIM = 256

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|n't")
_NEGATIONS = frozenset({"not", "n't", "no", "never", "without", "refuse", "refused", "refuses",
                        "declined", "deny", "denied", "denies", "rejected", "failed"})
# Capitalised words not opening a sentence, and numbers.
_NAMES = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]*|\d[\d,.]*")


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
    # Blend in a nearest-centroid vote over the embeddings. Off since the syntactic block: the
    # PLOVER GSR cross-validation (`eval events --corpus plover --folds 5`) is better without.
    prototype_weight: float = 0.0
    prototype_temperature: float = 0.05
    # Hashed parse features (event verb chain, negation, modality, objects); 0 turns them off.
    syntax_bits: int = 11
    syntax_weight: float = 1.0
    # The event-focused embedding: the sentence's content words weighted by their distance in
    # the parse tree from the event verb (`focus_embedding_features`); 0 turns it off.
    focus_weight: float = 1.0

    @property
    def lexical_dim(self) -> int:
        return 2 ** self.lexical_bits

    @property
    def syntax_dim(self) -> int:
        return 2 ** self.syntax_bits if self.syntax_weight else 0

    @property
    def focus_dim(self) -> int:
        return EMBEDDING_DIM if self.focus_weight else 0


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
    return normalise_rows(hashed_counts(
        [lexical_tokens(text, settings) for text in texts], settings.lexical_dim))


def hashed_counts(token_lists: Sequence[list[str]], dim: int) -> np.ndarray:
    """One row per token list: how often each hashed bucket (CRC-32 of the token, mod `dim`)
    occurs. Counted with `np.bincount` per row: item-by-item numpy updates cost more than the
    hashing itself."""
    matrix = np.zeros((len(token_lists), dim), dtype=np.float32)
    for row, tokens in enumerate(token_lists):
        if tokens:
            buckets = [zlib.crc32(token.encode("utf-8")) % dim for token in tokens]
            matrix[row] = np.bincount(buckets, minlength=dim)
    return matrix


def content_words(text: str) -> str:
    return " ".join(_NAMES.sub(" ", text).split()) or text


def embedding_features(texts: Sequence[str], content_only: bool = True) -> np.ndarray:
    """potion-base-8M embeddings; zeros when the model was never fetched (lexical-only)."""
    from eventatlas.events.embedding import load_embedder

    model = load_embedder()
    if model is None or not texts:
        return np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
    inputs = [content_words(t) for t in texts] if content_only else list(texts)
    return normalise_rows(np.asarray(model.encode(inputs), dtype=np.float32))


def syntax_features(sentences: Sequence[Span | Doc], settings: FeatureSettings) -> np.ndarray:
    return normalise_rows(hashed_counts(
        [syntax_tokens(sentence) for sentence in sentences], settings.syntax_dim))


def focus_embedding_features(sentences: Sequence[Span | Doc]) -> np.ndarray:
    """The event-focused embedding: the `focus_weights` average of the potion-base-8M vectors
    of a sentence's words (one static lookup per distinct word, no second pass of a model),
    L2-normalised; zeros without the embedder."""
    from eventatlas.events.embedding import load_embedder

    model = load_embedder()
    weighted = [focus_weights(sentence) for sentence in sentences] if model else []
    vocabulary = list(dict.fromkeys(word for pairs in weighted for word, _ in pairs))
    if model is None or not vocabulary:
        return np.zeros((len(sentences), EMBEDDING_DIM), dtype=np.float32)
    column = {word: i for i, word in enumerate(vocabulary)}
    mixing = np.zeros((len(sentences), len(vocabulary)), dtype=np.float32)
    for row, pairs in enumerate(weighted):
        for word, weight in pairs:
            mixing[row, column[word]] += weight
    return normalise_rows(mixing @ _word_vectors(model, vocabulary))


_WORD_VECTORS: OrderedDict[str, np.ndarray] = OrderedDict()
_WORD_VECTOR_CACHE = 20_000  # words (1 kB each); news reuses most of its vocabulary


def _word_vectors(model: Any, words: list[str]) -> np.ndarray:
    """The static embedding of each word, encoded once per process: a word's vector does not
    depend on the text around it, so the vectors already met are reused."""
    if missing := [word for word in words if word not in _WORD_VECTORS]:
        for word, vector in zip(missing, np.asarray(model.encode(missing), dtype=np.float32),
                                strict=True):
            _WORD_VECTORS[word] = vector
    rows = []
    for word in words:
        _WORD_VECTORS.move_to_end(word)
        rows.append(_WORD_VECTORS[word])
    while len(_WORD_VECTORS) > _WORD_VECTOR_CACHE:
        _WORD_VECTORS.popitem(last=False)
    return np.stack(rows)


def features(texts: Sequence[Any], settings: FeatureSettings) -> np.ndarray:
    """Feature rows for sentences given as strings or as parsed spaCy spans/docs (a parse
    already at hand is reused; strings are parsed here when a parse block is on)."""
    strings = [t if isinstance(t, str) else t.text for t in texts]
    embedded = embedding_features(strings, settings.content_only)
    blocks = [settings.embedding_weight * embedded,
              settings.lexical_weight * lexical_features(strings, settings)]
    if settings.syntax_dim or settings.focus_dim:
        # Each distinct string is parsed once (events of one sentence share their evidence).
        todo = list(dict.fromkeys(t for t in texts if isinstance(t, str)))
        parsed = dict(zip(todo, parse_sentences(todo), strict=True))
        sentences = [parsed[t] if isinstance(t, str) else t for t in texts]
        if settings.syntax_dim:
            blocks.append(settings.syntax_weight * syntax_features(sentences, settings))
        if settings.focus_dim:
            blocks.append(settings.focus_weight * focus_embedding_features(sentences))
    return np.hstack(blocks)


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row scaled to unit length (an all-zero row stays zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)
