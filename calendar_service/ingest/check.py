"""`sources check NAME`: fetch and read a source now, store nothing, say what was found."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from calendar_service.config import Settings
from calendar_service.ingest.article_file import ArticleFormatError, read_article_file
from calendar_service.ingest.fetch import FetchError, FetchPolicy, fetch
from calendar_service.ingest.folder import collect_files
from calendar_service.ingest.web_sources import SourceFormatError, read_articles
from calendar_service.store.sources import Source

SHOWN = 5


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    text: str


def check_source(source: Source, settings: Settings) -> CheckReport:
    d = source.definition
    if d.kind == "folder":
        return _check_folder(Path(d.location))
    try:
        result = fetch(d.location, policy=FetchPolicy.from_settings(settings))
        kind, candidates = read_articles(
            result.body, url=result.url, source_name=d.name, fetched_at=result.fetched_at,
            content_type=result.content_type, encoding=result.encoding,
            kind=d.kind if d.kind != "folder" else None, language=d.language)
    except FetchError as exc:
        return CheckReport(False, f"{d.name}: fetch failed ({exc.kind}): {exc.message}")
    except SourceFormatError as exc:
        return CheckReport(False, f"{d.name}: cannot read it: {exc}")
    lines = [f"{d.name}: ok, {kind}, {len(result.body)} bytes from {result.url}, "
             f"{len(candidates)} articles"
             + (f" (ETag {result.etag})" if result.etag else "")]
    for candidate in candidates[:SHOWN]:
        a = candidate.article
        flag = " (no date in the source: fetch day used)" if candidate.date_is_fallback else ""
        lines.append(f"  {a.published}  {a.title}{flag}")
    if len(candidates) > SHOWN:
        lines.append(f"  ... and {len(candidates) - SHOWN} more")
    return CheckReport(True, "\n".join(lines))


def _check_folder(folder: Path) -> CheckReport:
    if not folder.is_dir():
        return CheckReport(False, f"no such folder: {folder}")
    files, _ = collect_files([folder])
    bad = []
    for path in files:
        try:
            read_article_file(path)
        except ArticleFormatError as exc:
            bad.append(str(exc))
    lines = [f"{folder}: {len(files)} article files, {len(bad)} unreadable", *bad]
    return CheckReport(not bad, "\n".join(lines))
