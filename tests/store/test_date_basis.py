"""How an article's publication date is known (Article.date_basis): stored, read back into
the SourceRefs events cite, copied by `db copy`, and added to 0002 databases by migration
0003 with every existing article reading as "published"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from store_builders import make_article, make_event

from calendar_service.store import Store, StoreError, migrate
from calendar_service.store.copy import copy_database
from calendar_service.store.engine import create
from calendar_service.store.tables import articles

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_the_basis_is_not_part_of_the_content_hash() -> None:
    article = make_article(1)
    assert replace(article, date_basis="fetched").content_hash == article.content_hash


def test_articles_and_the_sources_events_cite_keep_their_basis(store: Store) -> None:
    fetched, dated = make_article(1, date_basis="fetched"), make_article(2)
    with store.transaction() as uow:
        ids = [uow.add_article(a)[0] for a in (fetched, dated)]
        uow.save_events([make_event("e-fetched", fetched), make_event("e-dated", dated)])

    assert [store.get_article(i).article.date_basis for i in ids] == [  # type: ignore[union-attr]
        "fetched", "published"]
    loaded = {e.id: e for e in store.get_events(["e-fetched", "e-dated"])}
    assert [s.source.date_basis for s in loaded["e-fetched"].supports] == ["fetched"]
    assert [r.source.date_basis for r in loaded["e-fetched"].revisions] == ["fetched"]
    assert [s.source.date_basis for s in loaded["e-dated"].supports] == ["published"]
    # What reconciliation reads is the same SourceRef, so appending to the event still works.
    with store.transaction() as uow:
        (candidate,) = uow.events_by_id(["e-fetched"])
        assert candidate.supports[0].source.date_basis == "fetched"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


def _at_0002_with_an_article(url: str) -> None:
    """A database as the previous release left it: schema 0002, one article stored."""
    engine = create(url)
    try:
        migrate.upgrade(engine, "0002")
        with engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO articles (content_hash, title, body, published, source, language,"
                " url, origin, ingested_at) VALUES ('h0', 'Old', 'Old body.', :day, 'Wire',"
                " 'en', NULL, NULL, :now)"), {"day": date(2024, 4, 9), "now": NOW})
    finally:
        engine.dispose()


@pytest.fixture
def engine_of(empty_url: str) -> Iterator[sa.Engine]:
    engine = create(empty_url)
    yield engine
    engine.dispose()


def _columns(engine: sa.Engine) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns("articles")}


def test_0003_upgrades_a_0002_database_and_old_articles_read_as_published(
    empty_url: str, engine_of: sa.Engine
) -> None:
    _at_0002_with_an_article(empty_url)
    assert "date_basis" not in _columns(engine_of)
    if engine_of.dialect.name == "postgresql":
        with pytest.raises(StoreError, match="db upgrade"):  # PostgreSQL waits for the operator
            Store.open(empty_url)
        migrate.upgrade(engine_of)
    with Store.open(empty_url) as store:  # SQLite upgrades itself here
        assert migrate.current_revision(store.engine) == "0003"
        assert store.get_article(1).article.date_basis == "published"  # type: ignore[union-attr]
        with store.transaction() as uow:  # new rows without the column get the default too
            uow.connection.execute(sa.text(
                "INSERT INTO articles (content_hash, title, body, published, source, language,"
                " ingested_at) VALUES ('h1', 'New', 'New body.', :day, 'Wire', 'en', :now)"),
                {"day": date(2024, 4, 10), "now": NOW})
        with store.engine.connect() as connection:
            assert connection.execute(
                sa.select(articles.c.date_basis).order_by(articles.c.id)
            ).scalars().all() == ["published", "published"]


def test_0003_downgrades_and_upgrades_again(empty_url: str, engine_of: sa.Engine) -> None:
    _at_0002_with_an_article(empty_url)
    migrate.upgrade(engine_of)
    with engine_of.begin() as connection:
        connection.execute(articles.update().values(date_basis="fetched"))
        command.downgrade(migrate.alembic_config(connection), "0002")
    assert "date_basis" not in _columns(engine_of)
    with engine_of.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM articles")).scalar() == 1
    migrate.upgrade(engine_of)
    assert "date_basis" in _columns(engine_of)


def test_db_copy_carries_the_basis(sqlite_url: str, pg_url: str, tmp_path: Path) -> None:
    with Store.open(sqlite_url) as store, store.transaction() as uow:
        uow.add_article(make_article(1, date_basis="fetched"))
        uow.add_article(make_article(2))
    back_url = f"sqlite:///{tmp_path / 'back' / 'copy.sqlite3'}"
    copy_database(sqlite_url, pg_url)
    copy_database(pg_url, back_url)
    for url in (pg_url, back_url):
        with Store.open(url) as store:
            assert [store.get_article(i).article.date_basis  # type: ignore[union-attr]
                    for i in (1, 2)] == ["fetched", "published"], url
