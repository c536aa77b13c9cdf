"""The leader locks and the scheduler's job bookkeeping, in one process.

Source URLs point at 127.0.0.1 under a policy that refuses private addresses: a job that
runs fails at once without any network traffic."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from calendar_service.config import Settings
from calendar_service.ingest.fetch import FetchPolicy
from calendar_service.ingest.scheduler import (
    FileLock,
    PostgresAdvisoryLock,
    ProcessLock,
    RefreshScheduler,
    leader_lock_for,
)
from calendar_service.store import Store, migrate
from calendar_service.store.engine import create
from calendar_service.store.sources import (
    SourceDefinition,
    SourceState,
    add_source,
    save_state,
    update_source,
)

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def test_file_lock_admits_one_holder_until_released(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3.scheduler-lock"
    first, second = FileLock(path), FileLock(path)
    assert first.try_acquire() and first.still_held()
    assert not second.try_acquire() and not second.still_held()
    first.release()
    assert not first.still_held()
    assert second.try_acquire()
    second.release()


def test_postgres_advisory_lock_admits_one_session_and_frees_on_death(pg_url: str) -> None:
    engine = create(pg_url)
    try:
        first, second = PostgresAdvisoryLock(engine), PostgresAdvisoryLock(engine)
        assert first.try_acquire()
        assert not second.try_acquire()
        # The leader's session dies (as when its process is killed): the lock goes with it.
        with engine.connect() as admin:
            pid = first._connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()  # type: ignore[union-attr]
            admin.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        assert not first.still_held()
        assert second.try_acquire() and second.still_held()
        second.release()
        assert first.try_acquire()
        first.release()
    finally:
        engine.dispose()


def test_advisory_locks_are_per_schema(pg_base_url: str, pg_url: str) -> None:
    """Two deployments in two schemas of one database each elect their own leader."""
    other_schema = f"{pg_url.rsplit('%3D', 1)[1]}_other"
    admin = sa.create_engine(pg_base_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{other_schema}"'))
    one, two = create(pg_url), create(f"{pg_base_url}?options=-csearch_path%3D{other_schema}")
    try:
        a, b = PostgresAdvisoryLock(one), PostgresAdvisoryLock(two)
        assert a.try_acquire() and b.try_acquire()
        a.release()
        b.release()
    finally:
        one.dispose()
        two.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{other_schema}" CASCADE'))
        admin.dispose()


def test_the_lock_follows_the_database(sqlite_url: str, tmp_path: Path) -> None:
    store = Store.open(sqlite_url)
    try:
        lock = leader_lock_for(store)
        assert isinstance(lock, FileLock)
        assert lock.path.name == "calendar.sqlite3.scheduler-lock"
    finally:
        store.close()
    memory = Store.open("sqlite://")
    try:
        assert isinstance(leader_lock_for(memory), ProcessLock)
    finally:
        memory.close()


def _wait(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_jobs_follow_the_sources_table_while_leading(store: Store) -> None:
    settings = Settings(database_url="unused")
    add_source(store, SourceDefinition("a", "http://127.0.0.1:9/a.rss", "rss", 600), now=NOW)
    # Due in an hour: the job's first run waits for it (a new leader does not refetch early).
    due = datetime.now(UTC) + timedelta(hours=1)
    save_state(store, "a", SourceState(next_due_at=due))
    scheduler = RefreshScheduler(settings, store, policy=FetchPolicy(), check_seconds=0.1)
    scheduler.start(sync_config=False)
    try:
        assert _wait(lambda: scheduler.source_jobs() == {"a": 600})
        job = scheduler.scheduler.get_job("source:a")
        assert abs((job.next_run_time - due).total_seconds()) < 1

        add_source(store, SourceDefinition("b", "http://127.0.0.1:9/b.rss", "rss", 60), now=NOW)
        assert _wait(lambda: scheduler.source_jobs() == {"a": 600, "b": 60})
        update_source(store, "a", interval_seconds=120)
        assert _wait(lambda: scheduler.source_jobs() == {"a": 120, "b": 60})
        update_source(store, "b", enabled=False)
        assert _wait(lambda: scheduler.source_jobs() == {"a": 120})
    finally:
        scheduler.shutdown()
    assert not scheduler.leading


def test_a_follower_runs_no_source_jobs(sqlite_url: str) -> None:
    engine = create(sqlite_url)
    migrate.upgrade(engine)
    engine.dispose()
    store = Store.open(sqlite_url)
    settings = Settings(database_url=sqlite_url)
    add_source(store, SourceDefinition("a", "http://127.0.0.1:9/a.rss", "rss", 600), now=NOW)
    leader = RefreshScheduler(settings, store, policy=FetchPolicy(), check_seconds=0.1)
    follower = RefreshScheduler(settings, store, policy=FetchPolicy(), check_seconds=0.1)
    leader.start(sync_config=False)
    try:
        assert leader.wait_until_leading(5)
        follower.start(sync_config=False)
        time.sleep(0.5)
        assert not follower.leading and follower.source_jobs() == {}
        leader.shutdown()  # a clean stop releases the lock: the follower takes over
        assert follower.wait_until_leading(5)
        assert _wait(lambda: follower.source_jobs() == {"a": 600})
    finally:
        leader.shutdown()
        follower.shutdown()
        store.close()
