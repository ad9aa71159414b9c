"""The trained half of the hybrid event typer: sentence -> PLOVER root event type.

A multinomial logistic regression in numpy over feature blocks, each L2-normalised:
the sentence's potion-base-8M embedding (256 dimensions, see `events.embedding`), hashed
lexical features (lowercased word unigrams and bigrams, crude stems so "threatened" meets
"threatens", and negation marks so "did not agree" differs from "agreed") and hashed syntactic
features from spaCy's parse (the event verb chain under a reporting verb: "X said it would
boycott" -> boycott, its negation and modality, its objects and prepositions, every verb
lemma), plus an event-focused embedding (word vectors weighted by their parse-tree distance
from the event verb). It is trained by `eventatlas train plover` from the PETRARCH validation
sentences and the CAMEO code descriptions (CAMEO -> PLOVER by the conversion table) plus the
ontology's own type descriptions, optionally with the PLOVER GSR (`--with-gsr`), and ships as
a small .npz beside this module. `eventatlas eval events --corpus plover --folds 5` measures it
held-out.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from eventatlas.corpora.plover import PLOVER_ROOTS, plover_table
from eventatlas.events.clause_typer import stem

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# The root event types of the PLOVER GSR v0.5 (the label set we predict).
PLOVER_TYPES = PLOVER_ROOTS
SHIPPED_WEIGHTS = Path(__file__).parent / "data" / "plover_classifier.npz"
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


# --- syntactic features --------------------------------------------------------------------

# Verbs that report another act: the event is in their complement ("X said it would boycott").
_REPORTING = frozenset({"say", "tell", "report", "state", "add", "claim", "quote", "announce",
                        "note", "accord", "confirm", "insist", "believe", "reveal", "write"})
_MODALS = frozenset({"will", "would", "shall", "may", "might", "could", "can", "should", "must",
                     "'ll", "'d"})
_OBJECTS = frozenset({"dobj", "attr", "prt", "acomp", "dative", "nsubjpass", "oprd"})
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "advcl", "conj"})


def event_verbs(sentence: Span | Doc) -> list[Any]:
    """The verb chain that names the act: the sentence root, or the complement of a reporting
    root, then its xcomp/ccomp complements ("agreed to resume", "threatened to cut")."""
    roots = [t for t in sentence if t.dep_ == "ROOT"]
    if not roots:
        return []
    head = roots[0]
    if head.lemma_.lower() in _REPORTING:
        complements = [c for c in head.children if c.dep_ in _COMPLEMENTS]
        head = complements[0] if complements else head
    chain = [head]
    for child in head.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX", "NOUN"):
            chain.append(child)
            chain += [c for c in child.children if c.dep_ == "xcomp"]
    return chain


def syntax_tokens(sentence: Span | Doc) -> list[str]:
    """Parse features of one sentence: V:/R: event verb lemmas (R: the first), NEG: negated
    ones, FUT: ones under a modal (intent and threats read "will"), O: verb>object pairs, o:
    object lemmas, P: verb_preposition, v: every verb lemma in the sentence."""
    tokens: list[str] = []
    for position, verb in enumerate(event_verbs(sentence)):
        lemma = verb.lemma_.lower()
        tokens.append(f"V:{lemma}")
        if position == 0:
            tokens.append(f"R:{lemma}")
        governor = verb.head if verb.dep_ == "xcomp" else verb
        auxiliaries = [c for c in (*verb.children, *governor.children) if c.dep_ == "aux"]
        if any(c.dep_ == "neg" for c in verb.children):
            tokens.append(f"NEG:{lemma}")
        if any(c.lower_ in _MODALS for c in auxiliaries):
            tokens += [f"FUT:{lemma}", "FUT"]
        for child in verb.children:
            if child.dep_ in _OBJECTS:
                tokens += [f"O:{lemma}>{child.lemma_.lower()}", f"o:{child.lemma_.lower()}"]
            elif child.dep_ == "prep":
                tokens.append(f"P:{lemma}_{child.lower_}")
                tokens += [f"o:{g.lemma_.lower()}" for g in child.children if g.dep_ == "pobj"]
    tokens += [f"v:{t.lemma_.lower()}" for t in sentence if t.pos_ == "VERB"]
    return tokens


def parse_sentences(texts: Sequence[str]) -> list[Doc]:
    """spaCy parses (tagger, parser, lemmatizer; no NER or gazetteer) of plain sentences."""
    from eventatlas.nlp import load_nlp
    from eventatlas.settings import SPACY_MODEL

    nlp = load_nlp(SPACY_MODEL)
    keep = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"}
    return list(nlp.pipe(texts, disable=[name for name in nlp.pipe_names if name not in keep]))


def syntax_features(sentences: Sequence[Span | Doc], settings: FeatureSettings) -> np.ndarray:
    matrix = np.zeros((len(sentences), settings.syntax_dim), dtype=np.float32)
    for row, sentence in enumerate(sentences):
        for token in syntax_tokens(sentence):
            matrix[row, zlib.crc32(token.encode("utf-8")) % settings.syntax_dim] += 1.0
    return _normalise(matrix)


# Parts of speech left out of the event-focused embedding (names, numbers, function words).
_FOCUS_SKIP = frozenset({"PROPN", "NUM", "PUNCT", "DET", "SPACE", "SYM", "X"})
_FOCUS_FAR = 5  # the distance given to words the tree does not connect to the event verb


def focus_weights(sentence: Span | Doc) -> list[tuple[str, float]]:
    """(lowercased word, weight) for the content words of a parsed sentence: 1 / (1 + d), d the
    number of dependency arcs between the word and the event verb (`event_verbs`), so "denounced"
    and its object outweigh the reporting frame, the dateline and side clauses."""
    tokens = list(sentence)
    if not tokens:
        return []
    inside = {t.i for t in tokens}
    verbs = event_verbs(sentence)
    heads = verbs[:1] or [t for t in tokens if t.dep_ == "ROOT"][:1] or tokens[:1]
    distance = {heads[0].i: 0}
    frontier = heads
    while frontier:
        reached = []
        for token in frontier:
            for near in (*token.children, token.head):
                if near.i in inside and near.i not in distance:
                    distance[near.i] = distance[token.i] + 1
                    reached.append(near)
        frontier = reached
    content = [t for t in tokens if t.pos_ not in _FOCUS_SKIP] or tokens
    return [(t.lower_, 1.0 / (1.0 + distance.get(t.i, _FOCUS_FAR))) for t in content]


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
    return _normalise(mixing @ _word_vectors(model, vocabulary))


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
            iterations: int = 300, weights: Sequence[float] | None = None) -> TypeClassifier:
        """Class-balanced multinomial logistic regression, full-batch Adam."""
        return self.fit_features(features(texts, self.settings), labels, l2, iterations,
                                 weights)

    def fit_features(self, x: np.ndarray, labels: Sequence[str], l2: float = 1e-3,
                     iterations: int = 300,
                     weights: Sequence[float] | None = None) -> TypeClassifier:
        """`weights`: a relative weight per item on top of the class balance (PLOVER GSR
        sentences count GSR_WEIGHT times a PETRARCH-family one, see `sample_weights`)."""
        self.classes = tuple(sorted(set(labels)))
        index = {label: i for i, label in enumerate(self.classes)}
        y = np.array([index[label] for label in labels])
        onehot = np.eye(len(self.classes), dtype=np.float32)[y]
        # Balanced weights: the training corpora are skewed (COOPERATE, ASSAULT) and the
        # sentences we type are not.
        counts = np.bincount(y, minlength=len(self.classes)).astype(np.float32)
        sample = (len(y) / (len(self.classes) * counts))[y]
        if weights is not None:
            sample = sample * np.asarray(weights, dtype=np.float32)
        sample = (sample / sample.sum())[:, None].astype(np.float32)
        self.weights, self.bias = _adam(x, onehot, sample, l2, iterations)
        embedded = x[:, :EMBEDDING_DIM]
        self.centroids = _normalise(np.stack([embedded[y == i].mean(axis=0)
                                              for i in range(len(self.classes))]))
        return self

    def predict_proba(self, texts: Sequence[Any]) -> tuple[tuple[str, ...], np.ndarray]:
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
            stored = json.loads(str(data["settings"]))
            stored.setdefault("syntax_weight", 0.0)  # weights from before the parse block
            stored.setdefault("focus_weight", 0.0)  # ... and before the focused embedding
            return cls(settings=FeatureSettings(**stored),
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
    seen = {_key(text) for text in exclude}
    unique = []
    for text, label in pairs:
        if label in PLOVER_TYPES and _key(text) not in seen:
            seen.add(_key(text))
            unique.append((text, label))
    return unique


def _key(text: str) -> str:
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


# --- model selection, held-out evaluation and the hybrid rule ------------------------------

# Candidate L2 strengths; `choose_l2` picks one by inner cross-validation on training data.
L2_GRID: tuple[float, ...] = (3e-5, 3e-4, 3e-3)
ITERATIONS = 300
NO_RULE = "(none)"
# A PLOVER GSR sentence counts this many times a PETRARCH-family one in training: the GSR is
# the kind of sentence we are scored on, the PETRARCH2 unit tests are fictional and noisy.
GSR_WEIGHT = 2.0
# Candidate bonuses (in log-probability) of the rules' root in the hybrid (`hybrid_label`);
# inf: the rules win wherever they fire. `choose_rule_bonus` picks one on training data.
RULE_BONUS_GRID: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0, 4.0, float("inf"))


def sample_weights(gsr: Sequence[bool]) -> np.ndarray:
    """GSR_WEIGHT for PLOVER GSR items, 1 for the others."""
    return np.where(np.asarray(gsr, dtype=bool), GSR_WEIGHT, 1.0).astype(np.float32)


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
    item (each from a model that did not see it). `weights`: per item, see `fit_features`."""
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
            model = TypeClassifier(settings).fit_features(
                x[train], list(y[train]), l2, iterations,
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


def hybrid_label(rule: str, classes: Sequence[str], proba: np.ndarray,
                 bonus: float | None) -> str:
    """Rules or classifier for one sentence: the class maximising log p(class) + `bonus` where
    the class is the rules' root. The classifier decides when the rules code nothing or a root
    it does not know (OTHER); bonus 0 is the classifier alone, inf (or None: no bonus
    measured) lets the rules win wherever they fire. `choose_rule_bonus` sets it on training
    data."""
    if not len(classes):
        return rule
    top = classes[int(np.argmax(proba))]
    if rule == NO_RULE or rule not in classes:
        return top
    if bonus is None or bonus == float("inf"):
        return rule
    scores = np.log(np.asarray(proba, dtype=np.float64) + 1e-9)
    scores[list(classes).index(rule)] += bonus
    return classes[int(np.argmax(scores))]


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
        model = TypeClassifier(settings).fit_features(x_train, y_train, inner.l2, iterations,
                                                      w_train)
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


def train(data: Path, settings: FeatureSettings | None = None, l2: float | None = None,
          iterations: int = ITERATIONS, with_gsr: bool = False,
          rules: bool = True) -> tuple[TypeClassifier, dict[str, Any]]:
    """Train on everything in `data` (the PLOVER GSR too when `with_gsr`, each of its
    sentences weighted GSR_WEIGHT); the L2 is chosen from L2_GRID by 3-fold CV unless given.
    Returns the model and a report with 5-fold CV accuracy on the training data. With `rules`
    the rule-based detector is run over the training sentences and the hybrid's rule bonus
    (`hybrid_label`) is chosen against the 5-fold held-out classifier probabilities."""
    from collections import Counter

    settings = settings or FeatureSettings()
    pairs = training_data(data, with_gsr)
    if len({label for _, label in pairs}) < 2:
        from eventatlas.errors import EventAtlasError

        raise EventAtlasError(f"no training sentences (of two roots or more) found in {data}")
    texts, labels = [t for t, _ in pairs], [lab for _, lab in pairs]
    gsr = {_key(text) for text, _ in gsr_pairs(data)} if with_gsr else set()
    weights = sample_weights([_key(text) in gsr for text in texts])
    x = features(texts, settings)
    if l2 is None:
        l2 = choose_l2(x, labels, settings, iterations=iterations, weights=weights).l2
    held = choose_l2(x, labels, settings, (l2,), 5, iterations, weights=weights)
    accuracy = held.scores[l2]
    model = TypeClassifier(settings).fit_features(x, labels, l2, iterations, weights)
    report: dict[str, Any] = {
        "training_size": len(pairs), "cv_accuracy": round(accuracy, 3), "l2": l2,
        "with_gsr": with_gsr, "gsr_weight": GSR_WEIGHT if with_gsr else None,
        "class_counts": dict(sorted(Counter(labels).items())),
        "embeddings": bool(np.any(embedding_features(texts[:1])))}
    reliability = bonus = None
    if rules:
        from eventatlas.training.rules import rule_labels

        coded = rule_labels(texts)
        reliability = rule_reliability(coded, labels, held.predicted)
        bonus = choose_rule_bonus(coded, labels, held.classes, held.proba)
    # JSON has no infinity: None means the rules win wherever they fire (also when unmeasured).
    report["rule_bonus"] = None if bonus is None or bonus == float("inf") else bonus
    source = ("PETRARCH validation sentences (upetrarch_gsr, petrarch2; CAMEO -> PLOVER), "
              "CAMEO2PLOVER-2021 code descriptions, eventatlas.ontology descriptions")
    model.metadata = {
        "trained": date.today().isoformat(), "task": "PLOVER root event type of a sentence",
        "data": source + (f"; the PLOVER GSR (plover_gsr.json, weight {GSR_WEIGHT:g}) too: "
                          "PLOVER GSR scores of these weights are in-sample" if with_gsr
                          else "; not the PLOVER GSR"),
        "features": "potion-base-8M embedding of the sentence without names/numbers (256, L2)"
                    " | hashed unigrams+bigrams+stems+negation marks (crc32, L2) | hashed "
                    "parse features: event verb chain, negation, modality, objects (crc32, L2)"
                    " | event-focused embedding: word vectors weighted 1/(1+tree distance to "
                    "the event verb) (256, L2)",
        "iterations": iterations, "rule_reliability": reliability, **report}
    return model, report


@lru_cache(maxsize=1)
def shipped_classifier() -> TypeClassifier | None:
    return TypeClassifier.load(SHIPPED_WEIGHTS) if SHIPPED_WEIGHTS.exists() else None


def classify_sentences(texts: Sequence[Any]) -> list[tuple[str, float]]:
    """(PLOVER root, probability) per sentence from the shipped weights; empty labels when no
    weights ship. Without the fetched embedder the lexical half alone decides."""
    model = shipped_classifier()
    if model is None or not texts:
        return [("", 0.0) for _ in texts]
    classes, proba = model.predict_proba(texts)
    best = proba.argmax(axis=1)
    return [(classes[i], float(proba[row, i])) for row, i in enumerate(best)]
