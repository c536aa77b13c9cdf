"""db copy: the seed story's database SQLite -> PostgreSQL -> SQLite, identical content."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from calendar_service.ingest import ingest_paths
from calendar_service.store import EventQuery, Store, StoreError
from calendar_service.store.copy import TABLES, checksum, copy_database
from calendar_service.store.engine import create
from calendar_service.store.sources import SourceDefinition, add_source
from calendar_service.store.tables import metadata

NOW = datetime(2024, 11, 1, tzinfo=UTC)
EVERYTHING = EventQuery(include_undated=True)


def _content(url: str) -> tuple[list, list, dict[str, str]]:
    store = Store.open(url)
    try:
        events = store.query_events(EVERYTHING)
        stored = []
        article_id = 1
        while (found := store.get_article(article_id)) is not None:
            stored.append(found)
            article_id += 1
    finally:
        store.close()
    engine = create(url)
    try:
        with engine.connect() as connection:
            sums = {t.name: checksum(connection, t) for t in TABLES}
    finally:
        engine.dispose()
    return events, stored, sums


def test_round_trip_sqlite_postgresql_sqlite(sqlite_url: str, pg_url: str, tmp_path: Path,
                                             seeds_dir: Path) -> None:
    store = Store.open(sqlite_url)
    try:
        ingest_paths(store, [seeds_dir], now=NOW)
        add_source(store, SourceDefinition("wire", "https://news.invalid/rss", kind="rss"),
                   now=NOW)
    finally:
        store.close()
    back_url = f"sqlite:///{tmp_path / 'back' / 'copy.sqlite3'}"

    there = copy_database(sqlite_url, pg_url)
    back = copy_database(pg_url, back_url)

    original = _content(sqlite_url)
    assert original[0] and original[1]
    assert _content(pg_url) == original
    assert _content(back_url) == original
    assert there == back
    assert there.rows["articles"] == len(original[1])
    assert there.rows["sources"] == 1

    # The copy is a working database: new rows get fresh ids after the copied ones.
    copied = Store.open(pg_url)
    try:
        with copied.transaction() as uow:
            new_id, created = uow.add_article(
                replace(original[1][0].article, body="A different body."))
        assert created and new_id == len(original[1]) + 1
    finally:
        copied.close()


def test_every_table_is_copied() -> None:
    assert {t.name for t in TABLES} == set(metadata.tables)


def test_copy_into_a_database_with_data_is_refused(db_url: str, sqlite_url: str,
                                                   seeds_dir: Path) -> None:
    for url in (db_url, sqlite_url):
        store = Store.open(url)
        try:
            ingest_paths(store, [seeds_dir / "2024-04-09-xi-meets-lavrov.txt"], now=NOW)
        finally:
            store.close()
    before = _content(db_url)
    with pytest.raises(StoreError, match="target database is not empty"):
        copy_database(sqlite_url, db_url)
    assert _content(db_url) == before


def test_source_must_be_at_head(pg_url: str, sqlite_url: str) -> None:
    with pytest.raises(StoreError, match="source database schema is out of date"):
        copy_database(pg_url, sqlite_url)
