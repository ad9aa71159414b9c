"""`eventatlas gazetteer ...`: build or inspect the offline gazetteer index."""

from __future__ import annotations

from typing import Annotated

import typer

gazetteer_app = typer.Typer(help="Build or inspect the offline gazetteer index.",
                            no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("build")
def gazetteer_build(
    force: Annotated[bool, typer.Option(help="Rebuild even if the index exists.")] = False,
) -> None:
    """Build the offline gazetteer index from the installed packages (once, 30-60 s)."""
    from eventatlas.cli import guard
    from eventatlas.geo.gazetteer import build_gazetteer

    try:
        path = build_gazetteer(force=force)
    except Exception as error:
        guard(error)
    typer.echo(f"gazetteer: {path} ({path.stat().st_size / 1e6:.0f} MB)")


@gazetteer_app.command("fetch")
def gazetteer_fetch(
    countries: Annotated[list[str], typer.Argument(help="ISO country codes: SY IQ ...")],
    alternates: Annotated[bool, typer.Option(
        help="Also fetch the countries' alternateNames files.")] = True,
    rebuild: Annotated[bool, typer.Option(help="Rebuild the index afterwards.")] = True,
) -> None:
    """Download GeoNames country dumps (online) and rebuild the index with their villages."""
    from eventatlas.cli import fail, guard
    from eventatlas.geo.gazetteer import build_gazetteer, dumps_dir
    from eventatlas.geo.geonames import fetch

    bad = [code for code in countries if len(code) != 2 or not code.isalpha()]
    if bad:
        fail(f"not ISO country codes: {', '.join(bad)}")
    try:
        for path in fetch(countries, dumps_dir(), alternates=alternates):
            typer.echo(f"fetched: {path}")
        if rebuild:
            path = build_gazetteer(force=True)
            typer.echo(f"gazetteer: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    except Exception as error:
        guard(error)
