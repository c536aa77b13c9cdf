"""Events: round trip with supports and revisions, updates, and the version guard."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from store_builders import NOW, make_article, make_event, make_mention, source_of

from calendar_service.events.model import Article, Event, Revision, Support
from calendar_service.store import (
    CandidateScope,
    ConcurrentUpdateError,
    Store,
    StoreError,
    migrate,
)
from calendar_service.store.engine import create


def test_event_round_trip(store: Store, stored_article: Article, save_new) -> None:
    second = make_article(1, published=date(2024, 5, 14))
    with store.transaction() as uow:
        uow.add_article(second)
    event = make_event("putin-china-2024", stored_article, city="Beijing", series=None)
    event.supports.append(
        Support(make_mention(earliest=date(2024, 5, 16), latest=date(2024, 5, 17),
                             granularity="day", phrase="from May 16 to 17", start=0, end=30),
                source_of(second))
    )
    event.revisions.append(
        Revision(sequence=1, earliest=date(2024, 5, 16), latest=date(2024, 5, 17),
                 status="confirmed", source=source_of(second), phrase="from May 16 to 17",
                 changed_at=NOW + timedelta(days=13), note="dates set")
    )
    save_new(event)
    loaded = store.get_event("putin-china-2024")
    assert loaded == event
    assert loaded is not None and loaded.updated.tzinfo is not None
    assert store.get_event("no-such-event") is None
    assert store.counts() == {"articles": 2, "events": 1, "mentions": 2, "revisions": 2}


def test_undated_and_open_events_round_trip(store: Store, stored_article: Article,
                                            save_new) -> None:
    undated = make_event("undated", stored_article, earliest=None, latest=None,
                         granularity=None)
    open_ended = make_event("open", stored_article, latest=None)
    save_new(undated, open_ended)
    assert store.get_event("undated") == undated
    assert store.get_event("open") == open_ended


def test_update_replaces_supports_and_appends_revisions(
    store: Store, stored_article: Article, save_new
) -> None:
    save_new(make_event("e1", stored_article))
    later = NOW + timedelta(days=30)
    with store.transaction() as uow:
        (event,) = [e for e in uow.candidate_events(date(2024, 5, 1)) if e.id == "e1"]
        event.earliest, event.latest = date(2024, 5, 16), date(2024, 5, 17)
        event.status = "confirmed"
        event.sequence, event.updated = 1, later
        event.supports = [replace(event.supports[0], mention=make_mention(start=1, end=2))]
        event.revisions.append(
            Revision(1, event.earliest, event.latest, "confirmed", source_of(stored_article),
                     "May 16 to 17", later)
        )
        uow.save_events([event])
    loaded = store.get_event("e1")
    assert loaded == event
    assert [r.sequence for r in loaded.revisions] == [0, 1]
    assert store.counts()["mentions"] == 1
    assert store.last_change() == later


def test_events_must_cite_stored_articles(store: Store, save_new) -> None:
    unknown = make_article(99)
    with pytest.raises(StoreError, match=unknown.content_hash):
        save_new(make_event("e2", unknown))
    assert store.counts()["events"] == 0


def test_saving_an_existing_event_without_reading_it_is_refused(
    store: Store, stored_article: Article, save_new
) -> None:
    save_new(make_event("e3", stored_article))
    with pytest.raises(ConcurrentUpdateError):
        save_new(make_event("e3", stored_article, title="overwritten blindly"))
    assert store.get_event("e3").title == "Event e3"  # type: ignore[union-attr]


def test_stale_update_is_refused(pg_url: str) -> None:
    """PostgreSQL only: SQLite serialises write transactions, so two can never overlap."""
    engine = create(pg_url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    store = Store.open(pg_url)
    try:
        article = make_article(0)
        with store.transaction() as uow:
            uow.add_article(article)
            uow.save_events([make_event("e4", article)])
        with store.transaction() as slow:
            (stale,) = slow.events_by_id(["e4"])
            with store.transaction() as fast:
                (fresh,) = fast.events_by_id(["e4"])
                fresh.title = "fast"
                fast.save_events([fresh])
            stale.title = "slow"
            with pytest.raises(ConcurrentUpdateError):
                slow.save_events([stale])
        assert store.get_event("e4").title == "fast"  # type: ignore[union-attr]
    finally:
        store.close()


def test_concurrent_read_modify_write_loses_no_update(
    store: Store, stored_article: Article, save_new
) -> None:
    """Each worker appends its own support to the same event; all of them must survive."""
    save_new(make_event("shared", stored_article))
    workers, rounds = 4, 3
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def append_support(worker: int, n: int) -> None:
        def work(uow) -> None:
            (event,) = uow.events_by_id(["shared"])
            mention = make_mention(sentence=f"worker {worker} round {n}")
            event.supports.append(Support(mention, source_of(stored_article)))
            event.updated = datetime.now(UTC)
            uow.save_events([event])

        store.run_in_transaction(work, attempts=50)

    def run(worker: int) -> None:
        try:
            barrier.wait()
            for n in range(rounds):
                append_support(worker, n)
        except BaseException as exc:  # asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    event = store.get_event("shared")
    assert event is not None
    sentences = {s.mention.sentence for s in event.supports}
    assert {f"worker {w} round {n}" for w in range(workers) for n in range(rounds)} <= sentences
    assert len(event.supports) == 1 + workers * rounds


def test_candidate_events_are_those_near_the_date(store: Store, stored_article: Article,
                                                  save_new) -> None:
    def dated(event_id: str, earliest: date | None, latest: date | None) -> Event:
        return make_event(event_id, stored_article, earliest=earliest, latest=latest)

    save_new(
        replace(dated("near", date(2024, 6, 1), date(2024, 6, 30)), kind="summit"),
        replace(dated("undated", None, None), series="BRICS summit", country=None),
        dated("long-ago", date(2019, 1, 1), date(2019, 1, 2)),
        dated("far-future", date(2031, 1, 1), date(2031, 1, 2)),
        dated("open-end", date(2015, 1, 1), None),
    )
    with store.transaction() as uow:
        ids = {e.id for e in uow.candidate_events(date(2024, 5, 1))}
        widened = {e.id for e in uow.candidate_events(
            date(2024, 5, 1), windows=[(date(2030, 6, 1), date(2031, 6, 1)), (None, None)])}
        open_window = {e.id for e in uow.candidate_events(
            date(2024, 5, 1), windows=[(None, date(2019, 1, 1))])}
        def scoped(*scopes: CandidateScope) -> set[str]:
            return {e.id for e in uow.candidate_events(date(2024, 5, 1), scopes=scopes)}

        visits = scoped(CandidateScope(frozenset({"state_visit"})))
        summits = scoped(CandidateScope(frozenset({"summit"})))
        series = scoped(CandidateScope(frozenset(), with_series=True))
        nothing = scoped()
        in_china = scoped(CandidateScope(frozenset({"state_visit", "summit"}), country="China"))
        in_peru = scoped(CandidateScope(frozenset({"state_visit", "summit"}), country="Peru"))
        either = scoped(CandidateScope(frozenset({"summit"})),
                        CandidateScope(frozenset({"state_visit"}), country="Peru"))
    assert ids == {"near", "undated", "open-end"}
    assert visits == ids - {"near"}  # "near" is a summit
    assert summits == {"near"}
    assert series == {"undated"}  # the only one in a series
    assert nothing == set()
    assert in_china == ids
    assert in_peru == {"undated"}  # of no known country
    assert either == {"near", "undated"}
    assert widened == ids | {"far-future"}
    assert open_window == ids | {"long-ago"}
