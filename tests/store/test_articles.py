"""Articles: deduplication by content hash, round trip, and concurrent inserts."""

from __future__ import annotations

import threading
from datetime import date

from store_builders import make_article

from calendar_service.store import Store


def test_same_content_is_stored_once(store: Store) -> None:
    article = make_article(1)
    with store.transaction() as uow:
        first_id, first_created = uow.add_article(article, origin="seeds/a.txt")
    with store.transaction() as uow:
        again_id, again_created = uow.add_article(article, origin="elsewhere")
    assert (first_created, again_created) == (True, False)
    assert again_id == first_id
    assert store.counts()["articles"] == 1
    # The first origin is kept: a duplicate changes nothing.
    stored = store.get_article(first_id)
    assert stored is not None and stored.origin == "seeds/a.txt"


def test_whitespace_changes_do_not_make_a_new_article(store: Store) -> None:
    article = make_article(2)
    reflowed = make_article(2, body=article.body.replace(" ", "  \n"), url=None)
    with store.transaction() as uow:
        ids = {uow.add_article(article)[0], uow.add_article(reflowed)[0]}
    assert len(ids) == 1


def test_other_date_or_words_make_a_new_article(store: Store) -> None:
    with store.transaction() as uow:
        results = [
            uow.add_article(make_article(3)),
            uow.add_article(make_article(3, published=date(2024, 4, 10))),
            uow.add_article(make_article(4)),
        ]
    assert [created for _, created in results] == [True, True, True]
    assert len({article_id for article_id, _ in results}) == 3


def test_article_round_trip(store: Store) -> None:
    article = make_article(5, title="Zoë's «summit» — 首脑会议", language="fr", url=None)
    with store.transaction() as uow:
        article_id, _ = uow.add_article(article, origin="upload")
    stored = store.get_article(article_id)
    assert stored is not None
    assert stored.article == article
    assert stored.content_hash == article.content_hash
    assert stored.origin == "upload"
    assert stored.ingested_at.tzinfo is not None
    assert store.get_article(article_id + 1000) is None


def test_failed_transaction_stores_nothing(store: Store) -> None:
    try:
        with store.transaction() as uow:
            uow.add_article(make_article(6))
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert store.counts()["articles"] == 0


def test_concurrent_adds_of_one_article_leave_one_row(store: Store) -> None:
    article = make_article(7)
    workers = 6
    barrier = threading.Barrier(workers)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def add() -> None:
        try:
            barrier.wait()
            with store.transaction() as uow:
                results.append(uow.add_article(article))
        except BaseException as exc:  # collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=add) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created for _, created in results) == [False] * (workers - 1) + [True]
    assert len({article_id for article_id, _ in results}) == 1
    assert store.counts()["articles"] == 1


def test_store_closes_as_a_context_manager(db_url: str) -> None:
    with Store.open(db_url) as store:
        with store.transaction() as uow:
            uow.add_article(make_article(8))
        pool = store.engine.pool
        assert store.counts()["articles"] == 1
    assert pool.checkedout() == 0
