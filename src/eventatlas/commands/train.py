"""`eventatlas train ...`: train the models the project ships from data it may use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

train_app = typer.Typer(help="Train the shipped models from local data.", no_args_is_help=True)
DEFAULT_DATA = Path("../shared/data/events")


def register(app: typer.Typer) -> None:
    app.add_typer(train_app, name="train")


@train_app.command("events")
def train_events(
    data: Annotated[Path, typer.Option(
        help="Folder with upetrarch_gsr/, petrarch2/ and plover_gsr/CAMEO2PLOVER-2021.txt.")
    ] = DEFAULT_DATA,
    out: Annotated[Path | None, typer.Option(
        help="Where to write the weights (default: the shipped plover_classifier.npz).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Train the PLOVER event-type classifier, print 5-fold CV accuracy, save the weights."""
    from eventatlas.cli import fail, guard
    from eventatlas.events.classifier import SHIPPED_WEIGHTS, train

    if not data.is_dir():
        fail(f"{data} is not a folder")
    try:
        model, report = train(data)
        if report["training_size"] == 0:
            fail(f"no training sentences found in {data}")
        path = model.save(out or SHIPPED_WEIGHTS)
    except typer.Exit:
        raise
    except Exception as error:
        guard(error)
    report = {**report, "out": str(path), "bytes": path.stat().st_size}
    if as_json:
        typer.echo(json.dumps(report))
        return
    typer.echo(f"training sentences: {report['training_size']}"
               f"{'' if report['embeddings'] else ' (no embedder: lexical features only)'}")
    typer.echo(f"5-fold CV accuracy: {report['cv_accuracy']:.3f}")
    for label, count in report["class_counts"].items():
        typer.echo(f"  {label:<12} {count}")
    typer.echo(f"weights: {path} ({report['bytes'] / 1e3:.0f} kB)")
