"""`eventatlas actors`: list the actor ontology, or the actors (and unknown organisations) that
articles name, so an analyst can grow actors.yaml."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from eventatlas.actors.ontology import ActorEntry, ActorOntology
    from eventatlas.actors.resolve import ActorResolver


def register(app: typer.Typer) -> None:
    app.command("actors")(actors_command)


def actors_command(
    files: Annotated[list[Path] | None, typer.Argument(
        help="Article files (txt/html). Without files, list the ontology.")] = None,
    unknown: Annotated[bool, typer.Option(
        "--unknown", help="With files: list organisations the ontology does not know.")] = False,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="Only actors of this kind (state_forces, rebel_group, media...).")] = None,
    include_generated: Annotated[bool, typer.Option(
        "--all", help="Also list the generated state actors of every country.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """List the actor ontology, the known actors articles name, or (--unknown) the
    organisations they name that the ontology lacks."""
    from eventatlas.actors.ontology import KINDS, load_ontology
    from eventatlas.cli import fail, guard

    if kind is not None and kind not in KINDS and kind != "unknown":
        fail(f"--kind: {kind!r} is not one of {', '.join(sorted(KINDS))}")
    ontology = load_ontology()
    try:
        if not files:
            rows = _ontology_rows(ontology, kind, include_generated)
        else:
            rows = _document_rows(files, unknown, kind)
    except Exception as error:
        guard(error)
    _print(rows, as_json)


def _ontology_rows(ontology: ActorOntology, kind: str | None,
                   include_generated: bool) -> list[dict[str, Any]]:
    entries = ontology.entries.values() if include_generated else ontology.curated()
    return [_entry_row(entry) for entry in entries if kind is None or entry.kind == kind]


def _entry_row(entry: ActorEntry) -> dict[str, Any]:
    first, last = entry.years
    years = f"{first or ''}-{last or ''}" if (first or last) else None
    return {"id": entry.id, "name": entry.name, "kind": entry.kind, "country": entry.country,
            "parent": entry.parent, "years": years, "aliases": list(entry.aliases)}


def _document_rows(files: list[Path], unknown: bool, kind: str | None) -> list[dict[str, Any]]:
    from eventatlas.actors.unknown import collect_unknown

    extractor_nlp, resolver = _models()
    docs = [(path.name, extractor_nlp(_read(path))) for path in files]
    if unknown:
        found = collect_unknown(docs, resolver)
        return [item.as_dict() for item in found
                if kind is None or item.suggested_kind == kind]
    return _known_rows(docs, resolver, kind)


def _known_rows(docs: list[tuple[str, Any]], resolver: ActorResolver,
                kind: str | None) -> list[dict[str, Any]]:
    """Known actors named in the documents, by mention count."""
    counts: Counter[str] = Counter()
    for _, doc in docs:
        counts.update(match.entry.id for match in resolver.ontology.find_all(doc.text))
    rows = []
    for actor_id, count in counts.most_common():
        entry = resolver.ontology.get(actor_id)
        if kind is None or entry.kind == kind:
            rows.append({"id": entry.id, "name": entry.name, "kind": entry.kind,
                         "count": count})
    return rows


def _models() -> tuple[Any, ActorResolver]:
    from eventatlas.extract import Extractor

    pipeline = Extractor().pipeline
    return pipeline.nlp, pipeline.actors


def _read(path: Path) -> str:
    """The cleaned article body, as `eventatlas extract` reads it (HTML included)."""
    from eventatlas.ingest import build_document, read_path

    return build_document(read_path(path)).text


def _print(rows: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    if not rows:
        typer.echo("(none)")
        return
    from eventatlas.evaluate import format_table

    shown = [{key: _short(value) for key, value in row.items()} for row in rows]
    typer.echo(format_table(shown))


def _short(value: Any, width: int = 70) -> Any:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    if isinstance(value, str) and len(value) > width:
        return value[: width - 1] + "…"
    return value
