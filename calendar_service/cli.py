"""The `calendar-service` command (also `python -m calendar_service`).

    serve    ingest the configured sources, refresh them on a schedule, serve feeds and the API
    sources  add, list, remove, check the sources the refresh job reads
    refresh  refresh sources now (all enabled ones, or --source NAME), with a progress bar
    scheduler  run the refresh scheduler alone (one leader per database; see ingest/scheduler)
    ingest   article files or folders into the database
    parse    one time phrase -> its date range (the range engine alone; no database)
    events   list stored events (a table, or the API's JSON)
    export   write feeds as static .ics files
    db       schema migrations (upgrade, current) and copying between databases

Settings come from config/settings.toml (or --config / CALENDAR_SERVICE_CONFIG), environment
variables and flags. A bad setting or an unusable database prints one line,
`calendar-service: error: ...`, and exits with status 2. Status 1 means partly done: `ingest`
skipped malformed files (each reported with its reason), `parse` found no time phrase.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from calendar_service.cli_sources import SourceCommandError
from calendar_service.cli_sources import add_commands as add_source_commands
from calendar_service.config import ConfigError, Settings, load_settings
from calendar_service.publish import FeedDefinitionError
from calendar_service.store import EventQuery, Store, StoreError

PROG = "calendar-service"
EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2
log = logging.getLogger(PROG)


class CommandError(Exception):
    """A user-facing failure that is not about settings or the database (unknown feed...)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except (ConfigError, StoreError, FeedDefinitionError, CommandError,
            SourceCommandError) as exc:
        print(f"{PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="News about visits and summits in, subscribable calendars out.",
    )
    parser.add_argument("--config", metavar="FILE",
                        help="settings file (default: $CALENDAR_SERVICE_CONFIG or "
                             "config/settings.toml)")
    parser.add_argument("--database", metavar="URL",
                        help="database URL, e.g. sqlite:///var/calendar.sqlite3 or "
                             "postgresql+psycopg://user@host/db")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="ingest sources, refresh them, serve HTTP")
    serve.add_argument("--host", help="address to listen on (default from settings)")
    serve.add_argument("--port", type=int, help="port (default from settings; 0 picks one)")
    serve.add_argument("--no-refresh", action="store_true",
                       help="serve what is stored; do not ingest sources now or later")
    serve.set_defaults(handler=cmd_serve)

    ingest = commands.add_parser("ingest", help="ingest article files and folders")
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="*.txt files or folders")
    ingest.add_argument("--no-progress", action="store_true",
                        help="no progress bar (default: shown when stderr is a terminal)")
    ingest.set_defaults(handler=cmd_ingest)

    parse = commands.add_parser("parse", help="resolve a time phrase to a date range")
    parse.add_argument("phrase", help='e.g. "later this year"')
    parse.add_argument("--published", required=True, type=_iso_date, metavar="DATE",
                       help="the article's publication date, YYYY-MM-DD")
    parse.add_argument("--json", action="store_true", help="print the mention as JSON")
    parse.set_defaults(handler=cmd_parse)

    events = commands.add_parser("events", help="list stored events")
    events.add_argument("--upcoming", action="store_true",
                        help="only events not over yet (as of today, or --as-of)")
    events.add_argument("--as-of", type=_iso_date, metavar="DATE",
                        help="the day --upcoming counts from (default: today, UTC)")
    events.add_argument("--kind", action="append", default=[], metavar="KIND",
                        help="only this kind (repeatable), e.g. summit, state_visit")
    events.add_argument("--json", action="store_true",
                        help="print the objects GET /api/events serves")
    events.set_defaults(handler=cmd_events)

    export = commands.add_parser("export", help="write feeds as static .ics files")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--feed", metavar="NAME", help="one feed, e.g. all")
    which.add_argument("--all", action="store_true", help="every feed in the feeds folder")
    export.add_argument("--out", metavar="FILE", help="output file (with --feed)")
    export.add_argument("--out-dir", metavar="DIR", help="output folder (with --all)")
    export.set_defaults(handler=cmd_export)

    db = commands.add_parser("db", help="database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="migrate the schema to the latest revision") \
        .set_defaults(handler=cmd_db_upgrade)
    db_commands.add_parser("current", help="show the schema revision") \
        .set_defaults(handler=cmd_db_current)
    copy = db_commands.add_parser("copy", help="copy everything into a new, empty database")
    copy.add_argument("--from", dest="source", metavar="URL",
                      help="source database (default: the configured one)")
    copy.add_argument("--to", dest="target", required=True, metavar="URL",
                      help="target database; its schema is created, it must hold no data")
    copy.add_argument("--no-progress", action="store_true", help="no progress bar")
    copy.set_defaults(handler=cmd_db_copy)
    add_source_commands(commands)  # sources add/list/remove/check, refresh, scheduler
    return parser


# --- commands --------------------------------------------------------------------------------


def cmd_parse(args: argparse.Namespace) -> int:
    from calendar_service.timeparse import parse

    mention = parse(args.phrase, args.published)
    if mention is None:
        print(f"no time expression found in {args.phrase!r}", file=sys.stderr)
        return EXIT_PARTIAL
    if args.json:
        print(json.dumps(mention.to_dict(), ensure_ascii=False))
        return EXIT_OK
    if mention.kind == "duration":
        print(f"duration of about {mention.length_days} days  {mention.text}")
    else:
        print(f"{_day(mention.earliest)}..{_day(mention.latest)}  {mention.text}")
    print(f"granularity: {mention.granularity or '-'}  kind: {mention.kind}")
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    from calendar_service.ingest import ingest_paths

    settings = _settings(args)
    store = Store.open(settings.database_url)
    try:
        progress = not args.no_progress and sys.stderr.isatty()
        report = ingest_paths(store, args.paths, progress=progress, now=datetime.now(UTC))
    finally:
        store.close()
    for error in report.errors:
        print(f"{PROG}: skipped {error.path}: {error.reason}", file=sys.stderr)
    print(f"{report.files} files: {report.summary()}")
    return EXIT_PARTIAL if report.errors else EXIT_OK


def cmd_events(args: argparse.Namespace) -> int:
    if args.as_of and not args.upcoming:
        raise CommandError("--as-of only applies together with --upcoming")
    settings = _settings(args)
    as_of = args.as_of or datetime.now(UTC).date()
    query = EventQuery(kinds=tuple(args.kind), upcoming_as_of=as_of if args.upcoming else None)
    store = Store.open(settings.database_url)
    try:
        found = store.query_events(query)
    finally:
        store.close()
    if args.json:
        from calendar_service.web.serialize import event_to_json

        objects = [event_to_json(e) for e in found]
        print(json.dumps({"events": objects, "count": len(objects)}, ensure_ascii=False,
                         indent=2))
        return EXIT_OK
    rows = [(f"{_day(e.earliest)}..{_day(e.latest)}", e.status, e.kind, e.title, e.id)
            for e in found]
    print(_table(("dates", "status", "kind", "title", "id"), rows))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from calendar_service.publish import load_feed_definitions, render_calendar

    if args.feed and not args.out:
        raise CommandError("export --feed needs --out FILE")
    if args.all and not args.out_dir:
        raise CommandError("export --all needs --out-dir DIR")
    settings = _settings(args)
    feeds = load_feed_definitions(settings.feeds_dir)
    if args.feed:
        if args.feed not in feeds:
            known = ", ".join(sorted(feeds)) or "none"
            raise CommandError(f"no feed named {args.feed!r} in {settings.feeds_dir} "
                               f"(feeds: {known})")
        targets = {args.feed: Path(args.out)}
    else:
        targets = {name: Path(args.out_dir) / f"{name}.ics" for name in feeds}
    today = datetime.now(UTC).date()
    store = Store.open(settings.database_url)
    try:
        for name, target in targets.items():
            feed = feeds[name]
            body = render_calendar(feed, store.query_events(feed.to_query(today)),
                                   settings=settings, as_of=today)
            _write_atomically(target, body)
            print(f"{name}: {target} ({len(body)} bytes)")
    finally:
        store.close()
    return EXIT_OK


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from calendar_service.store import migrate

    settings = _settings(args)
    before, after = migrate.upgrade_url(settings.database_url)
    if before == after:
        print(f"database already at revision {after} (head)")
    else:
        print(f"database upgraded from {before or 'empty'} to {after} (head)")
    return EXIT_OK


def cmd_db_current(args: argparse.Namespace) -> int:
    from calendar_service.store import migrate

    settings = _settings(args)
    current = migrate.current_url(settings.database_url)
    head = migrate.head_revision()
    state = "head" if current == head else f"out of date; head is {head}"
    print(f"{current or 'empty'} ({state})")
    return EXIT_OK


def cmd_db_copy(args: argparse.Namespace) -> int:
    from calendar_service.store.copy import copy_database

    source = args.source or _settings(args).database_url
    progress = not args.no_progress and sys.stderr.isatty()
    report = copy_database(source, args.target, progress=progress)
    for table, rows in report.rows.items():
        print(f"{table}: {rows} rows, checksum {report.checksums[table][:16]} verified")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import waitress

    from calendar_service.ingest.scheduler import RefreshScheduler
    from calendar_service.publish import load_feed_definitions
    from calendar_service.web import create_app

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # APScheduler logs every run of every job at INFO; our own modules say what matters.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    settings = _settings(args).with_overrides(host=args.host, port=args.port)
    store = Store.open(settings.database_url)
    scheduler = None
    try:
        app = create_app(settings, store)  # reads feed definitions: a bad file stops here
        feeds = load_feed_definitions(settings.feeds_dir)
        if not args.no_refresh:
            # Sources come from settings and the database; one leader per database refreshes
            # them (see ingest/scheduler.py). Winning the lock now means the due sources are
            # refreshed before serving starts.
            scheduler = RefreshScheduler(settings, store)
            scheduler.start(initial_pass=True)
        server = waitress.create_server(app, host=settings.host, port=settings.port)
        host = getattr(server, "effective_host", settings.host)
        port = getattr(server, "effective_port", settings.port)
        shown_host = f"[{host}]" if ":" in str(host) else host
        base = f"http://{shown_host}:{port}/"
        print(f"Serving on {base}", flush=True)
        for name in sorted(feeds):
            print(f"  {base}feeds/{name}.ics   (subscribe: webcal://{shown_host}:{port}"
                  f"/feeds/{name}.ics)", flush=True)
        print(f"  {base}api/events", flush=True)
        signal.signal(signal.SIGTERM, _interrupt)
        server.run()
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=True)
        store.close()
    return EXIT_OK


def wsgi_app() -> Any:
    """The Flask app for a WSGI server with several workers, from the settings file and the
    environment: `gunicorn -w 4 'calendar_service.cli:wsgi_app()'`. Each worker opens its own
    store; no refresh job runs here (run one `calendar-service scheduler` beside them)."""
    from calendar_service.web import create_app

    settings = load_settings()
    return create_app(settings, Store.open(settings.database_url))


# --- helpers ---------------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config).with_overrides(database_url=args.database)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date in the form YYYY-MM-DD"
        ) from None


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    if not rows:
        return "no events"
    cells = [tuple(str(c) for c in header), *[tuple(str(c) for c in row) for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _write_atomically(target: Path, body: bytes) -> None:
    """Readers (a web server, a CDN sync) never see half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide the file from a web server
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt
