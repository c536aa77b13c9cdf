"""Store (the database behind the service) and UnitOfWork (one write transaction).

Reads open their own short connection. Writes go through `Store.transaction()`, which hands out
a UnitOfWork; event writes are guarded by a version column so that two workers reconciling the
same event cannot silently overwrite each other (the loser gets ConcurrentUpdateError and
retries its whole transaction).

An event's supports and revisions are append-only: a write inserts those added since the
transaction read the event and never rewrites stored ones, so updating an event reported by
500 articles costs what updating one reported once does.
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

from calendar_service.events.model import Article, Event, Revision, Support
from calendar_service.store import mapping, migrate
from calendar_service.store.engine import WRITE, create, parse_url, safe
from calendar_service.store.errors import ConcurrentUpdateError, StoreError
from calendar_service.store.load import Stored, load_events, load_for_reconcile
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

    def get_events(self, event_ids: Iterable[str]) -> list[Event]:
        """The stored events among `event_ids`, complete, in the order given."""
        wanted = list(dict.fromkeys(event_ids))
        found: dict[str, Event] = {}
        with self._connect() as connection:
            for chunk in _chunks(wanted):
                statement = sa.select(events).where(events.c.id.in_(chunk))
                found.update((event.id, event) for event in load_events(connection, statement))
        return [found[i] for i in wanted if i in found]

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
        (inserted at 1, +1 per update), so sum(version) moves on every write even when
        nothing else here does (an event row rewritten with an `updated` older than another
        event's, no support or revision added). Supports and revisions are append-only, so
        a new one always raises its table's highest id (an index probe; counting those
        tables cost PostgreSQL more than everything else). Articles are never rewritten.

        Cost: sum(version) reads every event row. A token took, with 20,000 events, ~9 ms
        on SQLite and ~6 ms on PostgreSQL (counting supports and revisions too: ~22 ms);
        100,000 events on SQLite ~45 ms (shared benchmark machine).
        """
        e = events.c
        statement = sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(e.version), 0),
            sa.func.max(e.updated),
            sa.select(sa.func.max(event_mentions.c.id)).scalar_subquery(),
            sa.select(sa.func.max(event_revisions.c.id)).scalar_subquery(),
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


@dataclass(frozen=True)
class _Known:
    """An event as this transaction last read or wrote it."""

    version: int
    supports: tuple[Support, ...]  # the supports the Event held then: a prefix to keep
    next_position: int  # of the next supporting mention
    last_sequence: int | None  # of the newest stored revision
    participants: tuple[str, ...]


@dataclass(frozen=True)
class _Write:
    """What saving one event writes: its row, and only the children that are new."""

    event: Event
    known: _Known | None  # None: the event is new
    supports: list[tuple[int, Support]]  # (position, support) to insert
    revisions: list[Revision]  # to insert
    participants_changed: bool

    def after(self) -> _Known:
        """What the transaction knows of the event once this write is done."""
        sequences = [r.sequence for r in self.revisions]
        if self.known is not None and self.known.last_sequence is not None:
            sequences.append(self.known.last_sequence)
        return _Known(
            version=1 if self.known is None else self.known.version + 1,
            supports=tuple(self.event.supports),
            next_position=(0 if self.known is None else self.known.next_position)
            + len(self.supports),
            last_sequence=max(sequences, default=None),
            participants=self.event.participants,
        )


class UnitOfWork:
    """The write operations of one transaction. Obtain it from `Store.transaction()`."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._known: dict[str, _Known] = {}  # events this transaction read or wrote
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
        only events inside at least one of them.

        Loaded for reconciliation, not for display: each Event carries its first supporting
        mention only and no revisions (see store/load.py); `save_events` appends what is
        added to them. `Store.get_event` and `Store.query_events` give whole events."""
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
        return self._remember(load_for_reconcile(self.connection, statement))

    def events_by_id(self, ids: Iterable[str]) -> list[Event]:
        """The stored events among `ids` (for events reconciliation named but did not get),
        loaded for reconciliation like `candidate_events`."""
        found: list[tuple[Event, Stored]] = []
        for chunk in _chunks(sorted(set(ids))):
            statement = sa.select(events).where(events.c.id.in_(chunk)).order_by(events.c.id)
            found.extend(load_for_reconcile(self.connection, statement))
        return self._remember(found)

    def save_events(self, changed: Sequence[Event]) -> None:
        """Insert or update each event, appending the supports and revisions it gained.

        An event this transaction read is updated only if nobody changed it since; an event it
        did not read must not exist yet. Otherwise ConcurrentUpdateError: retry the transaction.
        Supports and revisions are append-only: the supports after those the event held when
        read (or last saved) are inserted, and the revisions numbered after the newest stored
        one; stored ones are never deleted or rewritten. An event whose supports no longer
        start with those it was read with is refused (StoreError). Statements are batched
        (one per table and 500 events, plus one UPDATE per changed event for its version
        check), so saving many events costs no per-event round trips.
        """
        if len({event.id for event in changed}) != len(changed):
            for event in changed:  # the same event twice: each write must see the one before
                self._save([event])
            return
        self._save(changed)

    # --- internals -------------------------------------------------------------------------

    def _remember(self, loaded: list[tuple[Event, Stored]]) -> list[Event]:
        for event, stored in loaded:
            self._known[event.id] = _Known(
                version=stored.version, supports=tuple(event.supports),
                next_position=stored.next_position, last_sequence=stored.last_sequence,
                participants=event.participants,
            )
        return [event for event, _ in loaded]

    def _save(self, changed: Sequence[Event]) -> None:
        writes = [self._plan(event) for event in changed]
        hashes = {s.source.article_hash for w in writes for _, s in w.supports}
        hashes |= {r.source.article_hash for w in writes for r in w.revisions}
        article_ids = self._article_ids_for(hashes)
        self._write_event_rows(writes)
        self._write_children(writes, article_ids)
        for write in writes:
            self._known[write.event.id] = write.after()

    def _plan(self, event: Event) -> _Write:
        known = self._known.get(event.id)
        if known is None:
            return _Write(event, None, list(enumerate(event.supports)), list(event.revisions),
                          participants_changed=True)
        kept = len(known.supports)
        if tuple(event.supports[:kept]) != known.supports:
            raise StoreError(f"event {event.id}: supports are append-only, but the event no "
                             f"longer starts with the {kept} it was read with")
        added = event.supports[kept:]
        last = known.last_sequence
        return _Write(
            event, known,
            supports=[(known.next_position + i, s) for i, s in enumerate(added)],
            revisions=[r for r in event.revisions if last is None or r.sequence > last],
            participants_changed=event.participants != known.participants,
        )

    def _write_event_rows(self, writes: Sequence[_Write]) -> None:
        """New events in multi-row INSERTs; events read earlier each UPDATEd by version."""
        created = [w.event for w in writes if w.known is None]
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
        for write in writes:
            if write.known is None:
                continue
            event, version = write.event, write.known.version
            result = self.connection.execute(
                events.update()
                .where(events.c.id == event.id, events.c.version == version)
                .values({**mapping.event_row(event), "version": version + 1})
            )
            if result.rowcount != 1:
                raise ConcurrentUpdateError(f"event {event.id} was changed by another worker")

    def _write_children(self, writes: Sequence[_Write], article_ids: dict[str, int]) -> None:
        """New supports and revisions inserted; participants rewritten where they changed."""
        c = self.connection
        renamed = [w.event.id for w in writes if w.known is not None and w.participants_changed]
        for chunk in _chunks(renamed):
            c.execute(event_participants.delete().where(event_participants.c.event_id.in_(chunk)))
        participants = [row for w in writes if w.participants_changed
                        for row in mapping.participant_rows(w.event)]
        mentions = [
            mapping.mention_row(w.event.id, position, article_ids[s.source.article_hash],
                                s.mention)
            for w in writes for position, s in w.supports
        ]
        revisions = [
            mapping.revision_row(w.event.id, article_ids[r.source.article_hash], r)
            for w in writes for r in w.revisions
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
