"""Schema migrations: SQLite upgrades itself, PostgreSQL insists, migrations match the models."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from calendar_service.store import Store, StoreError, migrate
from calendar_service.store.engine import create
from calendar_service.store.tables import metadata


def test_sqlite_creates_its_folder_and_upgrades_itself(tmp_path) -> None:
    path = tmp_path / "nested" / "deeper" / "calendar.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    try:
        assert path.exists()
        assert store.counts()["events"] == 0
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


def test_postgresql_refuses_an_out_of_date_schema(pg_url: str) -> None:
    with pytest.raises(StoreError, match=r"run `calendar-service db upgrade`"):
        Store.open(pg_url)
    engine = create(pg_url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    Store.open(pg_url).close()


def test_unreachable_database_is_a_one_line_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open database") as info:
        Store.open("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    assert "\n" not in str(info.value)


def test_unsupported_url_is_refused() -> None:
    with pytest.raises(StoreError, match="unsupported database"):
        Store.open("mysql://localhost/db")


# SQLite cannot reflect expression indexes; the next test checks those by name.
@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_migrations_build_exactly_the_declared_schema(db_url: str) -> None:
    engine = create(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_filter_indexes_exist(db_url: str) -> None:
    engine = create(db_url)
    sql = (
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
        if engine.dialect.name == "sqlite"
        else "SELECT indexname FROM pg_indexes WHERE tablename = 'events'"
        " AND schemaname = current_schema()"
    )
    try:
        with engine.connect() as connection:
            names = set(connection.exec_driver_sql(sql).scalars())
    finally:
        engine.dispose()
    wanted = {f"ix_events_{c}" for c in ("kind", "status", "range_start", "range_end", "updated")}
    wanted |= {f"ix_events_{c}_lower" for c in ("country", "city", "series")}
    assert wanted <= names


def _upgrade_from_threads(url: str, workers: int = 4) -> None:
    """Several processes starting on a new database at once (here: threads) all succeed."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(workers)

    def start() -> None:
        engine = create(url)
        try:
            barrier.wait()
            migrate.upgrade(engine)
        except BaseException as exc:  # asserted on below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=start) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    Store.open(url).close()


def test_simultaneous_first_upgrades_on_sqlite(sqlite_url: str) -> None:
    _upgrade_from_threads(sqlite_url)


def test_simultaneous_first_upgrades_on_postgresql(pg_url: str) -> None:
    _upgrade_from_threads(pg_url)


def test_plain_postgresql_urls_use_psycopg3(pg_url: str) -> None:
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://", 1)
    engine = create(plain)
    try:
        assert engine.dialect.driver == "psycopg"
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    with Store.open(plain) as store:
        assert store.counts()["articles"] == 0
