"""Reading the store: pages of fused or report-level events, single events and documents,
flows, actors, counts over time, and integrity checks.

The long `data` JSON of events and the text of documents come from a bounded cache where the
same version was read before (see `jsonutil.TextCache`): listings re-read the same rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from eventatlas.store.backends import Backend, Row, StoreError
from eventatlas.store.jsonutil import TextCache, dump_json, load_json
from eventatlas.store.query import EventQuery, where_clause

# What a read needs besides the `data` JSON (which comes from the cache when it can).
_FUSED_READ = ("id", "status", "pipeline_version", "updated_at")
_REPORT_READ = ("id", "document_id", "status", "overrides", "cluster_id", "pipeline_version")


@dataclass(slots=True)
class EventPage:
    events: list[dict[str, Any]]
    total: int


class StoreReader:
    def __init__(self, backend: Backend) -> None:
        self.db = backend
        self._data = TextCache()  # event JSON by (table, id, version): listings re-read rows

    def document_meta(self, document_ids: set[str]) -> dict[str, dict[str, Any]]:
        """Title, outlet, url and date of documents, looked up by id. (Separate look-ups, not
        a join: a join reads the whole documents table, slow once it holds many reports.)"""
        if not document_ids:
            return {}
        ids = sorted(document_ids)
        marks = ", ".join("?" for _ in ids)
        return {row["id"]: {"id": row["id"], "title": row["title"], "outlet": row["outlet"],
                            "url": row["url"], "published": iso_date(row["published"])}
                for row in self.db.query("SELECT id, title, outlet, url, published FROM"
                                         f" documents WHERE id IN ({marks})", ids)}

    def list_events(self, query: EventQuery | None = None) -> EventPage:
        query = query or EventQuery()
        query.check()
        fused = query.level == "fused"
        table, columns = ("clusters", _FUSED_READ) if fused else ("events", _REPORT_READ)
        where, params = where_clause(query)
        # The page's rows and the total in one query (a window count), not three.
        found = self.db.query(
            f"SELECT {', '.join('t.' + column for column in columns)},"
            f" count(*) OVER () AS total FROM {table} t{where}"
            " ORDER BY t.date_start DESC NULLS LAST, t.id LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset])
        if found:
            total = found[0]["total"]
        elif query.offset or not query.limit:  # no row to carry the total
            total = self.db.query(f"SELECT count(*) AS n FROM {table} t{where}", params)[0]["n"]
        else:
            total = 0
        rows = {row["id"]: row for row in found}
        ids = list(rows)
        events = self._fused_rows(ids, rows) if fused else self._report_rows(ids, rows)
        return EventPage(events=events, total=int(total))

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        found = (self._fused_many([event_id]) if event_id.startswith("fe-")
                 else self._reports_many([event_id]))
        return found[0] if found else None

    def _fused_many(self, ids: list[str]) -> list[dict[str, Any]]:
        return self._fused_rows(ids, self._rows_by_id("clusters", _FUSED_READ, ids))

    def _reports_many(self, ids: list[str]) -> list[dict[str, Any]]:
        return self._report_rows(ids, self._rows_by_id("events", _REPORT_READ, ids))

    def _rows_by_id(self, table: str, columns: tuple[str, ...], ids: list[str]) -> dict[str, Row]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        return {row["id"]: row for row in self.db.query(
            f"SELECT {', '.join(columns)} FROM {table} WHERE id IN ({marks})", ids)}

    def _fused_rows(self, ids: list[str], found: dict[str, Row]) -> list[dict[str, Any]]:
        data = self._texts("clusters", {key: ("clusters", key, row["updated_at"])
                                        for key, row in found.items()})
        return [_with_status(load_json(data[key]), found[key]) for key in ids if key in data]

    def _report_rows(self, ids: list[str], found: dict[str, Row]) -> list[dict[str, Any]]:
        # A report's extraction never changes once stored (reviews go to status/overrides).
        data = self._texts("events", {key: ("events", key) for key in found})
        documents = self.document_meta({row["document_id"] for row in found.values()})
        clusters = sorted({row["cluster_id"] for row in found.values()})
        cluster_marks = ", ".join("?" for _ in clusters)
        corroboration = {row["id"]: row["corroboration"] for row in self.db.query(
            f"SELECT id, corroboration FROM clusters WHERE id IN ({cluster_marks})", clusters)
        } if clusters else {}
        return [_report_event(found[key] | {"data": data[key]},
                              documents[found[key]["document_id"]],
                              corroboration.get(found[key]["cluster_id"]))
                for key in ids if key in data]

    def _texts(self, table: str, keys: dict[str, tuple[Any, ...]]) -> dict[str, str]:
        """The `data` JSON text of rows by id, from the cache where the same version was read
        before, else in one query."""
        texts = {row_id: self._data.get(key) for row_id, key in keys.items()}
        if missing := [row_id for row_id, text in texts.items() if text is None]:
            marks = ", ".join("?" for _ in missing)
            for row in self.db.query(f"SELECT id, data FROM {table} WHERE id IN ({marks})",
                                     missing):
                texts[row["id"]] = row["data"]
                self._data.put(keys[row["id"]], row["data"])
        return {row_id: text for row_id, text in texts.items() if text is not None}

    def get_document(self, document_id: str) -> dict[str, Any] | None:
        stored = self._stored_document(document_id)
        if stored is None:
            return None
        document, event_ids = stored["document"], stored["event_ids"]
        document["events"] = self._reports_many(event_ids)
        return document

    def _stored_document(self, document_id: str) -> dict[str, Any] | None:
        """A document's text, mentions and event ids: written once and never changed, so read
        from the engine once (three queries) and then from the cache."""
        key = ("documents", document_id)
        if (cached := self._data.get(key)) is not None:
            return load_json(cached)
        found = self.db.query(
            "SELECT id, title, outlet, byline, dateline, published, language, url, captions, text,"
            " content_hash, source_name, pipeline_version FROM documents WHERE id = ?",
            [document_id])
        if not found:
            return None
        document = dict(found[0])
        document["published"] = iso_date(document["published"])
        document["captions"] = json.loads(document["captions"] or "[]")
        document["mentions"] = [
            {"start": row["start_char"], "end": row["end_char"], "text": row["text"],
             "label": row["label"], "sentence": row["sentence"]}
            for row in self.db.query(
                "SELECT start_char, end_char, text, label, sentence FROM mentions"
                " WHERE document_id = ? ORDER BY idx", [document_id])]
        event_ids = [row["id"] for row in self.db.query(
            "SELECT id FROM events WHERE document_id = ? ORDER BY id", [document_id])]
        stored = {"document": document, "event_ids": event_ids}
        self._data.put(key, dump_json(stored))
        return stored

    def list_flows(self, query: EventQuery | None = None) -> list[dict[str, Any]]:
        query = query or EventQuery(limit=1000)
        query.family = "movement"
        return [_flow(event) for event in self.list_events(query).events
                if event.get("origin") or event.get("destination")]

    def list_actors(self, search: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Actors by the number of fused events they take part in, each under the name the
        reports use most for it."""
        sql = ("SELECT a.actor_key, max(a.kind) AS kind, count(DISTINCT e.cluster_id) AS events"
               " FROM event_actors a JOIN events e ON e.id = a.event_id"
               " WHERE e.status <> 'rejected'")
        params: list[Any] = []
        if search:
            sql += " AND (a.actor_key = ? OR strpos(lower(a.name), ?) > 0)"
            params += [search, search.lower()]
        sql += " GROUP BY a.actor_key ORDER BY events DESC, a.actor_key LIMIT ?"
        found = self.db.query(sql, [*params, max(1, min(limit, 1000))])
        keys = [row["actor_key"] for row in found]
        known, names = self._actor_details(keys), self._common_names(keys)
        return [{"actor_id": known.get(row["actor_key"], {}).get("actor_id"),
                 "key": row["actor_key"], "name": names.get(row["actor_key"], row["actor_key"]),
                 "kind": row["kind"],
                 "country_code": known.get(row["actor_key"], {}).get("country_code"),
                 "events": int(row["events"])} for row in found]

    def _common_names(self, keys: list[str]) -> dict[str, str]:
        if not keys:
            return {}
        marks = ", ".join("?" for _ in keys)
        names: dict[str, str] = {}
        for row in self.db.query(
                f"SELECT actor_key, name, count(*) AS n FROM event_actors WHERE actor_key IN"
                f" ({marks}) GROUP BY actor_key, name ORDER BY n DESC, length(name), name", keys):
            names.setdefault(row["actor_key"], row["name"])
        return names

    def _actor_details(self, keys: list[str]) -> dict[str, Row]:
        if not keys:
            return {}
        marks = ", ".join("?" for _ in keys)
        return {row["actor_key"]: row for row in self.db.query(
            f"SELECT actor_key, actor_id, country_code FROM actors WHERE actor_key IN ({marks})",
            keys)}

    def stats(self, query: EventQuery | None = None, bucket: str = "week") -> list[dict[str, Any]]:
        if bucket not in {"day", "week", "month", "year"}:
            raise StoreError(f"bucket must be day, week, month or year, not {bucket!r}")
        query = query or EventQuery()
        table = "clusters" if query.level == "fused" else "events"
        where, params = where_clause(query)
        where = (where + " AND" if where else " WHERE") + " t.date_start IS NOT NULL"
        found = self.db.query(
            f"SELECT date_trunc('{bucket}', t.date_start) AS period, t.type, t.family,"
            f" count(*) AS events, sum(coalesce(t.fatalities_best, 0)) AS fatalities"
            f" FROM {table} t{where} GROUP BY 1, 2, 3 ORDER BY 1, 2", params)
        return [{"period": iso_date(row["period"]), "type": row["type"], "family": row["family"],
                 "events": int(row["events"]), "fatalities": int(row["fatalities"] or 0)}
                for row in found]

    def verify(self) -> list[str]:
        """Integrity problems (rows pointing at missing rows, fused events without reports);
        an empty list for a healthy store."""
        checks = {
            "events without their document": "SELECT count(*) AS n FROM events e WHERE NOT "
            "EXISTS (SELECT 1 FROM documents d WHERE d.id = e.document_id)",
            "events without their fused event": "SELECT count(*) AS n FROM events e WHERE NOT "
            "EXISTS (SELECT 1 FROM clusters c WHERE c.id = e.cluster_id)",
            "fused events without reports": "SELECT count(*) AS n FROM clusters c WHERE NOT "
            "EXISTS (SELECT 1 FROM events e WHERE e.cluster_id = c.id)",
            "evidence without its event": "SELECT count(*) AS n FROM event_sources s WHERE NOT "
            "EXISTS (SELECT 1 FROM events e WHERE e.id = s.event_id)",
            "mentions without their document": "SELECT count(*) AS n FROM mentions m WHERE NOT "
            "EXISTS (SELECT 1 FROM documents d WHERE d.id = m.document_id)",
            "events without evidence": "SELECT count(*) AS n FROM events e WHERE NOT EXISTS "
            "(SELECT 1 FROM event_sources s WHERE s.event_id = e.id)",
        }
        problems = []
        for label, sql in checks.items():
            count = int(self.db.query(sql)[0]["n"])
            if count:
                problems.append(f"{count} {label}")
        return problems

    def counts(self) -> dict[str, int]:
        tables = ("documents", "events", "clusters", "reviews")
        return {name: int(self.db.query(f"SELECT count(*) AS n FROM {name}")[0]["n"])
                for name in tables}


def _with_status(event: dict[str, Any], row: Row) -> dict[str, Any]:
    return event | {"review_status": row["status"], "pipeline_version": row["pipeline_version"]}


def _report_event(row: Row, document: dict[str, Any], corroboration: int | None
                  ) -> dict[str, Any]:
    event = load_json(row["data"]) | json.loads(row["overrides"] or "{}")
    source = {"document_id": document["id"], "event_id": row["id"], "title": document["title"],
              "outlet": document["outlet"], "url": document["url"],
              "published": document["published"], "status": row["status"],
              "evidence": event.get("evidence", [])}
    return event | {
        "family": event["type"].split(".", 1)[0], "level": "report",
        "cluster_id": row["cluster_id"], "document_id": document["id"],
        "sources": [source], "corroboration": int(corroboration or 1),
        "first_reported": document["published"], "review_status": row["status"],
        "pipeline_version": row["pipeline_version"],
    }


def _flow(event: dict[str, Any]) -> dict[str, Any]:
    group = [actor for actor in event.get("actors") or [] if actor["role"] == "affected"]
    return {
        "id": event["id"], "type": event["type"], "origin": event.get("origin"),
        "destination": event.get("destination"), "quantity": event.get("quantity"),
        "group": [{"name": actor["name"], "text": actor["text"]} for actor in group],
        "date": event.get("date"), "modality": event.get("modality"),
        "attribution": event.get("attribution"), "corroboration": event.get("corroboration"),
        "sources": event.get("sources", []),
    }


def iso_date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)

