"""`eventatlas ingest PATH...`: extract events from files, folders, JSON Lines, CSV, RSS/Atom
and WARC into the store, fusing reports of the same happening; `eventatlas store info` shows
what a store holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

DB_HELP = ("Store URL: a .duckdb path, duckdb:///path, or postgresql://...; default: a DuckDB "
           "file in the data dir.")
store_app = typer.Typer(help="Inspect or migrate the event store.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.add_typer(store_app, name="store")


def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files or folders (recursive): .txt/.html articles, .jsonl, .csv, RSS/Atom "
             ".xml/.rss/.atom, .warc/.warc.gz; '-' reads JSON Lines from stdin.",
        show_default=False)],
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD for inputs that do not state one.")] = None,
    text_column: Annotated[str | None, typer.Option(
        help="CSV column holding the article text (default: text, article_content...).")] = None,
    report: Annotated[Path | None, typer.Option(
        help="Write the run summary and every failure as JSON to this file.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Ingest documents into the store. Re-running with the same inputs adds nothing new and
    resumes an interrupted run; each document is committed whole or not at all."""
    from eventatlas.cli import EXIT_PARTIAL, guard
    from eventatlas.dateinput import parse_date_option
    from eventatlas.ingest.sources import iter_sources
    from eventatlas.pipeline import Pipeline
    from eventatlas.store import open_store
    from eventatlas.store.loader import Loader

    try:
        day = parse_date_option(published)
        store = open_store(db)
        loader = Loader(store, Pipeline(), published=day)
        items = iter_sources(paths, text_column=text_column)
        summary = _run(loader, items, progress)
        counts = store.counts()
        store.close()
    except Exception as error:
        guard(error)
    _print_summary(summary.as_dict(), counts, report)
    if summary.failures:
        raise typer.Exit(EXIT_PARTIAL)


def _run(loader: Any, items: Any, progress: bool) -> Any:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if not progress or not console.is_terminal:
        return loader.run(items)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingesting", total=None)

        def update(state: Any) -> None:
            bar.update(task, description=f"{state.seen} documents: {state.added} added, "
                       f"{state.duplicates} already stored, {len(state.failures)} failed")

        return loader.run(items, on_item=update)


def _print_summary(summary: dict[str, Any], counts: dict[str, int], report: Path | None) -> None:
    for failure in summary["failures"]:
        typer.echo(f"eventatlas: failed: {failure['source']}: {failure['error']}", err=True)
    typer.echo(
        f"ingest: {summary['documents_added']} documents added, {summary['duplicates']} "
        f"already stored, {summary['failed']} failed; {summary['events_added']} events. "
        f"Store: {counts['documents']} documents, {counts['events']} report events, "
        f"{counts['clusters']} fused events."
    )
    if report is not None:
        report.write_text(json.dumps(summary | {"store": counts}, indent=2), encoding="utf-8")


@store_app.command("info")
def store_info(db: Annotated[str | None, typer.Option(help=DB_HELP)] = None) -> None:
    """Print the store's location, schema version, row counts and any integrity problems."""
    from eventatlas.cli import guard
    from eventatlas.store import open_store
    from eventatlas.store.schema import schema_version

    try:
        store = open_store(db)
        info = {"url": store.db.url, "schema_version": schema_version(store.db)}
        info |= store.counts()
        info["problems"] = store.verify()
        store.close()
    except Exception as error:
        guard(error)
    typer.echo(json.dumps(info, indent=2))
