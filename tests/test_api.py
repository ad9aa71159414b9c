"""The HTTP API with the real app (FastAPI TestClient), the real pipeline and a real DuckDB
store in a temporary folder. The seed report is posted through the API itself."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from conftest import SEED, SEED_PUBLISHED
from eventatlas.api import ApiSettings, create_app
from eventatlas.api.fetch import FetchRefused, SafeFetcher, is_public
from eventatlas.api.formats import events_csv
from eventatlas.store import open_store

TOKEN = "test-write-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SEED_TEXT = SEED.read_text(encoding="utf-8")
RAQQA_BBOX = "38.5,35.5,39.5,36.5"
WEB_SRC = Path(__file__).parents[1] / "web" / "src"


def make_client(path: Path, pipeline, **settings) -> tuple[TestClient, object]:
    store = open_store(str(path))
    app = create_app(store=store, pipeline=pipeline,
                     settings=ApiSettings(**({"token": TOKEN} | settings)))
    return TestClient(app), store


def post_seed(client: TestClient) -> httpx.Response:
    return client.post("/documents", headers=AUTH,
                       json={"text": SEED_TEXT, "published": SEED_PUBLISHED.isoformat()})


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, pipeline):
    """A store holding the seed report, posted through the API (read-only tests share it)."""
    client, store = make_client(tmp_path_factory.mktemp("api") / "seeded.duckdb", pipeline)
    with client:
        response = post_seed(client)
        assert response.status_code == 201, response.text
        yield client, response.json()
    store.close()


@pytest.fixture()
def fresh(tmp_path, pipeline):
    client, store = make_client(tmp_path / "fresh.duckdb", pipeline)
    with client:
        assert post_seed(client).status_code == 201
        yield client
    store.close()


def events(client: TestClient, **params) -> dict:
    response = client.get("/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


# --- POST /documents ----------------------------------------------------------------------


def test_post_returns_document_id_and_evidenced_events(seeded):
    _, posted = seeded
    assert posted["status"] == "added"
    assert posted["document_id"].startswith("doc-")
    types = {event["type"] for event in posted["events"]}
    assert {"movement.flight", "movement.forced_displacement", "remote.air_strike"} <= types
    for event in posted["events"]:
        assert event["level"] == "report" and event["id"].startswith("ev-")
        assert event["evidence"], event["id"]


def test_same_content_again_is_200_with_the_existing_id(seeded):
    client, posted = seeded
    again = post_seed(client)
    assert again.status_code == 200
    assert again.json()["status"] == "duplicate"
    assert again.json()["document_id"] == posted["document_id"]
    assert events(client)["total"] == len(posted["events"])


def test_post_validation(seeded):
    client, _ = seeded
    both = client.post("/documents", headers=AUTH, json={"text": "a", "html": "<p>a</p>"})
    assert both.status_code == 422
    unknown = client.post("/documents", headers=AUTH, json={"text": "x", "body": "y"})
    assert unknown.status_code == 422
    stub = client.post("/documents", headers=AUTH, json={"text": "Too short."})
    assert stub.status_code == 400
    assert "no article text" in stub.json()["detail"]
    bad_date = client.post("/documents", headers=AUTH,
                           json={"text": SEED_TEXT, "published": "11/11/2016"})
    assert bad_date.status_code == 422


def test_html_body_is_extracted(tmp_path, pipeline):
    client, store = make_client(tmp_path / "html.duckdb", pipeline)
    paragraphs = "".join(f"<p>{line}</p>" for line in SEED_TEXT.split("\n\n"))
    page = f"<html><body><nav>Home | World</nav><article>{paragraphs}</article></body></html>"
    with client:
        response = client.post("/documents", headers=AUTH,
                               json={"html": page, "published": "2016-11-11", "id": "html-1"})
        assert response.status_code == 201, response.text
        assert response.json()["document_id"] == "html-1"
        document = client.get("/documents/html-1").json()
        assert "Home | World" not in document["text"]
        assert any(e["type"] == "movement.flight" for e in response.json()["events"])
    store.close()


# --- security -----------------------------------------------------------------------------


def test_writes_need_the_bearer_token(seeded):
    client, posted = seeded
    body = {"text": SEED_TEXT}
    assert client.post("/documents", json=body).status_code == 401
    wrong = client.post("/documents", json=body, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"].startswith("Bearer")
    event_id = posted["events"][0]["id"]
    assert client.post(f"/events/{event_id}/review", json={"action": "confirm"}).status_code == 401


def test_writes_are_refused_when_no_token_is_configured(tmp_path, pipeline):
    client, store = make_client(tmp_path / "ro.duckdb", pipeline, token=None)
    with client:
        response = client.post("/documents", headers=AUTH, json={"text": SEED_TEXT})
        assert response.status_code == 403
        assert "EVENTATLAS_TOKEN" in response.json()["detail"]
        assert client.get("/events").status_code == 200
    store.close()


def test_token_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTATLAS_TOKEN", "from-env")
    monkeypatch.setenv("EVENTATLAS_READ_TOKEN", "reader")
    settings = ApiSettings.from_env()
    assert settings.token == "from-env" and settings.read_token == "reader"
    assert settings.cors_origins == []


def test_reads_need_the_read_token_when_one_is_set(tmp_path, pipeline):
    client, store = make_client(tmp_path / "rt.duckdb", pipeline, read_token="reader")
    with client:
        assert client.get("/events").status_code == 401
        assert client.get("/events", headers={"Authorization": "Bearer x"}).status_code == 401
        assert client.get("/events", headers={"Authorization": "Bearer reader"}).status_code == 200
        assert client.get("/events", headers=AUTH).status_code == 200  # the write token reads
    store.close()


def test_request_body_limit(tmp_path, pipeline):
    client, store = make_client(tmp_path / "big.duckdb", pipeline, max_body_bytes=2000)
    with client:
        response = client.post("/documents", headers=AUTH, json={"text": "word " * 1000})
        assert response.status_code == 413
        assert "limit" in response.json()["detail"]

        def chunks():  # no Content-Length: the limit applies to the streamed body
            for _ in range(10):
                yield b" " * 500

        streamed = client.post("/documents", headers=AUTH | {"Content-Type": "application/json"},
                               content=chunks())
        assert streamed.status_code == 413
    store.close()


def test_cors_is_off_by_default_and_on_when_configured(tmp_path, pipeline):
    client, store = make_client(tmp_path / "cors.duckdb", pipeline)
    with client:
        response = client.get("/events", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in response.headers
    store.close()
    client, store = make_client(tmp_path / "cors2.duckdb", pipeline,
                                cors_origins=["https://atlas.example"])
    with client:
        response = client.get("/events", headers={"Origin": "https://atlas.example"})
        assert response.headers["access-control-allow-origin"] == "https://atlas.example"
    store.close()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/events", "http://localhost/", "http://169.254.169.254/latest/",
    "http://10.1.2.3/", "http://192.168.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
    "http://0.0.0.0/", "file:///etc/passwd", "ftp://example.org/a", "http://user:pw@example.org/",
])
def test_url_fetching_refuses_non_public_destinations(seeded, url):
    client, _ = seeded
    response = client.post("/documents", headers=AUTH, json={"url": url})
    assert response.status_code == 400, response.text
    assert "refus" in response.json()["detail"] or "only http" in response.json()["detail"]


def _fake_network(pages: dict[str, httpx.Response], dns: dict[str, str]):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return pages[request.headers["host"] + request.url.raw_path.decode()]

    def resolver(host: str, port: int) -> list[str]:
        return [dns[host]]

    return SafeFetcher(resolver=resolver, transport=httpx.MockTransport(handler)), seen


def test_redirects_are_checked_at_every_hop():
    fetcher, seen = _fake_network(
        {"news.example/a": httpx.Response(302, headers={"location": "http://inside.example/x"}),
         "inside.example/x": httpx.Response(200, text="secret")},
        {"news.example": "93.184.216.34", "inside.example": "192.168.1.10"})
    with pytest.raises(FetchRefused, match="non-public"):
        fetcher.fetch("http://news.example/a")
    assert len(seen) == 1  # the private address was never contacted

    fetcher, seen = _fake_network(
        {"news.example/a": httpx.Response(301, headers={"location": "http://127.0.0.1/admin"})},
        {"news.example": "93.184.216.34"})
    with pytest.raises(FetchRefused):
        fetcher.fetch("http://news.example/a")


def test_fetch_connects_to_the_checked_address_and_caps_the_size():
    fetcher, seen = _fake_network(
        {"news.example/a": httpx.Response(302, headers={"location": "/b"}),
         "news.example/b": httpx.Response(200, text="<p>article</p>",
                                          headers={"content-type": "text/html"})},
        {"news.example": "93.184.216.34"})
    fetched = fetcher.fetch("http://news.example/a")
    assert fetched.url == "http://news.example/b" and fetched.content == b"<p>article</p>"
    assert all(request.url.host == "93.184.216.34" for request in seen)
    assert seen[0].headers["host"] == "news.example"
    big, _ = _fake_network({"news.example/a": httpx.Response(200, content=b"x" * 5000)},
                           {"news.example": "93.184.216.34"})
    big.max_bytes = 1000
    with pytest.raises(FetchRefused, match="limit"):
        big.fetch("http://news.example/a")


def test_is_public():
    import ipaddress

    assert is_public(ipaddress.ip_address("93.184.216.34"))
    for private in ("127.0.0.1", "10.0.0.1", "172.16.5.4", "169.254.169.254", "100.64.0.1",
                    "::1", "fe80::1", "fc00::1", "::ffff:10.0.0.1", "224.0.0.1"):
        assert not is_public(ipaddress.ip_address(private)), private


def test_post_url_through_a_fetcher(tmp_path, pipeline):
    paragraphs = "".join(f"<p>{line}</p>" for line in SEED_TEXT.split("\n\n"))
    fetcher, _ = _fake_network(
        {"news.example/raqqa": httpx.Response(
            200, text=f"<html><body><article>{paragraphs}</article></body></html>",
            headers={"content-type": "text/html; charset=utf-8"})},
        {"news.example": "93.184.216.34"})
    store = open_store(str(tmp_path / "url.duckdb"))
    app = create_app(store=store, pipeline=pipeline, fetcher=fetcher,
                     settings=ApiSettings(token=TOKEN))
    with TestClient(app) as client:
        response = client.post("/documents", headers=AUTH,
                               json={"url": "http://news.example/raqqa", "published": "2016-11-11"})
        assert response.status_code == 201, response.text
        document = client.get(f"/documents/{response.json()['document_id']}").json()
        assert document["url"] == "http://news.example/raqqa"
    store.close()


# --- GET /events and friends ----------------------------------------------------------------


def test_list_events_and_paging(seeded):
    client, posted = seeded
    page = events(client)
    assert page["total"] == len(posted["events"]) == len(page["events"])
    for event in page["events"]:
        assert event["level"] == "fused" and event["id"].startswith("fe-")
        assert event["sources"] and event["corroboration"] == 1
        assert event["review_status"] == "unreviewed"
    first, second = events(client, limit=4), events(client, limit=4, offset=4)
    assert first["total"] == page["total"] and len(first["events"]) == 4
    ids = [e["id"] for e in first["events"]] + [e["id"] for e in second["events"]]
    assert len(set(ids)) == len(ids) == min(8, page["total"])
    report = events(client, level="report")
    assert {e["id"] for e in report["events"]} == {e["id"] for e in posted["events"]}


def test_event_filters(seeded):
    client, _ = seeded
    total = events(client)["total"]
    movement = events(client, family="movement")["events"]
    assert movement and all(e["family"] == "movement" for e in movement)
    strikes = events(client, type="remote.air_strike")["events"]
    assert len(strikes) == 2
    assert events(client, bbox=RAQQA_BBOX)["total"] >= 1
    assert events(client, bbox="-10,40,0,50")["total"] == 0  # Spain: nothing there
    assert events(client, country="sy")["total"] >= 1
    assert events(client, country="FR")["total"] == 0
    summer = events(client, start="2016-07-01", end="2016-09-30")["events"]
    assert summer and all(e["date"]["start"] <= "2016-09-30" for e in summer)
    assert events(client, start="2017-01-01")["total"] == 0
    evacuate = events(client, q="Palmyra")["events"]
    assert evacuate and all("Palmyra" in " ".join(s["text"] for s in e["evidence"])
                            for e in evacuate)
    assert events(client, min_confidence=0.99)["total"] < total
    assert events(client, modality="claimed")["total"] >= 1
    assert events(client, actor="Islamic State")["total"] >= 1
    assert events(client, admin1="Ar-Raqqah")["total"] >= 1


@pytest.mark.parametrize("params", [
    {"bbox": "1,2,3"}, {"bbox": "a,b,c,d"}, {"bbox": "0,80,10,70"}, {"family": "bogus"},
    {"type": "remote.laser"}, {"modality": "rumoured"},
    {"start": "2017-01-01", "end": "2016-01-01"},
])
def test_bad_filters_are_400(seeded, params):
    client, _ = seeded
    response = client.get("/events", params=params)
    assert response.status_code == 400, response.text
    assert response.json()["detail"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 20001}, {"offset": -1},
                                    {"min_confidence": 2},
                                    {"level": "galaxy"}, {"format": "xml"}, {"start": "soon"}])
def test_malformed_parameters_are_422(seeded, params):
    client, _ = seeded
    assert client.get("/events", params=params).status_code == 422


def test_geojson_and_csv(seeded):
    client, _ = seeded
    response = client.get("/events", params={"format": "geojson"})
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    geometries = {f["geometry"]["type"] for f in collection["features"]}
    assert geometries == {"Point", "LineString"}
    flow = next(f for f in collection["features"] if f["properties"]["place_role"] == "flow")
    assert flow["properties"]["family"] == "movement"
    for feature in collection["features"]:
        if feature["geometry"]["type"] == "Point":
            lon, lat = feature["geometry"]["coordinates"]
            assert 25 < lon < 50 and 30 < lat < 40  # Syria and Iraq, [lon, lat] order
    text = client.get("/events", params={"format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == events(client)["total"]
    assert {row["ea_type"] for row in rows} >= {"movement.flight", "remote.air_strike"}


def test_csv_cells_cannot_run_as_formulas():
    # More paths (acled-csv, hxl-csv) and cells: tests/test_export_readers.py.
    event = {"id": "fe-1", "type": "remote.air_strike", "trigger": "=HYPERLINK(1)",
             "date": {"start": "2016-11-11", "end": "2016-11-11"},
             "actors": [{"role": "actor", "name": "=cmd|' /C calc'!A0"}],
             "evidence": [{"start": 0, "end": 3, "text": "+1 said"}]}
    rows = list(csv.DictReader(io.StringIO(events_csv([event]))))
    assert rows[0]["actor1"] == "'=cmd|' /C calc'!A0"
    assert (rows[0]["notes"], rows[0]["ea_trigger"]) == ("'+1 said", "'=HYPERLINK(1)")


def test_get_event_with_sources_and_evidence(seeded):
    client, posted = seeded
    fused = events(client, type="movement.flight")["events"][0]
    detail = client.get(f"/events/{fused['id']}").json()
    assert detail["id"] == fused["id"] and detail["reviews"] == []
    source = detail["sources"][0]
    assert source["document_id"] == posted["document_id"]
    document = client.get(f"/documents/{source['document_id']}").json()
    for span in source["evidence"]:
        assert document["text"][span["start"]:span["end"]] == span["text"]
    assert "escaped" in " ".join(span["text"] for span in source["evidence"])
    report = client.get(f"/events/{source['event_id']}").json()
    assert report["level"] == "report" and report["cluster_id"] == fused["id"]
    assert client.get("/events/fe-doesnotexist").status_code == 404
    assert client.get("/events/ev-doesnotexist").status_code == 404


def test_flows(seeded):
    client, _ = seeded
    data = client.get("/flows").json()
    pairs = {(f["origin"]["name"], f["destination"]["name"]): f for f in data["flows"]}
    hasakah = pairs[("Ar Raqqah", "Al-Hasakah")]
    assert hasakah["count"] == 1 and hasakah["types"] == ["movement.flight"]
    assert hasakah["amounts"] == {"families": {"low": 24, "high": 99}}
    assert ("Ar Raqqah", "Tadmur") in pairs
    assert data["events"] == sum(f["count"] for f in data["flows"]) + data["unlocated"]
    assert client.get("/flows", params={"start": "2017-01-01"}).json()["flows"] == []


def test_actors_stats_and_types(seeded):
    client, _ = seeded
    actors = client.get("/actors").json()["actors"]
    assert any(actor["name"].startswith("IS (Islamic State)") for actor in actors)
    assert all(actor["events"] >= 1 for actor in actors)
    found = client.get("/actors", params={"q": "islamic"}).json()["actors"]
    assert found and all("islamic" in a["name"].lower() for a in found)
    stats = client.get("/stats").json()
    assert stats["bucket"] == "week"
    assert sum(row["events"] for row in stats["rows"]) == events(client)["total"]
    assert {"2016-10-31", "2016-11-07"} <= {row["period"] for row in stats["rows"]}
    monthly = client.get("/stats", params={"bucket": "month", "family": "remote"}).json()
    assert [(r["period"], r["events"]) for r in monthly["rows"]] == [("2016-11-01", 2)]
    types = client.get("/types").json()["types"]
    assert any(t["code"] == "movement.flight" and t["family"] == "movement" for t in types)


def test_get_document(seeded):
    client, posted = seeded
    document = client.get(f"/documents/{posted['document_id']}").json()
    assert document["published"] == "2016-11-11"
    assert document["title"].startswith("ISIS senior commanders")
    assert any(m["label"] == "GPE" and m["text"] == "Raqqa" for m in document["mentions"])
    for mention in document["mentions"]:
        assert document["text"][mention["start"]:mention["end"]] == mention["text"]
    assert {e["id"] for e in document["events"]} == {e["id"] for e in posted["events"]}
    assert client.get("/documents/doc-000000000000").status_code == 404


# --- review -------------------------------------------------------------------------------


def test_confirm_correct_and_reject(fresh):
    client = fresh
    target = events(client, type="movement.flight")["events"][0]["id"]
    confirmed = client.post(f"/events/{target}/review", headers=AUTH,
                            json={"action": "confirm", "reviewer": "ana", "note": "checked"})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["review_status"] == "confirmed"
    corrected = client.post(f"/events/{target}/review", headers=AUTH, json={
        "action": "correct", "field": "fatalities", "value": {"low": 2, "best": 2, "high": 2}})
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["fatalities"]["best"] == 2
    assert corrected.json()["review_status"] == "corrected"
    log = client.get("/reviews", params={"event_id": target}).json()["reviews"]
    assert [entry["action"] for entry in log] == ["confirm", "correct"]
    assert client.get(f"/events/{target}").json()["reviews"] == log
    total = events(client)["total"]
    rejected = client.post(f"/events/{target}/review", headers=AUTH, json={"action": "reject"})
    assert rejected.json()["review_status"] == "rejected"
    assert events(client)["total"] == total - 1
    assert events(client, include_rejected=True)["total"] == total


def test_bad_reviews(fresh):
    client = fresh
    target = events(client)["events"][0]["id"]
    bad_field = client.post(f"/events/{target}/review", headers=AUTH,
                            json={"action": "correct", "field": "colour", "value": "red"})
    assert bad_field.status_code == 400 and "field" in bad_field.json()["detail"]
    bad_type = client.post(f"/events/{target}/review", headers=AUTH,
                           json={"action": "correct", "field": "type", "value": "x.y"})
    assert bad_type.status_code == 400
    assert client.post(f"/events/{target}/review", headers=AUTH,
                       json={"action": "correct"}).status_code == 422
    assert client.post(f"/events/{target}/review", headers=AUTH,
                       json={"action": "bless"}).status_code == 422
    missing = client.post("/events/fe-000000000000/review", headers=AUTH,
                          json={"action": "confirm"})
    assert missing.status_code == 404


def keep_member(event):
    [member] = event["members"]
    return member


def test_merge_and_split(fresh):
    client = fresh
    strikes = events(client, type="remote.air_strike")["events"]
    assert len(strikes) == 2
    keep, other = strikes[0]["id"], strikes[1]["id"]
    merged = client.post(f"/events/{keep}/review", headers=AUTH,
                         json={"action": "merge", "other_id": other})
    assert merged.status_code == 200, merged.text
    # Both strikes are told by the one seed report: one source listing both of its events.
    [source] = merged.json()["sources"]
    assert source["event_ids"] == [keep_member(strikes[0]), keep_member(strikes[1])]
    assert len(events(client, type="remote.air_strike")["events"]) == 1
    moved = source["event_ids"][1]
    split = client.post(f"/events/{keep}/review", headers=AUTH,
                        json={"action": "split", "event_ids": [moved]})
    assert split.status_code == 200, split.text
    assert len(events(client, type="remote.air_strike")["events"]) == 2


# --- docs and UI files ----------------------------------------------------------------------


def test_openapi_and_docs(seeded):
    client, _ = seeded
    schema = client.get("/openapi.json").json()
    assert {"/events", "/events/{event_id}", "/flows", "/actors", "/stats", "/documents",
            "/documents/{document_id}", "/events/{event_id}/review"} <= set(schema["paths"])
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_ui_is_served_with_a_content_security_policy(tmp_path, pipeline):
    web = tmp_path / "web"
    web.mkdir()
    (web / "index.html").write_text("<!doctype html><title>EventAtlas</title>")
    (web / "app.js").write_text("console.log(1)")
    store = open_store(str(tmp_path / "ui.duckdb"))
    with TestClient(create_app(store=store, web_dir=web, settings=ApiSettings())) as client:
        home = client.get("/")
        assert home.status_code == 200 and "EventAtlas" in home.text
        assert "script-src 'self'" in home.headers["content-security-policy"]
        assert client.get("/static/app.js").text == "console.log(1)"
    with TestClient(create_app(store=store, web_dir=tmp_path / "none",
                               settings=ApiSettings())) as client:
        missing = client.get("/")
        assert missing.status_code == 503 and "npm run build" in missing.json()["detail"]
    store.close()


def test_ui_code_never_injects_html():
    modules = sorted((WEB_SRC / "js").glob("*.js"))
    assert len(modules) >= 8, "the UI's modules moved"
    for module in modules:
        source = module.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in source, (module.name, sink)
        assert len(source.splitlines()) <= 400, f"{module.name} is past 400 lines"


def test_json_responses_render_fast_and_fall_back_for_huge_integers():
    from eventatlas.api.formats import FastJSONResponse

    assert json.loads(FastJSONResponse({"a": [1, "é", None]}).body) == {"a": [1, "é", None]}
    assert json.loads(FastJSONResponse({"n": 2**70}).body) == {"n": 2**70}
