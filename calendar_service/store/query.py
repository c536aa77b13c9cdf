"""EventQuery: the filters the API, the feeds and the CLI ask the store for, and their SQL."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from calendar_service.events.model import Event
from calendar_service.store.errors import InvalidQueryError
from calendar_service.store.tables import FIRST_DAY, LAST_DAY, event_participants, events

SORTS = ("earliest", "latest", "updated")


@dataclass(frozen=True)
class EventQuery:
    """Every field is optional; an empty query lists all dated events, earliest first.

    `date_from`/`date_to` keep events whose range overlaps the window (an open side counts as
    reaching infinitely far). `upcoming_as_of` keeps events whose latest day is on or after it.
    `max_width_days` drops events vaguer than that many days (open ranges count as infinitely
    wide). Undated events are left out unless `include_undated`; they then pass the date
    filters (nothing says they fall outside) and sort after every dated event.
    `after` is the opaque cursor of the last row of the previous page (see `cursor_of`).
    """

    kinds: tuple[str, ...] = ()
    participant: str | None = None
    country: str | None = None
    city: str | None = None
    series: str | None = None
    statuses: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    upcoming_as_of: date | None = None
    max_width_days: int | None = None
    text: str | None = None
    sort: str = "earliest"  # earliest | latest | updated (most recently updated first)
    limit: int | None = None
    after: str | None = None
    include_undated: bool = False

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            choices = ", ".join(SORTS)
            raise InvalidQueryError(f"unknown sort {self.sort!r}; expected one of {choices}")
        if self.limit is not None and self.limit < 0:
            raise InvalidQueryError(f"limit must not be negative, got {self.limit}")
        if self.max_width_days is not None and self.max_width_days < 1:
            raise InvalidQueryError(f"max_width_days must be at least 1, got {self.max_width_days}")


def _sort_column(sort: str) -> sa.ColumnElement:
    return {"earliest": events.c.range_start, "latest": events.c.range_end}.get(
        sort, events.c.updated
    )


def cursor_of(sort: str, key: date | datetime, event_id: str) -> str:
    """The opaque keyset cursor for a row: its sort key and its id."""
    raw = json.dumps([sort, key.isoformat(), event_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def range_bounds(event: Event) -> tuple[date, date]:
    """An event's (range_start, range_end) columns: open sides and undated events as sentinels."""
    if not event.is_dated:
        return LAST_DAY, LAST_DAY
    return event.earliest or FIRST_DAY, event.latest or LAST_DAY


def cursor_after(event: Event, sort: str) -> str:
    """The cursor to pass as `EventQuery.after` to get the rows that follow `event`."""
    start, end = range_bounds(event)
    key = {"earliest": start, "latest": end}.get(sort, event.updated)
    return cursor_of(sort, key, event.id)


def _decode_cursor(cursor: str, sort: str) -> tuple[date | datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        cursor_sort, key, event_id = json.loads(base64.urlsafe_b64decode(padded))
        value: date | datetime = (
            datetime.fromisoformat(key) if sort == "updated" else date.fromisoformat(key)
        )
    except (ValueError, TypeError) as exc:
        raise InvalidQueryError(f"invalid cursor {cursor!r}") from exc
    if cursor_sort != sort or not isinstance(event_id, str):
        raise InvalidQueryError(f"cursor {cursor!r} belongs to another sort order")
    return value, event_id


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def build_select(query: EventQuery) -> sa.Select:
    """The SELECT of event rows (events table only) matching `query`, in a stable order."""
    e = events.c
    where: list[sa.ColumnElement[bool]] = []
    if query.kinds:
        where.append(e.kind.in_(query.kinds))
    if query.statuses:
        where.append(e.status.in_(query.statuses))
    for column, value in ((e.country, query.country), (e.city, query.city),
                          (e.series, query.series)):
        if value:
            where.append(sa.func.lower(column) == value.strip().lower())
    if query.participant:
        where.append(
            e.id.in_(
                sa.select(event_participants.c.event_id).where(
                    event_participants.c.name_key == query.participant.strip().lower()
                )
            )
        )
    if query.text and query.text.strip():
        pattern = f"%{_escape_like(query.text.strip().lower())}%"
        where.append(e.search_text.like(pattern, escape="\\"))
    dated_filters: list[sa.ColumnElement[bool]] = []
    if query.date_from is not None:
        dated_filters.append(e.range_end >= query.date_from)
    if query.date_to is not None:
        dated_filters.append(e.range_start <= query.date_to)
    if query.upcoming_as_of is not None:
        dated_filters.append(e.range_end >= query.upcoming_as_of)
    if query.max_width_days is not None:
        dated_filters.append(e.width_days <= query.max_width_days)
    if query.include_undated:
        where.append(sa.or_(sa.and_(e.dated, *dated_filters), sa.not_(e.dated)))
    else:
        where.extend([e.dated, *dated_filters])

    column = _sort_column(query.sort)
    descending = query.sort == "updated"
    if query.after:
        key, last_id = _decode_cursor(query.after, query.sort)
        if descending:
            where.append(sa.or_(column < key, sa.and_(column == key, e.id < last_id)))
        else:
            where.append(sa.or_(column > key, sa.and_(column == key, e.id > last_id)))
    order = (column.desc(), e.id.desc()) if descending else (column.asc(), e.id.asc())
    statement = sa.select(events).where(*where).order_by(*order)
    if query.limit is not None:
        statement = statement.limit(query.limit)
    return statement
