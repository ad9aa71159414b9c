"""The OpenAPI document (/openapi.json) is a valid OpenAPI 3 document (openapi-spec-validator)
that describes every parameter, declares the Bearer token on every write, names a response
model for every operation, and states limits the server keeps."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eventatlas.api import ApiSettings, create_app
from eventatlas.store import open_store
from test_api import AUTH, TOKEN, post_seed

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def client(tmp_path_factory, pipeline):
    store = open_store(str(tmp_path_factory.mktemp("openapi") / "seed.duckdb"))
    app = create_app(store=store, pipeline=pipeline, settings=ApiSettings(token=TOKEN))
    with TestClient(app) as test_client:
        assert post_seed(test_client).status_code == 201
        yield test_client
    store.close()


@pytest.fixture(scope="module")
def schema(client) -> dict:
    return client.get("/openapi.json").json()


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def test_the_document_is_valid_openapi(schema):
    from openapi_spec_validator import validate

    validate(schema)
    assert schema["openapi"].startswith("3.")


def test_every_parameter_and_body_field_is_described(schema):
    missing = [f"{method.upper()} {path} {parameter['name']}"
               for path, method, operation in operations(schema)
               for parameter in operation.get("parameters", [])
               if not parameter.get("description")]
    assert missing == []
    for name in ("DocumentIn", "ReviewIn"):
        model = schema["components"]["schemas"][name]
        assert [field for field, spec in model["properties"].items()
                if not spec.get("description")] == [], name


def test_writes_declare_the_bearer_scheme(schema):
    schemes = schema["components"]["securitySchemes"]
    (name, scheme), = schemes.items()
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    writes = [(path, operation) for path, method, operation in operations(schema)
              if method == "post"]
    assert len(writes) == 2
    for path, operation in writes:
        assert operation["security"] == [{name: []}], path
        assert {"401", "403"} <= set(operation["responses"]), path
    reads = [operation for _, method, operation in operations(schema) if method == "get"]
    assert all("security" not in operation for operation in reads)


def test_every_operation_has_a_response_model(schema):
    for path, method, operation in operations(schema):
        success = {code: answer for code, answer in operation["responses"].items()
                   if code.startswith("2")}
        assert success, (method, path)
        for code, answer in success.items():
            content = answer.get("content") or {}
            assert content, (method, path, code)
            for media, body in content.items():
                spec = body.get("schema") or {}
                assert spec.get("$ref") or spec.get("anyOf") or spec.get("type"), \
                    (method, path, code, media)
    event = schema["components"]["schemas"]["EventWithReviews"]
    assert {"id", "type", "sources", "reviews"} <= set(event["properties"])


def _maximum(schema: dict, path: str, name: str) -> int:
    parameters = schema["paths"][path]["get"]["parameters"]
    spec = next(p for p in parameters if p["name"] == name)["schema"]
    return spec["maximum"]


@pytest.mark.parametrize(("path", "extra"), [
    ("/events", {}), ("/events", {"format": "geojson"}), ("/events", {"format": "rows"}),
    ("/flows", {}), ("/actors", {}), ("/places", {"q": "Raqqa"}),
])
def test_the_largest_limit_the_schema_allows_is_accepted(client, schema, path, extra):
    largest = _maximum(schema, path, "limit")
    assert client.get(path, params={"limit": largest, **extra}).status_code == 200
    assert client.get(path, params={"limit": largest + 1, **extra}).status_code == 422


def test_json_pages_as_large_as_the_schema_says(client):
    page = client.get("/events", params={"limit": 5000}).json()
    assert page["limit"] == 5000 and len(page["events"]) == page["total"]


def test_the_declared_scheme_leaves_the_token_checks_as_they_were(client):
    # HTTPBearer only documents the token: no header is still 401 with our message, a
    # non-Bearer header too, and the right token reaches the route (404: no such event).
    missing = client.post("/events/fe-none/review", json={"action": "confirm"})
    assert missing.status_code == 401 and "Bearer" in missing.json()["detail"]
    basic = client.post("/events/fe-none/review", json={"action": "confirm"},
                        headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401
    assert client.post("/events/fe-none/review", json={"action": "confirm"},
                       headers=AUTH).status_code == 404
