"""`eventatlas eval dedup --corpus fakes|ecbplus PATH`: cross-report de-duplication.

Both corpora are scored the same way: each report gets the fused event it ends up in, and
pairs of reports are compared with the gold (same happening or not): pairwise precision,
recall and F1, and how many fused events each gold happening is split into
(`records_per_gold`, ideal 1.0; `fused_per_gold` is the plain ratio of fused events to gold
events).

* **fakes** (`fakes-dev.csv`): articles whose gold event date and location agree report the same
  happening (FA-KES was built from a few hundred incidents, each covered by several outlets).
  Every article runs through the real pipeline and into a real (in-memory) store, fusion
  included; an article's fused event is the one holding its main event (the same choice as
  `eval fakes`). An article with no event counts as a fused event of its own.
* **ecbplus** (ECB+ folder): each topic holds two different seminal events of the same kind (two
  earthquakes, two rehab admissions...), one in the `ecb` documents and one in the `ecbplus`
  ones. Most are not conflict events, so the detector has nothing to type; each document is
  fused as one report-level record built from its own text (lead sentences, named entities)
  with the same scorer, linkage and threshold the store uses, within its topic (the standard
  "within topic" setting). This measures the fusion step itself, not event detection.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Annotated, Any

import typer

from eventatlas.evaluate import eval_app, print_report
from eventatlas.fuse import Candidate, EventSketch, consolidate, linked_clusters
from eventatlas.fuse.score import LINK_THRESHOLD
from eventatlas.settings import NLP_BATCH_SIZE

_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
_LEAD_SENTENCES = 5  # chosen on ECB+ dev: 3 to 100 tried (docs/fusion.md)


@dataclass(slots=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int


def pairwise(gold: dict[str, str], predicted: dict[str, str]) -> PairScores:
    """Pairwise P/R/F1 of a predicted clustering against gold, over the same item ids."""
    items = sorted(gold)
    true_pairs = {pair for pair in combinations(items, 2) if gold[pair[0]] == gold[pair[1]]}
    predicted_pairs = {pair for pair in combinations(items, 2)
                       if predicted[pair[0]] == predicted[pair[1]]}
    hits = len(true_pairs & predicted_pairs)
    precision = hits / len(predicted_pairs) if predicted_pairs else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1, len(true_pairs), len(predicted_pairs))


def records_per_gold(gold: dict[str, str], predicted: dict[str, str],
                     min_size: int = 1) -> float:
    members: dict[str, set[str]] = defaultdict(set)
    for item, cluster in gold.items():
        members[cluster].add(item)
    counts = [len({predicted[item] for item in items}) for items in members.values()
              if len(items) >= min_size]
    return sum(counts) / len(counts) if counts else 0.0


# -- FA-KES ----------------------------------------------------------------------------------


def fakes_clusters(path: Path, limit: int | None, threshold: float
                   ) -> tuple[dict[str, str], dict[str, str]]:
    """Gold and predicted cluster per article, through the pipeline and an in-memory store."""
    rows, processed = process_fakes(path, limit)
    gold = {row["unit_id"]: f"{row['date']}|{row['location'].strip().lower()}" for row in rows}
    return gold, fuse_fakes(rows, processed, threshold)


def process_fakes(path: Path, limit: int | None) -> tuple[list[dict[str, str]], list[Any]]:
    import csv

    from eventatlas.ingest import RawInput, build_document
    from eventatlas.pipeline import Pipeline

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[:limit]
    documents = [build_document(RawInput(row["unit_id"], row["article_content"], False),
                                doc_id=f"fakes-{row['unit_id']}",
                                title=row.get("article_title") or None) for row in rows]
    return rows, list(Pipeline().process_many(documents))


def fuse_fakes(rows: list[dict[str, str]], processed: list[Any], threshold: float
               ) -> dict[str, str]:
    """Each article's fused event: the cluster of its main event after storing them all."""
    from eventatlas.evaluate.fakes import main_event
    from eventatlas.pipeline import ProcessingError
    from eventatlas.store import open_store

    store = open_store(":memory:", link_threshold=threshold)
    stored: dict[str, str] = {}
    try:
        for row, outcome in zip(rows, processed, strict=True):
            if not isinstance(outcome, ProcessingError):
                stored[row["unit_id"]] = store.add_document(outcome).document_id
        predicted = {}
        for row in rows:
            unit = row["unit_id"]
            document = store.get_document(stored[unit]) if unit in stored else None
            chosen = main_event(document["events"], _day(document["published"])
                                ) if document else None
            predicted[unit] = chosen["cluster_id"] if chosen else f"none-{unit}"
    finally:
        store.close()
    return predicted


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# -- ECB+ ------------------------------------------------------------------------------------


@dataclass(slots=True)
class EcbDocument:
    name: str
    topic: str
    seminal: str  # gold: topic + ecb|ecbplus
    text: str


def read_ecbplus(folder: Path, topics: Sequence[str] | None = None) -> list[EcbDocument]:
    documents = []
    for path in sorted(folder.rglob("*.xml"), key=_ecb_order):
        match = re.match(r"(\d+)_(\d+)(ecbplus|ecb)\.xml$", path.name)
        if not match or (topics and match.group(1) not in topics):
            continue
        documents.append(EcbDocument(path.name, match.group(1),
                                     f"{match.group(1)}{match.group(3)}", _ecb_text(path)))
    return documents


def _ecb_order(path: Path) -> tuple[int, int, str]:
    numbers = re.findall(r"\d+", path.name)
    return (int(numbers[0]), int(numbers[1]), path.name) if len(numbers) >= 2 else (0, 0, "")


def _ecb_text(path: Path) -> str:
    sentences: dict[int, list[str]] = defaultdict(list)
    for token in ET.parse(path).getroot().iter("token"):
        sentences[int(token.get("sentence", "0"))].append(token.text or "")
    return "\n\n".join(" ".join(words) for _, words in sorted(sentences.items()))


def ecb_sketches(documents: Sequence[EcbDocument]) -> list[EventSketch]:
    """One report-level record per document: lead sentences, named entities, text vector."""
    from eventatlas.fuse.sketch import shared_encoder
    from eventatlas.nlp import load_nlp
    from eventatlas.settings import SPACY_MODEL

    nlp = load_nlp(SPACY_MODEL)
    sketches = []
    for document, doc in zip(documents, nlp.pipe(d.text for d in documents), strict=True):
        lead = " ".join(sentence.text for sentence in list(doc.sents)[:_LEAD_SENTENCES])
        entities = frozenset(ent.text.lower() for ent in doc.ents
                             if ent.label_ in _ENTITY_LABELS and len(ent.text) > 2)
        sketches.append(EventSketch(event_id=document.name, document_id=document.name,
                                    type="report", family="report", participants=entities,
                                    text=lead))
    vectors = shared_encoder().encode([sketch.text for sketch in sketches])
    for sketch, vector in zip(sketches, vectors, strict=True):
        sketch.vector = vector
    return sketches


def fuse_within_topics(documents: Sequence[EcbDocument], sketches: Sequence[EventSketch],
                       threshold: float, batch_size: int = NLP_BATCH_SIZE) -> dict[str, str]:
    """Incremental fusion in document order, candidates blocked by topic, with the clusters
    consolidated after every `batch_size` documents, as the store does for each batch that
    `eventatlas ingest` writes."""
    clusters: dict[str, list[EventSketch]] = {}
    topic_of: dict[str, str] = {}
    links: set[tuple[str, str]] = set()
    for index, (document, sketch) in enumerate(zip(documents, sketches, strict=True), 1):
        candidates = [Candidate(cluster_id, members) for cluster_id, members in clusters.items()
                      if topic_of[cluster_id] == document.topic]
        linked = [cluster_id for cluster_id, _ in
                  linked_clusters(sketch, candidates, threshold=threshold)]
        chosen = linked[0] if linked else f"c{index}"
        clusters.setdefault(chosen, []).append(sketch)
        topic_of[chosen] = document.topic
        links |= {(chosen, other) for other in linked[1:]}
        if index % batch_size == 0 or index == len(documents):
            consolidate(clusters, links, threshold=threshold)
            links.clear()
    return {sketch.document_id: cluster_id for cluster_id, members in clusters.items()
            for sketch in members}


# -- command ---------------------------------------------------------------------------------


@eval_app.command("dedup")
def eval_dedup(
    path: Annotated[Path, typer.Argument(help="fakes-dev.csv, or the ECB+ folder.")],
    corpus: Annotated[str, typer.Option(help="fakes or ecbplus.")] = "fakes",
    limit: Annotated[int | None, typer.Option(help="Only the first N articles (fakes).")] = None,
    topics: Annotated[str | None, typer.Option(
        help="Comma-separated ECB+ topic numbers (default: all 43).")] = None,
    threshold: Annotated[float, typer.Option(
        help="Link threshold to test (the store's default is the one measured).")
    ] = LINK_THRESHOLD,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Pairwise precision/recall/F1 of cross-report fusion, and fused events per gold event."""
    from eventatlas.cli import fail

    if not path.exists():
        fail(f"{path}: no such file or folder")
    if corpus == "fakes":
        gold, predicted = fakes_clusters(path, limit, threshold)
    elif corpus == "ecbplus":
        documents = read_ecbplus(path, topics.split(",") if topics else None)
        if not documents:
            fail(f"{path}: no ECB+ documents found")
        gold = {document.name: document.seminal for document in documents}
        predicted = fuse_within_topics(documents, ecb_sketches(documents), threshold)
    else:
        fail(f"unknown corpus {corpus!r}: use fakes or ecbplus")
    print_report(f"De-duplication on {corpus} ({path})", _metrics(gold, predicted, threshold),
                 as_json=as_json)


def _metrics(gold: dict[str, str], predicted: dict[str, str], threshold: float
             ) -> dict[str, Any]:
    scores = pairwise(gold, predicted)
    return {
        "n": len(gold), "gold_events": len(set(gold.values())),
        "fused_events": len(set(predicted.values())), "threshold": threshold,
        "pair_precision": scores.precision, "pair_recall": scores.recall,
        "pair_f1": scores.f1, "gold_pairs": scores.true_pairs,
        "predicted_pairs": scores.predicted_pairs,
        "fused_per_gold": len(set(predicted.values())) / max(1, len(set(gold.values()))),
        "records_per_gold": records_per_gold(gold, predicted),
        "records_per_gold_multi": records_per_gold(gold, predicted, min_size=2),
    }

