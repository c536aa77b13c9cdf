"""iCal feeds: render time and memory, and HTTP throughput against a static-file server.

    .venv/bin/python benchmarks/feeds.py                      # 10,000 events; ~2 minutes
    .venv/bin/python benchmarks/feeds.py --full               # also 100,000 events
    .venv/bin/python benchmarks/feeds.py --sizes 1000,50000 --http-events 5000

Part 1, rendering (publish.render_calendar, no database, no HTTP): for each size, a child
process generates the synthetic events (untimed), then renders the "all" feed cold (empty
VEventCache), again cold, then warm (every VEVENT cached). Memory: the child's peak resident
set (getrusage) before and after rendering, so the growth is what rendering needs on top of
the events themselves.

Part 2, HTTP (issue 5's figure): a SQLite database with --http-events events, the service
under waitress, and Python's http.server serving a file with the very bytes of /feeds/all.ics.
Load comes from separate client processes on 127.0.0.1 (keep-alive, --clients of them):
- service 200: a warm feed (VEventCache filled), the full body each time;
- service 304: the same request with If-None-Match (answered from the response cache:
  one change-token query, no events loaded);
- static 200 and static 304 (If-Modified-Since): the same bytes from a plain file server.
The ratio column is each row's requests/s over the static 200's.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import _harness as h


def render_child(n_events: int) -> dict[str, float]:
    """Runs in a fresh process: generate, render cold twice and warm once, report."""
    from benchmarks import _synthetic
    from calendar_service.config import Settings
    from calendar_service.publish import load_feed_definitions, render_calendar
    from calendar_service.publish.ical import VEventCache

    events = _synthetic.events(n_events)
    feed = load_feed_definitions(h.REPO / "feeds")["all"]
    settings = Settings(database_url="sqlite://")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    colds = []
    for _ in range(2):
        started = time.perf_counter()
        body = render_calendar(feed, events, settings=settings, as_of=h.TODAY)
        colds.append(time.perf_counter() - started)
        del body
    cache = VEventCache(max_entries=n_events)
    render_calendar(feed, events, settings=settings, as_of=h.TODAY, cache=cache)
    started = time.perf_counter()
    body = render_calendar(feed, events, settings=settings, as_of=h.TODAY, cache=cache)
    warm = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"events": n_events, "bytes": len(body), "shown": body.count(b"BEGIN:VEVENT"),
            "cold": min(colds), "warm": warm, "rss_before_mb": rss_before / 1000,
            "rss_growth_mb": (rss_after - rss_before) / 1000}


def render_table(sizes: list[int]) -> str:
    rows = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--render-child", str(n)],
            check=True, capture_output=True, text=True, cwd=h.REPO,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        rows.append((n, int(r["shown"]), h.mb(int(r["bytes"])), r["cold"],
                     r["cold"] / r["shown"] * 1e6, r["warm"], r["cold"] / r["warm"],
                     r["rss_before_mb"], r["rss_growth_mb"]))
        print(f"  rendered {n:,} events", file=sys.stderr)
    return h.table(
        ["events", "VEVENTs", "feed MB", "cold render s", "µs / event", "warm render s",
         "cold / warm", "RSS with events MB", "peak RSS growth MB"], rows)


def http_table(n_events: int, requests: int, clients: int, seconds: float) -> str:
    rows = []
    with h.database("sqlite") as url, tempfile.TemporaryDirectory(prefix="bench-static-") as d:
        h.populate(url, n_events)
        with h.app_server(url) as app:
            status, headers, body, first = h.fetch(app, "/feeds/all.ics")
            assert status == 200, status
            Path(d, "all.ics").write_bytes(body)
            _, _, again, warm = h.fetch(app, "/feeds/all.ics")
            assert again == body, "the feed must be byte-identical between requests"
            print(f"  first request {first:.2f}s, second {warm:.2f}s, {len(body):,} bytes",
                  file=sys.stderr)
            etag = headers["etag"]
            service_200 = h.hammer(app, "/feeds/all.ics", requests=requests, clients=clients,
                                   seconds=seconds)
            service_304 = h.hammer(app, "/feeds/all.ics", requests=requests, clients=clients,
                                   seconds=seconds, headers={"If-None-Match": etag})
        with h.static_server(Path(d)) as static:
            status, headers, served, _ = h.fetch(static, "/all.ics")
            assert status == 200 and served == body
            static_200 = h.hammer(static, "/all.ics", requests=requests, clients=clients,
                                  seconds=seconds)
            static_304 = h.hammer(static, "/all.ics", requests=requests, clients=clients,
                                  seconds=seconds,
                                  headers={"If-Modified-Since": headers["last-modified"]})
    base = static_200.rps
    for name, load in (("service 200 (warm feed)", service_200),
                       ("service 304 (If-None-Match)", service_304),
                       ("static 200 (http.server)", static_200),
                       ("static 304 (If-Modified-Since)", static_304)):
        codes = ", ".join(f"{k}×{v}" for k, v in sorted(load.statuses.items()))
        rows.append((name, codes, load.rps, load.median_ms, load.p99_ms, load.rps / base))
    title = (f"{n_events:,} events stored, feed {h.mb(len(body)):.1f} MB; first request after "
             f"start {first:.2f} s, second {warm:.2f} s; {clients} client processes\n\n")
    return title + h.table(
        ["target", "responses", "requests/s", "median ms", "p99 ms", "ratio to static 200"],
        rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000",
                        help="comma-separated feed sizes to render (default 10000)")
    parser.add_argument("--full", action="store_true", help="render 10,000 and 100,000")
    parser.add_argument("--http-events", type=int, default=2_000,
                        help="events in the database behind the HTTP test (default 2000)")
    parser.add_argument("--requests", type=int, default=400, help="per HTTP target")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--seconds", type=float, default=20.0,
                        help="time limit per HTTP target (default 20)")
    parser.add_argument("--no-http", action="store_true", help="rendering only")
    parser.add_argument("--render-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render_child:
        print(json.dumps(render_child(args.render_child)))
        return
    sizes = [10_000, 100_000] if args.full else [int(s) for s in args.sizes.split(",")]
    print("### Feed rendering (render_calendar, events in memory)\n")
    print(render_table(sizes))
    if not args.no_http:
        print("\n### Feed over HTTP: service vs static file server (same bytes)\n")
        print(http_table(args.http_events, args.requests, args.clients, args.seconds))


if __name__ == "__main__":
    main()
