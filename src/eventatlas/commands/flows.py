"""`eventatlas flows`: movement events as origin -> destination flows, for displacement analysts."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    app.command("flows")(flows)


def flows(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Article files (.txt/.html) to extract from.", show_default=False)] = None,
    results: Annotated[Path | None, typer.Option(
        help="Read `eventatlas extract` JSON or JSON Lines output instead of articles.")] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD for the articles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per flow.")] = False,
) -> None:
    """List movement flows (flight, forced displacement, relocation, return): origin,
    destination, who moved and how many, when, and according to whom."""
    from eventatlas.cli import fail, guard
    from eventatlas.dateinput import parse_date_option
    from eventatlas.extract import Extractor
    from eventatlas.settings import Settings

    if not paths and results is None:
        fail("give article files or --results FILE")
    try:
        if results is not None:
            documents = list(read_results(results))
        else:
            extractor = Extractor(Settings(published=parse_date_option(published)))
            documents = [extractor.extract_path(path) for path in paths or []]
    except typer.Exit:
        raise
    except Exception as error:
        guard(error)
    rows = [flow for document in documents for flow in flows_of(document)]
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    from eventatlas.evaluate import format_table

    typer.echo(format_table([_display(row) for row in rows]) if rows else "no movement events")


def read_results(path: Path) -> Iterator[dict[str, Any]]:
    """Extract output: one indented JSON document, or JSON Lines (error lines skipped)."""
    text = path.read_text(encoding="utf-8")
    stripped = text.lstrip()
    if stripped.startswith("{") and "\n{" not in stripped:
        yield json.loads(text)
        return
    for line in text.splitlines():
        if line.strip():
            record = json.loads(line)
            if "events" in record:
                yield record


def flows_of(result: dict[str, Any]) -> Iterable[dict[str, Any]]:
    document = result["document"]
    for event in result["events"]:
        if not event["type"].startswith("movement."):
            continue
        moved = [a for a in event["actors"] if a["role"] == "affected"]
        movers = [a for a in event["actors"] if a["role"] == "actor"]
        yield {
            "event_id": event["id"], "document_id": document["id"], "type": event["type"],
            "origin": _place(event.get("origin")),
            "destination": _place(event.get("destination")),
            "quantity": event.get("quantity"),
            "moved": [_group(a) for a in moved],
            "moved_by": [a["name"] for a in movers],
            "date": event.get("date"),
            "sources": sorted({item["source"] for item in event["evidence"] if item.get("source")}
                              | ({event["attribution"]["source"]} if event.get("attribution")
                                 else set())),
            "evidence": [item["text"] for item in event["evidence"]],
        }


def _place(place: dict[str, Any] | None) -> dict[str, Any] | None:
    if place is None:
        return None
    keys = ("name", "text", "precision", "geonameid", "lat", "lon", "admin1", "country_code",
            "basis")
    return {key: place.get(key) for key in keys}


def _group(actor: dict[str, Any]) -> str:
    ethnicity = actor.get("ethnicity") or ""
    ethnicity = f"{ethnicity} " if ethnicity and ethnicity not in actor["text"] else ""
    return f"{ethnicity}{actor['text']} ({actor['name']})"


def _display(row: dict[str, Any]) -> dict[str, Any]:
    quantity = row["quantity"] or {}
    if quantity.get("value") is not None:
        count = f"{quantity['value']} {quantity['unit']}"
    elif quantity:
        count = f"{quantity.get('low')}-{quantity.get('high') or '?'} {quantity['unit']}"
    else:
        count = "-"
    date = row["date"] or {}
    when = date.get("start") or "?"
    if date.get("end") and date.get("end") != date.get("start"):
        when = f"{when}..{date['end']}"
    return {
        "type": row["type"].split(".", 1)[1],
        "origin": (row["origin"] or {}).get("name") or "?",
        "destination": (row["destination"] or {}).get("name") or "?",
        "moved": "; ".join(row["moved"]) or "-",
        "count": count,
        "by": ", ".join(row["moved_by"]) or "-",
        "when": when,
        "sources": ", ".join(row["sources"]) or "(the outlet)",
    }
