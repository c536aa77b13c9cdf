"""Ingest article files and folders, in story order, reporting (not stopping at) bad files."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from tqdm import tqdm

from calendar_service.ingest.article_file import ArticleFormatError, read_article_file
from calendar_service.ingest.pipeline import ingest_article
from calendar_service.store import Store, StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FileError:
    path: Path
    reason: str


@dataclass
class IngestReport:
    files: int = 0
    new: int = 0  # articles stored for the first time
    duplicates: int = 0  # articles whose content was already stored
    errors: list[FileError] = field(default_factory=list)
    events_changed: list[str] = field(default_factory=list)  # ids, first change first

    def summary(self) -> str:
        return (
            f"{self.new} new articles, {self.duplicates} duplicates, {len(self.errors)} errors,"
            f" {len(self.events_changed)} events changed"
        )


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[FileError]]:
    """Files named directly, and every *.txt under named folders; each once."""
    found: dict[Path, Path] = {}
    errors = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.is_file():
            candidates = [path]
        else:
            errors.append(FileError(path, "no such file or folder"))
            continue
        for candidate in candidates:
            found.setdefault(candidate.resolve(), candidate)
    return list(found.values()), errors


def ingest_paths(
    store: Store, paths: Iterable[str | Path], *, progress: bool = False, now: datetime
) -> IngestReport:
    """Ingest files and folders. Articles go in by Published date, then file name, so that a
    story replays in the order it was told. Malformed files are reported with the reason and
    skipped; a database failure stops the run (StoreError)."""
    files, errors = collect_files(paths)
    report = IngestReport(files=len(files), errors=errors)
    ordered: list[tuple[date, str, Path]] = []
    for path in files:
        try:
            ordered.append((read_article_file(path).published, path.name, path))
        except ArticleFormatError as exc:
            report.errors.append(FileError(path, _reason(exc, path)))
    ordered.sort()
    changed: dict[str, None] = {}
    bar = tqdm(ordered, total=len(ordered), unit="file", file=sys.stderr, disable=not progress,
               desc="ingest")
    for _, _, path in bar:
        try:
            article = read_article_file(path)  # read again: we kept only the sort key
            result = ingest_article(store, article, origin=str(path), now=now)
        except ArticleFormatError as exc:
            report.errors.append(FileError(path, _reason(exc, path)))
            continue
        except StoreError:
            raise
        except Exception as exc:  # an extraction bug must not lose the other files
            log.exception("ingesting %s failed", path)
            report.errors.append(FileError(path, f"failed: {type(exc).__name__}: {exc}"))
            continue
        if result.created:
            report.new += 1
        else:
            report.duplicates += 1
        changed.update((event_id, None) for event_id in result.event_ids)
    report.events_changed = list(changed)
    return report


def _reason(exc: ArticleFormatError, path: Path) -> str:
    """The error message without the leading path (the report names the path already)."""
    message = str(exc)
    prefix = f"{path}: "
    return message[len(prefix):] if message.startswith(prefix) else message
