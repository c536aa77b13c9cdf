"""Ingest N generated articles through the full pipeline and report articles per second.

    .venv/bin/python benchmarks/ingest.py                       # quick: 200 and 1,000 on SQLite
    .venv/bin/python benchmarks/ingest.py --full \\
        --database sqlite --database postgresql+psycopg://postgres@127.0.0.1:5432/test

Full pipeline: the articles are published as RSS documents (100 items each) and every document
goes through what a refresh pass does with a fetched body -- parse_feed (feedparser) ->
items_to_articles -> ingest_article (extract mentions, reconcile against stored events, store
in one transaction) -- in date order. No network: fetching is I/O, not the cost measured here.

`--database sqlite` means a fresh SQLite file in a temporary folder. A PostgreSQL URL gets a
fresh schema per run (dropped afterwards), so the database itself may be shared.

Generated articles vary people (guest and host among 16 leaders), places (the host's capital or
a summit city), kinds (state visits, visits, meetings, talks, summits of 4 series), statuses
(announced, dated, held, postponed, cancelled) and time phrases (exact days, day ranges,
months, "later this year", "next month", "on Tuesday"), with publication dates spread over
three years. Many articles re-report an event another article made, so reconciliation
narrows, confirms and cancels real events rather than only creating new ones.

Printed: a Markdown table per database (articles, seconds, articles/s, ms per article, events
and revisions stored) and the growth of the cost per article from the smallest to the largest
size (1.0 = perfectly linear total cost).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import sqlalchemy as sa

from calendar_service.events.model import Article
from calendar_service.ingest.pipeline import ingest_article
from calendar_service.ingest.web_sources import items_to_articles, parse_feed
from calendar_service.store import Store, migrate
from calendar_service.store.engine import create

ITEMS_PER_DOCUMENT = 100
LEADERS = [
    ("Vladimir Putin", "Russia", "Moscow"), ("Xi Jinping", "China", "Beijing"),
    ("Narendra Modi", "India", "New Delhi"), ("Recep Tayyip Erdogan", "Turkey", "Ankara"),
    ("Luiz Inacio Lula da Silva", "Brazil", "Brasilia"),
    ("Cyril Ramaphosa", "South Africa", "Pretoria"), ("Emmanuel Macron", "France", "Paris"),
    ("Olaf Scholz", "Germany", "Berlin"), ("Fumio Kishida", "Japan", "Tokyo"),
    ("Joko Widodo", "Indonesia", "Jakarta"), ("Kassym-Jomart Tokayev", "Kazakhstan", "Astana"),
    ("Shavkat Mirziyoyev", "Uzbekistan", "Tashkent"), ("Anthony Albanese", "Australia",
                                                         "Canberra"),
    ("Justin Trudeau", "Canada", "Ottawa"), ("Giorgia Meloni", "Italy", "Rome"),
    ("Pedro Sanchez", "Spain", "Madrid"),
]
SUMMITS = [("BRICS summit", "Kazan", "Russia"), ("SCO summit", "Astana", "Kazakhstan"),
           ("G20 summit", "Rio de Janeiro", "Brazil"), ("ASEAN summit", "Vientiane", "Laos")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def generate_articles(count: int, *, seed: int = 7, start: date = date(2023, 1, 2),
                      days: int = 3 * 365) -> list[Article]:
    """`count` articles in date order; the same seed gives the same articles."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        published = start + timedelta(days=i * days // count)
        out.append(_article(rng, i, published))
    return out


def _article(rng: random.Random, i: int, published: date) -> Article:
    host, guest = rng.sample(LEADERS, 2)
    host_name, host_country, capital = host
    guest_name = guest[0]
    later = published + timedelta(days=rng.randint(10, 150))
    month = MONTHS[later.month - 1]
    day = later.day
    pattern = rng.randrange(8)
    if pattern == 0:
        title = f"{guest_name} to visit {host_country} later this year"
        body = (f"{guest_name} will pay a state visit to {host_country} later this year, "
                f"officials in {capital} said. {host_name} extended the invitation.")
    elif pattern == 1:
        title = f"{guest_name} visit to {host_country} set for {month}"
        body = (f"{guest_name} will travel to {capital} in {month} for talks with "
                f"{host_name}, the foreign ministry said.")
    elif pattern == 2:
        last = min(day + rng.randint(1, 2), 28)
        title = f"{guest_name} to visit {capital} on {month} {day}-{last}"
        body = (f"{guest_name} will pay an official visit to {host_country} from {month} "
                f"{day} to {last} at the invitation of {host_name}, a spokesperson said.")
    elif pattern == 3:
        title = f"{guest_name} and {host_name} met in {capital}"
        body = (f"{host_name} met {guest_name} in {capital} on Tuesday and discussed trade "
                f"and energy, the presidential office said.")
    elif pattern == 4:
        series, city, country = rng.choice(SUMMITS)
        title = f"{series} in {city} planned for {month}"
        body = (f"Leaders will gather in {city} for the {series} in {month}, the hosts said. "
                f"{host_name} and {guest_name} are expected to attend.")
    elif pattern == 5:
        series, city, country = rng.choice(SUMMITS)
        last = min(day + 2, 28)
        title = f"{series} in {city} to run {month} {day}-{last}"
        body = (f"{country} will host the {series} in {city} from {month} {day} to {last}, "
                f"the foreign ministry said on Monday.")
    elif pattern == 6:
        title = f"{guest_name} postpones visit to {host_country}"
        body = (f"{guest_name} has postponed a planned visit to {capital}, officials said on "
                f"Wednesday, without giving a new date.")
    else:
        title = f"{guest_name} and {host_name} to hold talks next month"
        body = (f"{guest_name} and {host_name} will hold talks in {capital} next month, "
                f"diplomats said.")
    return Article(title=title, body=f"{body} (Dispatch {i}.)", published=published,
                   source="Benchmark Wire", url=f"https://wire.example/{i}")


def rss_documents(articles: list[Article]) -> Iterator[bytes]:
    """The articles as RSS documents of ITEMS_PER_DOCUMENT items each."""
    for offset in range(0, len(articles), ITEMS_PER_DOCUMENT):
        yield rss(articles[offset : offset + ITEMS_PER_DOCUMENT], title="Benchmark Wire")


def rss(items: Sequence[Article], *, title: str = "Loopback wire") -> bytes:
    """RSS 2.0, newest first like real feeds: title, link, guid, pubDate (noon UTC),
    description = body. Also what the refresh tests serve on their loopback server; an
    article whose date_basis is "fetched" becomes an item without pubDate."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>http://127.0.0.1/</link>",
        "<description>generated</description><language>en</language>",
    ]
    for article in sorted(items, key=lambda a: a.published, reverse=True):
        noon = datetime.combine(article.published, datetime.min.time(), tzinfo=UTC) + \
            timedelta(hours=12)
        guid = article.url or f"urn:sha256:{article.content_hash}"
        parts.append(
            "<item>"
            f"<title>{escape(article.title)}</title>"
            + (f"<link>{escape(article.url)}</link>" if article.url else "")
            + f'<guid isPermaLink="false">{escape(guid)}</guid>'
            + (f"<pubDate>{format_datetime(noon)}</pubDate>"
               if article.date_basis != "fetched" else "")
            + f"<description>{escape(article.body)}</description>"
            "</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


@dataclass(frozen=True)
class Run:
    database: str
    articles: int
    seconds: float
    parse_seconds: float
    events: int
    revisions: int

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def run_once(url: str, label: str, count: int, seed: int) -> Run:
    documents = list(rss_documents(generate_articles(count, seed=seed)))
    with _fresh_database(url) as fresh:
        store = Store.open(fresh)
        try:
            parse_seconds = 0.0
            started = time.perf_counter()
            stored = 0
            for body in documents:
                t0 = time.perf_counter()
                items = parse_feed(body, url="https://wire.example/rss")
                candidates = items_to_articles(items, source_name="Benchmark Wire",
                                               fetched_at=date.today())
                parse_seconds += time.perf_counter() - t0
                for candidate in sorted(candidates, key=lambda c: c.article.published):
                    result = ingest_article(store, candidate.article, now=datetime.now(UTC))
                    stored += result.created
            seconds = time.perf_counter() - started
            counts = store.counts()
        finally:
            store.close()
    assert stored == count, f"stored {stored} of {count} articles"
    return Run(label, count, seconds, parse_seconds, counts["events"], counts["revisions"])


@contextmanager
def _fresh_database(url: str) -> Iterator[str]:
    if url == "sqlite":
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
            fresh = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            yield fresh
        return
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    fresh = f"{url}{separator}options=-csearch_path%3D{schema}"
    engine = create(fresh)
    try:
        migrate.upgrade(engine)
        engine.dispose()
        yield fresh
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _label(url: str) -> str:
    return "SQLite" if url == "sqlite" else "PostgreSQL"


def report(runs: list[Run]) -> str:
    lines = ["| database | articles | seconds | articles/s | ms/article | parse ms/article | "
             "events | revisions |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in runs:
        lines.append(
            f"| {r.database} | {r.articles:,} | {r.seconds:.1f} | {r.rate:.1f} | "
            f"{1000 * r.seconds / r.articles:.2f} | {1000 * r.parse_seconds / r.articles:.3f} | "
            f"{r.events:,} | {r.revisions:,} |")
    by_db: dict[str, list[Run]] = {}
    for r in runs:
        by_db.setdefault(r.database, []).append(r)
    lines.append("")
    for database, group in by_db.items():
        small, large = min(group, key=lambda r: r.articles), max(group, key=lambda r: r.articles)
        if small is large:
            continue
        growth = (large.seconds / large.articles) / (small.seconds / small.articles)
        lines.append(
            f"- {database}: {large.articles // small.articles}x the articles took "
            f"{large.seconds / small.seconds:.1f}x the time; cost per article grew "
            f"{growth:.2f}x (1.00 = linear)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", action="append", metavar="URL",
                        help="'sqlite' (a fresh temporary file) or a PostgreSQL URL; repeatable "
                             "(default: sqlite)")
    parser.add_argument("--full", action="store_true", help="1,000 and 10,000 articles")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="N",
                        help="article counts (default: 200 1000; --full: 1000 10000)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1000, 10000] if args.full else [200, 1000])
    runs = []
    for url in args.database or ["sqlite"]:
        for size in sizes:
            print(f"{_label(url)}: {size:,} articles ...", file=sys.stderr, flush=True)
            runs.append(run_once(url, _label(url), size, args.seed))
    print(report(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
