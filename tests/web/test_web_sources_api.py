"""/api/sources against the real store: list, add, change, remove; token; config sources."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from calendar_service.store.sources import SourceDefinition, add_source, get_source
from calendar_service.web import create_app

TOKEN = {"Authorization": "Bearer s3cret-token"}
FEED = {"name": "Kremlin news", "location": "https://kremlin.example/rss", "kind": "rss",
        "interval_minutes": 15}


def problem(response, status: int) -> str:
    assert response.status_code == status, response.data[:300]
    assert response.headers["Content-Type"] == "application/problem+json"
    return response.get_json(force=True)["detail"]


def test_add_list_change_remove(client, store):
    created = client.post("/api/sources", json=FEED, headers=TOKEN)
    assert created.status_code == 201
    body = created.get_json()
    assert body["name"] == "Kremlin news" and body["kind"] == "rss"
    assert body["interval_minutes"] == 15 and body["origin"] == "runtime"
    assert body["state"]["healthy"] is True and body["state"]["next_due_at"] is None
    assert get_source(store, "Kremlin news").definition.location == FEED["location"]

    listed = client.get("/api/sources").get_json()["sources"]
    assert [s["name"] for s in listed] == ["Kremlin news"]
    assert client.get(body["links"]["self"]).get_json()["location"] == FEED["location"]

    changed = client.patch("/api/sources/Kremlin news", headers=TOKEN,
                           json={"enabled": False, "interval_minutes": 60})
    assert changed.status_code == 200
    assert changed.get_json()["enabled"] is False
    assert get_source(store, "Kremlin news").definition.interval_seconds == 3600

    assert client.delete("/api/sources/Kremlin news", headers=TOKEN).status_code == 204
    assert get_source(store, "Kremlin news") is None
    assert "no source named" in problem(client.get("/api/sources/Kremlin news"), 404)


def test_folder_source_path_is_made_absolute(client, store, web_settings):
    response = client.post("/api/sources", headers=TOKEN,
                           json={"name": "local", "location": "seeds"})
    assert response.status_code == 201
    assert response.get_json()["kind"] == "folder"
    assert response.get_json()["location"] == str((web_settings.root / "seeds").resolve())


@pytest.mark.parametrize(
    ("payload", "status", "complaint"),
    [
        ({"location": "https://x.example/rss"}, 400, "field 'name' is required"),
        ({"name": "a"}, 400, "field 'location' is required"),
        ({**FEED, "kind": "gopher"}, 400, "kind must be one of"),
        ({**FEED, "kind": "rss", "location": "/tmp/folder"}, 400, "needs an http or https URL"),
        ({**FEED, "interval_minutes": 0}, 400, "interval must be a positive number"),
        ({**FEED, "interval_minutes": "5"}, 400, "field 'interval_minutes' must be a int"),
        ({**FEED, "colour": "red"}, 400, "unknown field 'colour'"),
        ({**FEED, "name": "a/b"}, 400, "must not contain '/'"),
        ({**FEED, "name": "bad\x00name"}, 400, "contains control characters"),
    ],
)
def test_bad_source_definitions_are_400(client, store, payload, status, complaint):
    assert complaint in problem(client.post("/api/sources", json=payload, headers=TOKEN),
                                status)


def test_duplicate_name_is_409(client, store):
    assert client.post("/api/sources", json=FEED, headers=TOKEN).status_code == 201
    assert "exists already" in problem(client.post("/api/sources", json=FEED, headers=TOKEN),
                                       409)


def test_config_sources_are_read_only_here(client, store):
    add_source(store, SourceDefinition(name="seeds", location="/srv/seeds", kind="folder"),
               origin="config", now=datetime(2024, 4, 1, tzinfo=UTC))
    assert client.get("/api/sources/seeds").get_json()["origin"] == "config"
    detail = problem(client.patch("/api/sources/seeds", json={"enabled": False},
                                  headers=TOKEN), 409)
    assert "settings file" in detail
    assert problem(client.delete("/api/sources/seeds", headers=TOKEN), 409)
    assert get_source(store, "seeds").definition.enabled is True


def test_changes_need_the_token_and_json(client, store, web_settings):
    assert problem(client.post("/api/sources", json=FEED), 401)
    assert problem(client.delete("/api/sources/x"), 401)
    assert problem(client.patch("/api/sources/x", json={}), 401)
    assert "application/json" in problem(
        client.post("/api/sources", data="name=x", headers=TOKEN,
                    content_type="application/x-www-form-urlencoded"), 415)
    assert client.post("/api/sources", json=FEED, headers=TOKEN).status_code == 201
    assert "nothing to change" in problem(
        client.patch("/api/sources/Kremlin news", json={}, headers=TOKEN), 400)
    assert "unknown field 'location'" in problem(
        client.patch("/api/sources/Kremlin news", json={"location": "https://y.example/"},
                     headers=TOKEN), 400)
    refused = create_app(replace(web_settings, api_token=None), store).test_client()
    assert problem(refused.post("/api/sources", json=FEED, headers=TOKEN), 403)
