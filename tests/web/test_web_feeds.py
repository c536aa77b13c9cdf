"""/feeds/<name>.ics and /feeds/custom.ics against a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from web_factories import article, event, store_events

A1 = article("Kyodo News", date(2024, 4, 9))
A2 = article("Xinhua", date(2024, 5, 14))


def seed(store):
    events = [
        event("brics", src=A1, series="BRICS summit"),
        event("visit", src=A2, kind="state_visit", title="Putin state visit to China",
              city=None, country="China", earliest=date(2024, 5, 16), latest=date(2024, 5, 17),
              granularity="day", status="confirmed", phrase="May 16-17"),
        event("meet", src=A1, kind="meeting", title="Xi Jinping meets Sergey Lavrov",
              city="Beijing", country="China", earliest=date(2024, 4, 9),
              latest=date(2024, 4, 9), granularity="day", status="held", phrase="on Tuesday"),
        event("quad", src=A2, title="Quad summit", city="Sydney", country="Australia",
              earliest=date(2024, 2, 24), latest=date(2024, 2, 24), granularity="day",
              status="cancelled", phrase="May 24"),
        event("peace", src=A1, kind="conference", title="Peace conference", city=None,
              country=None, earliest=None, latest=None, granularity=None, phrase=None),
    ]
    store_events(store, [A1, A2], events)
    return {e.id: e for e in events}


def uids(body: bytes) -> dict[str, object]:
    return {str(v["UID"]).split("@")[0]: v for v in Calendar.from_ical(body).walk("VEVENT")}


def test_all_feed_serves_every_dated_event_with_caching_headers(client, store):
    seed(store)
    response = client.get("/feeds/all.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["ETag"].startswith('"')  # strong: no W/ prefix
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.last_modified == datetime(2024, 4, 20, tzinfo=UTC)  # today's midnight
    found = uids(response.data)
    assert set(found) == {"brics", "visit", "meet", "quad"}  # undated 'peace' is left out
    assert str(found["quad"]["STATUS"]) == "CANCELLED"
    assert str(found["visit"]["STATUS"]) == "CONFIRMED"
    assert found["visit"].decoded("DTEND") == date(2024, 5, 18)
    cal = Calendar.from_ical(response.data)
    assert str(cal["SOURCE"]) == "http://localhost/feeds/all.ics"
    assert str(cal["X-WR-CALNAME"]) == "All diplomatic events"


def test_feed_filters_come_from_the_feed_file(client, store):
    seed(store)
    assert set(uids(client.get("/feeds/summits.ics").data)) == {"brics", "quad"}
    assert set(uids(client.get("/feeds/visits.ics").data)) == {"visit"}


def test_conditional_get_head_and_byte_identical_bodies(client, store):
    seed(store)
    first = client.get("/feeds/all.ics")
    again = client.get("/feeds/all.ics")
    assert again.data == first.data
    etag = first.headers["ETag"]
    assert again.headers["ETag"] == etag

    not_modified = client.get("/feeds/all.ics", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.data == b""
    assert not_modified.headers["ETag"] == etag

    since = client.get("/feeds/all.ics",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304

    other = client.get("/feeds/all.ics", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.1.3): a stale ETag gets the body.
    both = client.get("/feeds/all.ics", headers={
        "If-None-Match": '"something-else"', "If-Modified-Since": first.headers["Last-Modified"]})
    assert both.status_code == 200 and both.data == first.data

    head = client.head("/feeds/all.ics")
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["ETag"] == etag
    assert int(head.headers["Content-Length"]) == len(first.data)


def test_a_change_in_the_store_changes_etag_and_sequence_but_not_uid(client, store):
    events = seed(store)
    before = client.get("/feeds/all.ics")
    with store.transaction() as uow:
        (brics,) = [e for e in uow.candidate_events(date(2024, 4, 9)) if e.id == "brics"]
        narrowed = replace(
            brics, earliest=date(2024, 10, 22), latest=date(2024, 10, 24), granularity="day",
            status="confirmed", sequence=2, updated=datetime(2024, 4, 21, 9, 0, tzinfo=UTC),
            revisions=[*events["brics"].revisions, replace(
                events["brics"].revisions[0], sequence=2, earliest=date(2024, 10, 22),
                latest=date(2024, 10, 24), status="confirmed", phrase="October 22-24")],
        )
        uow.save_events([narrowed])
    after = client.get("/feeds/all.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.last_modified == datetime(2024, 4, 21, 9, 0, tzinfo=UTC)
    old, new = uids(before.data)["brics"], uids(after.data)["brics"]
    assert old.decoded("SEQUENCE") == 1 and new.decoded("SEQUENCE") == 2
    assert new.decoded("DTSTART") == date(2024, 10, 22)
    assert new.decoded("DTEND") == date(2024, 10, 25)
    assert str(new["STATUS"]) == "CONFIRMED"


def test_custom_feed_uses_the_same_filters(client, store):
    seed(store)
    response = client.get("/feeds/custom.ics?kind=summit&country=Russia")
    assert response.status_code == 200
    assert set(uids(response.data)) == {"brics"}
    cal = Calendar.from_ical(response.data)
    assert str(cal["SOURCE"]) == "http://localhost/feeds/custom.ics?kind=summit&country=Russia"
    assert set(uids(client.get("/feeds/custom.ics?kind=summit,meeting").data)) == {
        "brics", "meet", "quad"}
    assert set(uids(client.get("/feeds/custom.ics?max_width=7").data)) == {"visit", "meet",
                                                                          "quad"}
    upcoming = client.get("/feeds/custom.ics?upcoming=true&as_of=2024-05-17")
    assert set(uids(upcoming.data)) == {"brics", "visit"}
    precise = client.get("/feeds/custom.ics?kind=summit&precise_within_days=31")
    assert str(uids(precise.data)["brics"]["STATUS"]) == "TENTATIVE"  # month granularity


@pytest.mark.parametrize(
    ("query", "complaint"),
    [
        ("kind=picnic", "parameter 'kind' has unknown value 'picnic'"),
        ("from=2024-13-01", "parameter 'from' must be a date YYYY-MM-DD"),
        ("from=2024-06-01&to=2024-05-01", "'from' (2024-06-01) is after 'to' (2024-05-01)"),
        ("limit=5", "unknown parameter 'limit'"),
        ("upcoming=maybe", "parameter 'upcoming' must be true or false"),
        ("as_of=2024-01-01", "'as_of' only applies together with upcoming=true"),
        ("max_width=0", "parameter 'max_width' must be a whole number from 1"),
        ("country=", "parameter 'country' is empty"),
        ("country=a&country=b", "parameter 'country' may be given only once"),
        ("precise_within_days=x", "parameter 'precise_within_days' must be a whole number"),
    ],
)
def test_custom_feed_rejects_bad_parameters_with_a_problem(client, store, query, complaint):
    response = client.get(f"/feeds/custom.ics?{query}")
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == 400 and body["title"] == "Bad Request"
    assert complaint in body["detail"]


def test_unknown_feed_is_a_404_problem_naming_the_feeds(client, store):
    response = client.get("/feeds/nope.ics")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.get_json(force=True)
    assert "no feed named 'nope'" in body["detail"]
    assert "all.ics" in body["detail"]
    assert client.get("/feeds/all.ics?kind=summit").status_code == 400
