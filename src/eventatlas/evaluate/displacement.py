"""`eventatlas eval displacement PATH`: movement events and their figures on displacement excerpts.

Two hand-labelled sets (see `../shared/data/displacement/README.md`), told apart by their CSV
header; PATH is one of the files or the folder holding both:

* **IDMC** (`idmc-labelled.csv`): one excerpt per row with the figure, the reporting term
  (Displaced, Evacuated, Destroyed Housing...), the unit (People / Households), the specific
  location and the country. An excerpt coded twice (two figures) is two rows.
* **ISI** (`isi-kili-spans.csv`): span labels on news pages. Every FACT sentence of a movement
  kind (DISPLACED, EVACUATED, FORCED_TO_FLEE, REFUGEE, RETURN, SHELTERED, RELIEF_CAMP,
  HOMELESS, RELOCATED) is one excerpt; its gold figures are the PERSON / HOUSEHOLD quantity
  spans inside it that state a number, its places the LOCATION_ORIGIN spans inside it.
  Sentences labelled by several labellers count once. DESTROYED_HOUSING-only facts are left out.

Neither set has a split: both are dev data, and every excerpt is scored. So that tuning shows
its generality, each excerpt also falls in one of two fixed halves by a stable hash (`half_of`)
of its source: the ISI page it was cut from, the IDMC excerpt's text (a text coded twice stays in
one half). `tune_*` figures are the half rules were tuned on, `check_*` the half left alone.
IDMC rows whose term counts housing (Destroyed / Partially Destroyed / Uninhabitable
Housing) report damage, not a movement; they are scored apart (`housing_*`) and left out of
the headline figures.

Each excerpt runs through the real pipeline (no publication date), as one paragraph (its line
breaks are the wrapping of the PDF it was copied from). Its movement event is the
first `movement.*` event with a figure, else the first movement event. Scores:

* `rejected`: the share of excerpts the pipeline refused as input (fewer words than an
  article, `settings.MIN_ARTICLE_WORDS`): each is a miss on every score below.
* `found`: a movement event exists.
* `figure_exact` / `figure_within_20`: our figure (the quantity's `value`, else `low`, else
  `high`; in the gold unit when the event also gives that unit) equals a gold figure / is
  within 20 % of it. Over excerpts with a gold figure; a miss when nothing is found.
* `figure_within_20_found`: the same over excerpts where a movement was found.
* `unit`: our unit class (people / households, families counting as households) equals
  gold's, over excerpts with a gold unit where we give a figure.
* `place`: a gold place name (accents and case folded) equals or contains, word for word, the
  name, words or admin1 of the event's origin, destination or location, or one of the
  gazetteer's places of that name in the gold country lies within 50 km of one of them. Over
  excerpts with a gold place; a miss when nothing is found.
* `place_named`: over the same excerpts, the share whose excerpt names a gold place at all
  (folded, word for word): IDMC codes the place from the whole report, so the rest are out of
  reach of any reading of the excerpt. A ceiling for `place`, not a score.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from eventatlas.evaluate import eval_app, print_report
from eventatlas.quantity import parse_number

PLACE_KM = 50.0
HOUSING_TERMS = frozenset({"destroyed housing", "partially destroyed housing",
                           "uninhabitable housing"})
ISI_MOVEMENT_KINDS = frozenset({"DISPLACED", "EVACUATED", "FORCED_TO_FLEE", "REFUGEE", "RETURN",
                                "SHELTERED", "RELIEF_CAMP", "HOMELESS", "RELOCATED"})
HOUSEHOLD_UNITS = frozenset({"households", "families", "houses"})


@dataclass(slots=True)
class GoldExcerpt:
    id: str
    corpus: str
    text: str
    figures: list[int]
    unit: str | None  # "people" / "households"
    term: str
    places: list[str]
    country: str | None  # ISO 3166-1 alpha-2

    @property
    def housing(self) -> bool:
        return self.term.lower() in HOUSING_TERMS


@dataclass(slots=True)
class Outcome:
    gold: GoldExcerpt
    event_type: str | None = None
    figure: int | None = None
    unit: str | None = None
    places: list[dict[str, Any]] = field(default_factory=list)
    quantity_text: str | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    rejected: str | None = None  # why the pipeline refused the excerpt


def half_of(gold: GoldExcerpt) -> str:
    """The fixed half an excerpt falls in, "tune" or "check", by a stable hash of its source:
    an ISI page's sentences overlap (the same fact cut by two labellers), so they share a half."""
    source = gold.id.rsplit("-", 1)[0] if gold.corpus == "isi" else fold(gold.text)
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "tune" if digest[0] % 2 == 0 else "check"


def _alpha2(value: str) -> str | None:
    """"Afghanistan;AFG;004" → "AF"."""
    import pycountry

    for part in value.split(";"):
        part = part.strip()
        if len(part) == 3 and part.isalpha():
            country = pycountry.countries.get(alpha_3=part.upper())
            if country is not None:
                return str(country.alpha_2)
    return None


def _split_places(value: str) -> list[str]:
    return [p.strip() for p in re.split(r",|;|\band\b|&", value) if p.strip()]


def read_idmc(path: Path) -> list[GoldExcerpt]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.DictReader(handle))
    excerpts = []
    for number, row in enumerate(rows, start=1):
        figure = parse_number(row.get("figure") or "")
        unit = (row.get("unit") or "").strip().lower() or None
        location = (row.get("specific_location") or "").strip()
        places = [location, *_split_places(location)] if location else []
        excerpts.append(GoldExcerpt(
            f"idmc-{number}", "idmc", row["excerpt"], [figure] if figure is not None else [],
            unit, (row.get("term") or "").strip(), places,
            _alpha2(row.get("location_country") or "")))
    return excerpts


def read_isi(path: Path) -> list[GoldExcerpt]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.DictReader(handle))
    spans: dict[str, list[tuple[str, str, float, float, str]]] = defaultdict(list)
    for row in rows:
        if row["offset_from"] and row["offset_to"]:
            spans[row["id"]].append((row["taskID"], row["value"], float(row["offset_from"]),
                                     float(row["offset_to"]), row["content"]))
    excerpts: dict[tuple[str, str], GoldExcerpt] = {}
    for doc_id, items in spans.items():
        for task, kind, start, end, content in items:
            if task != "FACT" or kind not in ISI_MOVEMENT_KINDS or not content.strip():
                continue
            inside = [(t, v, c) for t, v, s, e, c in items if s >= start - 1 and e <= end + 1]
            key = (doc_id, content.strip())
            gold = excerpts.get(key) or GoldExcerpt(
                f"isi-{doc_id}-{int(start)}", "isi", content.strip(), [], None, kind, [], None)
            excerpts[key] = gold
            for t, v, c in inside:
                if t == "QUANTITY" and v in ("PERSON", "HOUSEHOLD"):
                    number = _gold_number(c)
                    if number is not None and number not in gold.figures:
                        gold.figures.append(number)
                        gold.unit = gold.unit or ("people" if v == "PERSON" else "households")
                elif t == "LOCATION_ORIGIN" and c.strip() not in gold.places:
                    gold.places.append(c.strip())
    return list(excerpts.values())


_GOLD_NUMBER = re.compile(r"(\d{1,3}(?:[ ,]\d{3})+|\d+(?:\.\d+)?)(\s+(?:million|thousand))?",
                          re.IGNORECASE)


def _gold_number(text: str) -> int | None:
    """The figure of a gold quantity span: digits ("9 300", "1.6 million"), never words."""
    match = _GOLD_NUMBER.search(text)
    if match is None:
        return None
    return parse_number(re.sub(r"[ ,]", "", match.group(1)) + (match.group(2) or ""))


def read_gold(path: Path) -> list[GoldExcerpt]:
    if path.is_dir():
        return [e for name in ("idmc-labelled.csv", "isi-kili-spans.csv")
                if (path / name).exists() for e in read_gold(path / name)]
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        header = handle.readline()
    return read_idmc(path) if "excerpt" in header else read_isi(path)


def _lines(excerpts: Iterable[GoldExcerpt]) -> Iterator[str]:
    for excerpt in excerpts:
        yield json.dumps({"id": excerpt.id, "text": unwrapped(excerpt.text)})


def unwrapped(text: str) -> str:
    """An excerpt as one paragraph: IDMC's are quotes copied out of PDF reports, whose line
    breaks wrap the lines of one sentence ("618\npeople rescued"); read as paragraph breaks,
    the first line became a headline and the rest too short to be an article."""
    return " ".join(text.split())


def movement_event(events: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The first movement event with a figure, else the first movement event."""
    moves = [e for e in events if str(e.get("type", "")).startswith("movement.")]
    counted = [e for e in moves if _figure(e.get("quantity")) is not None]
    return (counted or moves or [None])[0]


def _figure(quantity: dict[str, Any] | None) -> int | None:
    if not quantity:
        return None
    for key in ("value", "low", "high"):
        if quantity.get(key) is not None:
            return int(quantity[key])
    return None


def unit_class(unit: str | None) -> str | None:
    if unit is None:
        return None
    return "households" if unit in HOUSEHOLD_UNITS else "people"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def _names_match(gold: str, ours: str) -> bool:
    gold, ours = fold(gold), fold(ours)
    if not gold or not ours:
        return False
    return gold == ours or f" {ours} " in f" {gold} " or f" {gold} " in f" {ours} "


def outcome_of(gold: GoldExcerpt, result: dict[str, Any]) -> Outcome:
    outcome = Outcome(gold)
    if "error" in result:
        outcome.rejected = str(result["error"].get("message", result["error"]))
    event = movement_event(result.get("events", []))
    if event is None:
        return outcome
    outcome.event_type = event["type"]
    outcome.places = [p for key in ("origin", "destination", "location")
                      if (p := event.get(key))]
    quantity = event.get("quantity")
    if quantity:
        chosen = quantity
        other = quantity.get("equivalent")
        if other and gold.unit and unit_class(other.get("unit")) == gold.unit != unit_class(
                quantity.get("unit")):
            chosen = other
        outcome.figure, outcome.unit = _figure(chosen), unit_class(chosen.get("unit"))
        outcome.quantity_text = chosen.get("text")
    return outcome


def place_match(gold: GoldExcerpt, places: Sequence[dict[str, Any]]) -> bool:
    for place in places:
        names = [place.get("name"), place.get("text"), place.get("admin1")]
        if any(_names_match(g, n) for g in gold.places for n in names if n):
            return True
    return any(_near(gold, place) for place in places)


def _near(gold: GoldExcerpt, place: dict[str, Any]) -> bool:
    from eventatlas.geo.gazetteer import haversine_km, shared_gazetteer

    if place.get("lat") is None or place.get("lon") is None:
        return False
    gazetteer = shared_gazetteer()
    for name in gold.places:
        for candidate in gazetteer.lookup(name):
            if gold.country and candidate.country_code != gold.country:
                continue
            if candidate.lat is not None and candidate.lon is not None and haversine_km(
                    candidate.lat, candidate.lon, place["lat"], place["lon"]) <= PLACE_KM:
                return True
    return False


def score(outcome: Outcome) -> dict[str, bool]:
    gold, flags = outcome.gold, {"found": outcome.event_type is not None}
    if gold.figures:
        ours = outcome.figure
        flags["figure_exact"] = ours is not None and ours in gold.figures
        flags["figure_within_20"] = ours is not None and any(
            abs(ours - figure) <= 0.2 * figure for figure in gold.figures)
        if outcome.event_type is not None:  # the figure reading alone, detection aside
            flags["figure_within_20_found"] = flags["figure_within_20"]
    if gold.unit and outcome.figure is not None:
        flags["unit"] = outcome.unit == gold.unit
    if gold.places:
        flags["place"] = place_match(gold, outcome.places)
        text = f" {fold(gold.text)} "
        flags["place_named"] = any(f" {name} " in text for p in gold.places if (name := fold(p)))
    return flags


METRICS = ("found", "figure_exact", "figure_within_20", "figure_within_20_found", "unit",
           "place", "place_named")


def summarise(outcomes: Sequence[Outcome], prefix: str = "") -> dict[str, Any]:
    metrics: dict[str, Any] = {f"{prefix}excerpts": len(outcomes)}
    if outcomes:
        rejected = sum(o.rejected is not None for o in outcomes) / len(outcomes)
        metrics[f"{prefix}rejected"] = round(rejected, 4)
    for name in METRICS:
        values = [o.flags[name] for o in outcomes if name in o.flags]
        metrics[f"{prefix}{name}"] = round(sum(values) / len(values), 4) if values else None
        metrics[f"{prefix}{name}_n"] = len(values)
    return metrics


def evaluate(path: Path, limit: int | None = None) -> tuple[dict[str, Any], list[Outcome]]:
    from eventatlas.extract import Extractor  # loads spaCy: only when the command runs

    excerpts = read_gold(path)[:limit]
    results = list(Extractor().extract_jsonl(_lines(excerpts)))
    outcomes = [outcome_of(gold, result)
                for gold, result in zip(excerpts, results, strict=True)]
    for outcome in outcomes:
        outcome.flags = score(outcome)
    movement = [o for o in outcomes if not o.gold.housing]
    metrics = {"scored_on": "every excerpt (no split in the data; tune_/check_ halves by id "
                            "hash); housing rows apart",
               **summarise(movement)}
    for corpus in sorted({o.gold.corpus for o in outcomes}):
        metrics.update(summarise([o for o in movement if o.gold.corpus == corpus], f"{corpus}_"))
    for half in ("tune", "check"):
        metrics.update(summarise([o for o in movement if half_of(o.gold) == half], f"{half}_"))
    housing = [o for o in outcomes if o.gold.housing]
    if housing:
        metrics.update(summarise(housing, "housing_"))
    return metrics, outcomes


def _row(outcome: Outcome) -> dict[str, Any]:
    gold, flags = outcome.gold, outcome.flags
    return {"id": gold.id, "half": half_of(gold), "term": gold.term,
            "gold": "/".join(map(str, gold.figures)),
            "unit": gold.unit, "ours": outcome.figure, "our_unit": outcome.unit,
            "type": outcome.event_type, "quantity": outcome.quantity_text,
            "gold_place": "; ".join(gold.places[:1]),
            "our_place": "; ".join(str(p.get("name")) for p in outcome.places),
            "ok": "".join("Y" if flags.get(k) else "." for k in
                          ("found", "figure_within_20", "unit", "place")),
            "rejected": outcome.rejected}


@eval_app.command("displacement")
def eval_displacement(
    path: Annotated[Path, typer.Argument(
        help="idmc-labelled.csv, isi-kili-spans.csv or the folder holding them.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    limit: Annotated[int | None, typer.Option(help="Only the first N excerpts.")] = None,
    rows: Annotated[bool, typer.Option(help="Also list every excerpt's outcome.")] = False,
) -> None:
    """Movement found, figure (exact / within 20 %), unit and place against IDMC/ISI gold."""
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist", param_hint="PATH")
    metrics, outcomes = evaluate(path, limit)
    table = [_row(outcome) for outcome in outcomes] if rows else []
    print_report(f"Displacement excerpts: {path}", metrics, as_json=as_json, rows=table)
