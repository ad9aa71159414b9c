"""What the rules alone say of training sentences, for the PLOVER classifier's hybrid."""

from __future__ import annotations

import json
from typing import Any

NO_EVENT = "(none)"


def first_plover_root(result: dict[str, Any]) -> str:
    """The PLOVER root of a result's first event, NO_EVENT where none fires."""
    events = result.get("events") or []
    return events[0]["plover"]["event_type"] if events else NO_EVENT


def rule_labels(texts: list[str]) -> list[str]:
    """The rules' PLOVER root per sentence (the first event's), NO_EVENT where none fires."""
    from eventatlas.extract import Extractor

    lines = (json.dumps({"id": str(i), "text": text}) for i, text in enumerate(texts))
    return [first_plover_root(result) for result in Extractor().extract_jsonl(lines)]
