"""Security of the API and the store (see docs/security.md): token auth on writes, CORS off by
default, SQL only through parameters (injection strings in every filter and id), SSRF refusals
for URL ingest (with a real local server that redirects to loopback), request size limits, and
hostile text in request bodies."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from datetime import date
from typing import ClassVar
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import SEED, SEED_PUBLISHED
from eventatlas.api import ApiSettings, create_app
from eventatlas.api.fetch import FetchRefused, SafeFetcher
from eventatlas.errors import EventAtlasError
from eventatlas.store import EventQuery, open_store

TOKEN = "security-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SEED_TEXT = SEED.read_text(encoding="utf-8")
INJECTIONS = [
    "' OR '1'='1", "x' OR 1=1 --", "'; DROP TABLE events; --", "\" OR \"\"=\"",
    "1; SELECT * FROM documents", "%' OR '%'='", "') OR ('a'='a", "? OR 1=1",
    "fe-x' UNION SELECT id, data, status, pipeline_version FROM clusters --",
    "\\'; DELETE FROM clusters; --", "Islamic State' --", "%", "_", "*",
]
TABLES = ("documents", "events", "clusters", "event_sources", "event_actors", "mentions",
          "reviews")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, pipeline) -> Iterator[tuple[TestClient, object, dict]]:
    store = open_store(str(tmp_path_factory.mktemp("security") / "security.duckdb"))
    app = create_app(store=store, pipeline=pipeline, settings=ApiSettings(token=TOKEN))
    with TestClient(app) as client:
        posted = client.post("/documents", headers=AUTH, json={
            "text": SEED_TEXT, "published": SEED_PUBLISHED.isoformat()})
        assert posted.status_code == 201, posted.text
        yield client, store, posted.json()
    store.close()


def table_counts(store) -> dict[str, int]:
    return {table: int(store.db.query(f"SELECT count(*) AS n FROM {table}")[0]["n"])
            for table in TABLES}


# --- token auth on writes ---------------------------------------------------------------------


@pytest.mark.parametrize("header", [
    None, "", "Bearer", "Bearer ", f"Basic {TOKEN}", f"Token {TOKEN}", f"Bearer {TOKEN}x",
    f"Bearer {TOKEN[:-1]}", f"Bearer {TOKEN.upper()}", f"Bearer  {TOKEN}x", "Bearer ' OR '1'='1",
])
def test_writes_without_the_exact_token_are_401_and_change_nothing(seeded, header):
    client, store, posted = seeded
    before = table_counts(store)
    headers = {"Authorization": header} if header is not None else {}
    new_text = SEED_TEXT + "\n\nOne more sentence that makes this content new."
    response = client.post("/documents", headers=headers, json={"text": new_text})
    assert response.status_code == 401, response.text
    review = client.post(f"/events/{posted['events'][0]['id']}/review", headers=headers,
                         json={"action": "reject"})
    assert review.status_code == 401
    # The token in the query string or a cookie is not a credential.
    assert client.post(f"/documents?token={TOKEN}", json={"text": new_text}).status_code == 401
    client.cookies.set("token", TOKEN)
    try:
        assert client.post("/documents", json={"text": new_text}).status_code == 401
    finally:
        client.cookies.clear()
    assert table_counts(store) == before


def test_bearer_scheme_is_case_insensitive_and_reads_are_open(seeded):
    client, _, posted = seeded
    event_id = posted["events"][0]["id"]
    response = client.post(f"/events/{event_id}/review",
                           headers={"Authorization": f"bearer {TOKEN}"},
                           json={"action": "confirm", "reviewer": "<script>x</script>"})
    assert response.status_code == 200, response.text
    for path in ("/events", f"/events/{event_id}", "/stats", "/flows", "/actors", "/types",
                 "/reviews", f"/documents/{posted['document_id']}"):
        assert client.get(path).status_code == 200, path


# --- CORS ---------------------------------------------------------------------------------------


def test_cors_is_off_by_default_for_reads_writes_and_preflight(seeded):
    client, _, _ = seeded
    origin = {"Origin": "https://evil.example"}
    assert "access-control-allow-origin" not in client.get("/events", headers=origin).headers
    preflight = client.options("/documents", headers=origin | {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-headers" not in preflight.headers
    write = client.post("/documents", headers=origin | AUTH, json={"text": SEED_TEXT})
    assert "access-control-allow-origin" not in write.headers


# --- SQL only through parameters ---------------------------------------------------------------

EVENT_FILTERS = ["start", "end", "bbox", "family", "type", "actor", "country", "admin1", "q",
                 "modality", "min_confidence", "level", "include_rejected", "limit", "offset",
                 "format"]


@pytest.mark.parametrize("name", EVENT_FILTERS)
def test_injection_strings_in_every_filter_are_data(seeded, name):
    client, store, _ = seeded
    before = table_counts(store)
    for path in ("/events", "/flows", "/stats"):
        for value in INJECTIONS:
            response = client.get(path, params={name: value})
            # Validated filters refuse it (400/422); free-text ones treat it as a literal.
            assert response.status_code in (200, 400, 422), (path, name, value, response.text)
            if response.status_code == 200 and path == "/events":
                assert response.json()["total"] == 0, (name, value)
    assert table_counts(store) == before


@pytest.mark.parametrize("field", ["family", "type", "actor", "country", "admin1", "text",
                                   "modality"])
@pytest.mark.parametrize("level", ["fused", "report"])
def test_injection_strings_in_every_event_query_field_match_nothing(seeded, field, level):
    _, store, _ = seeded
    before = table_counts(store)
    assert store.list_events(EventQuery(level=level)).total > 0
    for value in INJECTIONS:
        query = EventQuery(level=level, **{field: value})
        assert store.list_events(query).total == 0, (field, value)
        assert store.list_events(query).events == []
        assert store.stats(EventQuery(level=level, **{field: value})) == []
        if field != "family":  # list_flows sets family itself (to movement)
            assert store.list_flows(EventQuery(level=level, limit=100, **{field: value})) == []
    assert table_counts(store) == before


def test_injection_in_ids_and_searches_of_the_store(seeded):
    _, store, _ = seeded
    before = table_counts(store)
    for value in INJECTIONS:
        assert store.get_event(value) is None
        assert store.get_event("fe-" + value) is None
        assert store.get_document(value) is None
        assert store.reviews(value) == []
        assert store.list_actors(value) == []
    with pytest.raises(EventAtlasError):
        store.stats(EventQuery(), bucket="week') FROM clusters; DROP TABLE events; --")
    assert table_counts(store) == before


def test_injection_in_path_ids_is_404(seeded):
    client, store, _ = seeded
    before = table_counts(store)
    for value in INJECTIONS:
        for prefix in ("", "fe-", "ev-"):
            event_id = quote(prefix + value, safe="")
            assert client.get(f"/events/{event_id}").status_code == 404, value
            assert client.get(f"/documents/{event_id}").status_code == 404, value
            review = client.post(f"/events/{event_id}/review", headers=AUTH,
                                 json={"action": "confirm"})
            assert review.status_code == 404, (value, review.text)
        assert client.get("/reviews", params={"event_id": value}).json() == {"reviews": []}
        assert client.get("/actors", params={"q": value}).json() == {"actors": []}
    assert table_counts(store) == before


def test_injection_in_review_fields_is_stored_as_text(seeded):
    client, _, posted = seeded
    event_id = posted["events"][1]["id"]
    note = "'); DROP TABLE reviews; --"
    response = client.post(f"/events/{event_id}/review", headers=AUTH,
                           json={"action": "confirm", "reviewer": INJECTIONS[0], "note": note})
    assert response.status_code == 200, response.text
    logged = client.get("/reviews", params={"event_id": event_id}).json()["reviews"]
    assert any(review.get("note") == note and review.get("reviewer") == INJECTIONS[0]
               for review in logged), logged


# --- hostile bodies -----------------------------------------------------------------------------


def test_hostile_text_in_bodies_is_400_or_422_never_500(seeded):
    client, store, _ = seeded
    before = table_counts(store)
    sentence = SEED_TEXT[:400]
    bodies = [
        b'{"text": "\\ud800 ' + sentence.encode() + b'"}',  # a lone surrogate
        b'{"text": "' + sentence.encode() + b' \\u0000 nul"}',
        b'{"text": "x", "title": "\\udfff"}',
        b'{"text": 1e309}', b'{"text": "' + sentence.encode() + b'", "published": "2016-02-31"}',
        b'{"text": "' + sentence.encode() + b'", "id": "../../etc/passwd"}',
        b'{"html": "' + b"<div>" * 20000 + b'"}', b"\xff\xfe\x00", b"[]", b"null",
        b'{"text": "a", "url": "http://example.org"}',
    ]
    for body in bodies:
        response = client.post("/documents", headers=AUTH | {"Content-Type": "application/json"},
                                content=body)
        assert response.status_code in (400, 422), (body[:60], response.status_code,
                                                     response.text)
    assert table_counts(store) == before


def test_upload_limits_with_the_default_settings(seeded):
    client, _, _ = seeded
    limit = ApiSettings().max_body_bytes
    assert limit == 15 * 1024 * 1024
    declared = client.post("/documents", headers=AUTH | {
        "Content-Type": "application/json", "Content-Length": str(limit + 1)},
        content=b"{" + b" " * (limit - 1) + b"}")
    assert declared.status_code == 413

    def stream() -> Iterator[bytes]:  # chunked, no Content-Length
        chunk = b" " * (1024 * 1024)
        for _ in range(16):
            yield chunk

    streamed = client.post("/documents", headers=AUTH | {"Content-Type": "application/json"},
                           content=stream())
    assert streamed.status_code == 413
    assert "limit" in streamed.json()["detail"]
    # Under the body limit but over the article limit: a clean 400, not a crash.
    long_text = "word " * 2_100_000  # 10.5 MB of text, 10.5 M characters
    over = client.post("/documents", headers=AUTH, json={"text": long_text})
    assert over.status_code == 400 and "over" in over.json()["detail"], over.text


# --- SSRF -------------------------------------------------------------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []
    redirect_to: ClassVar[str] = ""

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", type(self).redirect_to)
            self.end_headers()
            return
        body = b"<html><body><p>internal admin page</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def local_server() -> Iterator[tuple[str, type[_Recorder]]]:
    handler = type("Handler", (_Recorder,), {"hits": [], "redirect_to": ""})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    handler.redirect_to = f"{base}/admin"
    yield base, handler
    server.shutdown()
    server.server_close()


def test_a_real_loopback_server_is_never_contacted(local_server):
    base, handler = local_server
    port = base.rsplit(":", 1)[1]
    fetcher = SafeFetcher()
    for url in (f"{base}/admin", f"{base}/redirect", f"http://localhost:{port}/admin",
                f"http://2130706433:{port}/admin", f"http://0x7f000001:{port}/admin",
                f"http://127.1:{port}/admin", f"http://[::ffff:127.0.0.1]:{port}/admin",
                f"http://0.0.0.0:{port}/admin"):
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)
    assert handler.hits == []


def test_a_redirect_to_the_local_server_is_refused_before_it_is_followed(local_server):
    """A public page (a fake resolver and transport stand for the internet) redirects to the
    real local server: the redirect target is checked and refused, and the local server never
    sees a request."""
    base, handler = local_server
    public_hits: list[str] = []

    def internet(request: httpx.Request) -> httpx.Response:
        public_hits.append(str(request.url))
        return httpx.Response(302, headers={"location": f"{base}/admin"})

    fetcher = SafeFetcher(resolver=lambda host, port: ["93.184.216.34"],
                          transport=httpx.MockTransport(internet))
    with pytest.raises(FetchRefused, match="non-public"):
        fetcher.fetch("http://news.example/story")
    assert len(public_hits) == 1 and handler.hits == []


@pytest.mark.parametrize("addresses", [
    ["10.0.0.5"], ["172.16.0.1"], ["192.168.1.1"], ["169.254.169.254"], ["100.64.0.1"],
    ["127.0.0.1"], ["::1"], ["fe80::1%eth0"], ["fd00::1"], ["::ffff:169.254.169.254"],
    ["0.0.0.0"], ["224.0.0.251"], ["255.255.255.255"], ["93.184.216.34", "10.0.0.5"],
])
def test_a_name_resolving_to_any_non_public_address_is_refused(addresses):
    contacted: list[httpx.Request] = []
    fetcher = SafeFetcher(resolver=lambda host, port: addresses,
                          transport=httpx.MockTransport(
                              lambda request: contacted.append(request) or httpx.Response(200)))
    with pytest.raises(FetchRefused, match="non-public"):
        fetcher.fetch("http://innocent.example/page")
    assert contacted == []


def test_redirect_chains_schemes_and_loops_are_bounded():
    def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    def scheme_hop(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"location": "file:///etc/passwd"})

    with pytest.raises(FetchRefused, match="only http"):
        SafeFetcher(resolver=resolver, transport=httpx.MockTransport(scheme_hop)).fetch(
            "http://news.example/a")
    seen: list[str] = []

    def loop(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(302, headers={"location": f"/hop{len(seen)}"})

    with pytest.raises(FetchRefused, match="redirects"):
        SafeFetcher(resolver=resolver, transport=httpx.MockTransport(loop)).fetch(
            "http://news.example/a")
    assert len(seen) == 6  # the first request and five redirects, no more


def test_url_ingest_through_the_api_refuses_the_local_server(seeded, local_server):
    client, store, _ = seeded
    base, handler = local_server
    before = table_counts(store)
    for url in (f"{base}/admin", f"{base}/redirect", "http://metadata.google.internal/",
                "gopher://127.0.0.1:70/", "http://[fe80::1%25eth0]/"):
        response = client.post("/documents", headers=AUTH, json={"url": url})
        assert response.status_code == 400, (url, response.text)
    assert handler.hits == [] and table_counts(store) == before


def test_stored_urls_are_data_not_requests(tmp_path, pipeline):
    """A JSON Lines `url` is metadata: ingest never fetches it."""
    from eventatlas.ingest import build_document
    from eventatlas.ingest.reader import RawInput

    document = build_document(RawInput("x", SEED_TEXT, False), published=date(2016, 11, 11),
                              url="http://127.0.0.1:1/never-fetched")
    store = open_store(str(tmp_path / "urls.duckdb"))
    try:
        assert store.add_document(pipeline.process(document)).status == "added"
        assert store.get_document(document.id)["url"] == "http://127.0.0.1:1/never-fetched"
    finally:
        store.close()
