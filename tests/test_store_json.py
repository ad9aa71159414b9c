"""The store's JSON reading helpers: strict JSON fast, the standard library's NaN still read,
and the text cache bounded and keyed by version."""

from __future__ import annotations

import json
import math

from eventatlas.store.jsonutil import TextCache, load_json


def test_load_json_reads_what_the_standard_library_wrote():
    assert load_json('{"a": [1, 2.5, "x"]}') == {"a": [1, 2.5, "x"]}
    value = load_json(json.dumps({"ratio": float("nan"), "big": float("inf")}))
    assert math.isnan(value["ratio"]) and value["big"] == math.inf


def test_text_cache_keeps_the_most_recent_within_its_bound():
    cache = TextCache(max_chars=10)
    cache.put(("clusters", "a", 1), "aaaa")
    cache.put(("clusters", "b", 1), "bbbb")
    assert cache.get(("clusters", "a", 1)) == "aaaa"  # now the most recently used
    cache.put(("clusters", "c", 1), "cccc")  # 12 chars: the least recent ("b") goes
    assert cache.get(("clusters", "b", 1)) is None
    assert cache.get(("clusters", "a", 1)) == "aaaa" and len(cache) == 2
    assert cache.get(("clusters", "a", 2)) is None  # another version is another entry
    cache.put(("clusters", "d", 1), "x" * 11)  # larger than the whole cache: not kept
    assert cache.get(("clusters", "d", 1)) is None
