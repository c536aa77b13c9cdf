"""A database-wide writer queue for transactions that keep losing optimistic races.

On PostgreSQL a transaction-scoped advisory lock: the holders run one at a time, released at
commit or rollback. SQLite needs none: its write transactions (BEGIN IMMEDIATE) already run
one at a time.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

WRITER_QUEUE_KEY = 0x696E6765737421  # "ingest!": one key shared by every process


def join_writer_queue(connection: Connection) -> None:
    """Wait until no other queued writer holds the queue; held until this transaction ends."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": WRITER_QUEUE_KEY})
