"""Shared parts of the service benchmarks (feeds.py, api.py, storage.py).

- `database(spec)`: a fresh, migrated database for one run: "sqlite" is a file in a temporary
  folder; a PostgreSQL URL gets a private schema (search_path in the URL), dropped afterwards.
- `populate(url, n)`: N synthetic events (benchmarks/_synthetic.py) saved through the
  store's UnitOfWork, 1,000 events and their articles per transaction; returns the seconds.
- `app_server(url)` / `static_server(folder)`: the service under waitress (as `calendar-service
  serve` runs it) or Python's http.server (HTTP/1.1, keep-alive) in a child process on
  127.0.0.1, stopped on exit.
- `hammer(...)`: load from separate processes: each keeps one HTTP/1.1 connection open and
  sends requests one after another until its request count or the time limit is reached.

Run `python benchmarks/_harness.py serve URL` to get the benchmark's server by hand.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: make `benchmarks` and the package importable
    sys.path.insert(0, str(REPO))

import sqlalchemy as sa  # noqa: E402

from benchmarks import _synthetic  # noqa: E402
from calendar_service.store import Store, migrate  # noqa: E402
from calendar_service.store.engine import create  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TODAY = _synthetic.CENTER  # the server's "today": upcoming and expiry do not drift with the clock


# --- databases ------------------------------------------------------------------------------


def database_specs(given: Sequence[str]) -> list[str]:
    """The databases to run on: the ones given, else SQLite and (if reachable) PostgreSQL."""
    if given:
        return list(given)
    specs = ["sqlite"]
    why = pg_unreachable(DEFAULT_PG)
    if why:
        print(f"note: PostgreSQL left out ({why}); pass --database URL to include one",
              file=sys.stderr)
    else:
        specs.append(DEFAULT_PG)
    return specs


def pg_unreachable(url: str) -> str | None:
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
        return None
    except sa.exc.OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0]
    finally:
        engine.dispose()


def label(spec: str) -> str:
    return "SQLite" if spec == "sqlite" else "PostgreSQL"


@contextmanager
def database(spec: str) -> Iterator[str]:
    """A fresh database at the schema head; removed afterwards. Yields its URL."""
    if spec == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-db-") as folder:
            url = f"sqlite:///{Path(folder) / 'calendar.sqlite3'}"
            _upgrade(url)
            yield url
        return
    schema = f"bench_svc_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(spec)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        separator = "&" if "?" in spec else "?"
        url = f"{spec}{separator}options=-csearch_path%3D{schema}"
        _upgrade(url)
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _upgrade(url: str) -> None:
    engine = create(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


def populate(url: str, n_events: int, *, seed: int = 1, batch_size: int = 1_000) -> float:
    """Save `n_events` synthetic events (articles first); the seconds the saving took
    (PostgreSQL's ANALYZE afterwards is not counted)."""
    elapsed = 0.0
    with Store.open(url) as store:
        for batch in _synthetic.batches(n_events, seed=seed, batch_size=batch_size):
            started = time.perf_counter()  # generation is not timed, only the store's work
            with store.transaction() as uow:
                for article in batch.articles:
                    uow.add_article(article)
                uow.save_events(batch.events)
            elapsed += time.perf_counter() - started
        # Fresh PostgreSQL tables have no planner statistics until autovacuum gets to them;
        # measure the steady state a running service has, not that first minute.
        if store.engine.dialect.name == "postgresql":
            with store.engine.begin() as connection:
                connection.exec_driver_sql(  # this schema's tables only (search_path)
                    "ANALYZE events, event_participants, event_mentions, event_revisions, "
                    "articles")
    return elapsed


def database_bytes(url: str) -> int:
    """On-disk size: the SQLite file after a WAL checkpoint, or the schema's relations."""
    engine = create(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                path = Path(engine.url.database or "")
                return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
            return int(connection.execute(sa.text(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind = 'r'"
            )).scalar_one())
    finally:
        engine.dispose()


# --- servers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    host: str
    port: int


@contextmanager
def app_server(url: str, *, threads: int = 4) -> Iterator[Server]:
    """The Flask app under waitress in a child process (see `_serve`)."""
    command = [sys.executable, "-u", str(Path(__file__).resolve()), "serve", url,
               "--threads", str(threads)]
    with _child(command, marker="serving on port ") as port:
        yield Server("127.0.0.1", port)


@contextmanager
def static_server(folder: Path) -> Iterator[Server]:
    """Python's http.server on `folder`, HTTP/1.1 so that connections are kept alive."""
    command = [sys.executable, "-u", "-m", "http.server", "--bind", "127.0.0.1",
               "--protocol", "HTTP/1.1", "--directory", str(folder), "0"]
    with _child(command, marker=" port ") as port:
        yield Server("127.0.0.1", port)


@contextmanager
def _child(command: list[str], *, marker: str) -> Iterator[int]:
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if marker not in line:
            raise RuntimeError(f"server did not start: {' '.join(command)}: {line!r}")
        yield int(line.split(marker, 1)[1].split()[0].strip("/)"))
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _serve(url: str, threads: int) -> None:
    import waitress

    from calendar_service.config import Settings
    from calendar_service.web.app import create_app

    store = Store.open(url)
    settings = Settings(database_url=url, feeds_dir=REPO / "feeds")
    app = create_app(settings, store, today=lambda: TODAY)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads)
    print(f"serving on port {server.effective_port}", flush=True)  # type: ignore[union-attr]
    server.run()


# --- load -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    latencies: list[float]  # seconds, one per request
    statuses: dict[int, int]
    body_bytes: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p99_ms(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000


def hammer(
    server: Server, path: str, *, requests: int, clients: int = 1, seconds: float = 20.0,
    headers: dict[str, str] | None = None,
) -> Load:
    """`requests` GETs of `path` spread over `clients` processes, each stopping early when
    `seconds` have passed. Wall time runs from the first start to the last finish."""
    per_client = [requests // clients + (i < requests % clients) for i in range(clients)]
    jobs = [(server.host, server.port, path, count, seconds, headers or {})
            for count in per_client if count]
    context = multiprocessing.get_context("spawn")  # a clean child: no copied server state
    with context.Pool(len(jobs)) as pool:
        results = pool.map(_client, jobs)
    latencies = [lat for r in results for lat in r[0]]
    statuses: dict[int, int] = {}
    for r in results:
        for code, count in r[1].items():
            statuses[code] = statuses.get(code, 0) + count
    started = min(r[2] for r in results)
    finished = max(r[3] for r in results)
    return Load(requests=len(latencies), seconds=finished - started, latencies=latencies,
                statuses=statuses, body_bytes=max(r[4] for r in results))


def _client(
    job: tuple[str, int, str, int, float, dict[str, str]],
) -> tuple[list[float], dict[int, int], float, float, int]:
    host, port, path, count, limit, headers = job
    connection = http.client.HTTPConnection(host, port, timeout=300)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    body_bytes = 0
    started = time.time()
    deadline = time.perf_counter() + limit
    for _ in range(count):
        before = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body_bytes = len(response.read())
        latencies.append(time.perf_counter() - before)
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection(host, port, timeout=300)
        if time.perf_counter() > deadline:
            break
    connection.close()
    return latencies, statuses, started, time.time(), body_bytes


def fetch(server: Server, path: str, headers: dict[str, str] | None = None
          ) -> tuple[int, dict[str, str], bytes, float]:
    """One GET on a new connection: (status, lower-cased headers, body, seconds)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=600)
    try:
        before = time.perf_counter()
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
        return (response.status, {k.lower(): v for k, v in response.getheaders()}, body,
                time.perf_counter() - before)
    finally:
        connection.close()


# --- output ---------------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; floats keep three significant decimals."""
    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def mb(size: int) -> float:
    return size / 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the app on a free port of 127.0.0.1")
    serve.add_argument("url")
    serve.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    _serve(args.url, args.threads)


if __name__ == "__main__":
    main()
