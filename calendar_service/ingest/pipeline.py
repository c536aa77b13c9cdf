"""One article into the store: deduplicate, extract its event mentions, reconcile, save.

Extraction (pure, the slow part) runs before the transaction; the transaction then adds the
article and, if it is new, reconciles against the stored events it might be about and saves
what changed. A worker that loses a race on an event retries from a fresh read.

Reconciliation works on events loaded for it (their first report only, see store/load.py),
so the cost of an article does not grow with the number of reports of the events it is
about; the whole events it changed are read only if the caller asks (IngestResult.events).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import get_args

from calendar_service.events import extract_event_mentions, reconcile
from calendar_service.events.model import Article, Event, EventKind, EventMention, SourceRef
from calendar_service.events.reconcile import family
from calendar_service.store import (
    CandidateScope,
    ConcurrentUpdateError,
    Store,
    StoreError,
    UnitOfWork,
)
from calendar_service.store.locks import join_writer_queue

RETRY_ATTEMPTS = 30
OPTIMISTIC_ATTEMPTS = 3
MAX_BACKOFF_SECONDS = 1.0
MAX_RELOADS = 5
# Stored events this close to a mention's own range are candidates even far from the article.
WINDOW_MARGIN = timedelta(days=366)


@dataclass(frozen=True)
class IngestResult:
    article_id: int
    created: bool  # False: the same content was already stored, nothing changed
    event_ids: tuple[str, ...] = ()  # of the events created or changed
    store: Store | None = field(default=None, repr=False, compare=False)

    @cached_property
    def events(self) -> list[Event]:
        """The events created or changed, whole (all supports and revisions), as stored now.
        Read from the store on first use: callers that need only `event_ids` pay nothing."""
        if not self.event_ids or self.store is None:
            return []
        return self.store.get_events(self.event_ids)


def source_ref(article: Article) -> SourceRef:
    return SourceRef(
        article_hash=article.content_hash, outlet=article.source, published=article.published,
        url=article.url, title=article.title, date_basis=article.date_basis,
    )


def ingest_article(
    store: Store, article: Article, *, origin: str | None = None, now: datetime
) -> IngestResult:
    """Store `article` and fold its event mentions into the events; idempotent per content."""
    known = store.find_article(article.content_hash)
    if known is not None:
        return IngestResult(known, created=False)
    mentions = extract_event_mentions(article)

    def work(uow: UnitOfWork) -> IngestResult:
        article_id, created = uow.add_article(article, origin=origin)
        if not created:  # another worker stored it a moment ago
            return IngestResult(article_id, created=False)
        changed = _reconcile(uow, article, mentions, now) if mentions else []
        uow.save_events(changed)
        return IngestResult(article_id, created=True,
                            event_ids=tuple(event.id for event in changed), store=store)

    return _with_retries(store, work)


def _with_retries(store: Store, work: Callable[[UnitOfWork], IngestResult]) -> IngestResult:
    """Optimistic first; a worker that lost OPTIMISTIC_ATTEMPTS races in a row queues behind
    the database's writer lock, where queued workers take turns, so nobody starves under a
    burst of reports about the same events. Between attempts, capped exponential back-off
    with full jitter spreads the contenders out."""
    for attempt in range(1, RETRY_ATTEMPTS + 1):
        try:
            with store.transaction() as uow:
                if attempt > OPTIMISTIC_ATTEMPTS:
                    join_writer_queue(uow.connection)
                return work(uow)
        except ConcurrentUpdateError:
            if attempt == RETRY_ATTEMPTS:
                raise
            time.sleep(random.uniform(0, min(MAX_BACKOFF_SECONDS, 0.01 * 2**attempt)))
    raise AssertionError("unreachable")


def _reconcile(
    uow: UnitOfWork, article: Article, mentions: Sequence[EventMention], now: datetime
) -> list[Event]:
    source = source_ref(article)
    # A side the text left open is bounded by the other: never a window over all history.
    windows: list[tuple[date | None, date | None]] = [
        (_shift(first, -WINDOW_MARGIN), _shift(last, WINDOW_MARGIN))
        for m in mentions
        if (first := m.earliest or m.latest) and (last := m.latest or m.earliest)
    ]
    existing = uow.candidate_events(article.published, windows=windows,
                                    scopes=candidate_scopes(mentions))
    changed = reconcile(existing, mentions, source, now)
    # An id reconciliation hands out may belong to a stored event that was not among the
    # candidates (its range lies far from this article's date): that event must be merged
    # with or stepped around, not overwritten. Load it and reconcile again from fresh copies.
    for _ in range(MAX_RELOADS):
        known = {event.id for event in existing}
        found = uow.events_by_id({event.id for event in changed} - known)
        if not found:
            return changed
        existing = uow.events_by_id(known) + found
        changed = reconcile(existing, mentions, source, now)
    raise StoreError(f"reconciling {article.title!r} kept naming unloaded events")


def candidate_scopes(mentions: Sequence[EventMention]) -> list[CandidateScope]:
    """The stored events that can match the mentions. Reconciliation joins a mention only to
    an event of its own family (visits, a series, encounters, ...; its `family` decides) whose
    country, when both are known, is the mention's: the others need not be read."""
    scopes = set()
    for mention in mentions:
        fam = family(mention.kind, mention.series)
        kinds = frozenset(k for k in get_args(EventKind) if family(k, None) == fam)
        scopes.add(CandidateScope(kinds, with_series=fam == "series", country=mention.country))
    return sorted(scopes, key=repr)


def _shift(day: date, by: timedelta) -> date:
    try:
        return day + by
    except OverflowError:  # within a year of date.min / date.max
        return date.min if by.days < 0 else date.max
