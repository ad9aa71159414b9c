"""Sentences that report no conflict event, for teaching the typer what is *not* an event.

Taken from news corpora the project already uses for other measures: TempEval-3's TimeBank and
AQUAINT (economy, politics, 1990s wires), LGL (US local news) and GeoWebNews (world news). A
sentence is kept only when it passes a screen for conflict words (killing, attacks, protest,
arrests, weapons...): local news has shootings and protests too, and those are events. What
remains is background, opinion, business and humanitarian context. The screen errs on the
side of dropping: a kept sentence should be no event for any careful coder.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

# Stems of words that can report an ACLED event (or a movement/statement of ours).
_CONFLICT = re.compile(
    r"\b(?:kill|dead|death|die[ds]?\b|dying|murder|shoot|shot|gun|fire[ds]?\b|firing|attack|"
    r"assault|clash|fight|battle|war\b|wars\b|bomb|blast|explo|grenade|mine\b|mines\b|ied\b|"
    r"missile|rocket|shell|artiller|strike|raid|troop|soldier|militar|army|armed|rebel|"
    r"militan|insurg|terror|jihad|taliban|qaeda|isis|protest|demonstrat|rally|rallies|march|"
    r"riot|mob\b|loot|vandal|arson|burn|torch|arrest|detain|custody|jail|prison|kidnap|abduct|"
    r"hostage|rape|sexual|assault|stab|knife|machete|beat|injur|wound|wound|casualt|victim|"
    r"flee|fled|refugee|displac|evacu|seiz|captur|overr|retake|recaptur|ceasefire|truce|"
    r"agreement|treaty|police|crime|criminal|violen|threat|weapon|ammunition|defus|"
    r"massacre|execut|behead|torture|siege|occup|invade|invasion|coup|curfew|security force)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[A-Z\"“])")
MIN_CHARS, MAX_CHARS = 40, 400


def is_screened(sentence: str) -> bool:
    """True when the sentence names nothing that could be a conflict event."""
    return _CONFLICT.search(sentence) is None


def sentences(text: str) -> Iterator[str]:
    for part in _SENTENCE.split(" ".join(text.split())):
        if MIN_CHARS <= len(part) <= MAX_CHARS:
            yield part


def negative_sentences(data: Path) -> list[str]:
    """Screened sentences from whichever of the corpora lie under `data` (the shared data
    folder: time/tempeval3, geo/lgl/lgl.xml, geo/geowebnews/data/GWN.xml), de-duplicated."""
    texts = [*_timeml_texts(data / "time" / "tempeval3"),
             *_xml_texts(data / "geo" / "lgl" / "lgl.xml"),
             *_xml_texts(data / "geo" / "geowebnews" / "data" / "GWN.xml")]
    seen: dict[str, None] = {}
    for text in texts:
        for sentence in sentences(text):
            if is_screened(sentence):
                seen.setdefault(sentence, None)
    return list(seen)


def _timeml_texts(folder: Path) -> Iterator[str]:
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.tml")):
        match = re.search(r"<TEXT>(.*?)</TEXT>", path.read_text(encoding="utf-8"), re.S)
        if match:
            yield re.sub(r"<[^>]{0,500}>", "", match.group(1))


def _xml_texts(path: Path) -> Iterator[str]:
    if not path.is_file():
        return
    for article in ET.parse(path).getroot().iter("article"):
        node = article.find("text")
        if node is not None and node.text:
            yield node.text
