"""The ingest pipeline on both databases: the seed story end to end, idempotence, races."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from calendar_service.events import extract_event_mentions, reconcile
from calendar_service.events.model import Article, Event
from calendar_service.ingest import ingest_article, read_article_file
from calendar_service.ingest.pipeline import source_ref
from calendar_service.store import EventQuery, Store

NOW = datetime(2024, 11, 1, 9, 0, tzinfo=UTC)
EVERYTHING = EventQuery(include_undated=True)


def _seeds(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"), key=lambda p: (read_article_file(p).published, p.name))


def _matches(event: Event, wanted: dict[str, Any]) -> bool:
    checks = {
        "kind": event.kind, "status": event.status, "city": event.city,
        "country": event.country,
        "earliest": event.earliest and event.earliest.isoformat(),
        "latest": event.latest and event.latest.isoformat(),
    }
    return all(wanted[key] == value for key, value in checks.items() if key in wanted)


def _snapshot(store: Store) -> dict[str, tuple]:
    return {
        e.id: (e.kind, e.earliest, e.latest, e.status, e.sequence, len(e.supports),
               len(e.revisions))
        for e in store.query_events(EVERYTHING)
    }


def test_seed_story_step_by_step(store: Store, seeds_dir: Path) -> None:
    """After each article, the events expected.json requires are stored, found again by the
    next transaction (same ids), and re-ingesting an article changes nothing."""
    expected = json.loads((seeds_dir / "expected.json").read_text(encoding="utf-8"))
    steps = {step["after"]: step for step in expected["steps"]}
    seen_ids: set[str] = set()
    for path in _seeds(seeds_dir):
        article = read_article_file(path)
        result = ingest_article(store, article, origin=path.name, now=NOW)
        assert result.created
        for event in result.events:  # what the pipeline returns is what got stored
            assert store.get_event(event.id) == event
        stored = store.query_events(EVERYTHING)
        for wanted in steps.get(path.name, {}).get("events", []):
            assert any(_matches(e, wanted) for e in stored), (path.name, wanted["what"])
        ids = {e.id for e in stored}
        assert seen_ids <= ids  # events keep their ids (and calendar UIDs) from step to step
        seen_ids = ids
        # The visit announced first and dated later is one event, not two.
        assert len([e for e in stored if e.kind == "state_visit"]) == 1
        before = _snapshot(store)
        again = ingest_article(store, article, origin="again", now=NOW)
        assert (again.article_id, again.created, again.events) == (result.article_id, False, [])
        assert _snapshot(store) == before
    assert store.counts()["articles"] == len(_seeds(seeds_dir))


def test_revisions_keep_the_history_of_a_narrowed_event(store: Store, seeds_dir: Path) -> None:
    for path in _seeds(seeds_dir)[:3]:
        ingest_article(store, read_article_file(path), now=NOW)
    (visit,) = store.query_events(EventQuery(kinds=("state_visit",)))
    assert (visit.earliest, visit.latest) == (date(2024, 5, 16), date(2024, 5, 17))
    assert len(visit.revisions) >= 2
    assert [r.sequence for r in visit.revisions] == sorted({r.sequence for r in visit.revisions})
    first, last = visit.revisions[0], visit.revisions[-1]
    assert first.source.published < last.source.published
    assert {s.source.published for s in visit.supports} >= {first.source.published,
                                                           last.source.published}


def test_same_article_from_many_threads_is_stored_once(store: Store, seeds_dir: Path) -> None:
    article = read_article_file(_seeds(seeds_dir)[0])
    workers = 5
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def run() -> None:
        try:
            barrier.wait()
            results.append(ingest_article(store, article, now=NOW))
        except BaseException as exc:  # asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r.created for r in results) == 1
    assert store.counts()["articles"] == 1
    created = next(r for r in results if r.created)
    assert sorted(_snapshot(store)) == sorted(e.id for e in created.events)


def _desk_variants(seeds_dir: Path, count: int) -> list[Article]:
    """The first seed article as `count` desks filed it: same facts, different words."""
    article = read_article_file(_seeds(seeds_dir)[0])
    return [
        replace(article, title=f"{article.title} ({desk} desk)",
                body=f"{article.body}\n\nFiled by the {desk} desk.")
        for desk in [f"desk-{n}" for n in range(count)]
    ]


def test_concurrent_reports_of_the_same_events_all_count(db_url: str, seeds_dir: Path,
                                                          tmp_path: Path) -> None:
    """Several workers fold different articles into the same events at the same moment: no
    update is lost, and the events end exactly as after a sequential run."""
    variants = _desk_variants(seeds_dir, 6)
    reference = Store.open(f"sqlite:///{tmp_path / 'sequential.sqlite3'}")
    try:
        for article in variants:
            ingest_article(reference, article, now=NOW)
        expected = _snapshot(reference)
    finally:
        reference.close()
    assert expected and all(v[5] == len(variants) for v in expected.values())

    store = Store.open(db_url)
    try:
        errors: list[BaseException] = []
        work = variants * 2  # each article twice, by two workers
        start = threading.Barrier(len(work))

        def run(article: Article) -> None:
            try:
                start.wait()
                ingest_article(store, article, now=NOW)
            except BaseException as exc:  # asserted on below
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(a,)) for a in work]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert store.counts()["articles"] == len(variants)
        got = _snapshot(store)
    finally:
        store.close()
    # Same events, ranges, statuses and number of supporting mentions as the sequential run.
    assert {k: v[:4] + v[5:6] for k, v in got.items()} == {
        k: v[:4] + v[5:6] for k, v in expected.items()}


@pytest.mark.parametrize("bad_now", [None])
def test_now_is_required(store: Store, seeds_dir: Path, bad_now: None) -> None:
    with pytest.raises(TypeError):
        ingest_article(store, read_article_file(_seeds(seeds_dir)[0]))  # type: ignore[call-arg]


def test_an_id_taken_by_a_far_away_event_is_merged_not_overwritten(store: Store,
                                                                   seeds_dir: Path) -> None:
    """Reconciliation sees only events near the article's date; if it hands out an id that a
    stored event far from that date already has, the pipeline loads that event and
    reconciles again, so the stored history is extended, never overwritten (nor does the
    ingest fail on the duplicate key)."""
    article = read_article_file(_seeds(seeds_dir)[0])
    planned = reconcile([], extract_event_mentions(article), source_ref(article), NOW)
    far = planned[0]
    far.earliest, far.latest = date(2031, 1, 1), date(2031, 1, 2)
    older = replace(article, body=article.body + "\n\nAn older copy.")
    far.revisions = [replace(r, earliest=far.earliest, latest=far.latest,
                             source=source_ref(older)) for r in far.revisions]
    far.supports = []
    with store.transaction() as uow:
        uow.add_article(older)
        uow.save_events([far])
        assert not uow.candidate_events(article.published)  # out of the window
    result = ingest_article(store, article, now=NOW)
    assert result.created
    stored = {e.id: e for e in store.query_events(EVERYTHING)}
    assert stored[far.id].revisions[: len(far.revisions)] == far.revisions  # history kept
    if len(stored) == len(planned):  # reconciliation judged it the same event: merged
        assert len(stored[far.id].revisions) > len(far.revisions)
    else:  # or another occasion: a new id beside the untouched stored event
        assert len(stored) == len(planned) + 1
        assert stored[far.id] == far


def test_event_ids_are_the_same_in_every_fresh_database(store: Store, seeds_dir: Path,
                                                        tmp_path: Path) -> None:
    """Calendar UIDs come from event ids: another run on a new database must give the same."""
    for path in _seeds(seeds_dir):
        ingest_article(store, read_article_file(path), now=NOW)
    with Store.open(f"sqlite:///{tmp_path / 'other-run.sqlite3'}") as other:
        for path in _seeds(seeds_dir):
            ingest_article(other, read_article_file(path), now=NOW)
        assert _snapshot(other) == _snapshot(store)
    assert _snapshot(store)


def test_the_date_basis_travels_from_the_article_to_every_source_citing_it(
    store: Store, seeds_dir: Path
) -> None:
    seeds = _seeds(seeds_dir)
    first, dated = read_article_file(seeds[0]), read_article_file(seeds[2])
    assert first.date_basis == "published"  # article files state their date (Published:)
    undated = replace(first, date_basis="fetched")
    assert source_ref(undated).date_basis == "fetched"
    result = ingest_article(store, undated, now=NOW)
    assert result.events
    cited = {(s.source.article_hash, s.source.date_basis)
             for e in result.events for s in e.supports}
    cited |= {(r.source.article_hash, r.source.date_basis)
              for e in result.events for r in e.revisions}
    assert cited == {(undated.content_hash, "fetched")}
    # A dated report of the same visit is appended; each source keeps its own basis.
    assert ingest_article(store, dated, now=NOW).event_ids
    bases = {s.source.article_hash: s.source.date_basis
             for e in store.query_events(EVERYTHING) for s in e.supports}
    assert bases == {undated.content_hash: "fetched", dated.content_hash: "published"}
