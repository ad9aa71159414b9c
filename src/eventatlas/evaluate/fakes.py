"""`eventatlas eval fakes PATH`: event dates and civilian tolls on FA-KES (Syrian war news).

Each FA-KES row is one article with crowd-sourced gold for its main event: the event date
(m/d/y), civilian deaths (`nb_civilians`) and combatant deaths (`nb_noncivilians`). The article
runs through the real pipeline with no publication date given (the gold date is the *event*
date, so passing it would be cheating): the pipeline must find the date the article states
itself, usually a leading "Wed 05 Apr 2017" or "Published July 12 2016"; how often it does is
reported as `published_found`.

Mapping gold to ours:

* **Main event**: the lead violent event (battles, remote violence, attacks on civilians,
  riots): the first, in document order, that has a fatality figure and is dated as news (a
  range of at most a week, ending at most two weeks before publication), not as background
  ("have been killed since March 2011"); failing that the first violent event dated as news,
  then the first violent event with a figure, the first violent event, the first event.
  Articles with no event count as misses. (First beat largest: the largest toll in an article
  is often a cumulative or historical one.)
* **Date**: correct when the main event's date is a day (or a range of at most three days) and
  the gold date is within one day of it. `date_in_range` is the looser check that the gold day
  lies within the range (±1 day) whatever its length.
* **Civilian deaths**: `eventatlas.events.counting.civilian_toll` of the main event: its best
  fatality figure when its victims are civilians or people at large, 0 when they are named
  combatants, None when it has no figure. None counts as 0 against a gold 0 (the article reports
  no civilian deaths) and as a miss otherwise; `civilians_covered` is the share of articles with
  gold > 0 where we give any figure. Exact match and within 20 % (|ours − gold| ≤ 0.2 × gold).

`--ceiling` sorts the date misses by what the text allows (`miss_kind`): `no_publication` (no
date of its own found: relative dates stay unresolved), `gold_is_publication` (gold within a
day of the publication date, ours elsewhere), `in_text` (some time expression, read against the
publication date or any full date in the text, in any tense, names a day within one of gold),
`out_of_text` (none does: the gold date cannot be read from the article).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from eventatlas.corpora.fakes import GoldArticle, read_fakes
from eventatlas.evaluate import eval_app, print_report, share
from eventatlas.events.counting import civilian_toll, is_violent

# Issue 19: no FA-KES event placed outside Syria and its neighbours unless the text names that
# place as the setting ("talks in Geneva"); `outside_region` lists them to be read.
SYRIA_AND_NEIGHBOURS = frozenset({"SY", "TR", "LB", "JO", "IQ", "IL", "PS"})
MAX_DAY_SPAN = 3  # a range this short still names "the day" for the ±1 check
NEWS_SPAN_DAYS = 7  # a main event is dated to a day or a few: longer ranges are background
STALE_DAYS = 14  # ...and ends no more than this long before publication


@dataclass(slots=True)
class Outcome:
    """What we found for one article, next to its gold."""

    gold: GoldArticle
    published: date | None = None
    event_type: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    civilians: int | None = None
    error: str | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    # (place words, resolved name, country code, event type) of every event placed abroad
    outside: list[tuple[str, str, str, str]] = field(default_factory=list)


def _lines(articles: Sequence[GoldArticle]) -> Iterator[str]:
    for article in articles:
        # Deliberately no "published": the pipeline finds the article's own date.
        yield json.dumps({"id": article.id, "title": article.title or None,
                          "text": article.text})


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def main_event(events: list[dict[str, Any]], published: date | None = None
               ) -> dict[str, Any] | None:
    """The article's lead violent event: the first violent event with a fatality figure among
    those of the news itself (dated to at most a week, ending no more than two weeks before
    publication); failing that the first such event, then the first violent event with a
    figure, the first violent event, the first event."""
    violent = [event for event in events if is_violent(event["type"])]
    news = [event for event in violent if not is_background(event, published)]
    counted_news = [event for event in news if _toll(event) is not None]
    counted = [event for event in violent if _toll(event) is not None]
    for pool in (counted_news, news, counted, violent, events):
        if pool:
            return pool[0]
    return None


def is_background(event: dict[str, Any], published: date | None) -> bool:
    """Dated as history ("in March 2011") or a long period rather than as the news."""
    when = event.get("date") or {}
    start, end = _iso(when.get("start")), _iso(when.get("end"))
    if start is None or end is None:
        return False
    stale = published is not None and end < published - timedelta(days=STALE_DAYS)
    return stale or (end - start).days > NEWS_SPAN_DAYS


def _toll(event: dict[str, Any]) -> int | None:
    fatalities = event.get("fatalities") or {}
    return fatalities.get("best") if fatalities.get("best") is not None else fatalities.get("low")


def outcome_of(article: GoldArticle, result: dict[str, Any]) -> Outcome:
    outcome = Outcome(article)
    if "error" in result:
        outcome.error = result["error"].get("message")
        return outcome
    outcome.published = _iso(result["document"].get("published"))
    outcome.outside = placed_outside(result.get("events", []))
    event = main_event(result.get("events", []), outcome.published)
    if event is None:
        return outcome
    outcome.event_type = event["type"]
    when = event.get("date") or {}
    outcome.date_start, outcome.date_end = _iso(when.get("start")), _iso(when.get("end"))
    outcome.civilians = civilian_toll(event)
    return outcome


def placed_outside(events: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """The places outside Syria and its neighbours that events (not background) are put at."""
    found = []
    for event in events:
        if event.get("background"):
            continue
        for role in ("location", "origin", "destination"):
            place = event.get(role) or {}
            code = place.get("country_code")
            if place.get("lat") is not None and code and code not in SYRIA_AND_NEIGHBOURS:
                found.append((place.get("text") or "", place.get("name") or "", code,
                              event.get("type") or ""))
    return found


def score(outcome: Outcome) -> dict[str, bool]:
    gold, start, end = outcome.gold, outcome.date_start, outcome.date_end
    flags: dict[str, bool] = {}
    if gold.date is not None:
        dated = start is not None and end is not None
        near = dated and (start - gold.date).days <= 1 and (gold.date - end).days <= 1  # type: ignore[operator]
        flags["date_within_1"] = bool(near and (end - start).days < MAX_DAY_SPAN)  # type: ignore[operator]
        flags["date_in_range"] = bool(near)
        flags["date_given"] = dated
    if gold.civilians is not None:
        ours = outcome.civilians if outcome.civilians is not None else 0
        flags["civilians_exact"] = ours == gold.civilians
        flags["civilians_within_20"] = abs(ours - gold.civilians) <= 0.2 * gold.civilians
        if gold.civilians > 0:
            flags["civilians_covered"] = outcome.civilians is not None
    return flags


def evaluate(path: Path, limit: int | None = None, ceiling: bool = False
             ) -> tuple[dict[str, Any], list[Outcome]]:
    from eventatlas.extract import Extractor  # loads spaCy: only when the command runs

    articles = read_fakes(path, limit)
    results = list(Extractor().extract_jsonl(_lines(articles)))
    outcomes = [outcome_of(article, result)
                for article, result in zip(articles, results, strict=True)]
    for outcome in outcomes:
        outcome.flags = score(outcome)
    metrics = summarise(outcomes)
    if ceiling:
        kinds = [miss_kind(outcome, (result.get("document") or {}).get("text", ""))
                 for outcome, result in zip(outcomes, results, strict=True)]
        counts = {kind: kinds.count(kind) for kind in
                  ("no_publication", "gold_is_publication", "in_text", "out_of_text")}
        dated = sum(outcome.gold.date is not None for outcome in outcomes)
        metrics["date_misses"] = counts
        if dated:
            lost = counts["no_publication"] + counts["out_of_text"]
            metrics["date_ceiling"] = round(1 - lost / dated, 4)
    return metrics, outcomes


def summarise(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    metrics: dict[str, Any] = {
        "articles": len(outcomes),
        "errors": sum(o.error is not None for o in outcomes),
        "published_found": share(o.published is not None for o in outcomes),
        "with_main_event": share(o.event_type is not None for o in outcomes),
        "places_outside_region": sum(len(o.outside) for o in outcomes),
        "articles_with_place_outside_region": sum(bool(o.outside) for o in outcomes),
    }
    names = ("date_within_1", "date_in_range", "date_given", "civilians_exact",
             "civilians_within_20", "civilians_covered")
    for name in names:
        metrics[name] = share(o.flags[name] for o in outcomes if name in o.flags)
    return metrics


_FAR_REFERENCES = (date(1990, 6, 15), date(2040, 6, 15))


def miss_kind(outcome: Outcome, text: str) -> str | None:
    """Why a date miss is one (see the module notes); None for a hit or an undated gold."""
    from eventatlas.time import find_time_expressions, resolve_expression

    gold = outcome.gold.date
    if gold is None or outcome.flags.get("date_within_1"):
        return None
    published = outcome.published
    if published is None:
        return "no_publication"
    if abs((gold - published).days) <= 1:
        return "gold_is_publication"
    expressions = [expression.text for expression in find_time_expressions(text)]
    tenses: tuple[Any, ...] = (None, "past", "future")
    references = {published}
    for words in expressions:
        first, second = (resolve_expression(words, far) for far in _FAR_REFERENCES)
        if first is not None and first == second and first.start is not None:
            references.add(first.start)
    for words in expressions:
        for reference in references:
            for tense in tenses:
                found = resolve_expression(words, reference, tense=tense)
                if (found is not None and found.start is not None and found.end is not None
                        and (found.end - found.start).days < MAX_DAY_SPAN
                        and (found.start - gold).days <= 1 and (gold - found.end).days <= 1):
                    return "in_text"
    return "out_of_text"


def _row(outcome: Outcome) -> dict[str, Any]:
    gold = outcome.gold
    return {"id": gold.id, "gold_date": gold.date, "published": outcome.published,
            "ours": f"{outcome.date_start}..{outcome.date_end}" if outcome.date_start else None,
            "gold_civ": gold.civilians, "ours_civ": outcome.civilians,
            "type": outcome.event_type,
            "ok": "".join("Y" if outcome.flags.get(k) else "." for k in
                          ("date_within_1", "civilians_exact"))}


@eval_app.command("fakes")
def eval_fakes(
    path: Annotated[Path, typer.Argument(help="fakes-dev.csv (FA-KES with gold columns).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
    limit: Annotated[int | None, typer.Option(help="Only the first N articles.")] = None,
    rows: Annotated[bool, typer.Option(help="Also list every article's outcome.")] = False,
    outside: Annotated[bool, typer.Option(
        help="List every event place outside Syria and its neighbours instead of the rows.")
    ] = False,
    ceiling: Annotated[bool, typer.Option(
        help="Also sort the date misses by what the text allows (date_misses, date_ceiling)."
    )] = False,
) -> None:
    """Event date (±1 day) and civilian death toll against FA-KES gold."""
    if not path.exists():
        raise typer.BadParameter(f"{path} does not exist", param_hint="PATH")
    metrics, outcomes = evaluate(path, limit, ceiling)
    table = [_row(outcome) for outcome in outcomes] if rows else []
    if outside:
        table = [{"id": o.gold.id, "words": words, "place": name, "country": code, "type": kind}
                 for o in outcomes for words, name, code, kind in o.outside]
    print_report(f"FA-KES main event: {path}", metrics, as_json=as_json,
                 rows=[{k: (str(v) if isinstance(v, date) else v) for k, v in r.items()}
                       for r in table])
