"""EventAtlas: sourced, geolocated conflict events from raw news reporting.

    >>> import eventatlas
    >>> ea = eventatlas.load()  # doctest: +SKIP
    >>> doc = ea(text, published="2016-11-11")  # doctest: +SKIP

`import eventatlas` is cheap: the pipeline and its models load in `load()` (docs/python-api.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from eventatlas.document import Document
    from eventatlas.extract import Extractor

__version__ = "0.1.0"
__all__ = ["Document", "Extractor", "__version__", "load"]


def load(*, published: date | str | None = None, time_budget_s: float | None = None) \
        -> Extractor:
    """An `Extractor` with its models loaded, in the spirit of `spacy.load()`: keep it and call
    it on each text. `published` is the default publication date (a date or "YYYY-MM-DD") for
    texts that carry none; `time_budget_s` the seconds one document may take (0: no limit)."""
    from eventatlas.dateinput import as_date
    from eventatlas.extract import Extractor
    from eventatlas.settings import Settings

    settings = Settings(published=as_date(published))
    if time_budget_s is not None:
        settings.time_budget_s = time_budget_s
    extractor = Extractor(settings)
    _ = extractor.pipeline  # load now, as spacy.load() does, not inside the first call
    return extractor


def __getattr__(name: str) -> Any:
    # The classes are imported on first use so that `import eventatlas` loads no models.
    if name == "Extractor":
        from eventatlas.extract import Extractor

        return Extractor
    if name == "Document":
        from eventatlas.document import Document

        return Document
    raise AttributeError(f"module 'eventatlas' has no attribute {name!r}")
