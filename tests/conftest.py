"""Shared fixtures.

Databases (every test that touches one runs on both SQLite and PostgreSQL):

- ``sqlite_url``: URL of a SQLite file in a fresh temporary folder (file not created yet).
- ``pg_url``: URL of an empty, private PostgreSQL schema for this test, on the server at
  127.0.0.1:5432, database ``test`` (user ``postgres``, else ``root``; trust auth). The schema is
  chosen with ``options=-csearch_path=...`` in the URL, so the URL alone (also in a subprocess)
  lands in it; it is dropped after the test. The schema is empty: run migrations yourself
  (``calendar_service.store.migrate.upgrade`` or ``calendar-service db upgrade``).
  PostgreSQL unreachable: the test is skipped with "PostgreSQL at 127.0.0.1:5432 not reachable:
  ...", unless the environment variable CI is "true", where it fails instead.
- ``pg_base_url`` (session): URL of the ``test`` database itself, for tests that manage their
  own schemas (same skip/fail rule).
- ``db_url``: parametrised ``sqlite`` / ``postgresql``: one of the above, schema at head.
- ``store``: ``Store.open(db_url)``, closed after the test.

Data:

- ``seeds_dir``: the repository's ``seeds/`` folder (articles and expected.json).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
import sqlalchemy as sa

from calendar_service.store import Store, migrate
from calendar_service.store.engine import create

REPO_ROOT = Path(__file__).resolve().parent.parent
# Overridable only so that the skip/fail rule itself can be tested against a closed port.
PG_HOST = os.environ.get("CALENDAR_SERVICE_TEST_PG_HOST", "127.0.0.1:5432")
PG_USERS = ("postgres", "root")


@cache
def _pg_base_url() -> tuple[str | None, str]:
    """(URL of the `test` database, "") when reachable, else (None, why not)."""
    reasons = []
    for user in PG_USERS:
        url = f"postgresql+psycopg://{user}@{PG_HOST}/test"
        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as connection:
                connection.execute(sa.text("select 1"))
            return url, ""
        except sa.exc.OperationalError as exc:
            reasons.append(f"{user}: {str(exc.orig).strip().splitlines()[0]}")
        finally:
            engine.dispose()
    return None, "; ".join(reasons)


def require_postgresql() -> str:
    """The base URL, or skip (fail under CI=true) naming why PostgreSQL is unusable."""
    url, why = _pg_base_url()
    if url is None:
        message = f"PostgreSQL at {PG_HOST} not reachable: {why}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: PostgreSQL tests must run)")
        pytest.skip(message)
    return url


@pytest.fixture(scope="session")
def pg_base_url() -> str:
    """URL of the PostgreSQL `test` database itself (skip, or fail under CI, if unreachable)."""
    url = require_postgresql()
    _drop_orphan_schemas(url)
    return url


def new_schema_name() -> str:
    """A schema name carrying our process id, so a later run can tell orphans (see below)."""
    return f"t_{os.getpid()}_{uuid.uuid4().hex[:12]}"


def _drop_orphan_schemas(url: str) -> None:
    """Drop test schemas left by test processes that were killed before their cleanup ran."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            names = connection.execute(sa.text(
                "SELECT nspname FROM pg_namespace WHERE nspname ~ '^t_[0-9]+_[0-9a-f]+$'"
            )).scalars().all()
            for name in names:
                if not _alive(int(name.split("_")[1])):
                    connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    finally:
        engine.dispose()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'db' / 'calendar.sqlite3'}"


@pytest.fixture
def pg_url(pg_base_url: str) -> Iterator[str]:
    base = pg_base_url
    schema = new_schema_name()
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        url: str = request.getfixturevalue("pg_url")
    else:
        url = request.getfixturevalue("sqlite_url")
    engine = create(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def seeds_dir() -> Path:
    return REPO_ROOT / "seeds"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the PostgreSQL variants, so `-m "not postgres"` can leave them out."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params if callspec else {}
        names = set(getattr(item, "fixturenames", ()))
        if params.get("db_url") == "postgresql" or names & {"pg_url", "pg_base_url"}:
            item.add_marker(pytest.mark.postgres)
