"""Helpers for the refresh and scheduler tests: an RSS publisher for the loopback server,
generated articles, database snapshots and iCal matching against seeds/expected.json."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import sqlalchemy as sa

from calendar_service.events.model import Article
from calendar_service.ingest.article_file import read_article_file
from calendar_service.store import Store
from calendar_service.store.tables import articles, events


def seed_articles(seeds_dir: Path) -> list[tuple[str, Article]]:
    """(file name, article) in story order: Published date, then file name."""
    found = [(p.name, read_article_file(p)) for p in seeds_dir.glob("*.txt")]
    return sorted(found, key=lambda pair: (pair[1].published, pair[0]))


def rss(items: Sequence[Article], *, title: str = "Loopback wire") -> bytes:
    """RSS 2.0, newest first like real feeds: title, link, guid, pubDate, description = body."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link>",
        "<description>test feed</description><language>en</language>",
    ]
    for article in sorted(items, key=lambda a: a.published, reverse=True):
        noon = _noon(article.published)
        guid = article.url or f"urn:sha256:{article.content_hash}"
        parts.append(
            "<item>"
            f"<title>{escape(article.title)}</title>"
            + (f"<link>{escape(article.url)}</link>" if article.url else "")
            + f'<guid isPermaLink="false">{escape(guid)}</guid>'
            f"<pubDate>{format_datetime(noon)}</pubDate>"
            f"<description>{escape(article.body)}</description>"
            "</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


class FeedPublisher:
    """A growing RSS feed served with a strong ETag and 304 answers, counting requests."""

    def __init__(self) -> None:
        self.items: list[Article] = []
        self.lock = threading.Lock()
        self.full_answers = 0
        self.not_modified = 0

    def publish(self, article: Article) -> None:
        with self.lock:
            self.items.append(article)

    def body(self) -> bytes:
        with self.lock:
            return rss(list(self.items))

    def handler(self, request: BaseHTTPRequestHandler) -> None:
        body = self.body()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if request.headers.get("If-None-Match") == etag:
            with self.lock:
                self.not_modified += 1
            request.send_response(304)
            request.send_header("ETag", etag)
            request.end_headers()
            return
        with self.lock:
            self.full_answers += 1
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        request.send_header("ETag", etag)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)


# --- generated articles ----------------------------------------------------------------------

LEADERS = [
    ("Vladimir Putin", "Russia"), ("Xi Jinping", "China"), ("Narendra Modi", "India"),
    ("Recep Tayyip Erdogan", "Turkey"), ("Luiz Inacio Lula da Silva", "Brazil"),
    ("Cyril Ramaphosa", "South Africa"), ("Emmanuel Macron", "France"),
    ("Olaf Scholz", "Germany"), ("Fumio Kishida", "Japan"), ("Joko Widodo", "Indonesia"),
]
CITIES = [
    ("Beijing", "China"), ("Moscow", "Russia"), ("New Delhi", "India"), ("Ankara", "Turkey"),
    ("Brasilia", "Brazil"), ("Pretoria", "South Africa"), ("Paris", "France"),
    ("Berlin", "Germany"), ("Tokyo", "Japan"), ("Jakarta", "Indonesia"), ("Astana", "Kazakhstan"),
    ("Kazan", "Russia"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
SERIES = ["BRICS summit", "SCO summit", "G20 summit"]


def generated_articles(count: int, *, start: date = date(2024, 1, 8)) -> list[Article]:
    """Articles about visits, talks and summits with varied people, places and dates, so that
    reconciliation has real work: many re-report, narrow or confirm earlier ones."""
    out = []
    for i in range(count):
        published = start + timedelta(days=i // 3)
        host, host_country = LEADERS[i % len(LEADERS)]
        guest, _ = LEADERS[(i * 7 + 3) % len(LEADERS)]
        if guest == host:
            guest, _ = LEADERS[(i + 1) % len(LEADERS)]
        city, country = next(c for c in CITIES if c[1] == host_country) \
            if any(c[1] == host_country for c in CITIES) else CITIES[i % len(CITIES)]
        month = MONTHS[(published.month + i % 4) % 12]
        day = 1 + (i * 5) % 27
        pattern = i % 5
        if pattern == 0:
            title = f"{guest} to visit {country} later this year"
            body = (f"{guest} will pay a state visit to {country} later this year, officials "
                    f"in {city} said on Monday. {host} invited him during a phone call.")
        elif pattern == 1:
            title = f"{guest} visit to {country} set for {month}"
            body = (f"{guest} will travel to {city} in {month} for talks with {host}, the "
                    f"foreign ministry said. The visit was announced on {published:%B %d}.")
        elif pattern == 2:
            title = f"{guest} and {host} to meet in {city} on {month} {day}"
            body = (f"{guest} and {host} will hold talks in {city} on {month} {day}, "
                    f"a spokesperson said on Wednesday.")
        elif pattern == 3:
            series = SERIES[i % len(SERIES)]
            title = f"{series} in {city} planned for {month}"
            body = (f"Leaders will gather in {city} for the {series} in {month}, the hosts "
                    f"said. {host} and {guest} are expected to attend. Reference {i}.")
        else:
            title = f"{host} met {guest} in {city}"
            body = (f"{host} met {guest} in {city} on Tuesday and discussed trade and "
                    f"energy. Report number {i}.")
        out.append(Article(title=title, body=body, published=published, source="Generator",
                           url=f"https://news.example/{i}"))
    return out


# --- snapshots -------------------------------------------------------------------------------


def snapshot(store: Store) -> dict[str, Any]:
    """What must not change behind a failing source: counts, article hashes, event rows."""
    with store.engine.connect() as connection:
        hashes = sorted(connection.execute(sa.select(articles.c.content_hash)).scalars())
        rows = connection.execute(
            sa.select(events.c.id, events.c.earliest, events.c.latest, events.c.status,
                      events.c.sequence, events.c.version).order_by(events.c.id)
        ).all()
    return {"counts": store.counts(), "articles": hashes, "events": [tuple(r) for r in rows]}


def database_contents(store: Store) -> dict[str, Any]:
    """For convergence: article hashes and every event's id, range and status."""
    with store.engine.connect() as connection:
        hashes = sorted(connection.execute(sa.select(articles.c.content_hash)).scalars())
        rows = connection.execute(
            sa.select(events.c.id, events.c.earliest, events.c.latest, events.c.status)
            .order_by(events.c.id)
        ).all()
    return {"articles": hashes, "events": [tuple(r) for r in rows]}


# --- iCal --------------------------------------------------------------------------------


