"""Extra CLI commands, one module each, discovered at start-up (a plugin-style hook).

A module here defines ``register(app: typer.Typer) -> None`` and adds its commands in it; it
should import heavy dependencies inside the command functions so `eventatlas --help` stays fast.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}").register(app)
