"""`eventatlas eval events`: event typing against FA-KES, PLOVER GSR and PETRARCH sentences.

How each corpus's labels meet our ontology (docs/events.md has the full tables):

- FA-KES (`fakes-dev.csv`, one labelled incident per article): the gold `cause_of_death` is the
  Violations Documentation Center's weapon class. We map the article's main event (the most
  specific violent event: weapon-typed attacks over clashes over bare killings; then the one the
  headline names; then the deadliest; events set outside the country most of the article's
  events are in, and background events the headline does not name, are passed over) to that
  class: air strikes and shelling -> shelling (the VDC files both as "shelling"), IED / suicide
  bomb / grenade -> explosion, chemical -> chemical and toxic gases, killings coded from
  "execute"/"behead" -> execution, shootings and armed clashes -> shooting, other killings -> no
  class. Gold "unknown" is left out of the macro
  average. Location: the gold governorate or city name against the main event's place name or
  admin1 (transliteration folded), or within 50 km of where the gazetteer puts the gold name.
- PLOVER GSR (`plover_gsr.json`): the gold root event type against the rules (the PLOVER type
  of the sentence's first event; no event is a miss), the trained classifier and their hybrid.
  `--folds K` gives held-out figures by K-fold cross-validation (`PloverCVScorer`); without it
  the shipped weights are scored, in-sample when they were trained `--with-gsr`.
- PETRARCH (`PETR2_GSR_validation.xml`, `PETR.UnitTest.records.xml`, `gsr_sentences.json`):
  CAMEO codes converted to PLOVER roots with `CAMEO2PLOVER-2021.txt` when it is present beside
  the PLOVER corpus, else by CAMEO's two-digit root table below.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from eventatlas.corpora.plover import Item, load_petrarch, load_plover
from eventatlas.evaluate import eval_app, format_table, print_report
from eventatlas.evaluate.fakes import is_background
from eventatlas.training.rules import NO_EVENT, first_plover_root, rule_labels

VIOLENT_FAMILIES = ("remote.", "battle.", "civilians.")
FAKES_CLASSES = ("shelling", "explosion", "chemical and toxic gases", "execution", "shooting")
EXECUTION_TRIGGERS = frozenset({"execute", "executed", "executing", "execution", "executions",
                                "behead", "beheaded", "beheading"})
SHOOTING_TRIGGERS = ("shoot", "shot", "gunfire", "gunmen", "sniper", "fire", "clash", "fight")
OTHER_VIOLENCE = "(other violence)"
# How much a class says about the weapon: a clash or a bare killing is often the backdrop of an
# article about a specific attack.
SPECIFICITY = {OTHER_VIOLENCE: 0, "shooting": 1}


class Corpus(StrEnum):
    fakes = "fakes"
    plover = "plover"
    petrarch = "petrarch"


@eval_app.command("events")
def eval_events(
    corpus: Annotated[Corpus, typer.Option(help="fakes, plover or petrarch.")],
    path: Annotated[Path, typer.Argument(help="The corpus file or folder.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    limit: Annotated[int | None, typer.Option(help="Only the first N items.")] = None,
    folds: Annotated[int, typer.Option(
        help="PLOVER only: k-fold cross-validation (stratified, fixed seed). Each fold is "
             "predicted by a classifier trained on the PETRARCH-family data beside the corpus "
             "plus the other folds; 0 scores the shipped weights.")] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the --folds split.")] = 0,
) -> None:
    """Event-type precision/recall/F1 per class, macro-F1 and a confusion table."""
    if folds and (corpus is not Corpus.plover or folds < 2):
        raise typer.BadParameter("--folds needs --corpus plover and at least 2 folds")
    items = load_corpus(corpus, path)[:limit]
    if not items:
        raise typer.BadParameter(f"no labelled items found in {path}")
    started = time.perf_counter()
    results = run_pipeline(items)
    elapsed = time.perf_counter() - started
    scorer: FakesScorer | PloverScorer
    if corpus is Corpus.fakes:
        scorer = FakesScorer()
    elif folds:
        scorer = PloverCVScorer(path, folds, seed)
    else:
        scorer = PloverScorer()
    report = scorer.score(items, results)
    report["items_per_s"] = round(len(items) / elapsed, 1)
    rows = report.pop("per_class")
    confusion = report.pop("confusion")
    title = f"eval events --corpus {corpus.value}{f' --folds {folds}' if folds else ''}"
    print_report(f"{title} ({path})", report, as_json=as_json,
                 rows=rows)
    if not as_json:
        typer.echo("\nconfusion (gold -> predicted: count)")
        typer.echo(format_table(confusion) if confusion else "  (none)")


# --- corpora ----------------------------------------------------------------------------------

def load_corpus(corpus: Corpus, path: Path) -> list[Item]:
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist")
    if corpus is Corpus.fakes:
        return load_fakes(path)
    if corpus is Corpus.plover:
        return load_plover(path)
    return load_petrarch(path)


def load_fakes(path: Path) -> list[Item]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [Item(id=row["unit_id"], text=row["article_content"], gold=row["cause_of_death"],
                 title=row["article_title"], location=row["location"],
                 published=_fakes_published(row["article_content"]))
            for row in rows]


def _fakes_published(text: str) -> str | None:
    """The article's own publication date when it opens with one; the gold event date is never
    used as the reference (that would leak the answer)."""
    from eventatlas.time import find_published_date

    found = find_published_date(text[:200])
    return found.isoformat() if found else None


# --- running -----------------------------------------------------------------------------------

def run_pipeline(items: list[Item]) -> list[dict[str, Any]]:
    from eventatlas.extract import Extractor

    lines = (json.dumps({"id": item.id, "text": item.text, "title": item.title,
                         "published": item.published}) for item in items)
    return list(Extractor().extract_jsonl(lines))


# --- scoring -----------------------------------------------------------------------------------

def per_class(pairs: Iterable[tuple[str, str]], classes: Iterable[str]) -> list[dict[str, Any]]:
    pairs = list(pairs)
    rows = []
    for label in classes:
        tp = sum(1 for gold, pred in pairs if gold == label and pred == label)
        fp = sum(1 for gold, pred in pairs if gold != label and pred == label)
        fn = sum(1 for gold, pred in pairs if gold == label and pred != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append({"class": label, "support": tp + fn, "precision": round(precision, 3),
                     "recall": round(recall, 3), "f1": round(f1, 3)})
    return rows


def confusion_rows(pairs: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    counts = Counter(pair for pair in pairs if pair[0] != pair[1])
    return [{"gold": gold, "predicted": pred, "count": n}
            for (gold, pred), n in counts.most_common(15)]


class FakesScorer:
    def score(self, items: list[Item], results: list[dict[str, Any]]) -> dict[str, Any]:
        pairs, located, scored_locations = [], 0, 0
        for item, result in zip(items, results, strict=True):
            main = main_event(result)
            predicted = fakes_class(main) if main else NO_EVENT
            if item.gold != "unknown":
                pairs.append((item.gold, predicted))
            if item.location:
                scored_locations += 1
                located += bool(main) and location_matches(item.location, main)
        rows = per_class(pairs, FAKES_CLASSES)
        return {
            "n": len(items), "scored": len(pairs),
            "accuracy": round(sum(g == p for g, p in pairs) / max(len(pairs), 1), 3),
            "macro_f1": round(sum(r["f1"] for r in rows) / len(rows), 3),
            "location_accuracy": round(located / max(scored_locations, 1), 3),
            "errors": sum("error" in r for r in results),
            "per_class": rows, "confusion": confusion_rows(pairs),
        }


class PloverScorer:
    """Three predictions per sentence: the rules (the PLOVER root of the first event), the
    trained classifier alone, and the hybrid the product stands for (the classifier where the
    rules code nothing; where they code a root, the class with the best log-probability once
    the rules' root gets the bonus chosen on training sentences, see `classifier.hybrid_label`).
    `accuracy`
    and the tables are the hybrid's. This scores the shipped weights: when they were trained
    with the GSR (`train plover --with-gsr`) the figures are in-sample; `--folds` is the
    held-out measurement."""

    def score(self, items: list[Item], results: list[dict[str, Any]]) -> dict[str, Any]:
        from eventatlas.events.classifier import hybrid_label, shipped_classifier

        model = shipped_classifier()
        rules = [self.rule_label(result) for result in results]
        if model is None:
            classified = [NO_EVENT] * len(items)
            hybrid = rules
        else:
            classes, proba = model.predict_proba([item.text for item in items])
            bonus = model.metadata.get("rule_bonus")
            classified = [classes[int(row.argmax())] for row in proba]
            hybrid = [hybrid_label(rule, classes, row, bonus)
                      for rule, row in zip(rules, proba, strict=True)]
        report = self.report(items, rules, classified, hybrid)
        report["errors"] = sum("error" in r for r in results)
        report["in_sample"] = bool(model and model.metadata.get("with_gsr"))
        return report

    @staticmethod
    def report(items: list[Item], rules: list[str], classified: list[str],
               hybrid: list[str]) -> dict[str, Any]:
        golds = [item.gold for item in items]
        pairs = list(zip(golds, hybrid, strict=True))
        rows = per_class(pairs, sorted(set(golds)))
        coded = [(g, r) for g, r in zip(golds, rules, strict=True) if r != NO_EVENT]
        return {
            "n": len(items),
            "accuracy": _accuracy(pairs),
            "macro_f1": round(sum(r["f1"] for r in rows) / max(len(rows), 1), 3),
            "rules_accuracy": _accuracy(list(zip(golds, rules, strict=True))),
            "rules_coverage": round(len(coded) / max(len(items), 1), 3),
            "rules_precision_when_coded": _accuracy(coded),
            "classifier_accuracy": _accuracy(list(zip(golds, classified, strict=True))),
            "per_class": rows, "confusion": confusion_rows(pairs),
        }

    @staticmethod
    def rule_label(result: dict[str, Any]) -> str:
        return first_plover_root(result)


class PloverCVScorer(PloverScorer):
    """Held-out PLOVER GSR figures by k-fold cross-validation: every sentence is predicted by
    a classifier trained on the PETRARCH-family data (`training_data` of the folder above the
    corpus: upetrarch_gsr, petrarch2, the CAMEO code descriptions, the ontology) plus the
    other folds of the GSR (each GSR sentence weighted `GSR_WEIGHT`), its L2 chosen by inner
    CV on that training side, and the hybrid's rule bonus chosen on that training side (rules
    against the inner-CV probabilities). The shipped weights are not used."""

    def __init__(self, path: Path, folds: int = 5, seed: int = 0) -> None:
        self.data = path.parent if path.is_dir() else path.parent.parent
        self.folds = folds
        self.seed = seed

    def score(self, items: list[Item], results: list[dict[str, Any]]) -> dict[str, Any]:
        from eventatlas.events.plover_features import FeatureSettings, features
        from eventatlas.training.plover_data import training_data, unique_pairs
        from eventatlas.training.plover_selection import cross_validate_heldout

        settings = FeatureSettings()
        texts = [item.text for item in items]
        extra = unique_pairs(training_data(self.data), exclude=texts)
        if not extra:
            raise typer.BadParameter(f"no PETRARCH-family training data beside {self.data}")
        extra_texts = [text for text, _ in extra]
        rules = [self.rule_label(result) for result in results]
        held = cross_validate_heldout(
            features(texts, settings), [item.gold for item in items], features(extra_texts,
                                                                               settings),
            [label for _, label in extra], settings, self.folds, self.seed, rules=rules,
            rules_extra=rule_labels(extra_texts))
        report = self.report(items, rules, held.classifier, held.hybrid)
        report["errors"] = sum("error" in r for r in results)
        report.update(folds=self.folds, seed=self.seed, training_extra=len(extra),
                      l2_chosen=sorted(set(held.l2)),
                      rule_bonus_chosen=sorted({str(b) for b in held.bonus}))
        return report


def _accuracy(pairs: list[tuple[str, str]]) -> float:
    return round(sum(gold == pred for gold, pred in pairs) / max(len(pairs), 1), 3)


def main_event(result: dict[str, Any]) -> dict[str, Any] | None:
    """The incident an article is about, among its violent events: those dated as news (or
    named by the headline, however their merged mentions got dated), placed in the country
    most of them are in; of these the most specific, then the headline's, then the deadliest,
    then the first."""
    violent = [e for e in result.get("events") or [] if e["type"].startswith(VIOLENT_FAMILIES)]
    if not violent:
        return None
    published = result["document"].get("published")
    title_end = len(result["document"].get("title") or "")
    # The incident the headline names is the news, however its merged mentions got dated.
    news = [e for e in violent if _in_headline(e, title_end) or not is_background(
        e, date.fromisoformat(published) if published else None)]
    violent = news or violent
    # A report is about its own country's war: a bombing abroad named in passing ("MOAB
    # bombing in Afghanistan" in a related-stories line) is not its main incident.
    home = _home_country(violent)
    violent = [e for e in violent if _country(e) in (None, home)] or violent
    # The most specific weapon class first (an air strike over the "fighting" around it, any
    # typed attack over a bare "were killed"); then the incident the headline names; then the
    # deadliest.
    return max(violent, key=lambda e: (SPECIFICITY.get(fakes_class(e), 2),
                                       _in_headline(e, title_end),
                                       (e.get("fatalities") or {}).get("best") or 0,
                                       -violent.index(e)))


def _in_headline(event: dict[str, Any], title_end: int) -> bool:
    return any(item["start"] < title_end for item in event["evidence"])


def _country(event: dict[str, Any]) -> str | None:
    return (event.get("location") or {}).get("country_code")


def _home_country(events: list[dict[str, Any]]) -> str | None:
    """The country most of the events are placed in."""
    counts = Counter(code for event in events if (code := _country(event)))
    return counts.most_common(1)[0][0] if counts else None


def fakes_class(event: dict[str, Any]) -> str:
    event_type = event["type"]
    if event_type in ("remote.air_strike", "remote.shelling"):
        return "shelling"
    if event_type in ("remote.ied", "remote.suicide_bomb", "remote.grenade"):
        return "explosion"
    if event_type == "remote.chemical":
        return "chemical and toxic gases"
    trigger = (event.get("trigger") or "").lower()
    if trigger in EXECUTION_TRIGGERS:
        return "execution"
    if event_type == "battle.armed_clash" or trigger.startswith(SHOOTING_TRIGGERS):
        return "shooting"
    return OTHER_VIOLENCE


NEAR_KM = 50.0


def location_matches(gold: str, event: dict[str, Any]) -> bool:
    """The gold place (a governorate or city name) and the event's place agree: same name or
    admin1 once transliteration is folded, or the gold place, resolved in the gazetteer with
    the article's country as context, lies within NEAR_KM of the event's place (Damascus and
    the Rif Dimashq suburbs around it)."""
    from eventatlas.geo.normalize import normalize_name

    def squash(name: str) -> str:
        # Joined words double letters the per-word folding had merged ("Deir ez-Zor" and
        # "Deir Ezzor" are one spelling of one place): fold doubles again after joining.
        return re.sub(r"(.)\1+", r"\1", normalize_name(name).replace(" ", ""))

    key = squash(gold)
    places = [p for p in (event.get("location"), event.get("origin"), event.get("destination"))
              if p]
    names = [value for place in places
             for value in (place.get("name"), place.get("admin1"), place.get("text")) if value]
    if any(squash(name) == key or key in normalize_name(name).split() for name in names):
        return True
    resolved = _resolve_gold(gold, places[0]["country_code"] if places else None)
    return resolved is not None and any(_distance_km(resolved, place) <= NEAR_KM
                                        for place in places)


def _resolve_gold(name: str, country: str | None) -> Any:
    from eventatlas.geo.gazetteer import shared_gazetteer
    from eventatlas.geo.resolve import PlaceResolver

    resolver = PlaceResolver(shared_gazetteer())
    context = resolver.context_for([], None)
    if country:
        context.countries[country] += 1.0
    return resolver.resolve(name, None, context)


def _distance_km(place: Any, other: dict[str, Any]) -> float:
    from eventatlas.geo.gazetteer import haversine_km

    if None in (place.lat, place.lon, other.get("lat"), other.get("lon")):
        return float("inf")
    return haversine_km(place.lat, place.lon, other["lat"], other["lon"])
