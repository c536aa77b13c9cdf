"""The JSON API against a real store (SQLite and PostgreSQL): filters, paging, errors."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from web_factories import article, event, store_events

A1 = article("Kyodo News", date(2024, 4, 9))
A2 = article("Xinhua", date(2024, 5, 14), title="Putin to visit China May 16-17")


def seed(store):
    events = [
        event("brics", src=A1, series="BRICS summit", participants=("Xi Jinping", "Vladimir Putin"),
              updated=datetime(2024, 4, 9, 12, 0, tzinfo=UTC)),
        event("visit", src=A2, kind="state_visit", title="Putin state visit to China",
              city=None, country="China", earliest=date(2024, 5, 16), latest=date(2024, 5, 17),
              granularity="day", status="confirmed", phrase="May 16-17",
              participants=("Vladimir Putin", "Xi Jinping"),
              updated=datetime(2024, 5, 14, 8, 0, tzinfo=UTC)),
        event("meet", src=A1, kind="meeting", title="Xi Jinping meets Sergey Lavrov",
              city="Beijing", country="China", earliest=date(2024, 4, 9),
              latest=date(2024, 4, 9), granularity="day", status="held", phrase="on Tuesday",
              participants=("Xi Jinping", "Sergey Lavrov"),
              updated=datetime(2024, 4, 9, 13, 0, tzinfo=UTC)),
        event("sco", src=A1, series="SCO summit", title="SCO summit", city="Astana",
              country="Kazakhstan", earliest=date(2024, 6, 1), latest=date(2024, 6, 30),
              phrase="in June", participants=(), updated=datetime(2024, 4, 9, 14, 0, tzinfo=UTC)),
        event("peace", src=A1, kind="conference", title="Peace conference", city=None,
              country=None, earliest=None, latest=None, granularity=None, phrase=None),
    ]
    store_events(store, [A1, A2], events)


def ids(response) -> list[str]:
    assert response.status_code == 200, response.get_json(force=True)
    return [e["id"] for e in response.get_json()["events"]]


def test_list_gives_dated_events_earliest_first_with_every_field(client, store):
    seed(store)
    response = client.get("/api/events")
    assert response.headers["Content-Type"] == "application/json"
    assert ids(response) == ["meet", "visit", "sco", "brics"]
    visit = response.get_json()["events"][1]
    assert visit == {
        "id": "visit", "title": "Putin state visit to China", "kind": "state_visit",
        "series": None, "participants": ["Vladimir Putin", "Xi Jinping"], "city": None,
        "country": "China", "earliest": "2024-05-16", "latest": "2024-05-17",
        "granularity": "day", "width_days": 2, "precision": "exact", "status": "confirmed",
        "sequence": 1, "created": "2024-04-09T12:00:00Z", "updated": "2024-05-14T08:00:00Z",
        "source_count": 1,
        "sources": [{"outlet": "Xinhua", "published": "2024-05-14",
                     "published_basis": "published", "url": A2.url,
                     "title": A2.title, "article_hash": A2.content_hash}],
        "links": {"self": "/api/events/visit", "ical": "/api/events/visit.ics"},
    }
    assert response.get_json()["events"][3]["precision"] == "window"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=summit", ["sco", "brics"]),
        ("kind=summit&kind=meeting", ["meet", "sco", "brics"]),
        ("kind=state_visit,meeting", ["meet", "visit"]),
        ("participant=Sergey%20Lavrov", ["meet"]),
        ("participant=xi%20jinping", ["meet", "visit", "brics"]),
        ("country=china", ["meet", "visit"]),
        ("city=Astana", ["sco"]),
        ("series=BRICS%20summit", ["brics"]),
        ("status=planned", ["sco", "brics"]),
        ("status=held&status=confirmed", ["meet", "visit"]),
        ("from=2024-05-17&to=2024-06-01", ["visit", "sco"]),
        ("from=2024-07-01", ["brics"]),
        ("to=2024-04-09", ["meet"]),
        ("upcoming=true", ["visit", "sco", "brics"]),  # today is 2024-04-20
        ("upcoming=true&as_of=2024-06-30", ["sco", "brics"]),
        ("max_width=2", ["meet", "visit"]),
        ("q=kazan", ["brics"]),
        ("q=LAVROV", ["meet"]),
        ("sort=latest", ["meet", "visit", "sco", "brics"]),
        ("sort=updated", ["visit", "sco", "meet", "brics"]),
    ],
)
def test_filters_and_sorts(client, store, query, expected):
    seed(store)
    assert ids(client.get(f"/api/events?{query}")) == expected


def test_pages_have_no_duplicates_or_gaps_while_events_arrive(client, store):
    seed(store)
    first = client.get("/api/events?limit=2").get_json()
    assert [e["id"] for e in first["events"]] == ["meet", "visit"]
    assert first["next_cursor"]
    assert first["links"]["next"].startswith("/api/events?limit=2&cursor=")
    # An event that sorts before the cursor arrives between pages: the walk neither
    # repeats nor skips the events that were already there.
    late = article("TASS", date(2024, 4, 1))
    store_events(store, [late], [event("early", src=late, title="Early talks", kind="talks",
                                       earliest=date(2024, 4, 2), latest=date(2024, 4, 2),
                                       granularity="day")])
    second = client.get(first["links"]["next"]).get_json()
    assert [e["id"] for e in second["events"]] == ["sco", "brics"]
    assert second["next_cursor"] is None and second["links"]["next"] is None


def test_every_page_size_walks_the_whole_list_once(client, store):
    seed(store)
    for sort in ("earliest", "latest", "updated"):
        everything = ids(client.get(f"/api/events?sort={sort}"))
        for limit in (1, 2, 3):
            walked, url = [], f"/api/events?sort={sort}&limit={limit}"
            while url:
                page = client.get(url).get_json()
                walked += [e["id"] for e in page["events"]]
                url = page["links"]["next"]
            assert walked == everything


@pytest.mark.parametrize(
    ("query", "complaint"),
    [
        ("limit=0", "parameter 'limit' must be a whole number from 1 to 500"),
        ("limit=501", "parameter 'limit' must be a whole number from 1 to 500"),
        ("limit=ten", "parameter 'limit' must be a whole number"),
        ("sort=random", "parameter 'sort' must be one of earliest, latest, updated"),
        ("cursor=not-a-cursor", "invalid cursor"),
        ("colour=red", "unknown parameter 'colour'"),
        ("status=done", "parameter 'status' has unknown value 'done'"),
        ("to=yesterday", "parameter 'to' must be a date YYYY-MM-DD"),
        ("kind=%FF%FE", "parameter 'kind' has unknown value"),
        ("q=" + "x" * 201, "parameter 'q' is longer than 200 characters"),
        ("q=a%00b", "parameter 'q' contains control characters"),
        ("participant=%01", "parameter 'participant' contains control characters"),
    ],
)
def test_bad_queries_are_400_problems(client, store, query, complaint):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    assert complaint in response.get_json(force=True)["detail"]


def test_cursor_of_another_sort_is_refused(client, store):
    seed(store)
    cursor = client.get("/api/events?limit=1").get_json()["next_cursor"]
    response = client.get(f"/api/events?sort=updated&cursor={cursor}")
    assert response.status_code == 400
    assert "another sort order" in response.get_json(force=True)["detail"]


def test_event_detail_has_mentions_and_history(client, store):
    seed(store)
    body = client.get("/api/events/visit").get_json()
    assert body["id"] == "visit"
    assert body["mentions"] == [{
        "source": {"outlet": "Xinhua", "published": "2024-05-14",
                   "published_basis": "published", "url": A2.url,
                   "title": A2.title, "article_hash": A2.content_hash},
        "kind": "state_visit", "title": "Putin state visit to China", "status": "confirmed",
        "phrase": "May 16-17", "earliest": "2024-05-16", "latest": "2024-05-17",
        "granularity": "day", "sentence": "They said it would happen May 16-17.", "span": [0, 5],
    }]
    assert [(h["sequence"], h["earliest"], h["latest"], h["status"]) for h in body["history"]] == [
        (1, "2024-05-16", "2024-05-17", "confirmed")]
    assert body["history"][0]["source"]["outlet"] == "Xinhua"


def test_event_calendar_link_serves_that_event(client, store):
    seed(store)
    link = client.get("/api/events/sco").get_json()["links"]["ical"]
    response = client.get(link)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    (only,) = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(only["UID"]) == "sco@calendar-service"
    assert str(only["SUMMARY"]) == "SCO summit, Astana (sometime in Jun 2024)"


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/events/nope.ics",
                                  "/api/events/%00", "/api/nothing-here", "/nothing"])
def test_unknown_things_are_404_problems(client, store, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == 404 and body["detail"]


def test_wrong_method_is_a_405_problem_with_allow(client, store):
    response = client.delete("/api/events")
    assert response.status_code == 405
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "GET" in response.headers["Allow"]


def test_feeds_are_listed_with_the_requests_scheme_and_webcal(client, store):
    feeds = client.get("/api/feeds").get_json()["feeds"]
    by_name = {f["name"]: f for f in feeds}
    assert {"all", "summits", "visits"} <= set(by_name)
    assert by_name["all"]["links"] == {"ics": "http://localhost/feeds/all.ics",
                                       "webcal": "webcal://localhost/feeds/all.ics"}
    secure = client.get("/api/feeds", base_url="https://cal.example").get_json()["feeds"]
    assert secure[0]["links"]["ics"].startswith("https://cal.example/feeds/")
    assert by_name["summits"]["filter"]["kind"] == ["summit", "conference"]


def test_upcoming_summits_and_visits_soonest_first(client, store):
    seed(store)
    assert ids(client.get("/api/summits/upcoming")) == ["visit", "sco", "brics"]
    assert ids(client.get("/api/summits/upcoming?as_of=2024-07-01")) == ["brics"]
    assert ids(client.get("/api/summits/upcoming?limit=1")) == ["visit"]
    assert client.get("/api/summits/upcoming?kind=meeting").status_code == 400


def test_healthz_reports_the_database(client, store):
    seed(store)
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok"
    assert body["counts"]["events"] == 5
    assert body["counts"]["articles"] == 2
