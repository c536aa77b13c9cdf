"""Engines for the two supported databases: SQLite (embedded default) and PostgreSQL (psycopg 3).

SQLite runs in WAL mode with a busy timeout and foreign keys on. Write transactions start with
BEGIN IMMEDIATE so that two processes never both read, then fail to upgrade to a write lock.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from calendar_service.store.errors import StoreError

SQLITE_BUSY_TIMEOUT_SECONDS = 30
WRITE = {"sqlite_begin": "BEGIN IMMEDIATE"}  # execution options of a write connection


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"invalid database URL: {url!r}") from None
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StoreError(f"unsupported database {parsed.get_backend_name()!r} in {safe(parsed)}")
    return parsed


def safe(url: URL) -> str:
    """The URL with any password hidden, fit for messages."""
    return url.render_as_string(hide_password=True)


def create(url: str) -> Engine:
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite(parsed)
    return sa.create_engine(parsed, pool_pre_ping=True)


def _sqlite(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in {"", ":memory:"} or database.startswith("file::memory:")
    extra: dict[str, Any] = {}
    if in_memory:
        extra["poolclass"] = StaticPool  # one shared connection, or each sees its own DB
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        **extra,
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below emit BEGIN instead of the driver guessing.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        if not in_memory:
            _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL (a lasting property of the file, so only its first opener pays).

    The switch needs an exclusive lock. Under contention SQLite may refuse it at once, either
    with "database is locked" or by answering with the old mode, so several processes opening
    a new database together retry here for up to the busy timeout; after that the connection
    works in rollback-journal mode (still safe, less concurrent) and the next one tries again.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_SECONDS
    delay = 0.01
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0].lower() == "wal":
                return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
        if time.monotonic() > deadline:
            return
        time.sleep(delay)
        delay = min(delay * 2, 0.5)
