"""Reading events with their supports and revisions: a fixed number of queries, whatever the count.

Feeds read every event they show, so this is the hot path of a cold feed request. Per 500
events: one query for their mentions and one for their revisions (never one per event), then
one for the articles they cite that were not read yet. Rows are unpacked by position, and
equal immutable values are built once per load: an article cited by forty mentions is one
SourceRef, and the participants JSON that every mention of an event repeats is decoded once.
The cyclic garbage collector is paused while the objects are built: none of them form
cycles, and its full passes over a growing heap cost about a third of a 10,000-event load.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from calendar_service.events.model import EventMention, Participant, Revision, SourceRef, Support
from calendar_service.store import mapping
from calendar_service.store.tables import articles, event_mentions, event_revisions

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


def load_events(
    connection: Connection, statement: sa.Select, *, with_version: bool = False
) -> list:
    """Run a SELECT over `events` and build Events with their supports and revisions.

    With `with_version`, (Event, version) pairs for the optimistic concurrency check.
    """
    with _collector_paused():
        return _load(connection, statement, with_version)


def _load(connection: Connection, statement: sa.Select, with_version: bool) -> list:
    rows = connection.execute(statement).all()
    ids = [row.id for row in rows]
    supports: dict[str, list[Support]] = {i: [] for i in ids}
    revisions: dict[str, list[Revision]] = {i: [] for i in ids}
    sources: dict[int, SourceRef] = {}
    participants: dict[str, tuple[Participant, ...]] = {}
    for chunk in chunks(ids):
        mention_rows = connection.execute(
            sa.select(*_MENTION_COLUMNS).where(_m.event_id.in_(chunk))
            .order_by(_m.event_id, _m.position)
        ).all()
        revision_rows = connection.execute(
            sa.select(*_REVISION_COLUMNS).where(_r.event_id.in_(chunk))
            .order_by(_r.event_id, _r.sequence)
        ).all()
        cited = {row[1] for row in mention_rows} | {row[1] for row in revision_rows}
        _read_sources(connection, cited - sources.keys(), sources)
        for (event_id, article_id, kind, title, people, city, country, series, status,
             earliest, latest, granularity, phrase, sentence, start, end) in mention_rows:
            found = participants.get(people)
            if found is None:
                found = participants[people] = _participants(people)
            mention = EventMention(
                kind=kind, title=title, participants=found, city=city, country=country,
                series=series, status=status, earliest=earliest, latest=latest,
                granularity=granularity, phrase=phrase, sentence=sentence, start=start,
                end=end,
            )
            supports[event_id].append(Support(mention=mention, source=sources[article_id]))
        for (event_id, article_id, sequence, earliest, latest, status, phrase, changed_at,
             note) in revision_rows:
            revisions[event_id].append(Revision(
                sequence=sequence, earliest=earliest, latest=latest, status=status,
                source=sources[article_id], phrase=phrase, changed_at=changed_at, note=note,
            ))
    built = [mapping.event_from_row(row, supports[row.id], revisions[row.id]) for row in rows]
    if with_version:
        return [(event, row.version) for event, row in zip(built, rows, strict=True)]
    return built


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
