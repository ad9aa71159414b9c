"""`eventatlas batch`: many documents (JSON Lines, WARC) through the pipeline on local worker
processes or Ray, written as Parquet partitions plus a summary, with a progress bar on stderr
(`eventatlas --quiet batch ...` leaves it out)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)


def batch(
    inputs: Annotated[list[Path] | None, typer.Argument(
        help="JSON Lines (.jsonl, the extract --jsonl format) or WARC (.warc, .warc.gz) files.",
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        help="New folder for events/, documents/ and summary.json.", show_default=False)] = None,
    ray: Annotated[str | None, typer.Option(
        help="Run on Ray: 'local' starts one here, an address joins that cluster, 'auto' joins "
        "this machine's cluster or starts a local one if there is none.",
        show_default=False)] = None,
    workers: Annotated[int | None, typer.Option(
        help="Worker processes or Ray actors (default: CPU count).", show_default=False)] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD for documents that carry none.")] = None,
    chunk_size: Annotated[int, typer.Option(
        help="Documents per chunk (one Parquet partition each).")] = 100,
    partition_by: Annotated[str | None, typer.Option(
        help="Hive-partition events/ by country (country=SY/...), year or month of the event.",
        show_default=False)] = None,
    fuse: Annotated[bool, typer.Option(
        "--fuse", help="Also write fused/: the same happening from several documents, once.")]
    = False,
) -> None:
    """Process large inputs in parallel; a bad document is recorded, never fatal."""
    from eventatlas.batch import run_batch
    from eventatlas.cli import EXIT_PARTIAL, fail, guard
    from eventatlas.dateinput import parse_date_option

    if not inputs or out is None:
        fail("give input files and --out DIR")
    try:
        summary = run_batch(inputs, out, workers=workers, ray=ray,
                            published=parse_date_option(published), chunk_size=chunk_size,
                            partition_by=partition_by, fuse=fuse)
    except typer.Exit:
        raise
    except Exception as error:
        guard(error)
    rate = summary.documents / summary.seconds if summary.seconds else 0.0
    typer.echo(f"eventatlas: {summary.documents} documents ({summary.ok} ok, "
               f"{summary.errors} errors), {summary.events} events, {summary.chunks} parts "
               f"in {summary.seconds:.1f} s ({rate:.1f} docs/s) -> {out}"
               + (f"; {summary.fused_events} fused events" if fuse else ""), err=True)
    for reason, count in list(summary.error_reasons.items())[:5]:
        typer.echo(f"  {count} x {reason}", err=True)
    if summary.errors:
        raise typer.Exit(EXIT_PARTIAL)
