"""Several processes on one PostgreSQL: gunicorn with 4 workers takes the same articles from 8
client threads at once (each article several times) and ends with one row per article and per
event, and the events of a sequential run."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from calendar_service.events.model import Article
from calendar_service.ingest import ingest_article, read_article_file
from calendar_service.store import EventQuery, Store, migrate
from calendar_service.store.engine import create

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-token-for-gunicorn"
ARTICLES = 200
COPIES = 2  # every article is posted this many times
CLIENTS = 8
WORKERS = 4


def _articles(seeds_dir: Path) -> list[list[Article]]:
    """ARTICLES distinct articles in waves, one wave per seed in story order: the desks' copies
    of that seed (same facts and date, different words)."""
    seeds = sorted((read_article_file(p) for p in seeds_dir.glob("*.txt")),
                   key=lambda a: a.published)
    waves: list[list[Article]] = [[] for _ in seeds]
    for n in range(ARTICLES):
        seed = seeds[n % len(seeds)]
        waves[n % len(seeds)].append(
            replace(seed, title=f"{seed.title} [desk {n}]", body=f"{seed.body}\n\nDesk {n}."))
    return waves


def _as_file(article: Article) -> bytes:
    return (f"Title: {article.title}\nPublished: {article.published.isoformat()}\n"
            f"Source: {article.source}\nLanguage: {article.language}\n\n{article.body}\n"
            ).encode()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(base: str, article: Article) -> int:
    request = urllib.request.Request(
        base + "api/articles", data=_as_file(article), method="POST",
        headers={"Content-Type": "text/plain; charset=utf-8",
                 "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.status


def _snapshot(store: Store) -> dict[str, tuple]:
    return {e.id: (e.kind, e.earliest, e.latest, e.status, len(e.supports))
            for e in store.query_events(EventQuery(include_undated=True))}


@pytest.mark.slow
def test_gunicorn_workers_lose_nothing_and_double_nothing(pg_url: str, seeds_dir: Path,
                                                          tmp_path: Path) -> None:
    waves = _articles(seeds_dir)
    with Store.open(f"sqlite:///{tmp_path / 'sequential.sqlite3'}") as reference:
        for wave in waves:
            for article in wave:
                ingest_article(reference, article, now=datetime.now(UTC))
        expected = _snapshot(reference)

    engine = create(pg_url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("w")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CALENDAR_SERVICE_")}
    env.update(CALENDAR_SERVICE_DATABASE_URL=pg_url, CALENDAR_SERVICE_API_TOKEN=TOKEN)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "calendar_service.cli:wsgi_app()"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(base, server, log_path)
        rng = random.Random(8)
        with ThreadPoolExecutor(max_workers=CLIENTS) as clients:
            for wave in waves:  # the story in order; within a wave, all at once
                posts = wave * COPIES
                rng.shuffle(posts)
                try:
                    statuses = list(clients.map(lambda a: _post(base, a), posts))
                except urllib.error.HTTPError as exc:
                    raise AssertionError(f"{exc}; server log:\n{_tail(log_path)}") from exc
                assert sorted(set(statuses)) in ([200, 201], [201])
                assert statuses.count(201) == len(wave)  # created once, duplicates after
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
            log.close()

    with Store.open(pg_url) as store:
        assert store.counts()["articles"] == ARTICLES
        got = _snapshot(store)
    assert got == expected


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _wait_until_up(base: str, server: subprocess.Popen[str], log_path: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited ({server.returncode}):\n{_tail(log_path)}")
        try:
            with urllib.request.urlopen(base + "healthz", timeout=5):
                return
        except OSError:  # refused, reset, or a slow first answer while workers boot
            time.sleep(0.3)
    raise AssertionError("gunicorn did not answer /healthz within 90 s")
