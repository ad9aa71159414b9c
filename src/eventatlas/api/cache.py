"""Rendered read responses, cached per store write generation.

The UI and dashboards ask the same few questions again and again (the default listing, the
GeoJSON layer, the timeline, the flows); each costs 5–50 ms of Python to query and render, and
on two cores that caps a server at a few dozen requests a second. An answer here is the exact
bytes of an earlier one, kept only while no write has happened since:

- `ApiService` calls `invalidate()` after every write it makes, which moves the generation on;
  an answer computed while a write was landing is not kept (its generation is stale);
- another process can write a PostgreSQL store behind this one's back, so there answers also
  expire after `ttl_s` (DuckDB lets one process open the file, so there they need no expiry);
- identical misses arriving together compute once (the others wait for that answer), so a burst
  of one query after a write costs one query, not one per request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

DEFAULT_ENTRIES = 512
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# One 20,000-event GeoJSON export can be tens of MB: answers this big are not kept.
MAX_ENTRY_BYTES = 8 * 1024 * 1024
_STRIPES = 64


@dataclass(frozen=True, slots=True)
class Cached:
    status: int
    body: bytes
    media_type: str | None
    headers: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class _Entry:
    generation: int
    stored_at: float
    value: Cached


class ReadCache:
    def __init__(self, *, max_entries: int = DEFAULT_ENTRIES,
                 max_bytes: int = DEFAULT_MAX_BYTES, ttl_s: float | None = None) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.ttl_s = ttl_s
        self.generation = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._stripes = [threading.Lock() for _ in range(_STRIPES)]

    def invalidate(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()
            self._bytes = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], Cached]) -> Cached:
        found = self._lookup(key)
        if found is not None:
            return found
        with self._stripes[hash(key) % _STRIPES]:  # one computation per key at a time
            found = self._lookup(key)
            if found is not None:
                return found
            generation = self.generation
            value = compute()
            self._keep(key, generation, value)
            return value

    def _lookup(self, key: Hashable) -> Cached | None:
        with self._lock:
            entry = self._entries.get(key)
            fresh = entry is not None and entry.generation == self.generation and (
                self.ttl_s is None or time.monotonic() - entry.stored_at < self.ttl_s)
            if entry is None or not fresh:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.value

    def _keep(self, key: Hashable, generation: int, value: Cached) -> None:
        size = len(value.body)
        if value.status != 200 or size > MAX_ENTRY_BYTES:
            return
        with self._lock:
            if generation != self.generation:  # a write landed while it was computed
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.value.body)
            self._entries[key] = _Entry(generation, time.monotonic(), value)
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.value.body)
