"""Storage at growing sizes on SQLite and PostgreSQL (issue 8).

    .venv/bin/python benchmarks/storage.py                    # 10,000 events; ~3 minutes
    .venv/bin/python benchmarks/storage.py --full             # 10,000 and 100,000 events
    .venv/bin/python benchmarks/storage.py --sizes 5000,20000 --database sqlite

For each database (default: a temporary SQLite file and, when reachable, a private schema in
the local PostgreSQL `test` database, dropped afterwards) and each size, in a fresh database:

- ingest: synthetic events (benchmarks/_synthetic.py) saved through UnitOfWork.save_events,
  1,000 events and their ~500 articles per transaction; events/s over the store's work only
  (article ingestion through the text pipeline is benchmarks/ingest.py);
- the size on disk (SQLite file after a WAL checkpoint; PostgreSQL: tables with their
  indexes and TOAST);
- `/api/events` filter latency from a client process on 127.0.0.1 (one keep-alive client,
  --requests per filter; median and p99) against the service under waitress;
- feed render time: the first GET /feeds/all.ics after start (load every event with its
  evidence, render every VEVENT) and the second (VEVENTs cached; events still loaded).

A last table divides the largest size's figures by the smallest's, so growth is visible.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _harness as h

FILTERS = (
    ("kind", "/api/events?kind=summit"),
    ("country", "/api/events?country=Russia"),
    ("participant", "/api/events?participant=Xi%20Jinping"),
    ("from/to window", "/api/events?from=2025-03-01&to=2025-03-31"),
    ("upcoming + max_width", "/api/events?upcoming=true&max_width=7"),
    ("status + sort=updated", "/api/events?status=cancelled&sort=updated"),
    ("text q", "/api/events?q=kazan"),
)


@dataclass
class Result:
    spec: str
    events: int
    ingest_seconds: float
    size_bytes: int
    filters: dict[str, tuple[float, float]]  # name -> (median ms, p99 ms)
    feed_bytes: int
    feed_cold: float
    feed_warm: float

    @property
    def ingest_rate(self) -> float:
        return self.events / self.ingest_seconds


def measure(spec: str, n_events: int, requests: int, seconds: float) -> Result:
    with h.database(spec) as url:
        saved = h.populate(url, n_events)
        size = h.database_bytes(url)
        print(f"  {h.label(spec)} {n_events:,}: saved in {saved:.1f}s", file=sys.stderr)
        with h.app_server(url) as server:
            status, _, body, cold = h.fetch(server, "/feeds/all.ics")
            assert status == 200, status
            _, _, _, warm = h.fetch(server, "/feeds/all.ics")
            filters = {}
            for name, path in FILTERS:
                status, _, _, _ = h.fetch(server, path)
                assert status == 200, (path, status)
                load = h.hammer(server, path, requests=requests, clients=1, seconds=seconds)
                filters[name] = (load.median_ms, load.p99_ms)
    return Result(spec, n_events, saved, size, filters, len(body), cold, warm)


def tables(results: list[Result]) -> str:
    out = []
    out.append(h.table(
        ["database", "events", "ingest events/s", "ingest s", "size MB", "bytes / event",
         "feed MB", "feed 1st request s", "feed 2nd request s"],
        [(h.label(r.spec), r.events, r.ingest_rate, r.ingest_seconds, h.mb(r.size_bytes),
          round(r.size_bytes / r.events), h.mb(r.feed_bytes), r.feed_cold, r.feed_warm)
         for r in results]))
    out.append("\n`/api/events` filter latency, one client (median / p99 ms):\n")
    out.append(h.table(
        ["database", "events", *[name for name, _ in FILTERS]],
        [(h.label(r.spec), r.events,
          *[f"{r.filters[n][0]:.1f} / {r.filters[n][1]:.1f}" for n, _ in FILTERS])
         for r in results]))
    growth = []
    for spec in dict.fromkeys(r.spec for r in results):
        mine = [r for r in results if r.spec == spec]
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        filter_growth = [large.filters[n][0] / small.filters[n][0] for n, _ in FILTERS]
        growth.append((h.label(spec), f"{small.events:,} → {large.events:,}",
                       large.events / small.events, small.ingest_rate / large.ingest_rate,
                       large.size_bytes / small.size_bytes, large.feed_cold / small.feed_cold,
                       min(filter_growth), max(filter_growth)))
    if growth:
        out.append("\nGrowth, largest size over smallest (1.0 = unchanged; data grew by the "
                   "'events ×' column):\n")
        out.append(h.table(
            ["database", "sizes", "events ×", "time per ingested event ×", "size ×",
             "feed 1st request ×", "filter median × (min)", "filter median × (max)"],
            growth))
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="comma-separated (default 10000)")
    parser.add_argument("--full", action="store_true", help="10,000 and 100,000 events")
    parser.add_argument("--database", action="append", default=[], metavar="URL",
                        help="'sqlite' or a PostgreSQL URL (repeatable)")
    parser.add_argument("--requests", type=int, default=100, help="per filter (default 100)")
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="time limit per filter (default 10)")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.full else [int(s) for s in args.sizes.split(",")]
    results = [measure(spec, n, args.requests, args.seconds)
               for spec in h.database_specs(args.database) for n in sizes]
    print("### Storage by database and size\n")
    print(tables(results))


if __name__ == "__main__":
    main()
