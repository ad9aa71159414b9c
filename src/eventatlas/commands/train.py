"""`eventatlas train ...`: train the models the project ships from data it may use."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

train_app = typer.Typer(help="Train the shipped models from local data.", no_args_is_help=True)
DEFAULT_DATA = Path("../shared/data/events")
DEFAULT_ACLED = DEFAULT_DATA / "acled"


def register(app: typer.Typer) -> None:
    app.add_typer(train_app, name="train")


@train_app.command("events")
def train_events(
    data: Annotated[Path, typer.Option(
        help="Folder with ACLED's train.csv (the shared data's events/acled).")
    ] = DEFAULT_ACLED,
    negatives: Annotated[Path | None, typer.Option(
        help="The shared data folder whose time/ and geo/ corpora give no-event sentences "
             "(default: two levels above --data; none found means no 'none' class).")
    ] = None,
    out: Annotated[Path | None, typer.Option(
        help="Where to write the weights (default: the shipped clause_typer.npz).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Train the clause typer (is a sentence an event, and which) from ACLED notes."""
    from eventatlas.cli import fail
    from eventatlas.events.clause_typer import SHIPPED_WEIGHTS
    from eventatlas.training.events import train

    train_csv = data / "train.csv"
    if not train_csv.is_file():
        fail(f"{data}: no train.csv (an ACLED export with notes and sub_event_type)")
    report = _train_and_save(lambda: train(train_csv, negatives or data.parent.parent),
                             out or SHIPPED_WEIGHTS, as_json)
    if report is None:
        return
    typer.echo(f"training examples: {report['examples']} in {report['seconds']} s")
    for alpha, score in report["validation_macro_f1"].items():
        typer.echo(f"  alpha {alpha:g}: validation macro-F1 {score:.3f}")
    for label, count in sorted(report["class_counts"].items()):
        typer.echo(f"  {label:<36} {count}")
    typer.echo(f"weights: {report['out']} ({report['bytes'] / 1e3:.0f} kB)")


@train_app.command("countries")
def train_countries(
    data: Annotated[Path, typer.Option(
        help="Folder with ACLED's train.csv (the shared data's events/acled).")
    ] = DEFAULT_ACLED,
    out: Annotated[Path | None, typer.Option(
        help="Where to write the weights (default: the shipped country_prior.npz).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Train the country prior (which country a report is set in) from ACLED notes."""
    from eventatlas.cli import fail
    from eventatlas.geo.country_prior import SHIPPED_WEIGHTS
    from eventatlas.training.countries import train

    train_csv = data / "train.csv"
    if not train_csv.is_file():
        fail(f"{data}: no train.csv (an ACLED export with notes and country)")
    report = _train_and_save(lambda: train(train_csv), out or SHIPPED_WEIGHTS, as_json)
    if report is None:
        return
    typer.echo(f"training notes: {report['examples']} from {report['countries']} countries "
               f"in {report['seconds']} s")
    for alpha, scores in report["validation"].items():
        typer.echo(f"  alpha {alpha:g}: validation accuracy {scores['accuracy']:.3f}; sure of "
                   f"{scores['sure_share']:.0%}, right in {scores['sure_accuracy']:.3f}")
    typer.echo(f"weights: {report['out']} ({report['bytes'] / 1e3:.0f} kB)")


@train_app.command("admin1")
def train_admin1(
    data: Annotated[Path, typer.Option(
        help="Folder with ACLED's train.csv (the shared data's events/acled).")
    ] = DEFAULT_ACLED,
    out: Annotated[Path | None, typer.Option(
        help="Where to write the table (default: the shipped acled_admin1.json).")] = None,
    without_validation: Annotated[bool, typer.Option(
        "--without-validation", help="Leave out the validation tenth of train.csv (the "
                                     "clause typer's split), to measure on it.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Learn ACLED's admin1 names (by GeoNames region and district), and which GeoNames region
    each of ACLED's admin1/admin2/admin3 names is, from ACLED coordinates."""
    from eventatlas.cli import fail
    from eventatlas.geo.admin1_names import SHIPPED_TABLE
    from eventatlas.training.admin1 import train

    train_csv = data / "train.csv"
    if not train_csv.is_file():
        fail(f"{data}: no train.csv (an ACLED export with admin1, latitude and longitude)")
    report = _train_and_save(lambda: train(train_csv, without_validation),
                             out or SHIPPED_TABLE, as_json)
    if report is None:
        return
    typer.echo(f"rows filed under a gazetteer town: {report['rows']} "
               f"({report['rows_without_town']} without one) in {report['seconds']} s")
    typer.echo(f"regions: {report['regions']}, named with confidence {report['regions_named']}, "
               f"named otherwise than GeoNames {report['regions_renamed']}; "
               f"districts with a name of their own {report['districts']}; "
               f"ACLED names of regions the gazetteer lacks {report['units']}")
    typer.echo(f"table: {report['out']} ({report['bytes'] / 1e3:.0f} kB)")


@train_app.command("plover")
def train_plover(
    data: Annotated[Path, typer.Option(
        help="Folder with upetrarch_gsr/, petrarch2/ and plover_gsr/ (CAMEO2PLOVER-2021.txt; "
             "plover_gsr.json with --with-gsr).")
    ] = DEFAULT_DATA,
    out: Annotated[Path | None, typer.Option(
        help="Where to write the weights (default: the shipped plover_classifier.npz).")] = None,
    with_gsr: Annotated[bool, typer.Option(
        "--with-gsr", help="Train on plover_gsr/plover_gsr.json too (the shipped weights do; "
                           "PLOVER GSR scores of the result are then in-sample, and "
                           "`eval events --corpus plover --folds 5` is the held-out figure).")
    ] = False,
    l2: Annotated[float | None, typer.Option(
        help="L2 strength (default: chosen by 3-fold CV on the training data).")] = None,
    rules: Annotated[bool, typer.Option(
        help="Run the rules over the training sentences and store their per-root precision "
             "for the hybrid.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Train the PLOVER root classifier (confidence), print 5-fold CV accuracy, save weights."""
    from eventatlas.cli import fail
    from eventatlas.events.classifier import SHIPPED_WEIGHTS
    from eventatlas.training.plover import train

    if not data.is_dir():
        fail(f"{data} is not a folder")
    report = _train_and_save(lambda: train(data, l2=l2, with_gsr=with_gsr, rules=rules),
                             out or SHIPPED_WEIGHTS, as_json)
    if report is None:
        return
    typer.echo(f"training sentences: {report['training_size']}"
               f"{'' if report['embeddings'] else ' (no embedder: lexical features only)'}")
    typer.echo(f"5-fold CV accuracy: {report['cv_accuracy']:.3f} (l2 {report['l2']:g}; "
               f"{'with' if with_gsr else 'without'} the PLOVER GSR)")
    for label, count in report["class_counts"].items():
        typer.echo(f"  {label:<12} {count}")
    typer.echo(f"weights: {report['out']} ({report['bytes'] / 1e3:.0f} kB)")


def _train_and_save(fit: Callable[[], tuple[Any, dict[str, Any]]], out: Path,
                    as_json: bool) -> dict[str, Any] | None:
    """Train, save the weights, and either print the report as JSON (returning None) or hand
    it back for the caller's table. A failure is one line on stderr and exit 2."""
    from eventatlas.cli import guard

    try:
        model, report = fit()
        path = model.save(out)
    except typer.Exit:
        raise
    except Exception as error:
        guard(error)
    report = {**report, "out": str(path), "bytes": path.stat().st_size}
    if as_json:
        typer.echo(json.dumps(report))
        return None
    return report
