"""Folders of article files: story order, bad files reported and skipped, nothing doubled."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from calendar_service.ingest import ingest_paths, read_article_file
from calendar_service.store import Store

NOW = datetime(2024, 11, 1, 9, 0, tzinfo=UTC)
GOOD = "Title: {title}\nPublished: {published}\nSource: Test Wire\n\n{body}\n"


@pytest.fixture
def story(tmp_path: Path, seeds_dir: Path) -> Path:
    """The seeds under names whose alphabetical order is the reverse of their dates, plus
    three malformed files and a file that is not an article (*.md) in a subfolder."""
    folder = tmp_path / "story"
    (folder / "more").mkdir(parents=True)
    seeds = sorted(seeds_dir.glob("*.txt"))
    for n, path in enumerate(reversed(seeds)):
        target = folder / ("more" if n % 2 else ".") / f"{chr(ord('a') + n)}-{path.name[11:]}"
        shutil.copy(path, target)
    (folder / "bad-date.txt").write_text(
        GOOD.format(title="T", published="2024-02-30", body="b"), encoding="utf-8")
    (folder / "more" / "latin1.txt").write_bytes(
        GOOD.format(title="Café", published="2024-01-01", body="b").encode("latin-1"))
    (folder / "no-date.txt").write_text("Title: T\nSource: S\n\nbody\n", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    return folder


def test_good_files_are_stored_and_bad_ones_reported(store: Store, story: Path) -> None:
    report = ingest_paths(store, [story], now=NOW)
    assert (report.files, report.new, report.duplicates) == (9, 6, 0)
    reasons = {path.name: reason for path, reason in
               ((e.path, e.reason) for e in report.errors)}
    assert set(reasons) == {"bad-date.txt", "latin1.txt", "no-date.txt"}
    assert "Published '2024-02-30' is not an ISO date" in reasons["bad-date.txt"]
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "missing or empty header 'Published'" in reasons["no-date.txt"]
    assert store.counts()["articles"] == 6
    assert report.events_changed and len(set(report.events_changed)) == len(report.events_changed)
    assert "6 new articles, 0 duplicates, 3 errors" in report.summary()


def test_ingesting_again_changes_nothing(store: Store, story: Path) -> None:
    ingest_paths(store, [story], now=NOW)
    counts = store.counts()
    again = ingest_paths(store, [story, story / "more"], now=NOW)  # overlapping paths, too
    assert (again.files, again.new, again.duplicates, again.events_changed) == (9, 0, 6, [])
    assert store.counts() == counts


def test_articles_go_in_by_published_date_then_name(store: Store, story: Path,
                                                    tmp_path: Path) -> None:
    twin = GOOD.format(title="Same day {n}", published="2024-04-09", body="Body {n}.")
    for name in ("zz-same-day.txt", "aa-same-day.txt"):
        (story / name).write_text(twin.replace("{n}", name), encoding="utf-8")
    ingest_paths(store, [story], now=NOW)
    stored = []
    article_id = 1
    while (found := store.get_article(article_id)) is not None:
        stored.append(found)
        article_id += 1
    assert len(stored) == 8
    assert [s.article.published for s in stored] == sorted(s.article.published for s in stored)
    same_day = [Path(s.origin or "").name for s in stored if s.article.published.isoformat()
                == "2024-04-09"]
    assert same_day == sorted(same_day) and len(same_day) == 3


def test_single_files_and_missing_paths(store: Store, story: Path, tmp_path: Path) -> None:
    odd = tmp_path / "article.text"
    shutil.copy(next(story.glob("a-*.txt")), odd)
    report = ingest_paths(store, [odd, tmp_path / "nowhere"], now=NOW)
    assert report.new == 1
    assert [(e.path.name, e.reason) for e in report.errors] == [
        ("nowhere", "no such file or folder")]
    assert read_article_file(odd).title == store.get_article(1).article.title  # type: ignore[union-attr]


def test_progress_bar_goes_to_stderr(store: Store, story: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    ingest_paths(store, [story], progress=True, now=NOW)
    captured = capsys.readouterr()
    assert "6/6" in captured.err
    assert captured.out == ""
