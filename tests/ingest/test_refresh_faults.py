"""Source-level faults: each bad answer ends in a clear per-source error with back-off, leaves
the database exactly as it was, and the next good answer is ingested.

One loopback feed changes its behaviour between refresh passes: a good feed, then 500, a
hang past the timeout, 50 MB, a truncated feed, an XML bomb, a redirect loop, a redirect to
a private address, and finally good answers again (one in windows-1251).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from refresh_support import rss, seed_articles, snapshot

from calendar_service.events.model import Article
from calendar_service.ingest.fetch import FetchPolicy
from calendar_service.ingest.refresh import RefreshOutcome, refresh_source
from calendar_service.ingest.sources import MAX_BACKOFF, UNHEALTHY_AFTER, backoff_delay
from calendar_service.store import Store
from calendar_service.store.sources import SourceDefinition, add_source, get_source

POLICY = FetchPolicy.allowing("127.0.0.1", connect_timeout=0.5, read_timeout=0.5,
                              total_timeout=1.5, max_body_bytes=1_000_000)
HOUR = 3600
T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)

Handler = Callable[[BaseHTTPRequestHandler], None]


class SwitchableFeed:
    """The route's behaviour is whatever `mode` is set to between passes."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop
        self.mode: Handler = self.good
        self.items: list[Article] = []
        self.etag = '"v1"'
        self.requests: list[dict[str, str]] = []

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(dict(handler.headers.items()))
        self.mode(handler)

    def good(self, h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == self.etag:
            h.send_response(304)
            h.send_header("ETag", self.etag)
            h.end_headers()
            return
        _send(h, 200, rss(self.items), {"ETag": self.etag,
                                         "Content-Type": "application/rss+xml"})

    def hang(self, h: BaseHTTPRequestHandler) -> None:
        self.stop.wait(10)

    def huge(self, h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.end_headers()
        chunk = b"<!-- padding -->" * 4096
        for _ in range(50 * 1024 * 1024 // len(chunk)):
            h.wfile.write(chunk)


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
    h.send_response(status)
    for name, value in headers.items():
        h.send_header(name, value)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def _fixed(status: int, body: bytes, **headers: str) -> Handler:
    return lambda h: _send(h, status, body, headers)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode()
        for i in range(1, 10)
    )
    + b']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
    b"<description>&lol9;</description></item></channel></rss>"
)


def _pass(store: Store, at: datetime) -> RefreshOutcome:
    source = get_source(store, "wire")
    assert source is not None
    return refresh_source(store, source, policy=POLICY, clock=lambda: at)


@pytest.fixture
def feed(http_server) -> tuple[SwitchableFeed, str]:  # type: ignore[no-untyped-def]
    switch = SwitchableFeed(http_server.stop)
    url = http_server.add("/wire.rss", handler=switch)
    http_server.redirect("/loop-a", http_server.url("/loop-b"))
    http_server.redirect("/loop-b", http_server.url("/loop-a"))
    http_server.redirect("/to-metadata", "http://169.254.169.254/latest/meta-data/")
    return switch, url


def test_faults_are_counted_backed_off_and_lose_nothing(
    store: Store, seeds_dir: Path, feed: tuple[SwitchableFeed, str], http_server
) -> None:
    switch, url = feed
    story = [article for _, article in seed_articles(seeds_dir)]
    add_source(store, SourceDefinition(name="wire", location=url, kind="rss",
                                       interval_seconds=HOUR), now=T0)
    switch.items = story[:3]
    first = _pass(store, T0)
    assert first.status == "ok" and first.new == 3
    before = snapshot(store)
    assert before["counts"]["articles"] == 3 and before["counts"]["events"] > 0

    redirect = http_server.url("/loop-a")
    faults: list[tuple[str, Handler, str, str]] = [
        ("500", _fixed(500, b"oops"), "http_status", "HTTP 500"),
        ("hang", switch.hang, "timeout", "0.5 s"),
        ("50 MB", switch.huge, "too_large", "limit of 1000000 bytes"),
        ("truncated feed", _fixed(200, rss(story)[:60], **{"Content-Type": "text/xml"}),
         "format", "malformed feed"),
        ("XML bomb", _fixed(200, BILLION_LAUGHS, **{"Content-Type": "application/rss+xml"}),
         "format", "declares XML entities"),
        ("redirect loop", _fixed(302, b"", Location=redirect), "too_many_redirects",
         "redirect loop"),
        ("redirect to a private address",
         _fixed(302, b"", Location="http://169.254.169.254/latest/meta-data/"),
         "private_address", "169.254.169.254"),
    ]
    at = T0
    for errors, (label, mode, kind, words) in enumerate(faults, start=1):
        switch.mode = mode
        at += timedelta(hours=30)
        started = time.monotonic()
        outcome = _pass(store, at)
        assert time.monotonic() - started < 5, f"{label}: the pass was not cut short"
        assert outcome.status == "failed" and outcome.error_kind == kind, label
        state = get_source(store, "wire").state  # type: ignore[union-attr]
        assert state.consecutive_errors == errors, label
        assert state.last_error is not None and words in state.last_error, state.last_error
        assert state.last_error.startswith(f"{kind}: "), label
        assert state.healthy == (errors < UNHEALTHY_AFTER), label
        # Back-off: doubling from the interval, capped at MAX_BACKOFF.
        expected_delay = min(timedelta(seconds=HOUR) * 2 ** errors, MAX_BACKOFF)
        assert state.next_due_at - at == expected_delay, label  # type: ignore[operator]
        assert state.etag == '"v1"'  # validators of the last good answer are kept
        assert snapshot(store) == before, f"{label} changed what was stored"
    assert backoff_delay(timedelta(seconds=HOUR), len(faults)) == MAX_BACKOFF

    # Recovery, in windows-1251 without a charset in the HTTP header: decoded, not garbled.
    russian = Article(title="Путин посетит Китай в мае",
                      body="Президент России Владимир Путин посетит Китай с государственным "
                           "визитом 16-17 мая, сообщили в Кремле во вторник.",
                      published=story[2].published, source="wire", language="ru")
    switch.items = [*story[:3], russian]
    switch.etag = '"v2"'
    body = rss(switch.items).replace(b'encoding="utf-8"', b'encoding="windows-1251"')
    body = body.decode("utf-8").encode("cp1251")
    switch.mode = _fixed(200, body, ETag='"v2"', **{"Content-Type": "application/rss+xml"})
    at += timedelta(hours=30)
    outcome = _pass(store, at)
    assert outcome.status == "ok" and outcome.new == 1 and outcome.duplicates == 3
    assert switch.requests[-1].get("If-None-Match") == '"v1"'
    state = get_source(store, "wire").state  # type: ignore[union-attr]
    assert state.healthy and state.consecutive_errors == 0 and state.last_error is None
    assert state.next_due_at == at + timedelta(seconds=HOUR) and state.etag == '"v2"'
    after = snapshot(store)
    assert after["counts"]["articles"] == 4
    assert russian.content_hash in after["articles"]  # same words as sent: decoded right

    # And a good UTF-8 answer with one more story item is ingested too.
    switch.items = [*story[:4], russian]
    switch.etag = '"v3"'
    switch.mode = switch.good
    at += timedelta(hours=1)
    outcome = _pass(store, at)
    assert outcome.status == "ok" and outcome.new == 1
    assert story[3].content_hash in snapshot(store)["articles"]


def test_conditional_get_is_remembered_and_a_304_costs_no_parsing(
    store: Store, seeds_dir: Path, feed: tuple[SwitchableFeed, str]
) -> None:
    switch, url = feed
    story = [article for _, article in seed_articles(seeds_dir)]
    add_source(store, SourceDefinition(name="wire", location=url, kind="rss",
                                       interval_seconds=HOUR), now=T0)
    switch.items = story[:2]
    assert _pass(store, T0).new == 2
    assert "If-None-Match" not in switch.requests[0]
    before = snapshot(store)

    outcome = _pass(store, T0 + timedelta(hours=1))
    assert switch.requests[-1]["If-None-Match"] == '"v1"'
    assert outcome.status == "not_modified"
    assert outcome.kind is None and outcome.candidates == 0  # nothing was read or parsed
    state = get_source(store, "wire").state  # type: ignore[union-attr]
    assert state.last_success_at == T0 + timedelta(hours=1) and state.etag == '"v1"'
    assert snapshot(store) == before


def test_last_modified_is_remembered_too(store: Store, seeds_dir: Path, http_server) -> None:
    story = [article for _, article in seed_articles(seeds_dir)]
    stamp = "Tue, 09 Apr 2024 12:00:00 GMT"
    seen: list[str | None] = []

    def by_date(h: BaseHTTPRequestHandler) -> None:
        seen.append(h.headers.get("If-Modified-Since"))
        if h.headers.get("If-Modified-Since") == stamp:
            h.send_response(304)
            h.end_headers()
            return
        _send(h, 200, rss(story[:1]), {"Last-Modified": stamp})

    url = http_server.add("/dated.rss", handler=by_date)
    add_source(store, SourceDefinition(name="wire", location=url, kind="rss"), now=T0)
    assert _pass(store, T0).new == 1
    assert _pass(store, T0 + timedelta(hours=1)).status == "not_modified"
    assert seen == [None, stamp]


def test_retry_after_is_honoured_when_longer_than_the_back_off(
    store: Store, http_server
) -> None:
    url = http_server.add("/busy", status=503, headers={"Retry-After": "36000"})
    add_source(store, SourceDefinition(name="wire", location=url, kind="rss",
                                       interval_seconds=60), now=T0)
    outcome = _pass(store, T0)
    assert outcome.error_kind == "http_status"
    state = get_source(store, "wire").state  # type: ignore[union-attr]
    assert state.next_due_at == T0 + timedelta(seconds=36000)
