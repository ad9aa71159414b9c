"""`eventatlas` command line: a thin layer over `eventatlas.extract` and friends.

Errors the user can fix (bad file, bad option) print one line on stderr and exit with 2;
nothing prints a traceback unless EVENTATLAS_DEBUG is set.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from eventatlas import __version__
from eventatlas.errors import EventAtlasError

EXIT_USAGE = 2  # bad input or options
EXIT_PARTIAL = 1  # a batch finished but some documents failed

app = typer.Typer(
    name="eventatlas",
    help="Sourced, geolocated conflict events from news reports, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    json = "json"
    table = "table"
    geojson = "geojson"


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(f"eventatlas: error: {message}", err=True)
    raise typer.Exit(code)


def guard(error: Exception) -> NoReturn:
    """Report an exception as a one-line error (or re-raise it under EVENTATLAS_DEBUG)."""
    if os.environ.get("EVENTATLAS_DEBUG"):
        raise error
    if isinstance(error, EventAtlasError):
        fail(str(error))
    fail(f"unexpected {type(error).__name__}: {error} (set EVENTATLAS_DEBUG=1 for details)")


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Only warnings and errors on stderr: no progress bars.")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Debug messages on stderr as well.")] = False,
) -> None:
    from eventatlas import progress

    if quiet and verbose:
        fail("give --quiet or --verbose, not both")
    progress.configure(progress.QUIET if quiet else progress.VERBOSE if verbose
                       else progress.NORMAL)
    if version:
        typer.echo(__version__)
        raise typer.Exit()


@app.command()
def extract(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Article files (.txt or .html); '-' reads stdin.", show_default=False)] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD; relative dates resolve against it.")] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="json (default), table or geojson.")] = OutputFormat.json,
    jsonl: Annotated[str | None, typer.Option(
        help="Read many documents from a JSON Lines file ('-' for stdin) and write JSON Lines.",
        show_default=False)] = None,
) -> None:
    """Extract evidenced events from articles and print them (JSON by default)."""
    from eventatlas.dateinput import parse_date_option
    from eventatlas.extract import Extractor
    from eventatlas.settings import Settings

    try:
        settings = Settings(published=parse_date_option(published))
        extractor = Extractor(settings)
        if jsonl is not None:
            _extract_jsonl(extractor, jsonl, paths)
            return
        if not paths:
            fail("give at least one file, '-' for stdin, or --jsonl FILE")
        results, failures = _extract_paths(extractor, paths)
    except typer.Exit:
        raise
    except Exception as error:
        guard(error)
    _print_results(results, output_format)
    if failures:
        raise typer.Exit(EXIT_USAGE if not results else EXIT_PARTIAL)


def _extract_paths(extractor: Any, paths: list[str]) -> tuple[list[dict[str, Any]], int]:
    """Each path in turn; a bad one is reported and the others still run."""
    results: list[dict[str, Any]] = []
    failures = 0
    for name in paths:
        try:
            if name == "-":
                results.append(extractor.extract_bytes(sys.stdin.buffer.read()))
            else:
                results.append(extractor.extract_path(Path(name)))
        except EventAtlasError as error:
            failures += 1
            typer.echo(f"eventatlas: error: {error}", err=True)
    return results, failures


def _extract_jsonl(extractor: Any, source: str, paths: list[str] | None) -> None:
    if paths:
        fail("--jsonl reads its documents from FILE; do not also give paths")
    # Bytes, every line kept: the extractor decodes each line as strict UTF-8 (the same for a
    # file and stdin) and answers a blank line too, so output line n answers input line n.
    stream = sys.stdin.buffer if source == "-" else _open_binary(Path(source))
    total = errors = 0
    for item in extractor.extract_jsonl(stream):
        total += 1
        errors += "error" in item
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    from eventatlas.progress import log

    log.info("%d documents, %d errors", total, errors)  # --quiet leaves it out
    if errors:
        raise typer.Exit(EXIT_PARTIAL)


def _open_binary(path: Path) -> Any:
    if not path.is_file():
        fail(f"{path}: no such file")
    return path.open("rb")


def _print_results(results: list[dict[str, Any]], output_format: OutputFormat) -> None:
    from eventatlas.output import to_geojson, to_json, to_table

    if output_format is OutputFormat.table:
        typer.echo(to_table(results))
    elif output_format is OutputFormat.geojson:
        typer.echo(json.dumps(to_geojson(results), ensure_ascii=False, indent=2))
    elif len(results) == 1:
        typer.echo(to_json(results[0]))
    else:
        for result in results:  # several documents: one JSON object per line
            typer.echo(to_json(result, indent=None))


@app.command()
def schema(
    error: Annotated[bool, typer.Option(
        "--error", help="The schema of batch error lines.")] = False,
) -> None:
    """Print the JSON Schema of extract's output."""
    from eventatlas.output import error_schema, output_schema

    typer.echo(json.dumps(error_schema() if error else output_schema(), indent=2))


@app.command()
def types() -> None:
    """List the event types of the ontology with their ACLED mapping."""
    from eventatlas.ontology import EVENT_TYPES

    for event_type in EVENT_TYPES:
        acled = event_type.acled_sub_event_type or "-"
        typer.echo(f"{event_type.code:38} {acled:40} {event_type.description}")


def _register_plugins() -> None:
    from eventatlas.commands import register_all
    from eventatlas.evaluate import eval_app, load_commands

    load_commands()
    app.add_typer(eval_app, name="eval")
    register_all(app)


_register_plugins()

if __name__ == "__main__":  # pragma: no cover
    app()
