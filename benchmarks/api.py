"""REST API latency and throughput with many events, on SQLite and PostgreSQL (issue 6).

    .venv/bin/python benchmarks/api.py                        # 20,000 events; ~4 minutes
    .venv/bin/python benchmarks/api.py --full                 # 100,000 events (issue 6)
    .venv/bin/python benchmarks/api.py --events 50000 --database sqlite \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/test

For each database (default: a temporary SQLite file and, when reachable, a private schema
in the local PostgreSQL `test` database, dropped afterwards): --events synthetic events are
saved, the service runs under waitress (4 threads, as `calendar-service serve`) in its own
process with "today" fixed at 2025-01-01 (about half the events are upcoming), and client
processes on 127.0.0.1 send keep-alive GETs:

- latency: one client, --requests requests, one after another (median and p99);
- throughput: --clients clients at once, --requests requests in all (requests/s).

Endpoints: `/api/events?upcoming=true` and `/api/summits/upcoming` (default page, 50 events),
plus the same with limit=500 (the largest page) to show the cost per serialised event.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _harness as h

PATHS = (
    "/api/events?upcoming=true",
    "/api/summits/upcoming",
    "/api/events?upcoming=true&limit=500",
    "/api/summits/upcoming?limit=500",
)


def run(spec: str, n_events: int, requests: int, clients: int, seconds: float) -> str:
    rows = []
    with h.database(spec) as url:
        saved = h.populate(url, n_events)
        print(f"  {h.label(spec)}: {n_events:,} events saved in {saved:.1f}s", file=sys.stderr)
        with h.app_server(url) as server:
            for path in PATHS:
                status, _, body, _ = h.fetch(server, path)  # warm-up; also checks the answer
                assert status == 200, (path, status, body[:300])
                single = h.hammer(server, path, requests=requests, clients=1, seconds=seconds)
                many = h.hammer(server, path, requests=requests, clients=clients,
                                seconds=seconds)
                assert set(single.statuses) == {200} and set(many.statuses) == {200}
                rows.append((f"`{path}`", h.mb(len(body)) * 1000, single.median_ms,
                             single.p99_ms, single.rps, many.rps, many.p99_ms))
    title = f"{h.label(spec)}, {n_events:,} events\n\n"
    return title + h.table(
        ["endpoint", "body kB", "median ms (1 client)", "p99 ms (1 client)",
         "requests/s (1 client)", f"requests/s ({clients} clients)",
         f"p99 ms ({clients} clients)"], rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--full", action="store_true", help="100,000 events")
    parser.add_argument("--database", action="append", default=[], metavar="URL",
                        help="'sqlite' or a PostgreSQL URL (repeatable)")
    parser.add_argument("--requests", type=int, default=200, help="per endpoint and mode")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--seconds", type=float, default=8.0,
                        help="time limit per endpoint and mode (default 8)")
    args = parser.parse_args()
    n_events = 100_000 if args.full else args.events
    print("### REST API under load\n")
    for spec in h.database_specs(args.database):
        print(run(spec, n_events, args.requests, args.clients, args.seconds) + "\n")


if __name__ == "__main__":
    main()
