"""No request, however malformed, gets a 500: random paths, query strings and bodies.

Every error answer is an RFC 9457 problem document."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendar_service.web import create_app

ROUTES = ["/api/events", "/api/events/{x}", "/api/events/{x}.ics", "/api/summits/upcoming",
          "/api/parse", "/api/articles/{x}", "/api/feeds", "/feeds/{x}.ics",
          "/feeds/custom.ics", "/healthz", "/", "/events/{x}", "/{x}", "/api/sources",
          "/api/sources/{x}"]
NAMES = ["kind", "status", "from", "to", "upcoming", "as_of", "max_width", "q", "sort", "limit",
         "cursor", "participant", "country", "city", "series", "text", "published",
         "precise_within_days"]

junk = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
pairs = st.lists(st.tuples(st.sampled_from(NAMES) | junk, junk), max_size=5)


@pytest.fixture
def fuzz_client(web_settings, store):
    return create_app(web_settings, store).test_client()


def assert_no_500(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code >= 400:
        assert response.headers["Content-Type"] == "application/problem+json"


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(route=st.sampled_from(ROUTES), segment=junk, query=pairs)
def test_random_get_requests_never_fail_with_500(fuzz_client, route, segment, query):
    path = route.replace("{x}", quote(segment, safe=""))
    qs = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in query)
    assert_no_500(fuzz_client.get(f"{path}?{qs}" if qs else path))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=st.binary(max_size=300) | junk.map(str.encode),
       content_type=st.sampled_from(["application/json", "text/plain", "text/html", ""]),
       token=st.sampled_from(["Bearer s3cret-token", "Bearer x", "", "Basic abc", "Bearer"]))
def test_random_article_submissions_never_fail_with_500(fuzz_client, body, content_type, token):
    headers = {"Authorization": token} if token else {}
    response = fuzz_client.post("/api/articles", data=body, content_type=content_type,
                                headers=headers)
    assert_no_500(response)


json_values = st.none() | st.booleans() | st.integers() | junk | st.lists(junk, max_size=2)
article_like = st.dictionaries(
    st.sampled_from(["title", "body", "published", "source", "url", "language", "extra"]),
    json_values | st.sampled_from(["2024-04-09", "https://x.example/a", "en", "0000-01-01"]),
    max_size=7,
)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(payload=article_like)
def test_random_json_articles_never_fail_with_500(fuzz_client, payload):
    response = fuzz_client.post("/api/articles", json=payload,
                                headers={"Authorization": "Bearer s3cret-token"})
    assert_no_500(response)
