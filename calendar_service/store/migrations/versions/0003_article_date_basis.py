"""Articles: how the publication date is known ("published", or "fetched" when the source
gave none and the fetch day stands in). Existing rows were dated from their source's
headers or a guess nobody recorded; they read as "published", as before.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD/DROP COLUMN (SQLite >= 3.35 has both): a batch rebuild of `articles` would
    # drop a table that event_mentions and event_revisions reference.
    op.add_column("articles", sa.Column("date_basis", sa.String(16), nullable=False,
                                        server_default="published"))


def downgrade() -> None:
    op.drop_column("articles", "date_basis")
