"""`eventatlas eval acled FILE`: the main event of each ACLED-coded note, scored as ACLED codes it.

Each row of an ACLED export is one coded event with its English `notes`. The note runs through
the real pipeline as a document published on the event date (dates are not scored here). Our
**main event** is the first event, in text order, of an ACLED type and not background; failing
that the first event. A note with no event is a miss on every measure.

Measures: event type accuracy and macro-F1 (6 types), sub-event type macro-F1 and per-class F1
(ACLED's 25, in our codes), the no-event rate, events per note, the main event within 50 km of
ACLED's coordinates, admin1 match (accents, case and punctuation ignored), actor1/actor2 match (the
event's `acled.actor1`/`actor2` against ACLED's name, both without the "(2016-)" period),
inter1 accuracy (rows with an inter1 code), and fatalities exact (all rows, and rows with
deaths; no figure counts as 0). With `--train` the same figures are also given for the dev notes
with no near-duplicate in the training file (`novel_*`), since ACLED often writes near-identical
notes for related events.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from eventatlas import ontology
from eventatlas.corpora.acled import AcledRow, read_rows
from eventatlas.evaluate import eval_app, print_report, share
from eventatlas.geo.gazetteer import haversine_km

WITHIN_KM = 50.0


@dataclass(slots=True)
class Outcome:
    row: AcledRow
    events: int = 0
    code: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    inter1: int | None = None
    fatalities: int | None = None


def main_event(events: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    coded = [e for e in events if e.get("acled") and not e.get("background")]
    return (coded or list(events) or [None])[0]


def outcome_of(row: AcledRow, result: dict[str, Any]) -> Outcome:
    events = result.get("events") or []
    outcome = Outcome(row, events=len(events))
    event = main_event(events)
    if event is None:
        return outcome
    place = event.get("location") or event.get("origin") or event.get("destination") or {}
    sides = event.get("acled") or {}
    fatalities = event.get("fatalities") or {}
    outcome.code = event["type"]
    outcome.lat, outcome.lon = place.get("lat"), place.get("lon")
    outcome.admin1 = place.get("admin1")
    outcome.actor1, outcome.actor2 = sides.get("actor1"), sides.get("actor2")
    outcome.inter1 = sides.get("inter1")
    outcome.fatalities = fatalities.get("best", fatalities.get("low"))
    return outcome


def _name(value: str | None) -> str:
    """Compare names without accents, case, punctuation or ACLED's "(2016-)" period."""
    value = re.sub(r"\(\d{4}-\d{0,4}\)", "", value or "")
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value.lower()).split())


def flags(outcome: Outcome) -> dict[str, bool]:
    row, found = outcome.row, outcome.code is not None
    ours = ontology.acled_mapping(outcome.code) if found and outcome.code else None
    result = {"sub_event_ok": bool(ours and ours["sub_event_type"] == row.sub_event_type),
              "event_type_ok": bool(ours and ours["event_type"] == row.event_type),
              "has_coordinates": outcome.lat is not None}
    if row.latitude is not None and row.longitude is not None:
        result["within_50km"] = (outcome.lat is not None and outcome.lon is not None
                                 and haversine_km(outcome.lat, outcome.lon, row.latitude,
                                                  row.longitude) <= WITHIN_KM)
    if row.admin1:
        result["admin1_ok"] = _name(outcome.admin1) == _name(row.admin1)
    if row.actor1:
        result["actor1_ok"] = _name(outcome.actor1) == _name(row.actor1)
    if row.actor2:
        result["actor2_ok"] = _name(outcome.actor2) == _name(row.actor2)
    if row.inter1.strip().isdigit():
        result["inter1_ok"] = outcome.inter1 == int(row.inter1)
    if row.fatalities is not None:
        result["fatalities_exact"] = (outcome.fatalities or 0) == row.fatalities
        if row.fatalities > 0:
            result["fatalities_exact_with_deaths"] = result["fatalities_exact"]
    return result


def _f1(golds: Sequence[str], predicted: Sequence[str | None], label: str) -> float:
    tp = sum(g == label and p == label for g, p in zip(golds, predicted, strict=True))
    fp = sum(g != label and p == label for g, p in zip(golds, predicted, strict=True))
    fn = sum(g == label and p != label for g, p in zip(golds, predicted, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def per_class_f1(outcomes: Sequence[Outcome], field: str) -> dict[str, tuple[float, int]]:
    """F1 and gold support of each ACLED (sub-)event type."""
    golds = [getattr(o.row, field) for o in outcomes]
    predicted = [(ontology.acled_mapping(o.code) or {}).get(field) if o.code else None
                 for o in outcomes]
    return {label: (round(_f1(golds, predicted, label), 4), golds.count(label))
            for label in sorted(set(golds))}


def summarise(outcomes: Sequence[Outcome], prefix: str = "") -> dict[str, Any]:
    scored = [flags(o) for o in outcomes]
    metrics: dict[str, Any] = {f"{prefix}notes": len(outcomes)}
    if not outcomes:
        return metrics
    sub = per_class_f1(outcomes, "sub_event_type")
    types = per_class_f1(outcomes, "event_type")
    metrics[f"{prefix}sub_event_macro_f1"] = round(sum(f for f, _ in sub.values()) / len(sub), 4)
    metrics[f"{prefix}event_type_macro_f1"] = round(
        sum(f for f, _ in types.values()) / len(types), 4)
    metrics[f"{prefix}no_event_rate"] = share([o.code is None for o in outcomes])
    metrics[f"{prefix}events_per_note"] = round(sum(o.events for o in outcomes) / len(outcomes), 3)
    for name in ("event_type_ok", "sub_event_ok", "has_coordinates", "within_50km", "admin1_ok",
                 "actor1_ok", "actor2_ok", "inter1_ok", "fatalities_exact",
                 "fatalities_exact_with_deaths"):
        metrics[f"{prefix}{name}"] = share([f[name] for f in scored if name in f])
    return metrics


def run(path: Path, limit: int | None) -> list[Outcome]:
    from eventatlas.extract import Extractor  # loads spaCy: only when the command runs

    rows = list(read_rows(path, limit))
    lines = (json.dumps({"id": row.id, "text": row.notes,
                         "published": row.event_date.isoformat() if row.event_date else None})
             for row in rows)
    results = Extractor().extract_jsonl(lines)
    return [outcome_of(row, result) for row, result in zip(rows, results, strict=True)]


@eval_app.command("acled")
def eval_acled(
    path: Annotated[Path, typer.Argument(help="An ACLED CSV with notes (e.g. dev.csv).")],
    train: Annotated[Path | None, typer.Option(
        help="The training CSV: also report on the notes with no near-duplicate in it.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    limit: Annotated[int | None, typer.Option(help="Only the first N rows.")] = None,
    classes: Annotated[bool, typer.Option(help="List per-sub-type F1 too.")] = True,
) -> None:
    """Event and sub-event type, places, actors and deaths of the main event per ACLED row."""
    from eventatlas.cli import fail

    if not path.is_file():
        fail(f"{path} does not exist")
    outcomes = run(path, limit)
    metrics = summarise(outcomes)
    if train is not None:
        from eventatlas.evaluate.acled_overlap import cached_flags

        near = cached_flags(path, train, [o.row.notes for o in outcomes])
        metrics.update(summarise([o for o, n in zip(outcomes, near, strict=True) if not n],
                                 prefix="novel_"))
    rows = [{"sub_event_type": label, "f1": f1, "support": n}
            for label, (f1, n) in per_class_f1(outcomes, "sub_event_type").items()] if classes \
        else []
    print_report(f"ACLED main event: {path}", metrics, as_json=as_json, rows=rows)
