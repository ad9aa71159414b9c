"""Cross-report fusion: the same happening told by several reports becomes one fused event.

`sketch` reduces a report-level event to what fusion compares, `score` says how alike two
sketches are (or that they must stay apart), `link` picks the cluster a new event joins, and
`merge` builds the fused event from its members with every source kept. The store drives these
incrementally as documents arrive; `eventatlas eval dedup` drives them over gold corpora.
"""

from eventatlas.fuse.link import (
    Candidate,
    average_link,
    consolidate,
    linked_clusters,
)
from eventatlas.fuse.merge import Member, fuse_members
from eventatlas.fuse.score import LINK_THRESHOLD, link_score
from eventatlas.fuse.sketch import EventSketch, TextEncoder, sketch_event

__all__ = [
    "LINK_THRESHOLD",
    "Candidate",
    "EventSketch",
    "Member",
    "TextEncoder",
    "average_link",
    "consolidate",
    "fuse_members",
    "link_score",
    "linked_clusters",
    "sketch_event",
]
