"""Analyst review: confirm, correct a field, reject, split or merge, each appended to the
`reviews` audit log in the same transaction as its effect (the log is never rewritten).

Fusion is reversible through these: a split moves reports out of a fused event and records that
they must not be fused back; a merge joins two fused events and drops any such record between
them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from eventatlas import ontology
from eventatlas.errors import InputError

if TYPE_CHECKING:
    from eventatlas.store.store import Store

ACTIONS = ("confirm", "correct", "reject", "split", "merge")
_PRECISIONS = {"day": 1, "week": 2, "month": 3, "year": 3}
_GEO_PRECISIONS = {"point": 1, "town": 1, "admin2": 2, "admin1": 3, "country": 3}
_MODALITIES = {"asserted", "reported", "claimed", "threatened", "planned", "denied",
               "hypothetical"}
_ROLES = {"actor", "target", "affected", "source"}


def apply_review(store: Store, target_id: str, action: str, *, field: str | None = None,
                 value: Any = None, reviewer: str | None = None, note: str | None = None,
                 event_ids: list[str] | None = None, other_id: str | None = None
                 ) -> dict[str, Any]:
    if action not in ACTIONS:
        raise InputError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    fused = target_id.startswith("fe-")
    if action in ("split", "merge") and not fused:
        raise InputError(f"{action} applies to a fused event (an id starting with fe-)")
    clean = normalize_correction(field, value) if action == "correct" else None
    with store.db.transaction():
        if store.get_event(target_id) is None:
            raise LookupError(target_id)
        review_id = log_review(store, target_id, action, field, clean, reviewer, note,
                               event_ids, other_id)
        outcome = _apply(store, target_id, action, field, clean, event_ids, other_id, review_id)
    event = store.get_event(target_id) or {}
    return event | {"review": {"id": review_id, "action": action, **outcome}}


def list_reviews(store: Store, target_id: str | None = None) -> list[dict[str, Any]]:
    sql = ("SELECT id, target_id, action, field, value, event_ids, other_id, reviewer, note,"
           " pipeline_version, created_at FROM reviews")
    params: list[Any] = []
    if target_id:
        sql += " WHERE target_id = ?"
        params.append(target_id)
    found = store.db.query(sql + " ORDER BY id", params)
    for row in found:
        row["value"] = json.loads(row["value"]) if row["value"] else None
        row["event_ids"] = json.loads(row["event_ids"]) if row["event_ids"] else None
        row["created_at"] = row["created_at"].isoformat() if row["created_at"] else None
    return found


def log_review(store: Store, target_id: str, action: str, field: str | None, value: Any,
               reviewer: str | None, note: str | None, event_ids: list[str] | None,
               other_id: str | None) -> int:
    """Append one decision to the audit log (an analyst's, or fusion's own automatic merges)
    and return its id."""
    from eventatlas.store.store import PIPELINE_VERSION

    found = store.db.query(
        "INSERT INTO reviews (target_id, action, field, value, event_ids, other_id, reviewer,"
        " note, pipeline_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id",
        [target_id, action, field, json.dumps(value) if value is not None else None,
         json.dumps(event_ids) if event_ids else None, other_id, reviewer, note,
         PIPELINE_VERSION, datetime.now(UTC)])
    return int(found[0]["id"])


def _apply(store: Store, target_id: str, action: str, field: str | None, value: Any,
           event_ids: list[str] | None, other_id: str | None, review_id: int) -> dict[str, Any]:
    table = "clusters" if target_id.startswith("fe-") else "events"
    if action in ("confirm", "reject"):
        status = "confirmed" if action == "confirm" else "rejected"
        store.db.execute(f"UPDATE {table} SET status = ? WHERE id = ?", [status, target_id])
        if table == "clusters":
            return {}  # a fused event's own status is read with it; its fields do not change
    elif action == "correct":
        assert field is not None
        row = store.db.query(f"SELECT overrides FROM {table} WHERE id = ?", [target_id])[0]
        overrides = json.loads(row["overrides"] or "{}") | {field: value}
        store.db.execute(f"UPDATE {table} SET overrides = ?, status = 'corrected' WHERE id = ?",
                         [json.dumps(overrides), target_id])
    elif action == "split":
        return {"new_id": _split(store, target_id, event_ids or [], review_id)}
    else:
        _merge(store, target_id, other_id)
        return {"merged": other_id}
    _refresh_owner(store, target_id)
    return {}


def _refresh_owner(store: Store, target_id: str) -> None:
    if target_id.startswith("fe-"):
        store.refresh_cluster(target_id)
        return
    row = store.db.query("SELECT cluster_id FROM events WHERE id = ?", [target_id])[0]
    store.refresh_cluster(row["cluster_id"])


def _split(store: Store, cluster_id: str, event_ids: list[str], review_id: int) -> str:
    members = [row["id"] for row in store.db.query(
        "SELECT id FROM events WHERE cluster_id = ?", [cluster_id])]
    moving = [event_id for event_id in dict.fromkeys(event_ids) if event_id in members]
    if not moving or len(moving) != len(set(event_ids)) or len(moving) == len(members):
        raise InputError("split needs event_ids: some, not all, of the fused event's reports")
    new_id = "fe-" + hashlib.sha1(f"{cluster_id}|{review_id}".encode()).hexdigest()[:12]
    for event_id in moving:
        store.db.execute("UPDATE events SET cluster_id = ? WHERE id = ?", [new_id, event_id])
    staying = [event_id for event_id in members if event_id not in moving]
    store.db.executemany(
        "INSERT INTO cannot_link (event_a, event_b, review_id) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        [[min(a, b), max(a, b), review_id] for a in moving for b in staying])
    store.refresh_cluster(cluster_id)
    store.refresh_cluster(new_id)
    return new_id


def _merge(store: Store, cluster_id: str, other_id: str | None) -> None:
    if not other_id or other_id == cluster_id or not other_id.startswith("fe-"):
        raise InputError("merge needs other_id: another fused event (fe-...)")
    if store.get_event(other_id) is None:
        raise LookupError(other_id)
    moved = [row["id"] for row in store.db.query(
        "SELECT id FROM events WHERE cluster_id = ?", [other_id])]
    kept = [row["id"] for row in store.db.query(
        "SELECT id FROM events WHERE cluster_id = ?", [cluster_id])]
    store.db.execute("UPDATE events SET cluster_id = ? WHERE cluster_id = ?",
                     [cluster_id, other_id])
    store.db.executemany("DELETE FROM cannot_link WHERE event_a = ? AND event_b = ?",
                         [[min(a, b), max(a, b)] for a in moved for b in kept])
    store.refresh_cluster(other_id)  # no members left: the row goes
    store.refresh_cluster(cluster_id)


def normalize_correction(field: str | None, value: Any) -> Any:
    """Check an analyst's corrected value and bring it into the contract's shape."""
    checks = {
        "type": _check_type, "modality": _check_modality, "date": _check_date,
        "fatalities": _check_fatalities, "location": _check_place, "origin": _check_place,
        "destination": _check_place, "quantity": _check_quantity, "actors": _check_actors,
        "attribution": _check_attribution,
    }
    if field not in checks:
        raise InputError(f"field must be one of {', '.join(sorted(checks))}, not {field!r}")
    if value is None and field not in ("type", "modality", "actors"):
        return None
    return checks[field](value)


def _check_type(value: Any) -> str:
    if value not in ontology.codes():
        raise InputError(f"type {value!r} is not in the ontology (see `eventatlas types`)")
    return str(value)


def _check_modality(value: Any) -> str:
    if value not in _MODALITIES:
        raise InputError(f"modality must be one of {', '.join(sorted(_MODALITIES))}")
    return str(value)


def _check_date(value: Any) -> dict[str, Any]:
    record = _mapping(value, "date")
    try:
        start = date.fromisoformat(record["start"])
        end = date.fromisoformat(record.get("end") or record["start"])
    except (KeyError, TypeError, ValueError) as error:
        raise InputError("date needs start (and end) as YYYY-MM-DD") from error
    precision = record.get("precision", "day")
    if end < start or precision not in _PRECISIONS:
        raise InputError("date: end before start, or precision not day|week|month|year")
    return {"start": start.isoformat(), "end": end.isoformat(), "precision": precision,
            "time_precision": _PRECISIONS[precision], "text": record.get("text"),
            "basis": "explicit"}


def _check_fatalities(value: Any) -> dict[str, Any]:
    record = _mapping(value, "fatalities")
    numbers = {key: record.get(key) for key in ("low", "best", "high")}
    if any(number is not None and (not isinstance(number, int) or number < 0)
           for number in numbers.values()):
        raise InputError("fatalities low/best/high must be whole numbers ≥ 0 or null")
    return numbers


def _check_place(value: Any) -> dict[str, Any]:
    record = _mapping(value, "place")
    lat, lon = record.get("lat"), record.get("lon")
    if not isinstance(record.get("name"), str) or not record["name"].strip():
        raise InputError("a place needs a name")
    if not (isinstance(lat, int | float) and isinstance(lon, int | float)
            and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError("a place needs lat and lon in degrees")
    precision = record.get("precision", "town")
    if precision not in _GEO_PRECISIONS:
        raise InputError("place precision must be point|town|admin2|admin1|country")
    return {"name": record["name"].strip(), "text": record.get("text") or record["name"],
            "geonameid": record.get("geonameid"), "lat": float(lat), "lon": float(lon),
            "admin1": record.get("admin1"), "country_code": record.get("country_code"),
            "precision": precision, "geo_precision": _GEO_PRECISIONS[precision],
            "basis": "explicit"}


def _check_quantity(value: Any) -> dict[str, Any]:
    record = _mapping(value, "quantity")
    if not isinstance(record.get("unit"), str):
        raise InputError("quantity needs a unit (people, families...)")
    numbers = {key: record.get(key) for key in ("value", "low", "high")}
    if any(number is not None and (not isinstance(number, int) or number < 0)
           for number in numbers.values()):
        raise InputError("quantity value/low/high must be whole numbers ≥ 0 or null")
    return numbers | {"unit": record["unit"], "text": record.get("text") or ""}


def _check_actors(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise InputError("actors must be a list")
    actors = []
    for item in value:
        record = _mapping(item, "actor")
        if record.get("role") not in _ROLES or not isinstance(record.get("name"), str):
            raise InputError("each actor needs a role (actor|target|affected|source) and a name")
        actors.append({"role": record["role"], "name": record["name"],
                       "text": record.get("text") or record["name"],
                       "kind": record.get("kind") or "unknown"}
                      | {key: record[key] for key in ("actor_id", "country_code")
                         if record.get(key)})
    return actors


def _check_attribution(value: Any) -> dict[str, Any]:
    record = _mapping(value, "attribution")
    if not isinstance(record.get("source"), str):
        raise InputError("attribution needs a source")
    return {"source": record["source"], "text": record.get("text") or record["source"]}


def _mapping(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a JSON object")
    return value
