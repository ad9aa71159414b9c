"""Which cluster a new event joins: its best match among each candidate's members (single
linkage: a report joins when it clearly matches one report of the cluster), with any veto
against any member (the same report, an analyst's split, days or places too far apart) keeping
it out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventatlas.fuse.score import LINK_THRESHOLD, link_score
from eventatlas.fuse.sketch import EventSketch


@dataclass(slots=True)
class Candidate:
    cluster_id: str
    members: list[EventSketch]


def choose_cluster(
    event: EventSketch,
    candidates: Iterable[Candidate],
    *,
    cannot_link: frozenset[tuple[str, str]] = frozenset(),
    threshold: float = LINK_THRESHOLD,
) -> tuple[str | None, float]:
    """The best cluster for `event` and its score, or (None, best score seen) when none
    reaches `threshold`."""
    best_id, best_score = None, 0.0
    for candidate in candidates:
        score = cluster_score(event, candidate.members, cannot_link)
        if score is not None and score > best_score:
            best_id, best_score = candidate.cluster_id, score
    if best_score < threshold:
        return None, best_score
    return best_id, best_score


def cluster_score(event: EventSketch, members: list[EventSketch],
                  cannot_link: frozenset[tuple[str, str]]) -> float | None:
    scores = []
    for member in members:
        if _split_apart(event.event_id, member.event_id, cannot_link):
            return None
        score = link_score(event, member)
        if score is None:
            return None
        scores.append(score)
    return max(scores) if scores else None


def _split_apart(left: str, right: str, cannot_link: frozenset[tuple[str, str]]) -> bool:
    return (left, right) in cannot_link or (right, left) in cannot_link
