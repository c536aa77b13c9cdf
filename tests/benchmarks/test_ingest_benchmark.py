"""benchmarks/ingest.py: its generated articles are varied and repeatable, and one small run
goes through the whole pipeline with reconciliation merging re-reports."""

from __future__ import annotations

from benchmarks.ingest import generate_articles, report, rss_documents, run_once
from calendar_service.ingest.web_sources import items_to_articles, parse_feed


def test_generated_articles_are_repeatable_and_varied() -> None:
    articles = generate_articles(400)
    assert articles == generate_articles(400)
    assert articles != generate_articles(400, seed=8)
    assert len({a.content_hash for a in articles}) == 400
    assert [a.published for a in articles] == sorted(a.published for a in articles)
    assert (articles[-1].published - articles[0].published).days > 2 * 365
    first_words = {a.title.split(" to ")[0].split(" and ")[0] for a in articles}
    assert len(first_words) > 15  # many different people and series lead the titles


def test_rss_documents_round_trip_through_the_feed_parser() -> None:
    articles = generate_articles(250)
    documents = list(rss_documents(articles))
    assert len(documents) == 3
    day = articles[0].published
    read = [c.article for body in documents
            for c in items_to_articles(parse_feed(body, url="https://wire.example/rss"),
                                       source_name="Benchmark Wire", fetched_at=day)]
    assert {a.content_hash for a in read} == {a.content_hash for a in articles}


def test_a_small_run_stores_every_article_and_merges_re_reports() -> None:
    run = run_once("sqlite", "SQLite", 120, seed=3)
    assert run.articles == 120 and run.seconds > 0
    assert 0 < run.events < 120  # several articles report the same event
    assert run.revisions >= run.events
    assert "| SQLite | 120 |" in report([run])
