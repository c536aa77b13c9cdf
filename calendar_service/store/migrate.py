"""Alembic, driven programmatically: the database URL comes from the caller, never an ini file."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from calendar_service.store.engine import WRITE, create
from calendar_service.store.errors import StoreError

UPGRADE_LOCK_KEY = 0x63616C656E646172  # "calendar": any constant shared by all our processes
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema's revision; None for an empty database. OperationalError if unreachable."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` in one transaction (serialised against other writers)."""
    with engine.connect() as connection:
        connection.execution_options(**WRITE)
        with connection.begin():
            if connection.dialect.name == "postgresql":
                # Two processes upgrading at once: the second waits, then finds nothing to do.
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": UPGRADE_LOCK_KEY})
            command.upgrade(alembic_config(connection), revision)


def upgrade_url(url: str) -> tuple[str | None, str]:
    """`calendar-service db upgrade`: (revision before, revision after); StoreError on failure."""
    engine = create(url)
    try:
        before = current_revision(engine)
        upgrade(engine)
        return before, head_revision()
    except OperationalError as exc:
        raise StoreError(f"cannot upgrade database: {_first_line(exc)}") from exc
    finally:
        engine.dispose()


def current_url(url: str) -> str | None:
    """`calendar-service db current`: the revision, None for an empty database."""
    engine = create(url)
    try:
        return current_revision(engine)
    except OperationalError as exc:
        raise StoreError(f"cannot read the database: {_first_line(exc)}") from exc
    finally:
        engine.dispose()


def _first_line(exc: OperationalError) -> str:
    return str(exc.orig or exc).strip().splitlines()[0]
