"""The relational schema, as SQLAlchemy Core tables. Migrations in migrations/ mirror it.

Dates are inclusive calendar days. `range_start`/`range_end` repeat an event's earliest/latest
with open sides filled by sentinels (and undated events placed after everything), so that range
overlap, "upcoming" and keyset sorting are plain comparisons an index can serve on any database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

FIRST_DAY = date(1, 1, 1)
LAST_DAY = date(9999, 12, 31)

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timestamps always come back timezone-aware in UTC (SQLite stores them naive)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        utc = aware.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("published", sa.Date, nullable=False, index=True),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("url", sa.Text, nullable=True, index=True),
    sa.Column("origin", sa.Text, nullable=True),
    sa.Column("ingested_at", UTCDateTime, nullable=False),
    # "published" (the source stated the date) or "fetched" (it did not: the fetch day).
    sa.Column("date_basis", sa.String(16), nullable=False, server_default="published"),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False, index=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("series", sa.String(200), nullable=True),
    sa.Column("participants", sa.JSON, nullable=False),
    sa.Column("city", sa.String(200), nullable=True),
    sa.Column("country", sa.String(200), nullable=True),
    sa.Column("earliest", sa.Date, nullable=True),
    sa.Column("latest", sa.Date, nullable=True),
    sa.Column("range_start", sa.Date, nullable=False, index=True),
    sa.Column("range_end", sa.Date, nullable=False, index=True),
    sa.Column("dated", sa.Boolean, nullable=False),
    sa.Column("width_days", sa.Integer, nullable=True),
    sa.Column("granularity", sa.String(32), nullable=True),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("created", UTCDateTime, nullable=False),
    sa.Column("updated", UTCDateTime, nullable=False, index=True),
    # Lower-cased title, series, place and participants, for the free-text filter.
    sa.Column("search_text", sa.Text, nullable=False),
    # Optimistic concurrency: every write checks and bumps it (see UnitOfWork.save_events).
    sa.Column("version", sa.Integer, nullable=False),
)
sa.Index("ix_events_country_lower", sa.func.lower(events.c.country))
sa.Index("ix_events_city_lower", sa.func.lower(events.c.city))
sa.Index("ix_events_series_lower", sa.func.lower(events.c.series))

event_participants = sa.Table(
    "event_participants",
    metadata,
    sa.Column(
        "event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False, index=True),  # lower-cased name
)

event_mentions = sa.Table(
    "event_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"),
        nullable=False, index=True,
    ),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("participants", sa.JSON, nullable=False),
    sa.Column("city", sa.String(200), nullable=True),
    sa.Column("country", sa.String(200), nullable=True),
    sa.Column("series", sa.String(200), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("earliest", sa.Date, nullable=True),
    sa.Column("latest", sa.Date, nullable=True),
    sa.Column("granularity", sa.String(32), nullable=True),
    sa.Column("phrase", sa.Text, nullable=True),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("span_end", sa.Integer, nullable=False),
    sa.UniqueConstraint("event_id", "position"),
)

event_revisions = sa.Table(
    "event_revisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "event_id", sa.String(64), sa.ForeignKey("events.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("earliest", sa.Date, nullable=True),
    sa.Column("latest", sa.Date, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False, index=True),
    sa.Column("phrase", sa.Text, nullable=True),
    sa.Column("changed_at", UTCDateTime, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.UniqueConstraint("event_id", "sequence"),
)
