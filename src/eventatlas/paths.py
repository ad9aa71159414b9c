"""Where EventAtlas keeps files it builds once (the gazetteer index, later the store)."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "EVENTATLAS_DATA_DIR"


def data_dir() -> Path:
    """The user data directory: $EVENTATLAS_DATA_DIR, else $XDG_DATA_HOME/eventatlas."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        base = Path(override)
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".local" / "share") / "eventatlas"
    base.mkdir(parents=True, exist_ok=True)
    return base
