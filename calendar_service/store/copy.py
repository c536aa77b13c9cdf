"""`calendar-service db copy`: move everything between databases (SQLite <-> PostgreSQL).

Rows are copied table by table in foreign-key order, keeping their ids, inside one target
transaction; before it commits, every table's row count and checksum must equal the source's,
otherwise nothing is written.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from tqdm import tqdm

from calendar_service.store import migrate
from calendar_service.store.engine import WRITE, create
from calendar_service.store.errors import StoreError
from calendar_service.store.sources import sources
from calendar_service.store.tables import (
    articles,
    event_mentions,
    event_participants,
    event_revisions,
    events,
)

# Every table, parents before children.
TABLES = (articles, events, event_participants, event_mentions, event_revisions, sources)
BATCH = 1000


@dataclass(frozen=True)
class CopyReport:
    rows: dict[str, int]  # table -> rows copied
    checksums: dict[str, str]  # table -> sha256 of its canonical rows (equal on both sides)


def copy_database(source_url: str, target_url: str, *, progress: bool = False) -> CopyReport:
    """Copy every row from `source_url` into the empty database at `target_url` (its schema
    is upgraded first). StoreError if the source is not at head, the target holds data, or
    the copy does not verify."""
    source, target = create(source_url), create(target_url)
    try:
        head = migrate.head_revision()
        if migrate.current_revision(source) != head:
            raise StoreError("source database schema is out of date; run `calendar-service "
                             "db upgrade` on it first")
        migrate.upgrade(target)
        with source.connect() as read, target.connect() as write:
            if read.dialect.name == "postgresql":
                read.execution_options(isolation_level="REPEATABLE READ")  # one snapshot
            write.execution_options(**WRITE)
            with read.begin(), write.begin():
                return _copy(read, write, progress)
    except OperationalError as exc:
        first = str(exc.orig or exc).strip().splitlines()[0]
        raise StoreError(f"database copy failed: {first}") from exc
    finally:
        source.dispose()
        target.dispose()


def _copy(read: Connection, write: Connection, progress: bool) -> CopyReport:
    present = {t.name: _count(write, t) for t in TABLES}
    if any(present.values()):
        held = ", ".join(f"{n} {name}" for name, n in present.items() if n)
        raise StoreError(f"target database is not empty ({held}); copy only into a new one")
    counts = {t.name: _count(read, t) for t in TABLES}
    bar = tqdm(total=sum(counts.values()), unit="row", file=sys.stderr, disable=not progress,
               desc="copy")
    with bar:
        for table in TABLES:
            for batch in _batches(read, table):
                write.execute(table.insert(), batch)
                bar.update(len(batch))
    if write.dialect.name == "postgresql":
        _reset_sequences(write)
    checksums = {t.name: checksum(read, t) for t in TABLES}
    copied = {t.name: _count(write, t) for t in TABLES}
    written = {t.name: checksum(write, t) for t in TABLES}
    if copied != counts or written != checksums:
        wrong = sorted(n for n in counts if copied[n] != counts[n] or written[n] != checksums[n])
        raise StoreError(f"copy did not verify for {', '.join(wrong)}; nothing was written")
    return CopyReport(rows=counts, checksums=checksums)


def checksum(connection: Connection, table: sa.Table) -> str:
    """A digest of the table's rows, values in a canonical form, independent of row order (the
    databases may sort text keys differently): the sum of the rows' sha256 digests."""
    total = 0
    for batch in _batches(connection, table):
        for row in batch:
            line = json.dumps(row, default=_canonical, sort_keys=True).encode()
            total = (total + int.from_bytes(hashlib.sha256(line).digest())) % (1 << 256)
    return f"{total:064x}"


def _batches(connection: Connection, table: sa.Table) -> Iterator[list[dict[str, Any]]]:
    statement = sa.select(table).execution_options(yield_per=BATCH)
    result = connection.execute(statement)
    for partition in result.mappings().partitions(BATCH):
        yield [dict(row) for row in partition]


def _count(connection: Connection, table: sa.Table) -> int:
    return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _reset_sequences(write: Connection) -> None:
    """Copied ids were given explicitly; move each serial past them for the next insert."""
    for table in (articles, event_mentions, event_revisions, sources):
        write.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
        ))


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot checksum {type(value).__name__}")
