"""A refresh killed with SIGKILL half-way through, then run again, converges to the database of
one uninterrupted run (article hashes, and every event's id, range and status)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from refresh_support import database_contents, rss

from benchmarks.ingest import generate_articles
from calendar_service.cli import main
from calendar_service.store import Store, migrate
from calendar_service.store.engine import create
from calendar_service.store.sources import SourceDefinition, add_source, get_source

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 300
KILL_AFTER = 25  # stored articles


def _prepare(url: str, feed_url: str) -> None:
    engine = create(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    store = Store.open(url)
    try:
        add_source(store, SourceDefinition(name="gen", location=feed_url, kind="rss"),
                   now=datetime.now(UTC))
    finally:
        store.close()


def _count(store: Store) -> int:
    return store.counts()["articles"]


@pytest.mark.slow
def test_a_killed_refresh_converges_on_rerun(
    db_url: str, tmp_path: Path, http_server
) -> None:
    articles = generate_articles(ARTICLES)
    feed_url = http_server.add("/gen.rss", rss(articles),
                               headers={"Content-Type": "application/rss+xml", "ETag": '"g1"'})
    config = tmp_path / "config" / "settings.toml"
    config.parent.mkdir()
    config.write_text("[fetch]\nallow_private_hosts = [\"127.0.0.1\"]\n", encoding="utf-8")
    store = Store.open(db_url)
    add_source(store, SourceDefinition(name="gen", location=feed_url, kind="rss"),
               now=datetime.now(UTC))
    command = [sys.executable, "-m", "calendar_service", "--config", str(config),
               "--database", db_url, "refresh", "--source", "gen", "--no-progress"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        # output to a file: an undrained pipe can fill up and stall the refresh
        with (tmp_path / "refresh.log").open("w", encoding="utf-8") as out:
            process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out,
                                       stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while _count(store) < KILL_AFTER:
            assert process.poll() is None, (tmp_path / "refresh.log").read_text("utf-8")
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("the refresh stored too few articles: "
                            + (tmp_path / "refresh.log").read_text("utf-8"))
            time.sleep(0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL
        stored = _count(store)
        assert KILL_AFTER <= stored < ARTICLES, "not killed mid-way"
        state = get_source(store, "gen").state  # type: ignore[union-attr]
        assert state.etag is None  # validators come last: the rerun fetches everything again

        rerun = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                               timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        assert f"{ARTICLES - stored} new, {stored} already stored" in rerun.stdout
        converged = database_contents(store)
        state = get_source(store, "gen").state  # type: ignore[union-attr]
        assert state.etag == '"g1"' and state.articles_stored == ARTICLES - stored
    finally:
        store.close()

    # The same refresh, never interrupted, into a fresh database.
    reference_url = f"sqlite:///{tmp_path / 'reference.sqlite3'}"
    _prepare(reference_url, feed_url)
    assert main(["--config", str(config), "--database", reference_url, "refresh", "--source",
                 "gen", "--no-progress"]) == 0
    reference = Store.open(reference_url)
    try:
        expected = database_contents(reference)
    finally:
        reference.close()
    assert len(expected["articles"]) == ARTICLES and len(expected["events"]) > 20
    assert converged == expected
