"""Feed responses cached under the store's change token (web/feed_cache.py, web/feeds.py).

A store subclass counts the events it loads, so "a 304 costs one cheap query" is checked
on the real databases, not assumed. Every cached body is compared with a fresh, uncached
render of the same data: the cache may change the speed, never the bytes.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from live_http import serving
from web_factories import article, event, store_events

from calendar_service.config import Settings
from calendar_service.events.model import Event
from calendar_service.ingest.article_file import read_article_file
from calendar_service.ingest.pipeline import ingest_article
from calendar_service.publish import FeedDefinition, load_feed_definitions, render_calendar
from calendar_service.store import Store
from calendar_service.store.query import EventQuery
from calendar_service.web import create_app
from calendar_service.web.feed_cache import CachedFeed, FeedResponseCache, Generation

TODAY = date(2024, 4, 20)
A1 = article("Kyodo News", date(2024, 4, 9))
A2 = article("Xinhua", date(2024, 5, 14))


class CountingStore(Store):
    """A real store that counts the event loads (query_events) and token reads."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.loads = 0
        self.tokens = 0
        self._count_lock = threading.Lock()

    def query_events(self, query: EventQuery) -> list[Event]:
        with self._count_lock:
            self.loads += 1
        return super().query_events(query)

    def change_token(self) -> str:
        with self._count_lock:
            self.tokens += 1
        return super().change_token()


class Today:
    """A clock the test can move from one day to the next."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def counting(db_url: str) -> Iterator[CountingStore]:
    with CountingStore.open(db_url) as opened:
        yield opened


@pytest.fixture
def today() -> Today:
    return Today(TODAY)


@pytest.fixture
def counted_app(web_settings: Settings, counting: CountingStore, today: Today) -> Flask:
    return create_app(web_settings, counting, today=today)


@pytest.fixture
def counted_client(counted_app: Flask) -> FlaskClient:
    return counted_app.test_client()


def seed(store: Store) -> None:
    store_events(store, [A1, A2], [
        event("brics", src=A1, series="BRICS summit"),
        event("visit", src=A2, kind="state_visit", title="Putin state visit to China",
              city=None, country="China", earliest=date(2024, 5, 16),
              latest=date(2024, 5, 17), granularity="day", status="confirmed"),
        event("quad", src=A2, title="Quad summit", city="Sydney", country="Australia",
              earliest=date(2024, 2, 24), latest=date(2024, 2, 24), granularity="day",
              status="cancelled"),
        event("moscow", src=A1, title="Саммит в Москве", city="Москва", country="Russia",
              earliest=date(2024, 6, 3), latest=date(2024, 6, 4), granularity="day"),
    ])


def uids(body: bytes) -> set[str]:
    return {str(v["UID"]).split("@")[0] for v in Calendar.from_ical(body).walk("VEVENT")}


def uncached(settings: Settings, store: Store, feed: FeedDefinition, query: EventQuery,
             url: str, day: date) -> bytes:
    """The bytes the feed had before any caching: load, render, no cache of any kind."""
    return render_calendar(feed, store.query_events(query), settings=settings, feed_url=url,
                           as_of=day)


def test_a_304_loads_no_event(counted_client: FlaskClient, counting: CountingStore) -> None:
    seed(counting)
    first = counted_client.get("/feeds/all.ics")
    assert first.status_code == 200 and counting.loads == 1
    etag, stamp = first.headers["ETag"], first.headers["Last-Modified"]

    by_etag = counted_client.get("/feeds/all.ics", headers={"If-None-Match": etag})
    by_date = counted_client.get("/feeds/all.ics", headers={"If-Modified-Since": stamp})
    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.data == b"" and by_etag.headers["ETag"] == etag
    again = counted_client.get("/feeds/all.ics")
    head = counted_client.head("/feeds/all.ics")
    assert again.data == first.data and again.headers["ETag"] == etag
    assert head.status_code == 200 and head.data == b""
    assert int(head.headers["Content-Length"]) == len(first.data)
    assert counting.loads == 1  # four more answers, not one more load
    assert counting.tokens == 5  # one token query per request

    custom = "/feeds/custom.ics?kind=summit&country=Russia"
    body = counted_client.get(custom)
    assert counted_client.get(custom, headers={"If-None-Match": body.headers["ETag"]}
                              ).status_code == 304
    assert counting.loads == 2


def test_cached_bytes_equal_an_uncached_render_for_every_feed(
    counted_client: FlaskClient, counting: CountingStore, web_settings: Settings,
) -> None:
    seed(counting)
    feeds = load_feed_definitions(web_settings.feeds_dir)
    for name, feed in feeds.items():
        url = f"http://localhost/feeds/{name}.ics"
        expected = uncached(web_settings, counting, feed, feed.to_query(TODAY), url, TODAY)
        for _ in range(2):  # a miss, then a hit
            response = counted_client.get(f"/feeds/{name}.ics")
            assert response.data == expected, name
            assert response.headers["ETag"] == f'"{hashlib.sha256(expected).hexdigest()}"'


def test_each_address_gets_its_own_source_line(counted_client: FlaskClient,
                                               counting: CountingStore) -> None:
    """SOURCE holds the address as requested, so host, scheme and parameter order key it."""
    seed(counting)
    asked = [
        ("http://calendar.example", "/feeds/all.ics"),
        ("https://mirror.example", "/feeds/all.ics"),
        ("http://calendar.example", "/feeds/custom.ics?kind=summit&country=Russia"),
        ("http://calendar.example", "/feeds/custom.ics?country=Russia&kind=summit"),
    ]
    bodies = {}
    for _ in range(2):
        for base, path in asked:
            body = counted_client.get(path, base_url=base).data
            assert str(Calendar.from_ical(body)["SOURCE"]) == base + path
            bodies.setdefault((base, path), body)
            assert body == bodies[(base, path)]
    assert counting.loads == len(asked)
    custom = [Calendar.from_ical(bodies[a]) for a in asked[2:]]
    assert str(custom[0]["X-WR-CALNAME"]) == str(custom[1]["X-WR-CALNAME"])
    assert uids(bodies[asked[2]]) == uids(bodies[asked[3]]) == {"brics", "moscow"}


def test_a_new_day_is_a_new_feed(counted_client: FlaskClient, counting: CountingStore,
                                 today: Today) -> None:
    """Cancelled events expire (keep_cancelled_days = 90) and "upcoming" moves with the day."""
    seed(counting)
    first = counted_client.get("/feeds/all.ics")
    upcoming = counted_client.get("/feeds/custom.ics?upcoming=true")
    assert "quad" in uids(first.data)
    assert uids(upcoming.data) == {"brics", "visit", "moscow"}
    today.day = date(2024, 6, 1)  # 98 days after the Quad summit's day; after the visit
    later = counted_client.get("/feeds/all.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert later.status_code == 200
    assert "quad" not in uids(later.data)
    assert later.last_modified == datetime(2024, 6, 1, tzinfo=UTC)
    assert uids(counted_client.get("/feeds/custom.ics?upcoming=true").data) == {
        "brics", "moscow"}
    assert counting.loads == 4


def test_a_write_by_another_worker_invalidates(web_settings: Settings, db_url: str,
                                               counting: CountingStore) -> None:
    """Two workers (each its own Store and caches) stay right because the token is shared."""
    seed(counting)
    with Store.open(db_url) as other_store:
        worker_a = create_app(web_settings, counting, today=lambda: TODAY).test_client()
        worker_b = create_app(web_settings, other_store, today=lambda: TODAY).test_client()
        before_a, before_b = worker_a.get("/feeds/all.ics"), worker_b.get("/feeds/all.ics")
        assert before_a.data == before_b.data
        with other_store.transaction() as uow:  # worker B's process cancels the visit
            (visit,) = uow.events_by_id(["visit"])
            uow.save_events([replace(visit, status="cancelled")])
        etag = before_a.headers["ETag"]
        after_a = worker_a.get("/feeds/all.ics", headers={"If-None-Match": etag})
        after_b = worker_b.get("/feeds/all.ics", headers={"If-None-Match": etag})
        assert after_a.status_code == after_b.status_code == 200
        assert after_a.data == after_b.data != before_a.data
        visit_now = [v for v in Calendar.from_ical(after_a.data).walk("VEVENT")
                     if str(v["UID"]).startswith("visit@")]
        assert str(visit_now[0]["STATUS"]) == "CANCELLED"


def ingest_seed(store: Store, path: Path):
    found = read_article_file(path)
    noon = datetime.combine(found.published, datetime.min.time(), tzinfo=UTC) + timedelta(
        hours=12)
    return ingest_article(store, found, origin=str(path), now=noon)


def test_a_new_article_through_the_pipeline_gives_a_new_etag_and_body(
    web_settings: Settings, counting: CountingStore, seeds_dir: Path,
) -> None:
    day = date(2024, 12, 31)
    paths = sorted(seeds_dir.glob("*.txt"))
    ingest_seed(counting, paths[0])
    client = create_app(web_settings, counting, today=lambda: day).test_client()
    first = client.get("/feeds/all.ics")
    etag = first.headers["ETag"]
    assert client.get("/feeds/all.ics", headers={"If-None-Match": etag}).status_code == 304
    loads = counting.loads
    changed = [p for p in paths[1:] if ingest_seed(counting, p).events]
    assert changed, "no seed article after the first changed an event"
    after = client.get("/feeds/all.ics", headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.headers["ETag"] != etag and after.data != first.data
    assert counting.loads == loads + 1
    feed = load_feed_definitions(web_settings.feeds_dir)["all"]
    assert after.data == uncached(web_settings, counting, feed, feed.to_query(day),
                                  "http://localhost/feeds/all.ics", day)
    assert len(uids(after.data)) > len(uids(first.data))


def test_concurrent_requests_while_events_change_get_consistent_bodies(
    web_settings: Settings, counting: CountingStore,
) -> None:
    """Every response's body matches its own ETag and is one of the feed's real states; once
    the writes stop, every thread gets the final state's bytes."""
    seed(counting)
    app = create_app(web_settings, counting, today=lambda: TODAY)
    feed = load_feed_definitions(web_settings.feeds_dir)["all"]
    with serving(app) as root:
        url = root + "feeds/all.ics"
        states = {uncached(web_settings, counting, feed, feed.to_query(TODAY), url, TODAY)}
        stop = threading.Event()

        def poll() -> list[requests.Response]:
            seen = []
            with requests.Session() as session:
                while not stop.is_set() or not seen:
                    seen.append(session.get(url, timeout=20))
            return seen

        with ThreadPoolExecutor(max_workers=6) as pool:
            polls = [pool.submit(poll) for _ in range(6)]
            for n in range(4):  # new events, each its own transaction
                store_events(counting, [], [event(f"new-{n}", src=A1, title=f"Summit {n}",
                                                  earliest=date(2024, 7, 1 + n),
                                                  latest=date(2024, 7, 1 + n),
                                                  granularity="day")])
                states.add(uncached(web_settings, counting, feed, feed.to_query(TODAY), url,
                                    TODAY))
            stop.set()
            responses = [r for p in polls for r in p.result()]
        assert len(states) == 5
        for response in responses:
            assert response.status_code == 200
            assert response.headers["ETag"] == (
                f'"{hashlib.sha256(response.content).hexdigest()}"')
            assert response.content in states
        final = max(states, key=len)
        with ThreadPoolExecutor(max_workers=6) as pool:
            bodies = list(pool.map(lambda _: requests.get(url, timeout=20).content, range(12)))
        assert bodies == [final] * 12


# --- the cache on its own -----------------------------------------------------------------

def entry(size: int) -> CachedFeed:
    return CachedFeed(body=b"x" * size, etag=str(size), last_modified=datetime(2024, 1, 1))


G1 = Generation(day=TODAY, token="1/1/1")


def test_cache_is_bounded_by_entries_and_by_bytes() -> None:
    cache = FeedResponseCache(max_bytes=100, max_entries=3)
    for n in range(5):
        cache.put(G1, (n,), entry(10))
    assert len(cache) == 3 and cache.get(G1, (0,)) is None and cache.get(G1, (4,)) is not None
    cache.get(G1, (2,))  # used: now the most recent
    cache.put(G1, ("big",), entry(80))
    assert cache.size_bytes <= 100
    assert cache.get(G1, (2,)) is not None and cache.get(G1, (3,)) is None
    cache.put(G1, ("huge",), entry(101))  # larger than the budget: not kept
    assert cache.get(G1, ("huge",)) is None and cache.get(G1, ("big",)) is not None


def test_a_new_generation_drops_the_old_entries() -> None:
    cache = FeedResponseCache()
    cache.put(G1, ("all",), entry(10))
    newer = Generation(day=TODAY, token="2/2/2")
    assert cache.get(newer, ("all",)) is None
    cache.put(newer, ("summits",), entry(5))
    assert cache.get(G1, ("all",)) is None  # gone, not just hidden
    assert (len(cache), cache.size_bytes) == (1, 5)
    tomorrow = Generation(day=TODAY + timedelta(days=1), token="2/2/2")
    assert cache.get(tomorrow, ("summits",)) is None


def test_cache_bookkeeping_survives_concurrent_writers() -> None:
    cache = FeedResponseCache(max_bytes=10_000, max_entries=50)

    def write(worker: int) -> None:
        for n in range(300):
            cache.put(G1, (worker, n % 70), entry(1 + (worker * 7 + n) % 90))
            cache.get(G1, (worker, (n * 3) % 70))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(8)))
    kept = [cache.get(G1, (w, n)) for w in range(8) for n in range(70)]
    kept = [k for k in kept if k is not None]
    assert len(kept) == len(cache) <= 50
    assert cache.size_bytes == sum(len(k.body) for k in kept) <= 10_000
