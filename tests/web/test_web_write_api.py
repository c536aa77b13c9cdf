"""POST /api/articles (bearer token, limits, formats), GET /api/articles/<id>, /api/parse."""

from __future__ import annotations

from dataclasses import replace

import pytest

from calendar_service.web import create_app

TOKEN = {"Authorization": "Bearer s3cret-token"}


@pytest.fixture
def seed_json(seeds_dir):
    text = (seeds_dir / "2024-04-09-xi-meets-lavrov.txt").read_text(encoding="utf-8")
    head, body = text.split("\n\n", 1)
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    return {"title": fields["Title"], "published": fields["Published"],
            "source": fields["Source"], "language": fields["Language"], "body": body,
            "url": "https://news.example/xi-lavrov"}


def problem_of(response, status: int) -> str:
    assert response.status_code == status, response.data[:300]
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status
    return body["detail"]


def test_submitted_article_goes_through_the_pipeline_once(client, store, seed_json):
    response = client.post("/api/articles", json=seed_json, headers=TOKEN)
    assert response.status_code == 201
    body = response.get_json()
    assert body["created"] is True
    kinds = sorted(e["kind"] for e in body["events"])
    assert kinds.count("summit") == 2 and "state_visit" in kinds
    visit = next(e for e in body["events"] if e["kind"] == "state_visit")
    assert (visit["earliest"], visit["latest"]) == ("2024-04-10", "2024-12-31")
    assert client.get("/api/events").get_json()["count"] == len(body["events"])

    stored = client.get(body["article"]["links"]["self"]).get_json()
    assert stored["title"] == seed_json["title"]
    assert stored["origin"] == "api" and stored["url"] == seed_json["url"]
    # An upload states its date: it is cited as published, not as a fetch day.
    assert stored["published_basis"] == "published"
    assert {s["published_basis"] for s in visit["sources"]} == {"published"}

    again = client.post("/api/articles", json=seed_json, headers=TOKEN)
    assert again.status_code == 200
    assert again.get_json()["created"] is False and again.get_json()["events"] == []
    assert again.get_json()["article"]["id"] == body["article"]["id"]


def test_article_file_format_is_accepted_as_text(client, store, seeds_dir):
    raw = (seeds_dir / "2024-10-21-brics-kazan.txt").read_bytes()
    response = client.post("/api/articles", data=raw, headers=TOKEN,
                           content_type="text/plain; charset=utf-8")
    assert response.status_code == 201
    assert any(e["city"] == "Kazan" for e in response.get_json()["events"])
    bad = client.post("/api/articles", data=b"Title: x\n\nno date", headers=TOKEN,
                      content_type="text/plain")
    assert "Published" in problem_of(bad, 400)


def test_writes_need_the_configured_token(client, store, seed_json):
    missing = client.post("/api/articles", json=seed_json)
    assert "Authorization: Bearer" in problem_of(missing, 401)
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    wrong = client.post("/api/articles", json=seed_json,
                        headers={"Authorization": "Bearer guess"})
    assert "not valid" in problem_of(wrong, 401)
    basic = client.post("/api/articles", json=seed_json,
                        headers={"Authorization": "Basic czNjcmV0LXRva2Vu"})
    assert problem_of(basic, 401)
    assert client.get("/api/events").get_json()["count"] == 0  # nothing was written


def test_without_a_configured_token_writes_are_refused(web_settings, store, seed_json):
    app = create_app(replace(web_settings, api_token=None), store)
    response = app.test_client().post("/api/articles", json=seed_json, headers=TOKEN)
    assert "no API token is configured" in problem_of(response, 403)


@pytest.mark.parametrize(
    ("kwargs", "status", "complaint"),
    [
        ({"data": b"{}", "content_type": "application/xml"}, 415, "application/json"),
        ({"data": b"{nope", "content_type": "application/json"}, 400, "not valid JSON"),
        ({"data": b"[1, 2]", "content_type": "application/json"}, 400, "a JSON object"),
        ({"data": b"\xff\xfe", "content_type": "application/json"}, 400, "not valid JSON"),
        ({"json": {"title": "t", "body": "b"}}, 400, "field 'published' is required"),
        ({"json": {"title": "t", "body": "b", "published": "May 5"}}, 400,
         "field 'published' must be a date"),
        ({"json": {"title": "t", "body": "b", "published": "2024-05-05", "author": "x"}}, 400,
         "unknown field 'author'"),
        ({"json": {"title": 5, "body": "b", "published": "2024-05-05"}}, 400,
         "field 'title' must be a non-empty string"),
        ({"json": {"title": "t", "body": "b\x00", "published": "2024-05-05"}}, 400,
         "field 'body' contains control characters"),
        ({"json": {"title": "t", "body": "b", "published": "2024-05-05",
                   "url": "ftp://x"}}, 400, "field 'url' must be an http"),
        ({"data": b"x" * 20_001, "content_type": "application/json"}, 413, "20000 bytes"),
    ],
)
def test_bad_submissions_are_problems(client, store, kwargs, status, complaint):
    response = client.post("/api/articles", headers=TOKEN, **kwargs)
    assert complaint in problem_of(response, status)
    assert client.get("/healthz").get_json()["counts"]["articles"] == 0


def test_unknown_article_is_404(client, store):
    assert "no article with id 12345" in problem_of(client.get("/api/articles/12345"), 404)
    assert problem_of(client.get("/api/articles/abc"), 404)
    assert problem_of(client.get("/api/articles/99999999999999999999"), 404)


def test_parse_endpoint_runs_the_range_engine(client, store):
    body = client.get("/api/parse?text=Putin+will+visit+later+this+year&published=2024-04-09")
    mentions = body.get_json()["mentions"]
    assert [(m["text"], m["earliest"], m["latest"]) for m in mentions] == [
        ("later this year", "2024-04-10", "2024-12-31")]
    text = "Putin will visit later this year"
    assert text[mentions[0]["start"]:mentions[0]["end"]] == "later this year"
    assert "'text' is required" in problem_of(client.get("/api/parse?published=2024-04-09"), 400)
    assert "'published'" in problem_of(client.get("/api/parse?text=in+June"), 400)
    assert "must be a date" in problem_of(
        client.get("/api/parse?text=in+June&published=June"), 400)
    assert "unknown parameter" in problem_of(
        client.get("/api/parse?text=x&published=2024-01-01&tz=UTC"), 400)
