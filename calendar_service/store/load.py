"""Reading events with their supports and revisions: a fixed number of queries, whatever the count.

Feeds read every event they show, so this is the hot path of a cold feed request. Per 500
events: one query for their mentions and one for their revisions (never one per event), then
one for the articles they cite that were not read yet. Rows are unpacked by position, and
equal immutable values are built once per load: an article cited by forty mentions is one
SourceRef, and the participants JSON that every mention of an event repeats is decoded once.
The cyclic garbage collector is paused while the objects are built: none of them form
cycles, and its full passes over a growing heap cost about a third of a 10,000-event load.

Reconciliation reads events too, many per article, and needs little of their evidence: only
when each was first reported (`reconcile._near_in_time` reads `supports[0]`); it extends the
rest without reading it. `load_for_reconcile` therefore builds events with their first
supporting mention and no revisions, plus what a write needs to append after what is stored
(`Stored`), so an event with 500 reports costs what one with a single report does.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from calendar_service.events.model import (
    Event,
    EventMention,
    Participant,
    Revision,
    SourceRef,
    Support,
)
from calendar_service.store import mapping
from calendar_service.store.tables import articles, event_mentions, event_revisions, events

CHUNK = 500  # ids per IN (...) list

_m = event_mentions.c
# Participants come back as their JSON text (CAST ... AS TEXT) so equal lists decode once.
_MENTION_COLUMNS = (
    _m.event_id, _m.article_id, _m.kind, _m.title, sa.cast(_m.participants, sa.Text),
    _m.city, _m.country, _m.series, _m.status, _m.earliest, _m.latest, _m.granularity,
    _m.phrase, _m.sentence, _m.span_start, _m.span_end,
)
_r = event_revisions.c
_REVISION_COLUMNS = (
    _r.event_id, _r.article_id, _r.sequence, _r.earliest, _r.latest, _r.status, _r.phrase,
    _r.changed_at, _r.note,
)
_a = articles.c
_ARTICLE_COLUMNS = (_a.id, _a.content_hash, _a.source, _a.published, _a.url, _a.title)


@dataclass(frozen=True, slots=True)
class Stored:
    """What the database holds of an event loaded for reconciliation, beyond the Event."""

    version: int  # the optimistic concurrency check of its next write
    next_position: int  # where its next supporting mention goes (one past the last stored)
    last_sequence: int | None  # its newest stored revision, None without any


def load_events(connection: Connection, statement: sa.Select) -> list[Event]:
    """Run a SELECT over `events` and build Events with all their supports and revisions."""
    with _collector_paused():
        return _load(connection, statement)


def load_for_reconcile(connection: Connection, statement: sa.Select) -> list[tuple[Event, Stored]]:
    """Run a SELECT over `events` and build each Event with only its first supporting mention
    and no revisions, paired with what is stored beyond it. Per 500 events one query (and one
    for the articles cited), which reads one mention row per event, however many it has."""
    with _collector_paused():
        return _load_for_reconcile(connection, statement)


def _load(connection: Connection, statement: sa.Select) -> list[Event]:
    rows = connection.execute(statement).all()
    ids = [row.id for row in rows]
    supports: dict[str, list[Support]] = {i: [] for i in ids}
    revisions: dict[str, list[Revision]] = {i: [] for i in ids}
    build = _Builder(connection)
    for chunk in chunks(ids):
        mention_rows = connection.execute(
            sa.select(*_MENTION_COLUMNS).where(_m.event_id.in_(chunk))
            .order_by(_m.event_id, _m.position)
        ).all()
        revision_rows = connection.execute(
            sa.select(*_REVISION_COLUMNS).where(_r.event_id.in_(chunk))
            .order_by(_r.event_id, _r.sequence)
        ).all()
        build.read_sources({row[1] for row in mention_rows} | {row[1] for row in revision_rows})
        for row in mention_rows:
            supports[row[0]].append(build.support(row))
        for row in revision_rows:
            revisions[row[0]].append(build.revision(row))
    return [mapping.event_from_row(row, supports[row.id], revisions[row.id]) for row in rows]


def _load_for_reconcile(connection: Connection, statement: sa.Select
                        ) -> list[tuple[Event, Stored]]:
    rows = connection.execute(statement).all()
    first: dict[str, Support] = {}
    stored: dict[str, tuple[int | None, int | None]] = {}  # (last position, last sequence)
    build = _Builder(connection)
    for chunk in chunks([row.id for row in rows]):
        mention_rows = connection.execute(_SUMMARY, {"ids": list(chunk)}).all()
        build.read_sources({row[1] for row in mention_rows if row[1] is not None})
        for row in mention_rows:
            if row[1] is not None:  # an event without supports has no first one
                first[row[0]] = build.support(row[:-2])
            stored[row[0]] = (row[-2], row[-1])
    result = []
    for row in rows:
        last_position, last_sequence = stored.get(row.id, (None, None))
        supports = [first[row.id]] if row.id in first else []
        next_position = 0 if last_position is None else last_position + 1
        result.append((mapping.event_from_row(row, supports, []),
                       Stored(row.version, next_position, last_sequence)))
    return result


def _summary_statement() -> sa.Select:
    """Per event among the bound `ids`: its first mention (the columns of _MENTION_COLUMNS),
    then its last mention position and its last revision sequence.

    Each end is a min() or max() over one event's rows of the unique (event_id, position) or
    (event_id, sequence) index, which both databases answer with one index probe, whatever
    the number of reports. Built once: constructing it per call cost more than running it."""
    e = events.c

    def end(function: Any, column: sa.ColumnElement[int], owner: sa.ColumnElement[str]
            ) -> sa.ScalarSelect[int]:
        return sa.select(function(column)).where(owner == e.id).scalar_subquery()

    ends = sa.select(
        e.id.label("event_id"),
        end(sa.func.min, _m.position, _m.event_id).label("first"),
        end(sa.func.max, _m.position, _m.event_id).label("last"),
        end(sa.func.max, _r.sequence, _r.event_id).label("last_sequence"),
    ).where(e.id.in_(sa.bindparam("ids", expanding=True))).subquery("ends")
    return (
        sa.select(ends.c.event_id, *_MENTION_COLUMNS[1:], ends.c.last, ends.c.last_sequence)
        .select_from(ends.outerjoin(event_mentions, sa.and_(
            _m.event_id == ends.c.event_id, _m.position == ends.c.first)))
    )


_SUMMARY = _summary_statement()


class _Builder:
    """Domain objects from rows, each equal value built once per load (see the module doc)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.sources: dict[int, SourceRef] = {}
        self.participants: dict[str, tuple[Participant, ...]] = {}

    def read_sources(self, article_ids: set[int]) -> None:
        """Make the SourceRefs of these articles (those not read yet) available."""
        _read_sources(self.connection, article_ids - self.sources.keys(), self.sources)

    def support(self, row: Sequence[Any]) -> Support:
        """A Support from a row of _MENTION_COLUMNS."""
        (_event_id, article_id, kind, title, people, city, country, series, status,
         earliest, latest, granularity, phrase, sentence, start, end) = row
        found = self.participants.get(people)
        if found is None:
            found = self.participants[people] = _participants(people)
        mention = EventMention(
            kind=kind, title=title, participants=found, city=city, country=country,
            series=series, status=status, earliest=earliest, latest=latest,
            granularity=granularity, phrase=phrase, sentence=sentence, start=start, end=end,
        )
        return Support(mention=mention, source=self.sources[article_id])

    def revision(self, row: Sequence[Any]) -> Revision:
        """A Revision from a row of _REVISION_COLUMNS."""
        (_event_id, article_id, sequence, earliest, latest, status, phrase, changed_at,
         note) = row
        return Revision(
            sequence=sequence, earliest=earliest, latest=latest, status=status,
            source=self.sources[article_id], phrase=phrase, changed_at=changed_at, note=note,
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause cyclic GC (reference counting still frees everything); restore it after.

    Process-wide: another thread's collection is only delayed, never lost. Whoever found
    it enabled turns it back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _read_sources(connection: Connection, ids: set[int], into: dict[int, SourceRef]) -> None:
    for chunk in chunks(sorted(ids)):
        for article_id, content_hash, outlet, published, url, title in connection.execute(
            sa.select(*_ARTICLE_COLUMNS).where(_a.id.in_(chunk))
        ):
            into[article_id] = SourceRef(article_hash=content_hash, outlet=outlet,
                                         published=published, url=url, title=title)


def _participants(text: str) -> tuple[Participant, ...]:
    return tuple(
        Participant(name=p["name"], role=p.get("role"), country=p.get("country"))
        for p in json.loads(text)
    )
