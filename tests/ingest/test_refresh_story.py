"""The seed story through a live RSS feed and the real scheduler.

A loopback HTTP server publishes the seed articles one at a time, in date order, as RSS items
(title, pubDate, description = body). APScheduler runs the source's job every second; after
each new item, the calendar served at /feeds/all.ics (create_app's test client, read with
icalendar) must show what seeds/expected.json says.
"""

from __future__ import annotations

import json
import queue
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar
from refresh_support import FeedPublisher, seed_articles
from seed_expectations import vevent_matches

from calendar_service.config import Settings
from calendar_service.ingest.fetch import FetchPolicy
from calendar_service.ingest.refresh import RefreshOutcome
from calendar_service.ingest.scheduler import RefreshScheduler
from calendar_service.store import Store
from calendar_service.store.sources import SourceDefinition, add_source, get_source
from calendar_service.web import create_app

WAIT_SECONDS = 30


def _next_pass_with_new_articles(outcomes: queue.Queue[RefreshOutcome]) -> RefreshOutcome:
    """Passes that started before the item appeared answer 'not modified'; wait past them."""
    deadline = datetime.now(UTC) + timedelta(seconds=WAIT_SECONDS)
    while True:
        left = (deadline - datetime.now(UTC)).total_seconds()
        assert left > 0, "the scheduler did not ingest the new item in time"
        outcome = outcomes.get(timeout=left)
        assert outcome.status != "failed", outcome.error
        if outcome.new:
            return outcome


def test_scheduler_keeps_the_calendar_current_as_items_appear(
    store: Store, seeds_dir: Path, http_server, tmp_path: Path
) -> None:
    steps = json.loads((seeds_dir / "expected.json").read_text())["steps"]
    story = seed_articles(seeds_dir)
    assert [name for name, _ in story] == [step["after"] for step in steps]

    publisher = FeedPublisher()
    url = http_server.add("/wire.rss", handler=publisher.handler)
    settings = Settings(database_url="unused", allow_private_hosts=("127.0.0.1",))
    add_source(store, SourceDefinition(name="wire", location=url, kind="rss",
                                       interval_seconds=1), now=datetime.now(UTC))
    outcomes: queue.Queue[RefreshOutcome] = queue.Queue()
    scheduler = RefreshScheduler(settings, store, policy=FetchPolicy.from_settings(settings),
                                 check_seconds=0.2, on_outcome=outcomes.put)
    client = create_app(settings, store).test_client()
    scheduler.start(sync_config=False)
    try:
        assert scheduler.wait_until_leading(10)
        etag = None
        for (name, article), step in zip(story, steps, strict=True):
            publisher.publish(article)
            outcome = _next_pass_with_new_articles(outcomes)
            assert outcome.new == 1 and outcome.candidates == len(publisher.items), name

            response = client.get("/feeds/all.ics")
            assert response.status_code == 200
            if not step["events"]:  # the distractor: the calendar's bytes do not change
                assert response.headers["ETag"] == etag, f"{name} changed the calendar"
                continue
            etag = response.headers["ETag"]
            vevents = list(Calendar.from_ical(response.data).walk("VEVENT"))
            for expected in step["events"]:
                found = [v for v in vevents if vevent_matches(v, expected)]
                shown = [(str(v["SUMMARY"]), v.decoded("DTSTART"), str(v["STATUS"]))
                         for v in vevents]
                assert len(found) == 1, f"after {name}: {expected['what']} in {shown}"
            visits = [v for v in vevents
                      if "state visit" in [str(c) for c in v["CATEGORIES"].cats]]
            assert len(visits) == 1, "a second, separate state visit appeared"
            if step is steps[0]:  # nothing but the expected and optional events
                allowed = step["events"] + step.get("optional", [])
                for vevent in vevents:
                    assert any(vevent_matches(vevent, e) for e in allowed), vevent["SUMMARY"]
        # Nothing new: the next pass is a conditional GET answered 304, and costs no parsing.
        full_answers = publisher.full_answers
        while (outcome := outcomes.get(timeout=WAIT_SECONDS)).status != "not_modified":
            pass
        assert outcome.candidates == 0 and publisher.full_answers == full_answers
    finally:
        scheduler.shutdown()

    state = get_source(store, "wire").state  # type: ignore[union-attr]
    assert state.healthy and state.consecutive_errors == 0
    assert state.articles_stored == len(story)
    assert state.etag is not None  # remembered for the next conditional GET
    assert store.counts()["articles"] == len(story)
