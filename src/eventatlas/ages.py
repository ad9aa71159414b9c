"""Ages stated for a group: "men aged between 14-40 years", "under 18", "a 12-year-old"."""

from __future__ import annotations

import re

_AGE = r"(\d{1,3})"
_TO = r"\s*(?:-|–|—|to|and)\s*"
_AGE_RANGES = [
    re.compile(rf"\baged\s+(?:between\s+)?{_AGE}{_TO}{_AGE}\b", re.IGNORECASE),
    re.compile(rf"\bbetween\s+(?:the\s+)?ages?\s+of\s+{_AGE}{_TO}{_AGE}\b", re.IGNORECASE),
    re.compile(rf"\bages?\s+(?:of\s+)?{_AGE}{_TO}{_AGE}\b", re.IGNORECASE),
    re.compile(rf"\b{_AGE}{_TO}{_AGE}[\s-]+years?[\s-]+old\b", re.IGNORECASE),
]
_AGE_UNDER = re.compile(
    rf"\b(?:under|below|younger\s+than)(?:\s+the\s+age\s+of)?[\s-]+{_AGE}\b", re.IGNORECASE
)
_AGE_SINGLE = re.compile(rf"\b(?:aged\s+{_AGE}\b|{_AGE}[\s-]+years?[\s-]+old\b)", re.IGNORECASE)
MAX_AGE = 120


def parse_age_range(text: str) -> tuple[int, int] | None:
    """An inclusive (min, max) age from "aged between 14-40 years", "under 18" → (0, 17)."""
    for pattern in _AGE_RANGES:
        match = pattern.search(text)
        if match:
            low, high = int(match.group(1)), int(match.group(2))
            return (low, high) if low <= high <= MAX_AGE else None
    match = _AGE_UNDER.search(text)
    if match:
        limit = int(match.group(1))
        return (0, limit - 1) if 0 < limit <= MAX_AGE else None
    match = _AGE_SINGLE.search(text)
    if match:
        age = int(match.group(1) or match.group(2))
        return (age, age) if age <= MAX_AGE else None
    return None
