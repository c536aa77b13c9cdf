"""CLI commands about sources and refreshing them: `sources ...`, `refresh`, `scheduler`.

Registered by calendar_service.cli. Config-defined sources are synced into the database by
every command here, so the table always shows what settings.toml says.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from datetime import UTC, datetime
from types import FrameType
from typing import Any

from calendar_service.config import Settings, load_settings
from calendar_service.store import Store
from calendar_service.store.sources import Source

EXIT_OK, EXIT_PARTIAL = 0, 1


class SourceCommandError(Exception):
    """A user-facing failure: unknown source, name taken, bad definition."""


def add_commands(commands: Any) -> None:
    """Add `sources`, `refresh` and `scheduler` to the CLI's subparsers."""
    sources = commands.add_parser("sources", help="list, add, remove and check sources")
    actions = sources.add_subparsers(dest="sources_command", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="add a feed, page or folder source")
    add.add_argument("name", metavar="NAME")
    add.add_argument("location", metavar="URL_OR_PATH")
    add.add_argument("--kind", choices=("rss", "atom", "page", "folder"),
                     help="default: folder for a path; guessed from the content for a URL")
    add.add_argument("--interval", type=int, metavar="MINUTES",
                     help="minutes between refreshes (default: refresh.interval_minutes)")
    add.add_argument("--language", default="en", help="language when the source states none")
    add.add_argument("--follow-links", action="store_true",
                     help="read the page each feed item links to")
    add.add_argument("--disabled", action="store_true", help="add it switched off")
    add.set_defaults(handler=cmd_sources_add)

    listing = actions.add_parser("list", help="sources with their health")
    listing.add_argument("--json", action="store_true", help="the objects /api/sources serves")
    listing.set_defaults(handler=cmd_sources_list)

    remove = actions.add_parser("remove", help="remove a source (its articles stay)")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=cmd_sources_remove)

    check = actions.add_parser("check", help="fetch and parse a source now, storing nothing")
    check.add_argument("name", metavar="NAME")
    check.set_defaults(handler=cmd_sources_check)

    refresh = commands.add_parser("refresh", help="refresh sources now (ignores back-off)")
    refresh.add_argument("--source", metavar="NAME", help="only this source")
    refresh.add_argument("--no-progress", action="store_true",
                         help="no progress bar (default: shown when stderr is a terminal)")
    refresh.set_defaults(handler=cmd_refresh)

    scheduler = commands.add_parser(
        "scheduler", help="run the refresh scheduler alone (one leader per database)")
    scheduler.add_argument("--leader-check", type=float, default=5.0, metavar="SECONDS",
                           help="how often to check or try to take the leader lock")
    scheduler.set_defaults(handler=cmd_scheduler)


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config).with_overrides(database_url=args.database)


def _open_synced(settings: Settings) -> Store:
    from calendar_service.ingest.sources import config_definitions
    from calendar_service.store.sources import sync_config_sources

    store = Store.open(settings.database_url)
    try:
        sync_config_sources(store, config_definitions(settings), now=datetime.now(UTC))
    except BaseException:
        store.close()
        raise
    return store


def _require(store: Store, name: str) -> Source:
    from calendar_service.store.sources import get_source

    source = get_source(store, name)
    if source is None:
        raise SourceCommandError(f"no source named {name!r} (see `sources list`)")
    return source


# --- sources ---------------------------------------------------------------------------------


def cmd_sources_add(args: argparse.Namespace) -> int:
    from pathlib import Path

    from calendar_service.ingest.sources import SourceDefinitionError, new_definition
    from calendar_service.store.sources import SourceExistsError, add_source

    settings = _settings(args)
    try:
        definition = new_definition(
            args.name, args.location, kind=args.kind, interval_minutes=args.interval,
            default_minutes=settings.refresh_minutes, enabled=not args.disabled,
            language=args.language, follow_links=args.follow_links, base=Path.cwd(),
        )
    except SourceDefinitionError as exc:
        raise SourceCommandError(str(exc)) from None
    store = _open_synced(settings)
    try:
        source = add_source(store, definition, now=datetime.now(UTC))
    except SourceExistsError as exc:
        raise SourceCommandError(str(exc)) from None
    finally:
        store.close()
    d = source.definition
    print(f"added source {d.name}: {d.kind or 'kind guessed at each fetch'} {d.location}, "
          f"every {d.interval_seconds // 60} min")
    return EXIT_OK


def cmd_sources_list(args: argparse.Namespace) -> int:
    from calendar_service.ingest.sources import effective_kind
    from calendar_service.store.sources import list_sources

    store = _open_synced(_settings(args))
    try:
        found = list_sources(store)
    finally:
        store.close()
    if args.json:
        from calendar_service.web.sources import source_to_json

        print(json.dumps({"sources": [source_to_json(s) for s in found]}, ensure_ascii=False,
                         indent=2))
        return EXIT_OK
    if not found:
        print("no sources")
        return EXIT_OK
    rows = []
    for s in found:
        d, st = s.definition, s.state
        health = "healthy" if st.healthy else "UNHEALTHY"
        if not d.enabled:
            health = "disabled"
        rows.append((d.name, effective_kind(d, st), f"{d.interval_seconds // 60}m", health,
                     str(st.consecutive_errors), _moment(st.last_success_at),
                     _moment(st.next_due_at), d.location, st.last_error or ""))
    print(_table(("name", "kind", "every", "health", "errors", "last success", "next due",
                  "location", "last error"), rows))
    return EXIT_OK


def cmd_sources_remove(args: argparse.Namespace) -> int:
    from calendar_service.store.sources import remove_source

    store = _open_synced(_settings(args))
    try:
        source = _require(store, args.name)
        if source.origin == "config":
            raise SourceCommandError(
                f"source {args.name!r} is defined in the settings file; remove it there")
        remove_source(store, args.name)
    finally:
        store.close()
    print(f"removed source {args.name} (its articles and events stay)")
    return EXIT_OK


def cmd_sources_check(args: argparse.Namespace) -> int:
    from calendar_service.ingest.check import check_source

    settings = _settings(args)
    store = _open_synced(settings)
    try:
        source = _require(store, args.name)
    finally:
        store.close()
    report = check_source(source, settings)
    print(report.text)
    return EXIT_OK if report.ok else EXIT_PARTIAL


# --- refresh and scheduler ---------------------------------------------------------------


def cmd_refresh(args: argparse.Namespace) -> int:
    from calendar_service.ingest.fetch import FetchPolicy
    from calendar_service.ingest.refresh import refresh_source
    from calendar_service.store.sources import list_sources

    settings = _settings(args)
    store = _open_synced(settings)
    failed = 0
    try:
        if args.source:
            chosen = [_require(store, args.source)]
        else:
            chosen = [s for s in list_sources(store) if s.definition.enabled]
        policy = FetchPolicy.from_settings(settings)
        progress = not args.no_progress and sys.stderr.isatty()
        for source in chosen:
            outcome = refresh_source(store, source, policy=policy, progress=progress)
            print(f"{source.name}: {outcome.summary()}", flush=True)
            for error in outcome.item_errors:
                print(f"  skipped {error}", file=sys.stderr)
            failed += outcome.status == "failed"
    finally:
        store.close()
    if not chosen:
        print("no enabled sources")
    return EXIT_PARTIAL if failed else EXIT_OK


def cmd_scheduler(args: argparse.Namespace) -> int:
    from calendar_service.ingest.scheduler import run_scheduler

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = _settings(args)
    store = Store.open(settings.database_url)
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(f"scheduler running (pid {__import__('os').getpid()}); stop with SIGTERM or Ctrl-C",
          flush=True)
    try:
        run_scheduler(settings, store, stop, check_seconds=args.leader_check)
    finally:
        store.close()
    return EXIT_OK


# --- helpers ---------------------------------------------------------------------------------


def _moment(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "-"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    cells = [header, *rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
