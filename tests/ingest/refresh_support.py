"""Helpers for the refresh and scheduler tests: an RSS publisher for the loopback server and
database snapshots."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.ingest import rss
from calendar_service.events.model import Article
from calendar_service.ingest.article_file import read_article_file
from calendar_service.store import Store
from calendar_service.store.tables import articles, events


def seed_articles(seeds_dir: Path) -> list[tuple[str, Article]]:
    """(file name, article) in story order: Published date, then file name."""
    found = [(p.name, read_article_file(p)) for p in seeds_dir.glob("*.txt")]
    return sorted(found, key=lambda pair: (pair[1].published, pair[0]))


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


