"""End to end over real HTTP: seed articles through the real pipeline into the store, the
real app under waitress on 127.0.0.1, fetched with requests, the feed read by icalendar and
compared with seeds/expected.json."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from live_http import serving
from seed_expectations import feed_events
from seed_expectations import vevent_matches as matches

from calendar_service.events.model import Article
from calendar_service.ingest.article_file import read_article_file
from calendar_service.ingest.pipeline import ingest_article
from calendar_service.web import create_app


def ingest(store, path: Path):
    article = read_article_file(path)
    noon = datetime.combine(article.published, datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=12)
    return ingest_article(store, article, origin=str(path), now=noon)





def api_matches(obj: dict[str, Any], expected: dict[str, Any]) -> bool:
    keys = ("kind", "earliest", "latest", "status", "city", "country")
    if any(obj[k] != expected[k] for k in keys if k in expected):
        return False
    return set(expected.get("participants", ())) <= set(obj["participants"])


def test_first_seed_article_reaches_feed_and_api_over_http(live_server, store, seeds_dir):
    step = json.loads((seeds_dir / "expected.json").read_text())["steps"][0]
    result = ingest(store, seeds_dir / step["after"])
    assert result.created

    response = requests.get(live_server + "feeds/all.ics", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    vevents = feed_events(response.content)
    for expected in step["events"]:
        found = [v for v in vevents if matches(v, expected)]
        assert len(found) == 1, f"feed lacks (or repeats) {expected['what']}"
    allowed = step["events"] + step["optional"]
    for vevent in vevents:  # none of the 'absent' ones: everything shown is expected
        assert any(matches(vevent, e) for e in allowed), f"unexpected {vevent['SUMMARY']}"

    api = requests.get(live_server + "api/events", timeout=10)
    assert api.status_code == 200
    objects = api.json()["events"]
    for expected in step["events"]:
        assert sum(api_matches(o, expected) for o in objects) == 1, expected["what"]
    assert {f"{o['id']}@calendar-service" for o in objects} == {str(v["UID"]) for v in vevents}

    detail = requests.get(live_server + objects[0]["links"]["self"].lstrip("/"), timeout=10)
    assert detail.json()["mentions"][0]["source"]["outlet"] == "Kyodo News"

    # Conditional GET and HEAD over the wire; re-ingesting changes nothing.
    etag = response.headers["ETag"]
    assert not ingest(store, seeds_dir / step["after"]).created
    again = requests.get(live_server + "feeds/all.ics", headers={"If-None-Match": etag},
                         timeout=10)
    assert again.status_code == 304
    head = requests.head(live_server + "feeds/all.ics", timeout=10)
    assert head.status_code == 200 and head.headers["ETag"] == etag and head.content == b""


def identity(expected: dict[str, Any]) -> tuple[str, str] | None:
    place = expected.get("city") or expected.get("country")
    return (expected["kind"], place) if place else None


def test_seed_story_feed_by_feed_keeps_uids_and_narrows(live_server, store, seeds_dir):
    """Each step of expected.json over HTTP: the listed events are in the feed with their
    dates and statuses; an event seen before keeps its UID and its SEQUENCE grows when its
    dates change; an article that changes nothing leaves the bytes alone (304)."""
    steps = json.loads((seeds_dir / "expected.json").read_text())["steps"]
    seen: dict[tuple[str, str], tuple[str, int, date]] = {}
    etag = None
    for step in steps:
        result = ingest(store, seeds_dir / step["after"])
        headers = {"If-None-Match": etag} if etag else {}
        response = requests.get(live_server + "feeds/all.ics", headers=headers, timeout=10)
        if not result.events:
            assert response.status_code == 304, f"{step['after']} changed nothing"
            continue
        assert response.status_code == 200, step["after"]
        etag = response.headers["ETag"]
        vevents = feed_events(response.content)
        assert len({str(v["UID"]) for v in vevents}) == len(vevents)
        for expected in step["events"]:
            found = [v for v in vevents if matches(v, expected)]
            assert len(found) == 1, f"after {step['after']}: {expected['what']}"
            (vevent,) = found
            uid, sequence = str(vevent["UID"]), vevent.decoded("SEQUENCE")
            key = identity(expected)
            if key in seen:
                old_uid, old_sequence, old_start = seen[key]
                assert uid == old_uid, f"{expected['what']} got a new UID"
                if vevent.decoded("DTSTART") != old_start:
                    assert sequence > old_sequence, f"{expected['what']}: SEQUENCE did not grow"
            if key:
                seen[key] = (uid, sequence, vevent.decoded("DTSTART"))
        visits = [v for v in vevents if "state visit" in [str(c) for c in v["CATEGORIES"].cats]]
        assert len(visits) == 1  # never a second, separate Putin state visit to China
    summits = requests.get(live_server + "feeds/summits.ics", timeout=10)
    kinds = {str(c) for v in feed_events(summits.content) for c in v["CATEGORIES"].cats}
    assert "summit" in kinds and "meeting" not in kinds and "state visit" not in kinds


def test_every_feed_agrees_with_the_api_at_every_step(live_server, store, seeds_dir):
    """Feed by feed (as /api/feeds lists them) after each article: the feed holds exactly the
    dated events the API returns for the feed's filter, a UID once published stays, and a
    feed the article did not change answers its last ETag with 304."""
    feeds = requests.get(live_server + "api/feeds", timeout=10).json()["feeds"]
    etags: dict[str, str] = {}
    published: dict[str, set[str]] = {f["name"]: set() for f in feeds}
    for path in sorted(seeds_dir.glob("*.txt")):
        ingest(store, path)
        for feed in feeds:
            kinds = "".join(f"&kind={k}" for k in feed["filter"]["kind"])
            api = requests.get(f"{live_server}api/events?limit=500{kinds}", timeout=10).json()
            expected = {f"{e['id']}@calendar-service" for e in api["events"]
                        if e["earliest"] and e["latest"]}
            ics = feed["links"]["ics"]
            headers = {"If-None-Match": etags[ics]} if ics in etags else {}
            response = requests.get(ics, headers=headers, timeout=10)
            if response.status_code == 304:
                assert expected == published[feed["name"]], f"{feed['name']} is stale"
                continue
            assert response.status_code == 200
            etags[ics] = response.headers["ETag"]
            uids = {str(v["UID"]) for v in feed_events(response.content)}
            assert uids == expected, f"{feed['name']} after {path.name}"
            assert published[feed["name"]] <= uids, f"{feed['name']} lost a UID"
            published[feed["name"]] = uids
    assert all(published.values())


def test_cancellation_reaches_subscribers_as_cancelled(web_settings, store, seeds_dir):
    """A later article cancels the Kazan summit: same UID, SEQUENCE up, STATUS:CANCELLED,
    still listed (keep_cancelled_days) so clients update; then nothing changes: 304."""
    for path in sorted(seeds_dir.glob("*.txt"))[:5]:
        ingest(store, path)
    app = create_app(web_settings, store, today=lambda: date(2024, 9, 3))
    with serving(app) as root:
        before = {str(v["UID"]): v for v in feed_events(
            requests.get(root + "feeds/summits.ics", timeout=10).content)}
        (kazan_uid,) = [u for u, v in before.items() if "Kazan" in str(v.get("LOCATION", ""))]
        notice = Article(
            title="BRICS summit in Kazan cancelled",
            body="The BRICS summit in Kazan, which had been planned for October, has been "
                 "cancelled, the Kremlin said on Monday.",
            published=date(2024, 9, 2), source="Test Wire")
        changed = ingest_article(store, notice, now=datetime(2024, 9, 2, 12, tzinfo=UTC))
        assert changed.events, "the cancellation was not picked up by the pipeline"
        response = requests.get(root + "feeds/summits.ics", timeout=10)
        after = {str(v["UID"]): v for v in feed_events(response.content)}
        kazan = after[kazan_uid]
        assert str(kazan["STATUS"]) == "CANCELLED"
        assert kazan.decoded("SEQUENCE") > before[kazan_uid].decoded("SEQUENCE")
        assert "cancelled" in str(kazan["SUMMARY"])
        again = requests.get(root + "feeds/summits.ics",
                             headers={"If-None-Match": response.headers["ETag"]}, timeout=10)
        assert again.status_code == 304
