"""The `reviews` audit log: every analyst decision, and fusion's own automatic merges, with who
made it, what the changed thing was before (`previous`) and what it became (`value`). Rows are
appended, never updated or deleted.

`previous` and `value` hold: for `correct`, the field's value; for `confirm` and `reject`, the
review status; for `split` and `merge`, the fused event's reports (`{"members": [...]}`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from eventatlas.store.backends import Backend, Row
from eventatlas.store.rows import PIPELINE_VERSION, now_utc

_COLUMNS = ("id, target_id, action, field, previous, value, event_ids, other_id, reviewer,"
            " note, pipeline_version, created_at")


def append_review(db: Backend, target_id: str, action: str, *, field: str | None = None,
                  previous: Any = None, value: Any = None, event_ids: Sequence[str] | None = None,
                  other_id: str | None = None, reviewer: str | None = None,
                  note: str | None = None) -> int:
    """Append one decision to the log and return its id."""
    found = db.query(
        "INSERT INTO reviews (target_id, action, field, previous, value, event_ids, other_id,"
        " reviewer, note, pipeline_version, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [target_id, action, field, _dump(previous), _dump(value),
         json.dumps(list(event_ids)) if event_ids else None, other_id, reviewer, note,
         PIPELINE_VERSION, now_utc()])
    return int(found[0]["id"])


def review_log(db: Backend, target_ids: Sequence[str] | None = None,
               other_id: str | None = None) -> list[dict[str, Any]]:
    """The log, oldest first: all of it, or the rows about any of `target_ids` (and those
    naming `other_id` as the other fused event of a merge or split)."""
    sql, params = f"SELECT {_COLUMNS} FROM reviews", []
    if target_ids is not None:
        marks = ", ".join("?" for _ in target_ids) or "NULL"
        sql += f" WHERE target_id IN ({marks})"
        params = list(target_ids)
        if other_id is not None:
            sql += " OR other_id = ?"
            params.append(other_id)
    return [_decoded(row) for row in db.query(sql + " ORDER BY id", params)]


def _decoded(row: Row) -> dict[str, Any]:
    for key in ("previous", "value", "event_ids"):
        row[key] = json.loads(row[key]) if row[key] is not None else None
    row["created_at"] = row["created_at"].isoformat() if row["created_at"] else None
    return row


def _dump(value: Any) -> str | None:
    return json.dumps(value) if value is not None else None


# -- the state review changes: status, overrides, cannot-link pairs ---------------------------

def _table(target_id: str) -> str:
    return "clusters" if target_id.startswith("fe-") else "events"


def set_status(db: Backend, target_id: str, status: str) -> None:
    db.execute(f"UPDATE {_table(target_id)} SET status = ? WHERE id = ?", [status, target_id])


def overrides(db: Backend, target_id: str) -> dict[str, Any]:
    found = db.query(f"SELECT overrides FROM {_table(target_id)} WHERE id = ?", [target_id])
    return json.loads(found[0]["overrides"] or "{}") if found else {}


def set_overrides(db: Backend, target_id: str, fields: dict[str, Any]) -> None:
    """An event's analyst-corrected fields (kept apart from what extraction found, and
    applied over it on every read and fusion); its status becomes `corrected`."""
    db.execute(f"UPDATE {_table(target_id)} SET overrides = ?, status = 'corrected' WHERE id = ?",
               [json.dumps(fields), target_id])


def forbid_links(db: Backend, pairs: Sequence[tuple[str, str]], review_id: int) -> None:
    """Report pairs an analyst split apart: fusion never joins them again."""
    db.executemany("INSERT INTO cannot_link (event_a, event_b, review_id) VALUES (?, ?, ?)"
                   " ON CONFLICT DO NOTHING",
                   [[min(a, b), max(a, b), review_id] for a, b in pairs])


def allow_links(db: Backend, pairs: Sequence[tuple[str, str]]) -> None:
    db.executemany("DELETE FROM cannot_link WHERE event_a = ? AND event_b = ?",
                   [[min(a, b), max(a, b)] for a, b in pairs])
