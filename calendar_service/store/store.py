"""Store (the database behind the service) and UnitOfWork (one write transaction).

Reads open their own short connection. Writes go through `Store.transaction()`, which hands out
a UnitOfWork; event writes are guarded by a version column so that two workers reconciling the
same event cannot silently overwrite each other (the loser gets ConcurrentUpdateError and
retries its whole transaction).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from calendar_service.events.model import Article, Event
from calendar_service.store import mapping, migrate
from calendar_service.store.engine import WRITE, create, parse_url, safe
from calendar_service.store.errors import ConcurrentUpdateError, StoreError
from calendar_service.store.load import load_events
from calendar_service.store.query import EventQuery, build_select
from calendar_service.store.tables import (
    articles,
    event_mentions,
    event_participants,
    event_revisions,
    events,
)

T = TypeVar("T")
UPGRADE_HINT = "database schema is out of date; run `calendar-service db upgrade`"
# How far around an article's date an event it mentions may lie (see candidate_events).
CANDIDATE_PAST = timedelta(days=2 * 366)
CANDIDATE_FUTURE = timedelta(days=3 * 366)
_CHUNK = 500  # ids per IN (...) list
_ROWS_PER_INSERT = 5_000  # rows per executemany, bounding the memory of one statement


@dataclass(frozen=True)
class CandidateScope:
    """A kind of event an article may be about: events of these kinds (or, with
    `with_series`, of any series), in `country` or in no known country (None: anywhere)."""

    kinds: frozenset[str]
    with_series: bool = False
    country: str | None = None

    def condition(self) -> sa.ColumnElement[bool]:
        e = events.c
        of_kind = [e.kind.in_(sorted(self.kinds))] if self.kinds else []
        of_kind += [e.series.is_not(None)] if self.with_series else []
        where = [sa.or_(*of_kind) if of_kind else sa.false()]
        if self.country is not None:
            where.append(sa.or_(e.country.is_(None), e.country == self.country))
        return sa.and_(*where)


@dataclass(frozen=True)
class StoredArticle:
    id: int
    article: Article
    content_hash: str
    origin: str | None
    ingested_at: datetime


class Store:
    """The service's database. Open with `Store.open(url)`; share one per process."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect; SQLite upgrades its own schema, PostgreSQL must already be at head."""
        parsed = parse_url(url)
        engine = create(url)
        try:
            if parsed.get_backend_name() == "sqlite":
                migrate.upgrade(engine)
            elif migrate.current_revision(engine) != migrate.head_revision():
                raise StoreError(UPGRADE_HINT)
        except OperationalError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {safe(parsed)}: {_first_line(exc)}") from exc
        except StoreError:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[UnitOfWork]:
        """One database transaction: committed on normal exit, rolled back on an exception."""
        with self._connect() as connection:
            connection.execution_options(**WRITE)
            with connection.begin():
                yield UnitOfWork(connection)

    def run_in_transaction(self, work: Callable[[UnitOfWork], T], *, attempts: int = 5) -> T:
        """Run `work` in a transaction, again from scratch when another worker got in between."""
        for attempt in range(1, attempts + 1):
            try:
                with self.transaction() as uow:
                    return work(uow)
            except ConcurrentUpdateError:
                if attempt == attempts:
                    raise
                time.sleep(random.uniform(0, 0.05 * attempt))  # let the other worker finish
        raise AssertionError("unreachable")

    # --- read side -------------------------------------------------------------------------

    def get_event(self, event_id: str) -> Event | None:
        with self._connect() as connection:
            found = load_events(connection, sa.select(events).where(events.c.id == event_id))
        return found[0] if found else None

    def query_events(self, query: EventQuery) -> list[Event]:
        with self._connect() as connection:
            return load_events(connection, build_select(query))

    def find_article(self, content_hash: str) -> int | None:
        """The id of the stored article with this content hash, if any."""
        with self._connect() as connection:
            return connection.execute(
                sa.select(articles.c.id).where(articles.c.content_hash == content_hash)
            ).scalar()

    def get_article(self, article_id: int) -> StoredArticle | None:
        with self._connect() as connection:
            row = connection.execute(
                sa.select(articles).where(articles.c.id == article_id)
            ).first()
        if row is None:
            return None
        return StoredArticle(
            id=row.id, article=mapping.article_from_row(row), content_hash=row.content_hash,
            origin=row.origin, ingested_at=row.ingested_at,
        )

    def last_change(self) -> datetime | None:
        """When any event last changed (for Last-Modified); None while there are none."""
        with self._connect() as connection:
            return connection.execute(sa.select(sa.func.max(events.c.updated))).scalar()

    def change_token(self) -> str:
        """A short string that changes whenever anything an event read could show changes
        (one aggregate query; the same token, in any process, means no event was written).

        Every write of an event goes through save_events, which bumps the row's `version`
        (inserted at 1, +1 per update) while replacing its supports and appending revisions,
        so sum(version) moves on every write even when the counts, the sequence and
        max(updated) do not (supports replaced one for one; an `updated` older than
        another event's). Counts and the highest child ids also catch rows written or
        deleted outside save_events. Articles are never rewritten once stored.
        """
        e, m, r = events.c, event_mentions.c, event_revisions.c

        def scalar(*columns: sa.ColumnElement[object], table: sa.Table) -> list[object]:
            return [sa.select(c).select_from(table).scalar_subquery() for c in columns]

        statement = sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(e.version), 0),
            sa.func.coalesce(sa.func.sum(e.sequence), 0),
            sa.func.max(e.updated),
            *scalar(sa.func.count(), sa.func.max(m.id), table=event_mentions),
            *scalar(sa.func.count(), sa.func.max(r.id), table=event_revisions),
        ).select_from(events)
        with self._connect() as connection:
            row = connection.execute(statement).one()
        return "/".join("-" if v is None else str(v) for v in row)

    def counts(self) -> dict[str, int]:
        tables = {"articles": articles, "events": events, "mentions": event_mentions,
                  "revisions": event_revisions}
        with self._connect() as connection:
            return {
                name: connection.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for name, t in tables.items()
            }

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        try:
            connection = self.engine.connect()
        except OperationalError as exc:
            raise StoreError(f"cannot connect to the database: {_first_line(exc)}") from exc
        with connection:
            yield connection


class UnitOfWork:
    """The write operations of one transaction. Obtain it from `Store.transaction()`."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._versions: dict[str, int] = {}  # version of each event as this transaction read it
        self._article_ids: dict[str, int] = {}

    def add_article(self, article: Article, *, origin: str | None = None) -> tuple[int, bool]:
        """Store `article` unless one with the same content hash exists: (id, created)."""
        row = {**mapping.article_row(article), "origin": origin, "ingested_at": _now()}
        statement = (
            _insert(self.connection, articles)
            .values(row)
            .on_conflict_do_nothing(index_elements=["content_hash"])
            .returning(articles.c.id)
        )
        new_id = self.connection.execute(statement).scalar()
        if new_id is not None:
            self._article_ids[article.content_hash] = new_id
            return new_id, True
        existing = self.connection.execute(
            sa.select(articles.c.id).where(articles.c.content_hash == article.content_hash)
        ).scalar_one()
        return existing, False

    def candidate_events(
        self,
        around: date,
        *,
        windows: Iterable[tuple[date | None, date | None]] = (),
        scopes: Sequence[CandidateScope] | None = None,
    ) -> list[Event]:
        """Events an article published `around` might be about: undated ones, those whose
        range overlaps two years before to three years after, and those overlapping any of
        `windows` (the article's own date ranges, which may lie further out). With `scopes`,
        only events inside at least one of them."""
        e = events.c
        if scopes is not None and not scopes:
            return []
        overlaps = [sa.and_(e.range_start <= around + CANDIDATE_FUTURE,
                            e.range_end >= around - CANDIDATE_PAST)]
        for first, last in windows:
            bounds = [e.range_end >= first] if first else []
            bounds += [e.range_start <= last] if last else []
            if bounds:
                overlaps.append(sa.and_(e.dated, *bounds))
        where = [sa.or_(sa.not_(e.dated), *overlaps)]
        if scopes is not None:
            where.append(sa.or_(*(scope.condition() for scope in scopes)))
        statement = sa.select(events).where(*where).order_by(e.id)
        return self._remember(load_events(self.connection, statement, with_version=True))

    def events_by_id(self, ids: Iterable[str]) -> list[Event]:
        """The stored events among `ids` (for events reconciliation named but did not get)."""
        found: list[Event] = []
        for chunk in _chunks(sorted(set(ids))):
            statement = sa.select(events).where(events.c.id.in_(chunk)).order_by(events.c.id)
            found.extend(load_events(self.connection, statement, with_version=True))
        return self._remember(found)

    def save_events(self, changed: Sequence[Event]) -> None:
        """Insert or update each event with its supports (replaced) and new revisions (appended).

        An event this transaction read is updated only if nobody changed it since; an event it
        did not read must not exist yet. Otherwise ConcurrentUpdateError: retry the transaction.
        Statements are batched (one per table and 500 events, plus one UPDATE per changed
        event for its version check), so saving many events costs no per-event round trips.
        """
        hashes = {s.source.article_hash for ev in changed for s in ev.supports}
        hashes |= {r.source.article_hash for ev in changed for r in ev.revisions}
        article_ids = self._article_ids_for(hashes)
        if len({event.id for event in changed}) != len(changed):
            for event in changed:  # the same event twice: each write must see the one before
                self._write_event_rows([event])
                self._write_children([event], article_ids)
            return
        self._write_event_rows(changed)
        self._write_children(changed, article_ids)

    # --- internals -------------------------------------------------------------------------

    def _remember(self, loaded: list[tuple[Event, int]]) -> list[Event]:
        for event, version in loaded:
            self._versions[event.id] = version
        return [event for event, _ in loaded]

    def _write_event_rows(self, changed: Sequence[Event]) -> None:
        """New events in multi-row INSERTs; events read earlier each UPDATEd by version."""
        created = [event for event in changed if event.id not in self._versions]
        for chunk in _chunks(created):
            statement = (
                _insert(self.connection, events)
                .on_conflict_do_nothing(index_elements=["id"])
                .returning(events.c.id)
            )
            rows = [{**mapping.event_row(event), "version": 1} for event in chunk]
            inserted = set(self.connection.execute(statement, rows).scalars())
            taken = sorted(event.id for event in chunk if event.id not in inserted)
            if taken:
                raise ConcurrentUpdateError(f"event {taken[0]} was created by another worker")
            self._versions.update({event.id: 1 for event in chunk})
        new_ids = {event.id for event in created}
        for event in changed:
            if event.id in new_ids:
                continue
            known = self._versions[event.id]
            result = self.connection.execute(
                events.update()
                .where(events.c.id == event.id, events.c.version == known)
                .values({**mapping.event_row(event), "version": known + 1})
            )
            if result.rowcount != 1:
                raise ConcurrentUpdateError(f"event {event.id} was changed by another worker")
            self._versions[event.id] = known + 1

    def _write_children(self, changed: Sequence[Event], article_ids: dict[str, int]) -> None:
        """Participants and supports replaced, revisions newer than the stored ones appended."""
        c = self.connection
        ids = [event.id for event in changed]
        stored: dict[str, int] = {}
        for chunk in _chunks(ids):
            c.execute(event_participants.delete().where(event_participants.c.event_id.in_(chunk)))
            c.execute(event_mentions.delete().where(event_mentions.c.event_id.in_(chunk)))
            r = event_revisions.c
            stored.update(c.execute(
                sa.select(r.event_id, sa.func.max(r.sequence))
                .where(r.event_id.in_(chunk)).group_by(r.event_id)
            ).all())
        participants = [row for event in changed for row in mapping.participant_rows(event)]
        mentions = [
            mapping.mention_row(event.id, i, article_ids[s.source.article_hash], s.mention)
            for event in changed for i, s in enumerate(event.supports)
        ]
        revisions = [
            mapping.revision_row(event.id, article_ids[rev.source.article_hash], rev)
            for event in changed for rev in event.revisions
            if event.id not in stored or rev.sequence > stored[event.id]
        ]
        for table, rows in ((event_participants, participants), (event_mentions, mentions),
                            (event_revisions, revisions)):
            for start in range(0, len(rows), _ROWS_PER_INSERT):
                c.execute(table.insert(), rows[start : start + _ROWS_PER_INSERT])

    def _article_ids_for(self, hashes: set[str]) -> dict[str, int]:
        missing = sorted(hashes - self._article_ids.keys())
        for chunk in _chunks(missing):
            rows = self.connection.execute(
                sa.select(articles.c.content_hash, articles.c.id)
                .where(articles.c.content_hash.in_(chunk))
            )
            self._article_ids.update({h: i for h, i in rows})
        unknown = hashes - self._article_ids.keys()
        if unknown:
            raise StoreError(
                "events cite articles that are not stored: " + ", ".join(sorted(unknown))
            )
        return {h: self._article_ids[h] for h in hashes}


def _insert(connection: Connection, table: sa.Table):  # -> the dialect's Insert (upserts)
    module = postgresql if connection.dialect.name == "postgresql" else sqlite
    return module.insert(table)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _now() -> datetime:
    return datetime.now(UTC)


def _first_line(exc: DBAPIError | OperationalError) -> str:
    return str(exc.orig or exc).strip().splitlines()[0]
