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
_ARTICLE_COLUMNS = (_a.id, _a.content_hash, _a.source, _a.published, _a.url, _a.title,
                    _a.date_basis)


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
    and no revisions, paired with what is stored beyond it. `statement` gains three columns
    (see _ends); then per 500 events one query reads their first mentions by primary key, and
    one the articles these cite: one mention row per event, however many it has."""
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
    rows = connection.execute(statement.add_columns(*_ENDS)).all()
    first: dict[str, Support] = {}
    build = _Builder(connection)
    for chunk in chunks([row.first_mention for row in rows if row.first_mention is not None]):
        mention_rows = connection.execute(_MENTIONS_BY_ID, {"ids": list(chunk)}).all()
        build.read_sources({row[1] for row in mention_rows})
        for row in mention_rows:
            first[row[0]] = build.support(row)
    return [
        (mapping.event_from_row(row, [first[row.id]] if row.id in first else [], []),
         Stored(row.version, 0 if row.last_position is None else row.last_position + 1,
                row.last_sequence))
        for row in rows
    ]


def _ends() -> tuple[sa.Label[Any], ...]:
    """Columns added to a SELECT over `events`: the id of each event's first mention, its last
    mention position and its last revision sequence.

    Each is a LIMIT 1 or max() over one event's entries in the unique (event_id, position) or
    (event_id, sequence) index, which both databases answer with one index probe, whatever
    the number of reports. (A join to the mentions on the first position instead let
    PostgreSQL's planner choose a hash join over every mention of every event.)"""
    owner = events.c.id
    return (
        sa.select(_m.id).where(_m.event_id == owner).order_by(_m.position).limit(1)
        .scalar_subquery().label("first_mention"),
        sa.select(sa.func.max(_m.position)).where(_m.event_id == owner)
        .scalar_subquery().label("last_position"),
        sa.select(sa.func.max(_r.sequence)).where(_r.event_id == owner)
        .scalar_subquery().label("last_sequence"),
    )


# Built once: constructing them per call cost more than running them.
_ENDS = _ends()
_MENTIONS_BY_ID = sa.select(*_MENTION_COLUMNS).where(
    _m.id.in_(sa.bindparam("ids", expanding=True)))


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
        for article_id, content_hash, outlet, published, url, title, basis in connection.execute(
            sa.select(*_ARTICLE_COLUMNS).where(_a.id.in_(chunk))
        ):
            into[article_id] = SourceRef(article_hash=content_hash, outlet=outlet,
                                         published=published, url=url, title=title,
                                         date_basis=basis)


def _participants(text: str) -> tuple[Participant, ...]:
    return tuple(
        Participant(name=p["name"], role=p.get("role"), country=p.get("country"))
        for p in json.loads(text)
    )
