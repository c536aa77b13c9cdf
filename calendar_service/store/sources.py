"""Source rows: what to read (definition) and how reading it went (state).

A source is defined either in config/settings.toml (`origin = "config"`: the file is the
source of truth, `sync_config_sources` makes the rows match it) or at run time through the CLI
or the API (`origin = "runtime"`: the row is the definition). The state columns (conditional
GET validators, error count, back-off, health) are written only by refresh passes.

The back-off and health rules themselves live in calendar_service.ingest.sources (pure); this
module only stores their results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Row
from sqlalchemy.exc import IntegrityError

from calendar_service.store.errors import StoreError
from calendar_service.store.store import Store
from calendar_service.store.tables import UTCDateTime, articles, metadata

SourceKind = Literal["rss", "atom", "page", "folder"]
KINDS: tuple[str, ...] = ("rss", "atom", "page", "folder")
Origin = Literal["config", "runtime"]

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    # NULL: not given; each fetch guesses it from the content (detected_kind keeps the guess).
    sa.Column("kind", sa.String(16), nullable=True),
    sa.Column("location", sa.Text, nullable=False),  # URL, or absolute folder path
    sa.Column("interval_seconds", sa.Integer, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("follow_links", sa.Boolean, nullable=False),
    sa.Column("origin", sa.String(16), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # state
    sa.Column("detected_kind", sa.String(16), nullable=True),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("consecutive_errors", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("last_error_at", UTCDateTime, nullable=True),
    sa.Column("last_attempt_at", UTCDateTime, nullable=True),
    sa.Column("last_success_at", UTCDateTime, nullable=True),
    sa.Column("next_due_at", UTCDateTime, nullable=True),  # NULL: due now
    sa.Column("healthy", sa.Boolean, nullable=False),
    sa.Column("articles_stored", sa.Integer, nullable=False),  # new articles, all passes
)


class SourceExistsError(StoreError):
    """A source with this name exists already."""


class UnknownSourceError(StoreError):
    """No source has this name."""


@dataclass(frozen=True, slots=True)
class SourceDefinition:
    """What to read. `interval_seconds` is how often; the CLI and config speak minutes."""

    name: str
    location: str
    kind: SourceKind | None = None  # None: guess from the content at each fetch
    interval_seconds: int = 1800
    enabled: bool = True
    language: str = "en"
    follow_links: bool = False


@dataclass(frozen=True, slots=True)
class SourceState:
    """How reading the source went; written by refresh passes only."""

    detected_kind: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    consecutive_errors: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    next_due_at: datetime | None = None
    healthy: bool = True
    articles_stored: int = 0


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    definition: SourceDefinition
    origin: Origin
    created_at: datetime
    state: SourceState = field(default_factory=SourceState)

    @property
    def name(self) -> str:
        return self.definition.name


_DEFINITION_COLUMNS = tuple(f.name for f in fields(SourceDefinition))
_STATE_COLUMNS = tuple(f.name for f in fields(SourceState))


def _from_row(row: Row[Any]) -> Source:
    m = row._mapping
    return Source(
        id=m["id"],
        definition=SourceDefinition(**{k: m[k] for k in _DEFINITION_COLUMNS}),
        origin=m["origin"],
        created_at=m["created_at"],
        state=SourceState(**{k: m[k] for k in _STATE_COLUMNS}),
    )


def _definition_values(definition: SourceDefinition) -> dict[str, Any]:
    return {k: getattr(definition, k) for k in _DEFINITION_COLUMNS}


def _state_values(state: SourceState) -> dict[str, Any]:
    return {k: getattr(state, k) for k in _STATE_COLUMNS}


# --- reads ---------------------------------------------------------------------------------


def list_sources(store: Store) -> list[Source]:
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(sources).order_by(sources.c.name)).all()
    return [_from_row(row) for row in rows]


def get_source(store: Store, name: str) -> Source | None:
    with store.engine.connect() as connection:
        return _get(connection, name)


def _get(connection: Connection, name: str) -> Source | None:
    row = connection.execute(sa.select(sources).where(sources.c.name == name)).first()
    return _from_row(row) if row is not None else None


# --- definitions ---------------------------------------------------------------------------


def add_source(
    store: Store, definition: SourceDefinition, *, origin: Origin = "runtime", now: datetime
) -> Source:
    """Insert a new source; SourceExistsError if the name is taken."""
    values = {**_definition_values(definition), **_state_values(SourceState()),
              "origin": origin, "created_at": now}
    try:
        with store.transaction() as uow:
            uow.connection.execute(sources.insert().values(values))
            found = _get(uow.connection, definition.name)
    except IntegrityError:
        raise SourceExistsError(f"a source named {definition.name!r} exists already") from None
    assert found is not None
    return found


def update_source(store: Store, name: str, **changes: Any) -> Source:
    """Change definition fields of a source (interval, enabled, ...); UnknownSourceError."""
    unknown = set(changes) - (set(_DEFINITION_COLUMNS) - {"name"})
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))} of a source")
    with store.transaction() as uow:
        result = uow.connection.execute(
            sources.update().where(sources.c.name == name).values(changes)
        )
        if result.rowcount != 1:
            raise UnknownSourceError(f"no source named {name!r}")
        found = _get(uow.connection, name)
    assert found is not None
    return found


def remove_source(store: Store, name: str) -> None:
    """Delete the source row (stored articles and events stay); UnknownSourceError."""
    with store.transaction() as uow:
        result = uow.connection.execute(sources.delete().where(sources.c.name == name))
        if result.rowcount != 1:
            raise UnknownSourceError(f"no source named {name!r}")


@dataclass(frozen=True)
class SyncReport:
    added: list[str]
    updated: list[str]
    removed: list[str]


def sync_config_sources(
    store: Store, definitions: Iterable[SourceDefinition], *, now: datetime
) -> SyncReport:
    """Make the config-defined rows match `definitions` (state is kept for unchanged
    locations); runtime-defined sources are left alone unless config now claims their name,
    in which case config wins. Safe to run from several processes at once."""
    wanted = {d.name: d for d in definitions}
    added: list[str] = []
    updated: list[str] = []
    removed: list[str] = []
    with store.transaction() as uow:
        c = uow.connection
        current = {s.name: s for s in
                   (_from_row(r) for r in c.execute(sa.select(sources)).all())}
        for name, definition in wanted.items():
            existing = current.get(name)
            if existing is None:
                c.execute(_insert_ignoring_conflict(c, {
                    **_definition_values(definition), **_state_values(SourceState()),
                    "origin": "config", "created_at": now,
                }))
                added.append(name)
                continue
            if existing.definition == definition and existing.origin == "config":
                continue
            values: dict[str, Any] = {**_definition_values(definition), "origin": "config"}
            if existing.definition.location != definition.location:
                # Validators and errors belonged to another address.
                values.update(_state_values(SourceState()))
            c.execute(sources.update().where(sources.c.name == name).values(values))
            updated.append(name)
        for name, source in current.items():
            if source.origin == "config" and name not in wanted:
                c.execute(sources.delete().where(sources.c.name == name))
                removed.append(name)
    return SyncReport(added, updated, removed)


def _insert_ignoring_conflict(connection: Connection, values: dict[str, Any]) -> sa.Executable:
    module = postgresql if connection.dialect.name == "postgresql" else sqlite
    return module.insert(sources).values(values).on_conflict_do_nothing(
        index_elements=["name"])


# --- state ---------------------------------------------------------------------------------


def save_state(store: Store, name: str, state: SourceState) -> None:
    """Store the outcome of a refresh pass (silently nothing if the source was removed)."""
    with store.transaction() as uow:
        uow.connection.execute(
            sources.update().where(sources.c.name == name).values(_state_values(state))
        )


def with_state(source: Source, **changes: Any) -> Source:
    return replace(source, state=replace(source.state, **changes))


def known_article_urls(store: Store, urls: Iterable[str]) -> set[str]:
    """Which of `urls` stored articles have (a source following links skips their pages)."""
    wanted = sorted(set(urls))
    found: set[str] = set()
    with store.engine.connect() as connection:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found.update(connection.execute(
                sa.select(articles.c.url).where(articles.c.url.in_(chunk))).scalars())
    return found
