"""`eventatlas eval ...`: measurements against gold data, each a module of this package.

A module here defines its command on `eval_app` (``@eval_app.command("geo")``) and reports
through `print_report`, so every evaluation prints a readable table and, with ``--json``, one
JSON object with the same metrics. Modules are discovered, so adding one needs no other edit.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import typer

eval_app = typer.Typer(help="Measure EventAtlas against gold-labelled corpora.",
                       no_args_is_help=True)


def print_report(title: str, metrics: Mapping[str, Any], *, as_json: bool,
                 rows: Sequence[Mapping[str, Any]] = ()) -> None:
    """One JSON object with --json; otherwise the metrics (and optional per-row table)."""
    if as_json:
        typer.echo(json.dumps({**metrics, **({"rows": list(rows)} if rows else {})},
                              ensure_ascii=False))
        return
    typer.echo(title)
    width = max((len(key) for key in metrics), default=0)
    for key, value in metrics.items():
        typer.echo(f"  {key:<{width}}  {_cell(value)}")
    if rows:
        typer.echo("")
        typer.echo(format_table(rows))


def format_table(rows: Sequence[Mapping[str, Any]]) -> str:
    columns = list(rows[0])
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [max(len(column), *(len(row[i]) for row in cells)) for i, column in
              enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines)


def share(values: Iterable[bool]) -> float | None:
    """The share of true values (4 decimals), None when there are none to count."""
    items = list(values)
    return round(sum(items) / len(items), 4) if items else None


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "-" if value is None else str(value)


def load_commands() -> None:
    """Import every evaluation module so its command registers on `eval_app`."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
