"""/api/openapi.json stays true: every route is documented and every documented route
exists; documented query parameters are exactly the accepted ones; responses match their
schemas (checked with a small validator for the JSON Schema subset the document uses)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from web_factories import article, event, store_events

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def documented(client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.get_json()
    assert doc["openapi"] == "3.1.0"
    return doc


def flask_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_every_route_is_documented_and_every_documented_route_exists(app, client):
    doc = documented(client)
    served = {
        (flask_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules() if rule.endpoint != "static"
        for method in rule.methods - IGNORED_METHODS
    }
    described = {(path, method) for path, item in doc["paths"].items() for method in item}
    assert served == described


@pytest.mark.parametrize("path", ["/api/events", "/feeds/custom.ics", "/api/summits/upcoming",
                                  "/api/parse", "/"])
def test_documented_query_parameters_are_exactly_the_accepted_ones(client, path):
    doc = documented(client)
    params = [p["name"] for p in doc["paths"][path]["get"].get("parameters", [])
              if p["in"] == "query"]
    for name in params:  # a documented name is never "unknown"
        response = client.get(f"{path}?{name}=")
        detail = response.get_json(force=True).get("detail", "") if response.is_json else ""
        assert "unknown parameter" not in detail, (path, name)
    response = client.get(f"{path}?surely_not_a_parameter=1")
    assert response.status_code == 400
    assert "unknown parameter 'surely_not_a_parameter'" in response.get_json(force=True)["detail"]


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def check(doc: dict[str, Any], schema: dict[str, Any], value: Any, where: str = "$") -> None:
    """Validate the JSON Schema subset used by our document; raise AssertionError."""
    schema = resolve(doc, schema)
    for part in schema.get("allOf", []):
        check(doc, part, value, where)
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        python = {"object": dict, "array": list, "string": str, "integer": int,
                  "null": type(None), "boolean": bool}
        assert any(isinstance(value, python[t]) and not (t == "integer" and
                   isinstance(value, bool)) for t in allowed), f"{where}: {value!r} not {types}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if schema.get("format") == "date" and isinstance(value, str):
        date.fromisoformat(value)
    if isinstance(value, dict):
        missing = set(schema.get("required", [])) - set(value)
        assert not missing, f"{where}: missing {sorted(missing)}"
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                check(doc, sub, value[key], f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(doc, schema["items"], item, f"{where}[{i}]")


def response_schema(doc, path: str, status: int, content_type: str) -> dict[str, Any]:
    response = resolve(doc, doc["paths"][path]["get"]["responses"][str(status)])
    return response["content"][content_type]["schema"]


def test_responses_match_their_schemas(client, store):
    a = article()
    store_events(store, [a], [
        event("e1", src=a), event("e2", src=a, earliest=None, latest=None, granularity=None),
        event("e3", src=a, kind="meeting", earliest=date(2024, 4, 9), latest=date(2024, 4, 9),
              granularity="day", status="held"),
    ])
    doc = documented(client)
    cases = [
        ("/api/events", "/api/events?limit=2", 200, "application/json"),
        ("/api/events", "/api/events?kind=bogus", 400, "application/problem+json"),
        ("/api/events/{event_id}", "/api/events/e1", 200, "application/json"),
        ("/api/events/{event_id}", "/api/events/none", 404, "application/problem+json"),
        ("/api/summits/upcoming", "/api/summits/upcoming?as_of=2024-01-01", 200,
         "application/json"),
        ("/api/feeds", "/api/feeds", 200, "application/json"),
        ("/healthz", "/healthz", 200, "application/json"),
        ("/api/parse", "/api/parse?text=in+June&published=2024-04-09", 200,
         "application/json"),
    ]
    for path, url, status, content_type in cases:
        response = client.get(url)
        assert response.status_code == status, url
        assert response.headers["Content-Type"] == content_type
        check(doc, response_schema(doc, path, status, content_type),
              response.get_json(force=True), url)
    assert client.get("/api/events?limit=2").get_json()["count"] == 2
