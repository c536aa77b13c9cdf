"""An RSS item without a pubDate is dated by the fetch day, and every place that cites it says
so: the articles table, the API's sources, the event's .ics DESCRIPTION and its web page. An
item with a pubDate says nothing of the kind. Real HTTP (loopback server), real databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from icalendar import Calendar
from refresh_support import FeedPublisher, seed_articles

from calendar_service.config import Settings
from calendar_service.ingest.fetch import FetchPolicy
from calendar_service.ingest.refresh import refresh_source
from calendar_service.publish.presentation import FETCHED_MARK, FETCHED_NOTE
from calendar_service.store import Store
from calendar_service.store.sources import SourceDefinition, add_source, get_source
from calendar_service.store.tables import articles
from calendar_service.web import create_app

POLICY = FetchPolicy.allowing("127.0.0.1", connect_timeout=2, read_timeout=2, total_timeout=6)


def test_an_item_without_pubdate_is_flagged_wherever_it_is_cited(
    store: Store, seeds_dir: Path, http_server
) -> None:
    story = dict(seed_articles(seeds_dir))
    dated = story["2024-05-14-putin-china-dates.txt"]
    # benchmarks.ingest.rss leaves out the pubDate of an article marked as fetched.
    undated = replace(story["2024-10-21-brics-kazan.txt"], date_basis="fetched")
    publisher = FeedPublisher()
    publisher.publish(dated)
    publisher.publish(undated)
    assert publisher.body().count(b"<pubDate>") == 1
    url = http_server.add("/wire.rss", handler=publisher.handler)
    now = datetime.now(UTC)
    add_source(store, SourceDefinition("wire", url, "rss", 600), now=now)

    outcome = refresh_source(store, get_source(store, "wire"), policy=POLICY,  # type: ignore[arg-type]
                             clock=lambda: now)
    assert (outcome.status, outcome.new, outcome.undated) == ("ok", 2, 1)

    with store.engine.connect() as connection:
        rows = {title: (published, basis) for title, published, basis in connection.execute(
            sa.select(articles.c.title, articles.c.published, articles.c.date_basis))}
    fetch_day, basis = rows[undated.title]
    fetch_day = fetch_day if isinstance(fetch_day, date) else date.fromisoformat(fetch_day)
    assert basis == "fetched"
    assert fetch_day in {(now + timedelta(minutes=m)).date() for m in (0, 5)}
    assert rows[dated.title] in {(dated.published, "published"),
                                 (dated.published.isoformat(), "published")}

    client = create_app(Settings(database_url="unused"), store).test_client()
    listed = client.get("/api/events").get_json()["events"]
    by_title = {
        s["title"]: (event["id"], s) for event in listed for s in event["sources"]}
    assert set(by_title) == {dated.title, undated.title}, by_title
    flagged_id, flagged = by_title[undated.title]
    plain_id, plain = by_title[dated.title]
    assert flagged_id != plain_id
    assert (flagged["published"], flagged["published_basis"]) == (
        fetch_day.isoformat(), "fetched")
    assert (plain["published"], plain["published_basis"]) == (
        dated.published.isoformat(), "published")

    detail = client.get(f"/api/events/{flagged_id}").get_json()
    assert {m["source"]["published_basis"] for m in detail["mentions"]} == {"fetched"}
    assert client.get(f"/api/events/{plain_id}").get_json()["mentions"][0]["source"][
        "published_basis"] == "published"

    cited = f"wire, {fetch_day.isoformat()} {FETCHED_NOTE}"  # the outlet is the source name
    for event_id, flagged_here in ((flagged_id, True), (plain_id, False)):
        ics = client.get(f"/api/events/{event_id}.ics")
        assert ics.status_code == 200
        (vevent,) = Calendar.from_ical(ics.data).walk("VEVENT")
        description = str(vevent["DESCRIPTION"])
        assert (cited in description) is flagged_here, description
        assert (FETCHED_NOTE in description) is flagged_here, description
        page = client.get(f"/events/{event_id}").get_data(as_text=True)
        assert (f"({FETCHED_MARK})" in page) is flagged_here
