"""API hardening (issue 17): SSRF through IPv6 forms that embed an IPv4 address, the nosniff
header on every response, the extraction worker pool (budget, crash, replacement) and the read
cache's invalidation. The load and hostile-POST figures come from benchmarks/ (see
docs/reliability.md)."""

from __future__ import annotations

import ipaddress
import os
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from eventatlas.api import ApiSettings, create_app
from eventatlas.api.cache import Cached, ReadCache
from eventatlas.api.fetch import FetchRefused, SafeFetcher, embedded_ipv4, is_public
from eventatlas.api.workers import ExtractionPool, ExtractionTimeout, WorkersUnavailable
from eventatlas.store import open_store

TOKEN = "hardening-token"

# (IPv6 address, the IPv4 address it stands for); every one of these must be refused.
EMBEDDING_PRIVATE = [
    ("2002:7f00:1::", "127.0.0.1"),                       # 6to4
    ("2002:a9fe:a9fe::1", "169.254.169.254"),             # 6to4 to the metadata service
    ("2002:c0a8:101::", "192.168.1.1"),                   # 6to4
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),  # Teredo client (obfuscated)
    ("2001:0:a00:1:8000:63bf:a247:2ddd", "10.0.0.1"),     # Teredo server in 10/8
    ("64:ff9b::7f00:1", "127.0.0.1"),                     # NAT64 well-known prefix
    ("64:ff9b::a9fe:a9fe", "169.254.169.254"),            # NAT64
    ("64:ff9b:1::a00:5", "10.0.0.5"),                     # NAT64 local-use prefix
    ("::127.0.0.1", "127.0.0.1"),                         # IPv4-compatible
    ("::a00:1", "10.0.0.1"),                              # IPv4-compatible
    ("::ffff:127.0.0.1", "127.0.0.1"),                    # IPv4-mapped
    ("::ffff:a00:1", "10.0.0.1"),                         # IPv4-mapped
]
EMBEDDING_PUBLIC = ["2002:5db8:d822::", "64:ff9b::5db8:d822", "::ffff:93.184.216.34"]


@pytest.mark.parametrize(("address", "inner"), EMBEDDING_PRIVATE)
def test_ipv6_forms_embedding_a_private_ipv4_are_not_public(address, inner):
    parsed = ipaddress.IPv6Address(address)
    assert ipaddress.IPv4Address(inner) in (embedded_ipv4(parsed) or [])
    assert not is_public(parsed)


@pytest.mark.parametrize(("address", "inner"), EMBEDDING_PRIVATE)
def test_fetching_an_embedding_address_is_refused_as_a_literal_and_by_name(address, inner):
    contacted: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: contacted.append(request)
                                    or httpx.Response(200, text="hello"))
    fetcher = SafeFetcher(resolver=lambda host, port: [address], transport=transport)
    with pytest.raises(FetchRefused, match="non-public"):
        fetcher.fetch(f"http://[{address}]/latest/meta-data/")
    with pytest.raises(FetchRefused, match="non-public"):
        fetcher.fetch("http://innocent.example/")
    assert contacted == []


@pytest.mark.parametrize("address", EMBEDDING_PUBLIC)
def test_ipv6_forms_embedding_a_public_ipv4_are_judged_by_it(address):
    assert is_public(ipaddress.IPv6Address(address))


def _client(tmp_path: Path, **settings) -> tuple[TestClient, object]:
    store = open_store(str(tmp_path / "h.duckdb"))
    app = create_app(store=store, web_dir=tmp_path / "no-ui",
                     settings=ApiSettings(**({"token": TOKEN} | settings)))
    return TestClient(app), store


def test_every_response_says_nosniff(tmp_path):
    client, store = _client(tmp_path, max_body_bytes=100)
    with client:
        answers = [
            client.get("/health"), client.get("/events"), client.get("/events?format=csv"),
            client.get("/events?format=geojson"), client.get("/openapi.json"),
            client.get("/events/fe-nothing"),                     # 404
            client.get("/events?limit=abc"),                      # 422
            client.get("/events?family=nope"),                    # 400
            client.post("/documents", json={"text": "x"}),        # 401
            client.post("/documents", content=b"x" * 500,         # 413
                        headers={"Authorization": f"Bearer {TOKEN}"}),
            client.get("/"),                                      # 503: no UI built
        ]
    store.close()
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200, 404, 422, 400, 401,
                                                413, 503]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff", answer.request.url


def test_cached_reads_never_outlive_a_write(tmp_path, seed_document):
    client, store = _client(tmp_path)
    with client:
        assert client.get("/events").json()["total"] == 0
        assert client.get("/events?limit=100").json()["total"] == 0  # same query, other order
        client.app.state.service.write("add_document", seed_document)
        listed = client.get("/events").json()
        assert listed["total"] > 0
        fused = listed["events"][0]["id"]
        assert client.get(f"/reviews?event_id={fused}").json()["reviews"] == []
        reviewed = client.post(f"/events/{fused}/review", json={"action": "reject"},
                               headers={"Authorization": f"Bearer {TOKEN}"})
        assert reviewed.status_code == 200
        assert len(client.get(f"/reviews?event_id={fused}").json()["reviews"]) == 1
        assert client.get(f"/events/{fused}").json()["review_status"] == "rejected"
    store.close()


def test_the_cache_keeps_no_answer_computed_across_a_write():
    cache = ReadCache()
    answer = Cached(200, b"old", "application/json", ())

    def racing() -> Cached:
        cache.invalidate()  # a write lands while this answer is being computed
        return answer

    assert cache.get_or_compute("k", racing) is answer
    fresh = Cached(200, b"new", "application/json", ())
    assert cache.get_or_compute("k", lambda: fresh) is fresh
    assert cache.get_or_compute("k", lambda: answer) is fresh  # now a hit


def _no_models() -> None:
    """A worker initializer that loads nothing (the pool's mechanics, not the NLP)."""


@pytest.fixture()
def pool(monkeypatch):
    monkeypatch.setattr("eventatlas.api.workers.GRACE_S", 0.5)  # budget 0.5 s + 0.5 s grace
    workers = ExtractionPool(workers=1, budget_s=0.5, initializer=_no_models)
    yield workers
    workers.close()


def test_a_worker_past_the_budget_is_killed_and_replaced(pool):
    first = pool._run(os.getpid)
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout, match="budget"):
        pool._run(time.sleep, 30)
    assert time.monotonic() - started < 10
    assert pool.replaced == 1
    second = pool._run(os.getpid)
    assert second != first
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)  # the stalled worker is gone, not left running


def test_a_crashed_worker_is_replaced(pool):
    with pytest.raises(WorkersUnavailable, match="died"):
        pool._run(os._exit, 1)
    assert pool.replaced == 1
    assert pool._run(sum, [1, 2]) == 3


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.delenv("EVENTATLAS_EXTRACT_WORKERS", raising=False)
    defaults = ApiSettings.from_env()
    assert defaults.extraction == "pool" and defaults.extract_workers >= 1
    monkeypatch.setenv("EVENTATLAS_EXTRACT_WORKERS", "3")
    monkeypatch.setenv("EVENTATLAS_TIME_BUDGET", "2.5")
    monkeypatch.setenv("EVENTATLAS_EXTRACTION", "inline")
    chosen = ApiSettings.from_env()
    assert (chosen.extract_workers, chosen.extract_budget_s, chosen.extraction) == (
        3, 2.5, "inline")
    monkeypatch.setenv("EVENTATLAS_EXTRACT_WORKERS", "0")
    with pytest.raises(ValueError, match="positive whole number"):
        ApiSettings.from_env()
