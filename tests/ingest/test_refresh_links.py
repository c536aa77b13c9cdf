"""Sources that follow item links: the linked pages are the articles; a page that fails is
reported and retried on the next pass; pages stored already are not fetched again; folders."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

from refresh_support import seed_articles

from calendar_service.events.model import Article
from calendar_service.ingest.fetch import FetchPolicy
from calendar_service.ingest.refresh import refresh_source
from calendar_service.store import Store
from calendar_service.store.sources import SourceDefinition, add_source, get_source

POLICY = FetchPolicy.allowing("127.0.0.1", connect_timeout=2, read_timeout=2, total_timeout=6)
NOW = datetime(2026, 2, 1, tzinfo=UTC)


def _page(article: Article, *, dated: bool) -> bytes:
    meta = (f'<meta property="article:published_time" content="{article.published}">'
            if dated else "")
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.body.split("\n") if p.strip())
    return (f"<!doctype html><html lang=\"en\"><head><title>{escape(article.title)}</title>"
            f"{meta}</head><body><nav>Home | World</nav><article><h1>{escape(article.title)}"
            f"</h1>{paragraphs}</article><footer>Copyright</footer></body></html>").encode()


def _feed(links: list[tuple[str, Article]], pub_dates: list[date]) -> bytes:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{link}</link>"
        f"<pubDate>{format_datetime(datetime.combine(day, datetime.min.time(), tzinfo=UTC))}"
        "</pubDate><description>Read more</description></item>"
        for (link, a), day in zip(links, pub_dates, strict=True))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>").encode()



def test_follow_links_reads_pages_retries_failures_and_skips_stored_pages(
    store: Store, seeds_dir: Path, http_server
) -> None:
    (_, first), (_, second), (_, third), *_ = seed_articles(seeds_dir)
    links = [(http_server.url(f"/{n}.html"), a) for n, a in
             (("a", first), ("b", second), ("c", third))]
    http_server.add("/a.html", _page(first, dated=True))
    http_server.add("/b.html", _page(second, dated=False))  # the item's date must be used
    http_server.add("/c.html", b"gone", status=404)
    url = http_server.add("/desk.rss", _feed(links, [a.published for _, a in links]),
                          headers={"ETag": '"d1"', "Content-Type": "application/rss+xml"})
    add_source(store, SourceDefinition("desk", url, "rss", 600, follow_links=True), now=NOW)

    outcome = refresh_source(store, get_source(store, "desk"), policy=POLICY,  # type: ignore[arg-type]
                             clock=lambda: NOW)
    assert outcome.status == "ok" and outcome.new == 2
    assert len(outcome.item_errors) == 1 and "/c.html" in outcome.item_errors[0]
    assert "404" in outcome.item_errors[0]
    state = get_source(store, "desk").state  # type: ignore[union-attr]
    assert state.etag is None  # keep the feed unvalidated until every item is in
    with store.engine.connect() as connection:
        rows = dict(connection.exec_driver_sql(
            "SELECT url, published FROM articles ORDER BY url").all())
    assert {str(k) for k in rows} == {links[0][0], links[1][0]}
    published = {k: (v if isinstance(v, date) else date.fromisoformat(v)) for k, v in
                 rows.items()}
    assert published[links[0][0]] == first.published  # from the page's metadata
    assert published[links[1][0]] == second.published  # from the feed item

    http_server.add("/c.html", _page(third, dated=True))
    before = http_server.paths_requested()
    outcome = refresh_source(store, get_source(store, "desk"), policy=POLICY,  # type: ignore[arg-type]
                             clock=lambda: NOW)
    assert outcome.status == "ok" and outcome.new == 1 and not outcome.item_errors
    fetched_now = http_server.paths_requested()[len(before):]
    assert fetched_now == ["/desk.rss", "/c.html"]  # stored pages are not fetched again
    assert get_source(store, "desk").state.etag == '"d1"'  # type: ignore[union-attr]
    assert store.counts()["articles"] == 3


def test_a_folder_source_ingests_files_and_a_missing_folder_is_a_source_error(
    store: Store, seeds_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sorted(seeds_dir.glob("*.txt"))[:2]:
        shutil.copy(path, folder / path.name)
    (folder / "broken.txt").write_text("no headers here\n", encoding="utf-8")
    add_source(store, SourceDefinition("local", str(folder), "folder", 600), now=NOW)
    outcome = refresh_source(store, get_source(store, "local"), policy=POLICY,  # type: ignore[arg-type]
                             clock=lambda: NOW)
    assert outcome.status == "ok" and outcome.new == 2
    assert len(outcome.item_errors) == 1 and "broken.txt" in outcome.item_errors[0]

    shutil.rmtree(folder)
    outcome = refresh_source(store, get_source(store, "local"), policy=POLICY,  # type: ignore[arg-type]
                             clock=lambda: NOW)
    assert outcome.status == "failed" and outcome.error_kind == "folder"
    state = get_source(store, "local").state  # type: ignore[union-attr]
    assert state.consecutive_errors == 1 and "no such folder" in (state.last_error or "")
    assert store.counts()["articles"] == 2
