"""Store.change_token: one cheap query whose value moves on every change a feed could show.

The web layer answers conditional feed requests from a cache keyed by this token, so a change
that leaves the token equal would serve a stale feed: each kind of write is checked, also the
ones that move neither the counts, the sequence, nor max(updated).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from store_builders import make_article, make_event, make_mention, source_of

from calendar_service.events.model import Article, Event, Revision, Support
from calendar_service.store import Store


def rewrite(store: Store, event_id: str, change: Callable[[Event], Event]) -> None:
    """Read the event in a transaction and save `change(event)` back, as reconciliation does."""
    with store.transaction() as uow:
        [event] = uow.events_by_id([event_id])
        uow.save_events([change(event)])


def test_token_is_stable_while_nothing_changes(store: Store, db_url: str,
                                               stored_article: Article) -> None:
    empty = store.change_token()
    assert store.change_token() == empty
    with store.transaction() as uow:
        uow.save_events([make_event("ev-1", stored_article)])
    token = store.change_token()
    assert token != empty
    assert store.change_token() == token
    with Store.open(db_url) as reopened:
        assert reopened.change_token() == token


def test_new_event_changes_the_token(store: Store, save_new, stored_article: Article) -> None:
    save_new(make_event("ev-1", stored_article))
    before = store.change_token()
    save_new(make_event("ev-2", stored_article))
    assert store.change_token() != before


def test_new_revision_changes_the_token(store: Store, save_new, stored_article: Article) -> None:
    save_new(make_event("ev-1", stored_article))
    before = store.change_token()

    def narrow(event: Event) -> Event:
        later = event.updated + timedelta(hours=1)
        revision = Revision(sequence=1, earliest=event.earliest, latest=event.earliest,
                            status="confirmed", source=source_of(stored_article),
                            phrase="on April 10", changed_at=later, note="narrowed")
        return replace(event, sequence=1, latest=event.earliest, status="confirmed",
                       updated=later, revisions=[*event.revisions, revision])

    rewrite(store, "ev-1", narrow)
    assert store.change_token() != before


def test_new_support_without_revision_changes_the_token(store: Store, save_new,
                                                        stored_article: Article) -> None:
    save_new(make_event("ev-1", stored_article))
    second = make_article(1)
    with store.transaction() as uow:
        uow.add_article(second)
    before = store.change_token()

    def supported(event: Event) -> Event:  # same sequence, same `updated`: only a support
        support = Support(make_mention(phrase="this year"), source_of(second))
        return replace(event, supports=[*event.supports, support])

    rewrite(store, "ev-1", supported)
    assert store.change_token() != before


def test_status_change_alone_changes_the_token(store: Store, save_new,
                                               stored_article: Article) -> None:
    save_new(make_event("ev-1", stored_article))
    before = store.change_token()
    rewrite(store, "ev-1", lambda event: replace(event, status="cancelled"))
    assert store.change_token() != before


def test_a_rewrite_with_an_older_update_and_no_new_rows_changes_the_token(
    store: Store, save_new, stored_article: Article,
) -> None:
    """No count, highest id, sum of sequences or max(updated) moves here: only the version."""
    newer = make_event("ev-1", stored_article)
    save_new(replace(newer, updated=newer.updated + timedelta(days=30)))
    save_new(make_event("ev-2", stored_article))
    before = store.change_token()

    def renamed(event: Event) -> Event:  # updated stays older than ev-1's
        return replace(event, title="Renamed", latest=event.earliest,
                       updated=event.updated + timedelta(hours=1))

    rewrite(store, "ev-2", renamed)
    assert store.change_token() != before
    assert store.change_token() == store.change_token()
