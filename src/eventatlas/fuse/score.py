"""How alike two event sketches are: a weighted score in [0, 1], or None when they must stay
apart (same report, different kinds of event, days or places too far apart).

Tolerances follow the precision of the coarser place: two "town" points 20 km apart can be one
strike reported from neighbouring towns; two province-level reports match when they name the
same province.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import numpy as np

from eventatlas.fuse.sketch import EventSketch
from eventatlas.model import GEO_PRECISION_RANK

# A new event joins a cluster when its mean score against the members reaches this; measured
# with `eventatlas eval dedup` on the FA-KES and ECB+ dev sets (docs/fusion.md).
LINK_THRESHOLD = 0.5
MAX_GAP_DAYS = 2  # reports of one happening disagree on the day by a day or two at most
_TOLERANCE_KM = {"point": 10.0, "town": 25.0, "admin2": 60.0, "admin1": 250.0, "country": 1000.0}
_WEIGHTS = {"type": 0.2, "date": 0.2, "place": 0.25, "actors": 0.15, "text": 0.2}
# A field one report leaves out neither supports nor contradicts a link: it is left out of the
# weighted mean rather than scored.
_UNKNOWN = -1.0
# Reports of one happening often type it differently ("clashes" in one, "shelling" or "killed
# civilians" in another), so fusion compares across the families of one group.
_GROUPS = {"battle": "violence", "remote": "violence", "civilians": "violence",
           "riot": "demonstration", "protest": "demonstration"}


def fusion_group(family: str) -> str:
    return _GROUPS.get(family, family)


def link_score(left: EventSketch, right: EventSketch) -> float | None:
    if left.document_id == right.document_id and not _may_share_report(left, right):
        return None
    if fusion_group(left.family) != fusion_group(right.family):
        return None
    total = weights = 0.0
    # The vetoes come cheapest first, so a pair kept apart costs no text comparison.
    for name, score in _PARTS:
        value = score(left, right)
        if value is None:
            return None
        if value != _UNKNOWN:
            total += _WEIGHTS[name] * value
            weights += _WEIGHTS[name]
    return total / weights


def _may_share_report(left: EventSketch, right: EventSketch) -> bool:
    """Two events of one report are one happening only when the report typed it two ways
    ("a truck bomb ... killed 44 civilians"); the in-report merge already kept apart events
    of one type, and events by different named perpetrators are different events."""
    if left.type == right.type or fusion_group(left.family) != "violence":
        return False
    return not (left.perpetrators and right.perpetrators
                and not left.perpetrators & right.perpetrators)


def type_score(left: EventSketch, right: EventSketch) -> float:
    if left.type == right.type:
        return 1.0
    return 0.6 if left.family == right.family else 0.3


def date_score(left: EventSketch, right: EventSketch) -> float | None:
    if left.start is None or right.start is None:
        return _UNKNOWN
    gap = _gap_days(left.start, left.end or left.start, right.start, right.end or right.start)
    if gap > MAX_GAP_DAYS:
        return None
    return 1.0 - gap / (MAX_GAP_DAYS + 1)


def place_score(left: EventSketch, right: EventSketch) -> float | None:
    if left.country and right.country and left.country != right.country:
        return None
    if _apart(left.destination, right.destination, left.precision, right.precision):
        return None  # people moving to different places are different movements
    if left.lat is None or right.lat is None or left.lon is None or right.lon is None:
        return _UNKNOWN
    coarser = max(left.precision or "country", right.precision or "country",
                  key=GEO_PRECISION_RANK.get)
    tolerance = _TOLERANCE_KM[coarser]
    distance = haversine_km(left.lat, left.lon, right.lat, right.lon)
    if coarser in {"admin1", "country"}:
        # A province or a country says little: it matches when it contains the other place.
        same_area = coarser == "country" or (left.admin1 and left.admin1 == right.admin1)
        return 0.7 if same_area else (None if distance > tolerance else 0.4)
    if distance > 3 * tolerance:
        return None
    return max(0.0, 1.0 - distance / (3 * tolerance))


def _apart(left: tuple[float, float] | None, right: tuple[float, float] | None,
           left_precision: str | None, right_precision: str | None) -> bool:
    if left is None or right is None:
        return False
    coarser = max(left_precision or "country", right_precision or "country",
                  key=GEO_PRECISION_RANK.get)
    return haversine_km(*left, *right) > 3 * _TOLERANCE_KM[coarser]


def actor_score(left: EventSketch, right: EventSketch) -> float | None:
    """Jaccard overlap of everyone named in the two events. Reports naming wholly different
    perpetrators tell different events (ACLED codes one event per actor pair): a veto."""
    if left.perpetrators and right.perpetrators and not left.perpetrators & right.perpetrators:
        return None
    if left.participants and right.participants:
        shared = left.participants & right.participants
        return len(shared) / len(left.participants | right.participants)
    return _UNKNOWN


def text_score(left: EventSketch, right: EventSketch) -> float:
    """Half meaning (sentence vectors), half shared content words: two reports of one
    happening share its names, places and numbers even when worded differently."""
    if not left.text or not right.text:
        return _UNKNOWN
    words = min(1.0, 2 * _jaccard(left.words, right.words))
    if left.vector is None or right.vector is None:
        return words
    return 0.5 * float(max(0.0, np.dot(left.vector, right.vector))) + 0.5 * words


def _jaccard(left: frozenset[str], right: frozenset[str]) -> float:
    return len(left & right) / len(left | right) if left and right else 0.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def _gap_days(start1: date, end1: date, start2: date, end2: date) -> int:
    if start1 <= end2 and start2 <= end1:
        return 0
    return min(abs((start2 - end1).days), abs((start1 - end2).days))



# Scored in this order (cheapest veto first); a part returning None keeps the pair apart.
_PARTS: tuple[tuple[str, Callable[[EventSketch, EventSketch], float | None]], ...] = (
    ("date", date_score), ("place", place_score), ("actors", actor_score),
    ("type", type_score), ("text", text_score))
