"""Reading the stored JSON of events fast: orjson instead of the standard library, and a cache
of the long `data` texts so a listing reads from the engine only rows it has not seen."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

import orjson


def load_json(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        # The standard library writes NaN and Infinity, which strict JSON (orjson) refuses.
        return json.loads(text)


def dump_json(value: Any) -> str:
    return orjson.dumps(value).decode()


class TextCache:
    """Least recently used texts under keys that change whenever the text does (a row id and
    its update time): a stale entry is never hit, only aged out. Bounded by total length."""

    def __init__(self, max_chars: int = 64_000_000) -> None:
        self.max_chars = max_chars
        self._texts: OrderedDict[Hashable, str] = OrderedDict()
        self._chars = 0

    def get(self, key: Hashable) -> str | None:
        text = self._texts.get(key)
        if text is not None:
            self._texts.move_to_end(key)
        return text

    def put(self, key: Hashable, text: str) -> None:
        if key in self._texts or len(text) > self.max_chars:
            return
        self._texts[key] = text
        self._chars += len(text)
        while self._chars > self.max_chars:
            _, dropped = self._texts.popitem(last=False)
            self._chars -= len(dropped)

    def __len__(self) -> int:
        return len(self._texts)
