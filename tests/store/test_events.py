"""Events: round trip with supports and revisions, append-only updates, and the version guard."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
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
from calendar_service.store.tables import event_mentions, event_participants, event_revisions


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


def _row_ids(store: Store, table: sa.Table, event_id: str) -> list[int]:
    with store.engine.connect() as connection:
        return list(connection.execute(
            sa.select(table.c.id).where(table.c.event_id == event_id).order_by(table.c.id)
        ).scalars())


def _report(article: Article, n: int) -> Support:
    return Support(make_mention(sentence=f"report {n}", start=n, end=n + 5), source_of(article))


def test_update_appends_supports_and_revisions(
    store: Store, stored_article: Article, save_new
) -> None:
    save_new(make_event("e1", stored_article))
    mention_ids, revision_ids = (_row_ids(store, t, "e1") for t in (event_mentions,
                                                                      event_revisions))
    later = NOW + timedelta(days=30)
    with store.transaction() as uow:
        (event,) = [e for e in uow.candidate_events(date(2024, 5, 1)) if e.id == "e1"]
        event.earliest, event.latest = date(2024, 5, 16), date(2024, 5, 17)
        event.status = "confirmed"
        event.sequence, event.updated = 1, later
        event.supports.append(_report(stored_article, 1))
        event.revisions.append(
            Revision(1, event.earliest, event.latest, "confirmed", source_of(stored_article),
                     "May 16 to 17", later)
        )
        uow.save_events([event])
    loaded = store.get_event("e1")
    assert loaded is not None
    original = make_event("e1", stored_article)
    assert loaded.supports == [*original.supports, _report(stored_article, 1)]
    assert loaded.revisions == [*original.revisions, event.revisions[-1]]
    assert (loaded.earliest, loaded.status, loaded.sequence) == (date(2024, 5, 16),
                                                                 "confirmed", 1)
    # The stored rows were kept as they were (same ids), the new ones added after them.
    assert _row_ids(store, event_mentions, "e1")[:1] == mention_ids
    assert _row_ids(store, event_revisions, "e1")[:1] == revision_ids
    assert store.counts()["mentions"] == 2
    assert store.last_change() == later


def test_events_loaded_for_reconciliation_carry_their_first_report_only(
    store: Store, stored_article: Article, save_new
) -> None:
    """Reconciliation reads when an event was first reported and nothing else of its
    evidence: candidates come with that one support and no revisions, whole events from
    Store.get_event / query_events / get_events."""
    event = make_event("many", stored_article)
    event.supports += [_report(stored_article, n) for n in range(1, 6)]
    save_new(event, make_event("other", stored_article))
    with store.transaction() as uow:
        (candidate,) = [e for e in uow.candidate_events(date(2024, 5, 1)) if e.id == "many"]
        (by_id,) = uow.events_by_id(["many"])
    for summary in (candidate, by_id):
        assert summary.supports == event.supports[:1]
        assert summary.revisions == []
        assert replace(summary, supports=event.supports, revisions=event.revisions) == event
    assert store.get_event("many") == event
    assert store.get_events(["other", "missing", "many", "other"]) == [
        make_event("other", stored_article), event]


def test_saving_again_appends_only_what_is_new_and_never_loses_a_support(
    store: Store, stored_article: Article, save_new
) -> None:
    """Many transactions each add a report (some also a revision), one of them saving the
    event twice and listing it twice in one call: every support is stored once, in the order
    added, every revision once, and no stored row is ever rewritten."""
    save_new(make_event("popular", stored_article))
    expected = make_event("popular", stored_article)
    seen_mentions: list[int] = []
    for n in range(1, 31):
        with store.transaction() as uow:
            (event,) = uow.events_by_id(["popular"])
            event.supports.append(_report(stored_article, n))
            if n % 3 == 0:
                event.sequence += 1
                event.revisions.append(Revision(
                    event.sequence, event.earliest, event.latest, "planned",
                    source_of(stored_article), f"phrase {n}", NOW + timedelta(days=n)))
                expected.revisions.append(event.revisions[-1])
            uow.save_events([event])
            expected.supports.append(event.supports[-1])
            if n == 10:  # saved again in the same transaction, and twice in one call
                event.supports.append(_report(stored_article, 100))
                uow.save_events([event])
                twice = replace(event, supports=[*event.supports, _report(stored_article, 101)])
                uow.save_events([event, twice])
                expected.supports += twice.supports[-2:]
        mention_ids = _row_ids(store, event_mentions, "popular")
        assert mention_ids[: len(seen_mentions)] == seen_mentions
        seen_mentions = mention_ids
    loaded = store.get_event("popular")
    assert loaded is not None
    assert loaded.supports == expected.supports
    assert [r.sequence for r in loaded.revisions] == list(range(11))
    assert loaded.revisions == expected.revisions
    assert store.counts()["mentions"] == 33 and store.counts()["revisions"] == 11


def test_a_support_dropped_or_replaced_is_refused(
    store: Store, stored_article: Article, save_new
) -> None:
    event = make_event("kept", stored_article)
    event.supports.append(_report(stored_article, 1))
    save_new(event)
    for change in (lambda s: [], lambda s: [_report(stored_article, 2)],
                   lambda s: [_report(stored_article, 2), *s]):
        with pytest.raises(StoreError, match="append-only"), store.transaction() as uow:
            (loaded,) = uow.events_by_id(["kept"])
            uow.save_events([replace(loaded, supports=change(loaded.supports))])
    assert store.get_event("kept") == event


def test_participants_follow_the_event(store: Store, stored_article: Article,
                                       save_new) -> None:
    save_new(make_event("guests", stored_article))
    with store.transaction() as uow:
        (event,) = uow.events_by_id(["guests"])
        event.participants += ("Wang Yi",)
        uow.save_events([event])
    with store.engine.connect() as connection:
        names = connection.execute(
            sa.select(event_participants.c.name).where(event_participants.c.event_id == "guests")
            .order_by(event_participants.c.position)
        ).scalars().all()
    assert names == ["Vladimir Putin", "Xi Jinping", "Wang Yi"]
    assert store.get_event("guests").participants == tuple(names)  # type: ignore[union-attr]


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
