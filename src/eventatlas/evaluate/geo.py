"""`eventatlas eval geo`: toponym resolution (and, optionally, recognition) against gold corpora.

Two readers, one document model:

- LGL-format XML (`<article><text/><toponyms><toponym><start/><end/><phrase/><gaztag><lat/>
  <lon/></gaztag>`), which TR-News uses too; GeoVirus' `<location><name/><lat/><lon/>` variant is
  read by the same code.
- GeoWebNews (`GWN.xml`, or the folder holding it): toponyms with a GeoNames id, the 2,401 the
  "Pragmatic guide to geoparsing evaluation" (Gritta et al.) scores geocoding on.

Metrics follow that paper: accuracy within 161 km, mean and median error, and the AUC of the
log-error curve (0 is perfect, 1 is every toponym on the far side of the Earth). A toponym the
resolver cannot place counts as the maximum error, 20,039 km, so leaving hard names unresolved
never improves a score. `--ceiling` adds what the gazetteer allows at all: the toponyms it
offers no candidate, or none within 161 km, and the Acc@161 bound that leaves (`ceiling`).
"""

from __future__ import annotations

import itertools
import math
import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from eventatlas.evaluate import eval_app, print_report

MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the worst possible error
ACC_KM = 161.0  # 100 miles, the usual accuracy radius
GWN_FILE = "GWN.xml"


class Corpus(StrEnum):
    lgl = "lgl"
    geowebnews = "geowebnews"


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    geonameid: int | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


# Readers ---------------------------------------------------------------------------------------


def read_corpus(corpus: Corpus, path: Path) -> list[GoldDocument]:
    if corpus is Corpus.geowebnews:
        return read_geowebnews(path)
    return read_lgl(path)


def read_lgl(path: Path) -> list[GoldDocument]:
    """LGL-format XML (LGL, TR-News; GeoVirus' <location> variant too)."""
    root = ET.parse(path).getroot()
    documents = []
    for number, article in enumerate(root.iter("article")):
        text = article.findtext("text") or ""
        toponyms = [t for element in _toponym_elements(article)
                    if (t := _lgl_toponym(element, text)) is not None]
        doc_id = article.get("docid") or article.get("id") or str(number)
        documents.append(GoldDocument(doc_id, text, tuple(toponyms)))
    return documents


def _toponym_elements(article: ET.Element) -> Iterable[ET.Element]:
    yield from article.iter("toponym")
    yield from article.iter("location")


def _lgl_toponym(element: ET.Element, text: str) -> GoldToponym | None:
    """One gold toponym, or None when it has no coordinates (LGL leaves 626 of 5,088 so)."""
    gaztag = element.find("gaztag")
    source = gaztag if gaztag is not None else element
    lat, lon = _float(source.findtext("lat")), _float(source.findtext("lon"))
    start, end = _int(element.findtext("start")), _int(element.findtext("end"))
    if lat is None or lon is None or start is None or end is None:
        return None
    phrase = element.findtext("phrase") or element.findtext("name") or text[start:end]
    geonameid = _int(gaztag.get("geonameid")) if gaztag is not None else None
    return GoldToponym(start, end, phrase, lat, lon, geonameid)


def read_geowebnews(path: Path) -> list[GoldDocument]:
    """GeoWebNews' GWN.xml (the file or its dataset folder): toponyms with a GeoNames id."""
    if path.is_dir():
        found = sorted(path.rglob(GWN_FILE))
        if not found:
            raise FileNotFoundError(f"no {GWN_FILE} under {path}")
        path = found[0]
    root = ET.parse(path).getroot()
    documents = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        toponyms = [t for element in article.iter("toponym")
                    if (t := _gwn_toponym(element, text)) is not None]
        documents.append(GoldDocument(article.get("file") or "", text, tuple(toponyms)))
    return documents


def _gwn_toponym(element: ET.Element, text: str) -> GoldToponym | None:
    # Without a GeoNames id the coordinates are the annotator's point for a street or building,
    # which no gazetteer of places can name; the paper scores only the ids.
    geonameid = _int(element.findtext("geonamesID"))
    lat, lon = _float(element.findtext("latitude")), _float(element.findtext("longitude"))
    start, end = _int(element.findtext("start")), _int(element.findtext("end"))
    if geonameid is None or lat is None or lon is None or start is None or end is None:
        return None
    return GoldToponym(start, end, text[start:end], lat, lon, geonameid)


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


# Metrics ---------------------------------------------------------------------------------------


def error_metrics(errors: Sequence[float]) -> dict[str, float | None]:
    """acc161, mean/median km and Gritta et al.'s AUC (trapezoid over sorted log errors)."""
    if not errors:
        return {"acc161": None, "mean_km": None, "median_km": None, "auc": None}
    logs = sorted(math.log(1.0 + e) for e in errors)
    if len(logs) > 1:
        area = sum((a + b) / 2 for a, b in itertools.pairwise(logs))
        auc = area / (math.log(MAX_ERROR_KM) * (len(logs) - 1))
    else:
        auc = logs[0] / math.log(MAX_ERROR_KM)
    return {
        "acc161": sum(e < ACC_KM for e in errors) / len(errors),
        "mean_km": statistics.fmean(errors),
        "median_km": statistics.median(errors),
        "auc": auc,
    }


def _error(gold: GoldToponym, lat: float | None, lon: float | None) -> float:
    from eventatlas.geo.gazetteer import haversine_km

    if lat is None or lon is None:
        return MAX_ERROR_KM
    return haversine_km(gold.lat, gold.lon, lat, lon)


# Evaluation ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """Per-toponym errors plus counts, gathered over a corpus."""

    errors: list[float]
    unresolved: int
    seconds: float
    rows: list[dict[str, Any]]


def resolve_gold(documents: Sequence[GoldDocument], resolver: Any) -> Outcome:
    """Mode 1: resolve the gold toponyms, each document as the others' context."""
    from eventatlas.model import Mention

    outcome = Outcome([], 0, 0.0, [])
    for document in documents:
        mentions = [Mention(t.start, t.end, t.text, "GPE") for t in document.toponyms]
        started = time.perf_counter()
        places = resolver.resolve_mentions(mentions, None, None, document.text)
        outcome.seconds += time.perf_counter() - started
        for gold in document.toponyms:
            place = places.get((gold.start, gold.end))
            _record(outcome, document, gold, place)
    return outcome


def _record(outcome: Outcome, document: GoldDocument, gold: GoldToponym, place: Any) -> None:
    lat, lon = (place.lat, place.lon) if place is not None else (None, None)
    error = _error(gold, lat, lon)
    outcome.errors.append(error)
    outcome.unresolved += place is None
    outcome.rows.append({
        "doc": document.id, "text": gold.text, "gold_id": gold.geonameid,
        "id": place.geonameid if place is not None else None,
        "name": place.name if place is not None else None,
        "country": place.country_code if place is not None else None,
        "precision": place.precision if place is not None else None,
        "km": round(error, 1),
    })


@dataclass(slots=True)
class Ceiling:
    """What the gazetteer lets any resolver reach on the gold toponyms (`--ceiling`)."""

    n: int = 0
    no_candidate: int = 0  # the gazetteer offers the name nothing, fallbacks included
    none_within_161: int = 0  # it offers candidates, none within ACC_KM of the gold point
    # A candidate within ACC_KM exists, but the resolver's own filters (stray namesakes, regions
    # named like their town, towns bearing a region's old name) drop every such one.
    filtered: int = 0

    def metrics(self) -> dict[str, Any]:
        unreachable = self.no_candidate + self.none_within_161
        return {
            "ceiling": 1.0 - unreachable / self.n if self.n else None,
            "no_candidate": self.no_candidate,
            "none_within_161": self.none_within_161,
            "near_filtered": self.filtered,
        }


def ceiling(documents: Sequence[GoldDocument], resolver: Any) -> Ceiling:
    """Per gold toponym, does the gazetteer offer any candidate, and one within 161 km?

    The candidates are the resolver's own (`PlaceResolver.looked_up`: every form, the designator,
    demonym, spelling and inner-place fallbacks), under the document's context as the resolver's
    last pass sees it (spelling fallbacks depend on the document's countries), before its filters.
    So 1 - (no_candidate + none_within_161) / n bounds Acc@161 for any choice among them."""
    from eventatlas.model import Mention

    found = Ceiling()
    for document in documents:
        mentions = [Mention(t.start, t.end, t.text, "GPE") for t in document.toponyms]
        hinted, _, context = resolver.document_context(mentions, None, None, document.text)
        hints = {(m.start, m.end): hint for m, hint in hinted}
        for gold in document.toponyms:
            found.n += 1
            candidates, _ = resolver.looked_up(gold.text, context)
            if not candidates:
                found.no_candidate += 1
            elif not any(_error(gold, c.lat, c.lon) < ACC_KM for c in candidates):
                found.none_within_161 += 1
            else:
                kept, _ = resolver.ranked_candidates(
                    gold.text, hints.get((gold.start, gold.end)), context)
                found.filtered += not any(_error(gold, c.lat, c.lon) < ACC_KM for c in kept)
    return found


@dataclass(slots=True)
class Recognition:
    gold: int = 0
    predicted: int = 0
    matched: int = 0


def end_to_end(documents: Sequence[GoldDocument], resolver: Any) -> tuple[Outcome, Recognition]:
    """Mode 2: the spaCy pipeline finds the places, then they are resolved; a predicted span
    matches a gold toponym when the two overlap (one to one, first come first served)."""
    from eventatlas.geo.recognize import place_mentions
    from eventatlas.nlp import load_nlp
    from eventatlas.settings import SPACY_MODEL

    nlp = load_nlp(SPACY_MODEL)
    outcome, counts = Outcome([], 0, 0.0, []), Recognition()
    texts = (document.text for document in documents)
    for document, doc in zip(documents, nlp.pipe(texts, batch_size=16), strict=True):
        mentions, hints = place_mentions(doc)
        started = time.perf_counter()
        places = resolver.resolve_mentions(mentions, None, hints, document.text)
        outcome.seconds += time.perf_counter() - started
        counts.gold += len(document.toponyms)
        counts.predicted += len(mentions)
        for gold, mention in _match(document.toponyms, mentions):
            counts.matched += 1
            _record(outcome, document, gold, places.get((mention.start, mention.end)))
    return outcome, counts


def _match(gold: Sequence[GoldToponym], predicted: Sequence[Any]) -> list[tuple[GoldToponym, Any]]:
    used: set[int] = set()
    pairs = []
    for toponym in gold:
        for index, mention in enumerate(predicted):
            if index not in used and mention.start < toponym.end and toponym.start < mention.end:
                used.add(index)
                pairs.append((toponym, mention))
                break
    return pairs


def report(outcome: Outcome, corpus: str, recognition: Recognition | None = None) -> dict[str, Any]:
    n = len(outcome.errors)
    metrics: dict[str, Any] = {"corpus": corpus, **error_metrics(outcome.errors)}
    metrics["toponyms_per_s"] = round(n / outcome.seconds, 1) if outcome.seconds else None
    metrics["n"] = n
    metrics["unresolved"] = outcome.unresolved
    if recognition is not None:
        precision = recognition.matched / recognition.predicted if recognition.predicted else 0.0
        recall = recognition.matched / recognition.gold if recognition.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        metrics.update(precision=precision, recall=recall, f1=f1, gold=recognition.gold,
                       predicted=recognition.predicted)
    return metrics


@eval_app.command("geo")
def eval_geo(
    path: Annotated[Path, typer.Argument(help="LGL-format XML, or GeoWebNews' GWN.xml/folder.")],
    corpus: Annotated[Corpus, typer.Option(help="Which reader to use.")] = Corpus.lgl,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    limit: Annotated[int | None, typer.Option(help="Only the first N documents.")] = None,
    end_to_end_mode: Annotated[bool, typer.Option(
        "--end-to-end", help="Recognise places with spaCy first (adds P/R/F1).")] = False,
    errors: Annotated[int, typer.Option(help="Also list the N worst toponyms.")] = 0,
    weights: Annotated[Path | None, typer.Option(
        help="Score weights from this ranker JSON (`eval geo-train --out`) instead of the "
             "shipped ones.")] = None,
    with_ceiling: Annotated[bool, typer.Option(
        "--ceiling", help="Also count gold toponyms the gazetteer offers no candidate, or none "
                          "within 161 km, and the Acc@161 bound that leaves.")] = False,
) -> None:
    """Toponym resolution against gold: acc161, mean/median km, AUC, toponyms/s."""
    from eventatlas.cli import fail
    from eventatlas.geo.gazetteer import shared_gazetteer
    from eventatlas.geo.resolve import PlaceResolver, load_weights

    try:
        documents = read_corpus(corpus, path)[:limit]
        chosen = load_weights(weights) if weights is not None else None
    except (OSError, ET.ParseError, ValueError, KeyError) as error:
        fail(f"cannot read {weights if weights and path.exists() else path}: {error}")
    resolver = PlaceResolver(shared_gazetteer(), chosen)
    recognition = None
    if end_to_end_mode:
        outcome, recognition = end_to_end(documents, resolver)
    else:
        outcome = resolve_gold(documents, resolver)
    worst = sorted(outcome.rows, key=lambda row: -row["km"])[:errors]
    mode = "end-to-end" if end_to_end_mode else "gold toponyms"
    metrics = report(outcome, corpus.value, recognition)
    if with_ceiling:
        # Over every gold toponym (end to end too: what the gazetteer could reach had the
        # recogniser found them all); timed apart from the resolution above.
        metrics.update(ceiling(documents, resolver).metrics())
    print_report(f"eval geo: {corpus.value}, {mode}, {path}", metrics, as_json=as_json,
                 rows=worst)


@eval_app.command("geo-train")
def eval_geo_train(
    path: Annotated[Path, typer.Argument(help="LGL-format XML, or GeoWebNews' GWN.xml/folder.")],
    corpus: Annotated[Corpus, typer.Option(help="Which reader to use.")] = Corpus.lgl,
    out: Annotated[Path | None, typer.Option(
        help="Where to write the weights (required; read them with `eval geo --weights`).")
    ] = None,
    l2: Annotated[float, typer.Option(help="Ridge penalty on the weights.")] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Fit the resolver's score weights on a gold corpus (evaluate them on another one)."""
    from eventatlas.cli import fail
    from eventatlas.geo import ranker
    from eventatlas.geo.gazetteer import shared_gazetteer
    from eventatlas.geo.resolve import DEFAULT_WEIGHTS, FEATURES, PlaceResolver
    from eventatlas.model import Mention

    if out is None:
        # Never into the installed package by default: shipping weights is a deliberate copy.
        fail("eval geo-train needs --out FILE, where to write the fitted weights")
    try:
        documents = read_corpus(corpus, path)
    except (OSError, ET.ParseError) as error:
        fail(f"cannot read {path}: {error}")
    # Features are taken under the hand-set weights' pass 1, so the fit does not depend on
    # whatever ranker.json is installed.
    resolver = PlaceResolver(shared_gazetteer(), DEFAULT_WEIGHTS)
    golds = ([(Mention(t.start, t.end, t.text, "GPE"), t.lat, t.lon) for t in d.toponyms]
             for d in documents)
    found = ranker.examples(resolver, golds)
    if not found:
        fail(f"no trainable toponyms in {path}")
    weights = ranker.fit(found, l2=l2)
    ranker.save(weights, out, f"{corpus.value}: {path.name}", len(found))
    metrics = {
        "corpus": corpus.value, "examples": len(found), "out": str(out),
        "top1_default_weights": ranker.top1(found, DEFAULT_WEIGHTS),
        "top1_fitted_on_this_corpus": ranker.top1(found, weights),
        **{f"w_{name}": round(float(w), 4) for name, w in zip(FEATURES, weights, strict=True)},
    }
    print_report(f"eval geo-train: {corpus.value}, {path}", metrics, as_json=as_json)
