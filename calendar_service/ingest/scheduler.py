"""The refresh scheduler: one APScheduler job per enabled source, run by one leader per database.

Every scheduler process (`calendar-service serve`, `calendar-service scheduler`) runs a small
"leadership" job every few seconds. Only the process holding the database's leader lock runs
source jobs; the others keep trying and take over when the leader dies.

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a dedicated connection
  kept open while leading. The server releases it the moment that session ends (process killed,
  connection lost), so a waiting scheduler takes over at its next check. The key is derived
  from the schema name, so several schemas in one database elect leaders independently.
- SQLite: an exclusive `flock` on `<database file>.scheduler-lock` beside the database. The
  kernel drops it when the process dies. SQLite files are local, so all contenders share a
  host; do not put the database on a network file system.

A source job also checks the source's `next_due_at` in the database before fetching: that is
where back-off lives, and it keeps a new leader from fetching a source the old one just did.
Jobs are (re)built from the sources table at every leadership check, so sources added or
changed through the CLI or API are picked up within seconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Protocol

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from calendar_service.config import Settings
from calendar_service.ingest.fetch import FetchPolicy
from calendar_service.ingest.refresh import Clock, RefreshOutcome, refresh_source, utc_now
from calendar_service.ingest.sources import config_definitions, is_due
from calendar_service.store import Store, StoreError
from calendar_service.store.sources import get_source, list_sources, sync_config_sources

log = logging.getLogger(__name__)

LEADER_CHECK_SECONDS = 5.0
LOCK_NAME = "calendar-service scheduler"
JOB_PREFIX = "source:"
MAX_JITTER_SECONDS = 60.0


class LeaderLock(Protocol):
    description: str

    def try_acquire(self) -> bool: ...

    def still_held(self) -> bool: ...

    def release(self) -> None: ...


class PostgresAdvisoryLock:
    """pg_try_advisory_lock on a dedicated autocommit connection, held while leading."""

    def __init__(self, engine: sa.Engine, name: str = LOCK_NAME) -> None:
        self.engine = engine
        self.name = name
        self.description = "PostgreSQL advisory lock"
        self._connection: sa.Connection | None = None

    def try_acquire(self) -> bool:
        if self._connection is not None:
            return self.still_held()
        try:
            connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except sa.exc.DBAPIError as exc:
            log.warning("leader lock: cannot connect: %s", exc)
            return False
        try:
            schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
            key = advisory_key(f"{self.name}:{schema}")
            got = connection.execute(sa.text("SELECT pg_try_advisory_lock(:k)"),
                                     {"k": key}).scalar_one()
        except sa.exc.DBAPIError as exc:
            log.warning("leader lock: %s", exc)
            connection.close()
            return False
        if not got:
            connection.close()  # do not hold a connection while waiting
            return False
        self._connection = connection
        return True

    def still_held(self) -> bool:
        """The lock lives as long as the session: a live connection still holds it."""
        if self._connection is None:
            return False
        try:
            self._connection.execute(sa.text("SELECT 1"))
            return True
        except sa.exc.DBAPIError:
            self._drop()
            return False

    def release(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sa.exc.DBAPIError):  # session gone: so is the lock
                self._connection.execute(sa.text("SELECT pg_advisory_unlock_all()"))
            self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.invalidate()  # never hand a locked session back to the pool
            finally:
                self._connection = None


def advisory_key(text: str) -> int:
    """A stable signed 64-bit key for pg_try_advisory_lock."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


class FileLock:
    """An exclusive flock on a file; released by the kernel when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"file lock {path}"
        self._handle: IO[bytes] | None = None

    def try_acquire(self) -> bool:
        if self._handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+b")  # noqa: SIM115  held open while leading
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._handle = handle
        return True

    def still_held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


class ProcessLock:
    """For an in-memory SQLite database: only this process can see it anyway."""

    description = "in-process (in-memory database)"

    def __init__(self) -> None:
        self._held = False

    def try_acquire(self) -> bool:
        self._held = True
        return True

    def still_held(self) -> bool:
        return self._held

    def release(self) -> None:
        self._held = False


def leader_lock_for(store: Store) -> LeaderLock:
    url = store.engine.url
    if url.get_backend_name() == "postgresql":
        return PostgresAdvisoryLock(store.engine)
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        return ProcessLock()
    return FileLock(Path(database).with_name(Path(database).name + ".scheduler-lock"))


def jitter_seconds(interval_seconds: int) -> float:
    return min(MAX_JITTER_SECONDS, interval_seconds * 0.1)


class RefreshScheduler:
    """APScheduler jobs for the sources, run only while this process is the leader."""

    def __init__(
        self, settings: Settings, store: Store, *, policy: FetchPolicy | None = None,
        lock: LeaderLock | None = None, check_seconds: float = LEADER_CHECK_SECONDS,
        clock: Clock = utc_now, on_outcome: Callable[[RefreshOutcome], None] | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.policy = policy or FetchPolicy.from_settings(settings)
        self.lock = lock or leader_lock_for(store)
        self.check_seconds = check_seconds
        self.clock = clock
        self.on_outcome = on_outcome
        self.scheduler = BackgroundScheduler(timezone=UTC, job_defaults={
            "max_instances": 1, "coalesce": True, "misfire_grace_time": None,
        })
        self._leading = threading.Event()
        self._guard = threading.Lock()  # leadership changes vs. job (re)building

    @property
    def leading(self) -> bool:
        return self._leading.is_set()

    def start(self, *, sync_config: bool = True, initial_pass: bool = False) -> None:
        """Sync config sources, then schedule. With `initial_pass`, a process that wins the
        lock right away first refreshes the due sources before returning (serve uses this
        so that it starts with the configured folders ingested)."""
        if sync_config:
            report = sync_config_sources(self.store, config_definitions(self.settings),
                                         now=self.clock())
            if report.added or report.updated or report.removed:
                log.info("sources from config: added %s, updated %s, removed %s",
                         report.added, report.updated, report.removed)
        if initial_pass and self.lock.try_acquire():
            log.info("scheduler: now the leader (%s)", self.lock.description)
            self._leading.set()
            self.refresh_due()
        self.scheduler.add_job(
            self._leadership, IntervalTrigger(seconds=self.check_seconds), id="leadership",
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.start()

    def shutdown(self, *, wait: bool = True) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=wait)
        with self._guard:
            self._leading.clear()
            self.lock.release()

    def wait_until_leading(self, timeout: float) -> bool:
        return self._leading.wait(timeout)

    def source_jobs(self) -> dict[str, int]:
        """Source name -> interval (seconds) of the jobs scheduled now."""
        out = {}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(JOB_PREFIX):
                out[job.id[len(JOB_PREFIX):]] = int(job.trigger.interval.total_seconds())
        return out

    def refresh_due(self) -> list[RefreshOutcome]:
        """Refresh every enabled source that is due, one after the other, now."""
        outcomes = []
        for source in list_sources(self.store):
            if source.definition.enabled and is_due(source.state, self.clock()):
                outcomes.append(refresh_source(self.store, source, policy=self.policy,
                                               clock=self.clock))
        return outcomes

    # --- jobs --------------------------------------------------------------------------------

    def _leadership(self) -> None:
        with self._guard:
            try:
                if self.leading and not self.lock.still_held():
                    log.warning("scheduler: lost the %s; stopping source jobs",
                                self.lock.description)
                    self._step_down()
                if not self.leading and self.lock.try_acquire():
                    log.info("scheduler: now the leader (%s)", self.lock.description)
                    self._leading.set()
                if self.leading:
                    self._sync_jobs()
            except StoreError as exc:
                log.warning("scheduler: %s", exc)
            except sa.exc.DBAPIError as exc:
                log.warning("scheduler: database error: %s", str(exc).splitlines()[0])

    def _step_down(self) -> None:
        self._leading.clear()
        self.lock.release()
        for job in self.scheduler.get_jobs():
            if job.id.startswith(JOB_PREFIX):
                job.remove()

    def _sync_jobs(self) -> None:
        """One job per enabled source, at its interval; first run when it is next due."""
        wanted = {s.name: s for s in list_sources(self.store) if s.definition.enabled}
        for job in self.scheduler.get_jobs():
            if not job.id.startswith(JOB_PREFIX):
                continue
            source = wanted.get(job.id[len(JOB_PREFIX):])
            interval = source.definition.interval_seconds if source else None
            if interval is None or job.trigger.interval != timedelta(seconds=interval):
                job.remove()  # gone, disabled or rescheduled
        current = {job.id for job in self.scheduler.get_jobs()}
        now = datetime.now(UTC)
        for name, source in wanted.items():
            job_id = JOB_PREFIX + name
            if job_id in current:
                continue
            interval = source.definition.interval_seconds
            jitter = jitter_seconds(interval)
            due = source.state.next_due_at
            first = due if due is not None and due > now else now + timedelta(
                seconds=random.uniform(0, jitter))
            self.scheduler.add_job(
                self._run_source, IntervalTrigger(seconds=interval, jitter=jitter or None),
                args=(name,), id=job_id, name=f"refresh {name}", next_run_time=first,
            )

    def _run_source(self, name: str) -> None:
        if not self.leading:
            return
        with self._guard:
            if not self.lock.still_held():
                log.warning("scheduler: lost the %s; stopping source jobs",
                            self.lock.description)
                self._step_down()
                return
        try:
            source = get_source(self.store, name)
            if source is None or not source.definition.enabled:
                return
            interval = source.definition.interval_seconds
            slack = timedelta(seconds=jitter_seconds(interval) + min(interval * 0.05, 5.0))
            if not is_due(source.state, self.clock(), slack=slack):
                return  # backing off, or another leader ran it a moment ago
            outcome = refresh_source(self.store, source, policy=self.policy, clock=self.clock)
        except StoreError as exc:
            log.warning("scheduler: source %s: %s", name, exc)
            return
        if self.on_outcome is not None:
            self.on_outcome(outcome)


def run_scheduler(
    settings: Settings, store: Store, stop: threading.Event, *,
    check_seconds: float = LEADER_CHECK_SECONDS,
) -> None:
    """`calendar-service scheduler`: run until `stop` is set (SIGTERM/SIGINT in the CLI)."""
    scheduler = RefreshScheduler(settings, store, check_seconds=check_seconds)
    scheduler.start()
    try:
        stop.wait()
    finally:
        scheduler.shutdown(wait=True)
