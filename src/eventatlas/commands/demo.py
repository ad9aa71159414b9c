"""`eventatlas demo`: load the demo data set (the seed report plus the FA-KES dev articles
when the workplace's shared data is present) into the store, for `eventatlas serve`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from eventatlas.ingest.sources import SourceItem

REPO = Path(__file__).resolve().parents[3]
SEED = REPO / "tests" / "fixtures" / "seed" / "ara-news-raqqa-evacuation.txt"
SEED_PUBLISHED = date(2016, 11, 11)
FAKES_RELATIVE = Path("data") / "articles" / "fakes-dev.csv"


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def default_fakes() -> Path | None:
    """../shared/data/articles/fakes-dev.csv beside the checkout (or under $EVENTATLAS_SHARED)."""
    for base in (os.environ.get("EVENTATLAS_SHARED"), REPO.parent / "shared"):
        if base and (Path(base) / FAKES_RELATIVE).is_file():
            return Path(base) / FAKES_RELATIVE
    return None


def demo(
    db: Annotated[str | None, typer.Option(
        help="Store URL (as for `eventatlas serve`); default: the user data dir's DuckDB.")]
    = None,
    fakes: Annotated[Path | None, typer.Option(
        help="FA-KES CSV to load; default: ../shared/data/articles/fakes-dev.csv if present.")]
    = None,
    seed_only: Annotated[bool, typer.Option(
        "--seed-only", help="Load only the seed report.")] = False,
    limit: Annotated[int | None, typer.Option(
        help="Load at most this many FA-KES articles.")] = None,
) -> None:
    """Load the seed report (and FA-KES dev articles) into the store; run it again and the
    documents already there are counted as duplicates, not added twice."""
    from eventatlas.cli import fail, guard

    if not SEED.is_file():
        fail(f"the seed report is not at {SEED} (run from a source checkout)")
    csv_path = None if seed_only else (fakes or default_fakes())
    if fakes is not None and not fakes.is_file():
        fail(f"{fakes}: no such file")
    try:
        counts = load_demo(db, csv_path, limit)
    except typer.Exit:
        raise
    except Exception as error:
        guard(error)
    if csv_path:
        source = f" (the seed + FA-KES from {csv_path})"
    else:
        source = " (the seed only)" if seed_only else " (the seed; FA-KES dev data not found)"
    typer.echo(
        f"demo: {counts['documents']} documents read{source}: {counts['added']} added, "
        f"{counts['duplicate']} already stored, {counts['failed']} failed; "
        f"{counts['events']} events added. Next: eventatlas serve"
        + (f" --db {db}" if db else ""))


def _items(csv_path: Path | None, limit: int | None) -> Iterator[SourceItem]:
    from eventatlas.ingest import RawInput, read_path
    from eventatlas.ingest.sources import SourceItem

    yield SourceItem(name=str(SEED), raw=read_path(SEED), published=SEED_PUBLISHED)
    if csv_path is None:
        return
    from eventatlas.corpora.fakes import read_fakes

    for article in read_fakes(csv_path, limit):
        # No publication date is given: the pipeline finds the article's own date line.
        yield SourceItem(name=f"FA-KES {article.id}", doc_id=f"fakes-{article.id}",
                         title=article.title or None, outlet=article.outlet,
                         raw=RawInput(name=f"FA-KES {article.id}", content=article.text,
                                      is_html=False))


def _count(csv_path: Path | None, limit: int | None) -> int:
    if csv_path is None:
        return 1
    from eventatlas.corpora.fakes import read_fakes

    return 1 + sum(1 for _ in read_fakes(csv_path, limit))


def load_demo(db: str | None, csv_path: Path | None, limit: int | None = None) -> dict[str, int]:
    """Process the demo documents and add them to the store (a progress bar on stderr while it
    runs); returns the counts."""
    from eventatlas.pipeline import Pipeline
    from eventatlas.progress import progress_bar
    from eventatlas.store import open_store
    from eventatlas.store.loader import IngestReport, Loader

    store = open_store(db)
    try:
        with progress_bar("demo", _count(csv_path, limit)) as advance:
            done = 0

            def on_item(report: IngestReport) -> None:
                nonlocal done
                advance(report.seen - done)
                done = report.seen

            report = Loader(store, Pipeline()).run(_items(csv_path, limit), on_item)
    finally:
        store.close()
    return {"documents": report.seen, "added": report.added, "duplicate": report.duplicates,
            "failed": len(report.failures), "events": report.events}
