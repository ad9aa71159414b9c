"""Analyst review: confirm, correct a field, reject, split or merge, each appended to the
`reviews` audit log (with the reviewer, and the value before and after) in the same
transaction as its effect; the log is never rewritten.

Fusion is reversible through these: a split moves reports out of a fused event and records that
they must not be fused back; a merge joins two fused events and drops any such record between
them. Everything here goes through the store's methods (`ReviewableStore`); no SQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from eventatlas.errors import InputError
from eventatlas.store.corrections import normalize_correction

ACTIONS = ("confirm", "correct", "reject", "split", "merge")


class ReviewableStore(Protocol):
    """What review needs of the store (`eventatlas.store.Store` provides it)."""

    def transaction(self) -> AbstractContextManager[None]: ...

    def get_event(self, event_id: str) -> dict[str, Any] | None: ...

    def log_review(self, target_id: str, action: str, **details: Any) -> int: ...

    def set_status(self, target_id: str, status: str) -> None: ...

    def overrides(self, target_id: str) -> dict[str, Any]: ...

    def set_overrides(self, target_id: str, fields: dict[str, Any]) -> None: ...

    def report_ids(self, cluster_id: str) -> list[str]: ...

    def move_reports(self, event_ids: Sequence[str], cluster_id: str) -> None: ...

    def move_cluster(self, from_id: str, to_id: str) -> None: ...

    def forbid_links(self, pairs: Sequence[tuple[str, str]], review_id: int) -> None: ...

    def allow_links(self, pairs: Sequence[tuple[str, str]]) -> None: ...

    def refresh_clusters(self, cluster_ids: Sequence[str]) -> None: ...


def apply_review(store: ReviewableStore, target_id: str, action: str, *,
                 field: str | None = None, value: Any = None, reviewer: str | None = None,
                 note: str | None = None, event_ids: list[str] | None = None,
                 other_id: str | None = None) -> dict[str, Any]:
    """Apply one decision; raises LookupError for an unknown id, InputError for a malformed
    request (nothing is written then)."""
    if action not in ACTIONS:
        raise InputError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    if action in ("split", "merge") and not target_id.startswith("fe-"):
        raise InputError(f"{action} applies to a fused event (an id starting with fe-), "
                         f"not {target_id!r}")
    clean = normalize_correction(field, value) if action == "correct" else None
    with store.transaction():
        event = store.get_event(target_id)
        if event is None:
            raise LookupError(target_id)
        who = {"reviewer": reviewer, "note": note}
        if action == "correct":
            assert field is not None
            outcome = _correct(store, event, field, clean, who)
        elif action == "split":
            outcome = _split(store, event, event_ids or [], who)
        elif action == "merge":
            outcome = _merge(store, event, other_id, who)
        else:
            outcome = _set_status(store, event, action, who)
    updated = store.get_event(target_id) or {}
    return updated | {"review": {"action": action, **outcome}}


def _set_status(store: ReviewableStore, event: dict[str, Any], action: str,
                who: dict[str, Any]) -> dict[str, Any]:
    status = "confirmed" if action == "confirm" else "rejected"
    review_id = store.log_review(event["id"], action, previous=event["review_status"],
                                 value=status, **who)
    store.set_status(event["id"], status)
    if event["id"].startswith("ev-"):  # a report's status changes what its fused event says
        store.refresh_clusters([event["cluster_id"]])
    return {"id": review_id}  # a fused event's own status is read with it


def _correct(store: ReviewableStore, event: dict[str, Any], field: str, value: Any,
             who: dict[str, Any]) -> dict[str, Any]:
    review_id = store.log_review(event["id"], "correct", field=field,
                                 previous=event.get(field), value=value, **who)
    store.set_overrides(event["id"], store.overrides(event["id"]) | {field: value})
    store.refresh_clusters([event["cluster_id"] if event["id"].startswith("ev-")
                            else event["id"]])
    return {"id": review_id}


def _split(store: ReviewableStore, event: dict[str, Any], event_ids: list[str],
           who: dict[str, Any]) -> dict[str, Any]:
    cluster_id = event["id"]
    members = store.report_ids(cluster_id)
    moving = [event_id for event_id in dict.fromkeys(event_ids) if event_id in members]
    if not moving or len(moving) != len(set(event_ids)) or len(moving) == len(members):
        raise InputError("split needs event_ids: some, not all, of the fused event's reports "
                         f"({', '.join(members)})")
    staying = [event_id for event_id in members if event_id not in moving]
    # A fresh id, known before the log row that names it is written (the log is append-only).
    new_id = "fe-" + uuid.uuid4().hex[:12]
    review_id = store.log_review(cluster_id, "split", previous={"members": members},
                                 value={"members": staying}, event_ids=moving,
                                 other_id=new_id, **who)
    store.move_reports(moving, new_id)
    store.forbid_links([(a, b) for a in moving for b in staying], review_id)
    store.refresh_clusters([cluster_id, new_id])
    return {"id": review_id, "new_id": new_id}


def _merge(store: ReviewableStore, event: dict[str, Any], other_id: str | None,
           who: dict[str, Any]) -> dict[str, Any]:
    cluster_id = event["id"]
    if not other_id or other_id == cluster_id or not other_id.startswith("fe-"):
        raise InputError("merge needs other_id: another fused event (fe-...)")
    if store.get_event(other_id) is None:
        raise LookupError(other_id)
    kept, moved = store.report_ids(cluster_id), store.report_ids(other_id)
    review_id = store.log_review(cluster_id, "merge", previous={"members": kept},
                                 value={"members": sorted(kept + moved)}, other_id=other_id,
                                 **who)
    store.move_cluster(other_id, cluster_id)
    store.allow_links([(a, b) for a in moved for b in kept])
    store.refresh_clusters([other_id, cluster_id])  # the emptied one's row goes
    return {"id": review_id, "merged": other_id}
