"""Which cluster a new event joins: its best match among each candidate's members (single
linkage: a report joins when it clearly matches one report of the cluster), with any veto
against any member (the same report, an analyst's split, days or places too far apart) keeping
it out; and which clusters merge once they have grown (`consolidate`: average linkage)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventatlas.fuse.score import LINK_THRESHOLD, link_score
from eventatlas.fuse.sketch import EventSketch


@dataclass(slots=True)
class Candidate:
    cluster_id: str
    members: list[EventSketch]


def cluster_score(event: EventSketch, members: list[EventSketch],
                  cannot_link: frozenset[tuple[str, str]]) -> float | None:
    scores = []
    for member in members:
        score = _pair_score(event, member, cannot_link)
        if score is None:
            return None
        scores.append(score)
    return max(scores) if scores else None


def _pair_score(left: EventSketch, right: EventSketch,
                cannot_link: frozenset[tuple[str, str]]) -> float | None:
    """`link_score`, or None also when an analyst split the two apart."""
    if (left.event_id, right.event_id) in cannot_link or (
            right.event_id, left.event_id) in cannot_link:
        return None
    return link_score(left, right)


def average_link(left: list[EventSketch], right: list[EventSketch],
                 cannot_link: frozenset[tuple[str, str]] = frozenset()) -> float | None:
    """Mean score over every pair of members of two clusters, or None when any pair must stay
    apart. A mean over all pairs, not the best pair: one report that resembles both clusters
    must not be enough to join them."""
    total = 0.0
    for member in left:
        for other in right:
            score = _pair_score(member, other, cannot_link)
            if score is None:
                return None
            total += score
    return total / (len(left) * len(right))


def linked_clusters(event: EventSketch, candidates: Iterable[Candidate], *,
                    cannot_link: frozenset[tuple[str, str]] = frozenset(),
                    threshold: float = LINK_THRESHOLD) -> list[tuple[str, float]]:
    """Every cluster `event` links to (score at least `threshold`), best first (ties in
    candidate order); the first is the one it joins, the others are what `consolidate`
    checks."""
    linked = []
    for candidate in candidates:
        score = cluster_score(event, candidate.members, cannot_link)
        if score is not None and score >= threshold:
            linked.append((candidate.cluster_id, score))
    return sorted(linked, key=lambda pair: -pair[1])


def consolidate(clusters: dict[str, list[EventSketch]], links: set[tuple[str, str]], *,
                cannot_link: frozenset[tuple[str, str]] = frozenset(),
                threshold: float = LINK_THRESHOLD,
                reviewed: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """Average-linkage merging after incremental linking. Incremental linking depends on
    arrival order: a report that comes before the others of its happening starts a fused event
    of its own, and later reports split between the two. `links` are the pairs of clusters
    some new report linked to both of (it joined one); of these, the pair whose average link
    is highest is merged while that average reaches `threshold`. (Two clusters whose average
    link reaches the threshold have at least one linking pair of reports, so checking only
    the pairs a new report bridges finds what changed.) `clusters` is updated in place; the
    merges come back as (kept, absorbed) in order. Two `reviewed` clusters (an analyst's
    decision stands) are never merged, and one absorbs any other; otherwise the larger is
    kept, then the first id, so that ids readers hold stay valid where they can."""
    merges: list[tuple[str, str]] = []
    pending = {_ordered(*pair) for pair in links if pair[0] != pair[1]}
    averages: dict[tuple[str, str], float | None] = {}
    while True:
        for pair in pending - averages.keys():
            averages[pair] = average_link(clusters[pair[0]], clusters[pair[1]], cannot_link)
        best = max((pair for pair in pending if (averages[pair] or 0.0) >= threshold
                    and not set(pair) <= reviewed),
                   key=lambda pair: (averages[pair] or 0.0, pair), default=None)
        if best is None:
            return merges
        kept, gone = sorted(best, key=lambda cluster_id: (
            cluster_id not in reviewed, -len(clusters[cluster_id]), cluster_id))
        clusters[kept].extend(clusters.pop(gone))
        merges.append((kept, gone))
        pending = {_ordered(*(kept if cluster_id == gone else cluster_id for cluster_id in pair))
                   for pair in pending}
        pending = {pair for pair in pending if pair[0] != pair[1]}
        averages = {pair: score for pair, score in averages.items() if kept not in pair}


def _ordered(left: str, right: str) -> tuple[str, str]:
    return (left, right) if left <= right else (right, left)
