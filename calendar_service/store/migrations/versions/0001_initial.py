"""Initial schema: articles, events, their participants, supporting mentions and revisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from calendar_service.store.tables import UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("published", sa.Date, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("url", sa.Text, nullable=True),
        sa.Column("origin", sa.Text, nullable=True),
        sa.Column("ingested_at", UTCDateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("content_hash", name="uq_articles_content_hash"),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_url", "articles", ["url"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("series", sa.String(200), nullable=True),
        sa.Column("participants", sa.JSON, nullable=False),
        sa.Column("city", sa.String(200), nullable=True),
        sa.Column("country", sa.String(200), nullable=True),
        sa.Column("earliest", sa.Date, nullable=True),
        sa.Column("latest", sa.Date, nullable=True),
        sa.Column("range_start", sa.Date, nullable=False),
        sa.Column("range_end", sa.Date, nullable=False),
        sa.Column("dated", sa.Boolean, nullable=False),
        sa.Column("width_days", sa.Integer, nullable=True),
        sa.Column("granularity", sa.String(32), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("created", UTCDateTime, nullable=False),
        sa.Column("updated", UTCDateTime, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    for column in ("kind", "range_start", "range_end", "status", "updated"):
        op.create_index(f"ix_events_{column}", "events", [column])
    for column in ("country", "city", "series"):
        op.create_index(f"ix_events_{column}_lower", "events", [sa.text(f"lower({column})")])

    op.create_table(
        "event_participants",
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_key", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], ondelete="CASCADE",
            name="fk_event_participants_event_id_events",
        ),
        sa.PrimaryKeyConstraint("event_id", "position", name="pk_event_participants"),
    )
    op.create_index("ix_event_participants_name_key", "event_participants", ["name_key"])

    op.create_table(
        "event_mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_event_mentions"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], ondelete="CASCADE",
            name="fk_event_mentions_event_id_events",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_event_mentions_article_id_articles"
        ),
        sa.UniqueConstraint("event_id", "position", name="uq_event_mentions_event_id_position"),
    )
    op.create_index("ix_event_mentions_event_id", "event_mentions", ["event_id"])
    op.create_index("ix_event_mentions_article_id", "event_mentions", ["article_id"])

    op.create_table(
        "event_revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("earliest", sa.Date, nullable=True),
        sa.Column("latest", sa.Date, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("article_id", sa.Integer, nullable=False),
        sa.Column("phrase", sa.Text, nullable=True),
        sa.Column("changed_at", UTCDateTime, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_event_revisions"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], ondelete="CASCADE",
            name="fk_event_revisions_event_id_events",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_event_revisions_article_id_articles"
        ),
        sa.UniqueConstraint(
            "event_id", "sequence", name="uq_event_revisions_event_id_sequence"
        ),
    )
    op.create_index("ix_event_revisions_article_id", "event_revisions", ["article_id"])


def downgrade() -> None:
    for table in ("event_revisions", "event_mentions", "event_participants", "events",
                  "articles"):
        op.drop_table(table)
