"""Place hints carried by a mention's own words: "Hasakah province", "northern Syria".

Kept free of spaCy so the resolver can read hints from plain `Mention` text.
"""

from __future__ import annotations

import re

# Designator word after a name → the kind of place it names ("state" is left out: Islamic State).
DESIGNATORS: dict[str, str] = {
    "province": "admin1", "governorate": "admin1", "countryside": "admin1",
    "region": "admin1", "oblast": "admin1",
    "district": "admin2", "county": "admin2", "parish": "admin2",
}
# Only these designators are folded into the entity: "Hasakah province" is one place name.
EXTENDABLE = frozenset({"province", "governorate", "countryside", "region", "district"})
COMPASS = re.compile(r"^(north|south|east|west|central|(north|south)-?(east|west))(ern)?$")


def text_hint(text: str) -> str | None:
    """The hint carried inside a mention's own words ("Hasakah province", "northern Syria")."""
    words = text.casefold().split()
    if len(words) > 1 and words[-1] in DESIGNATORS:
        return DESIGNATORS[words[-1]]
    if len(words) > 1 and COMPASS.match(words[0]):
        return "region"
    return None


def strip_hint_words(text: str) -> str:
    """The name inside a hinted mention: "Hasakah province" → "Hasakah"."""
    words = text.split()
    if len(words) > 1 and words[-1].casefold() in DESIGNATORS:
        words = words[:-1]
    if len(words) > 1 and COMPASS.match(words[0].casefold()):
        words = words[1:]
    return " ".join(words)
