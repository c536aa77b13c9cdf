"""One refresh pass over one source: fetch (conditional GET) -> parse -> ingest each article.

Crash safety comes from the order of writes: every article is stored with its events in its
own transaction (pipeline.ingest_article, idempotent per content hash), and the source's
conditional-GET validators are saved only after every article of the answer is in. A pass
killed half-way therefore leaves the old validators, the next pass fetches the whole document
again and skips what is already stored, and the database converges to what one uninterrupted
pass gives.

A failure (network, HTTP status, size, malformed document, database) never touches what is
stored: it is counted on the source (see ingest.sources for back-off and health) and the pass
returns normally, so a scheduler keeps running.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import requests
from tqdm import tqdm

from calendar_service.ingest.fetch import FetchError, FetchPolicy, FetchResult, fetch, new_session
from calendar_service.ingest.folder import ingest_paths
from calendar_service.ingest.pipeline import ingest_article
from calendar_service.ingest.sources import after_failure, after_success
from calendar_service.ingest.web_sources import (
    ArticleCandidate,
    FeedItem,
    SourceFormatError,
    extract_page,
    guess_kind,
    has_enough_text,
    items_to_articles,
    parse_feed,
    with_item_fallbacks,
)
from calendar_service.store import Store, StoreError
from calendar_service.store.sources import Source, SourceState, known_article_urls, save_state

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
RefreshStatus = Literal["ok", "not_modified", "failed"]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class RefreshOutcome:
    source: str
    status: RefreshStatus
    state: SourceState  # as saved
    kind: str | None = None  # what the document was read as
    candidates: int = 0  # articles found in the answer
    new: int = 0  # stored for the first time
    duplicates: int = 0  # already stored (same content hash)
    undated: int = 0  # dated by the fetch day: the source gave no date (flagged in the log)
    item_errors: list[str] = field(default_factory=list)  # items/pages/files skipped
    events_changed: list[str] = field(default_factory=list)
    error: str | None = None  # why the pass failed, for people
    error_kind: str | None = None  # stable: a FetchError kind, "format", "store", "folder"

    def summary(self) -> str:
        if self.status == "failed":
            return f"failed ({self.error_kind}): {self.error}"
        if self.status == "not_modified":
            return "not modified"
        return (f"{self.candidates} articles: {self.new} new, {self.duplicates} already stored,"
                f" {len(self.item_errors)} skipped, {len(self.events_changed)} events changed")


class _PassFailed(Exception):
    def __init__(self, kind: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.kind, self.message, self.retry_after = kind, message, retry_after


def refresh_source(
    store: Store, source: Source, *, policy: FetchPolicy, session: requests.Session | None = None,
    clock: Clock = utc_now, progress: bool = False,
) -> RefreshOutcome:
    """Run one pass over `source` and save its new state. Never raises for source faults;
    a database that cannot even record the state raises StoreError."""
    started = clock()
    interval = timedelta(seconds=source.definition.interval_seconds)
    outcome = RefreshOutcome(source.name, "ok", source.state)
    try:
        if source.definition.kind == "folder":
            _refresh_folder(store, source, outcome, clock, progress)
            validators: tuple[str | None, str | None] = (None, None)
        else:
            validators = _refresh_url(store, source, outcome, policy, session, clock, progress)
    except _PassFailed as failure:
        outcome.status, outcome.error, outcome.error_kind = "failed", failure.message, failure.kind
        outcome.state = after_failure(
            source.state, now=started, interval=interval,
            error=f"{failure.kind}: {failure.message}", retry_after_seconds=failure.retry_after,
            new_articles=outcome.new,
        )
    else:
        if outcome.item_errors:
            # Keep the old validators: the next pass must see the skipped items again.
            validators = (source.state.etag, source.state.last_modified)
        outcome.state = after_success(
            source.state, now=started, interval=interval, etag=validators[0],
            last_modified=validators[1], new_articles=outcome.new, detected_kind=outcome.kind,
        )
    save_state(store, source.name, outcome.state)
    level = logging.WARNING if outcome.status == "failed" else logging.INFO
    log.log(level, "source %s: %s", source.name, outcome.summary())
    return outcome


def _refresh_url(
    store: Store, source: Source, outcome: RefreshOutcome, policy: FetchPolicy,
    session: requests.Session | None, clock: Clock, progress: bool,
) -> tuple[str | None, str | None]:
    own = session is None
    active = new_session() if session is None else session
    try:
        try:
            result = fetch(source.definition.location, policy=policy, etag=source.state.etag,
                           last_modified=source.state.last_modified, session=active)
        except FetchError as exc:
            raise _PassFailed(exc.kind, exc.message, exc.retry_after) from None
        if result.status == "not_modified":
            outcome.status = "not_modified"  # a 304 costs no parsing
            return result.etag, result.last_modified
        candidates = _read(store, source, result, outcome, policy, active)
        _ingest(store, source, candidates, outcome, clock, progress)
        return result.etag, result.last_modified
    finally:
        if own:
            active.close()


def _read(
    store: Store, source: Source, result: FetchResult, outcome: RefreshOutcome,
    policy: FetchPolicy, session: requests.Session,
) -> list[ArticleCandidate]:
    definition = source.definition
    kind = definition.kind or guess_kind(result.body, result.content_type)
    outcome.kind = kind
    try:
        if kind == "page":
            return [extract_page(result.body, url=result.url, source_name=definition.name,
                                 fetched_at=result.fetched_at, encoding=result.encoding,
                                 fallback_language=definition.language)]
        items = parse_feed(result.body, url=result.url, content_type=result.content_type,
                           fallback_language=definition.language)
    except SourceFormatError as exc:
        raise _PassFailed("format", str(exc)) from None
    if not definition.follow_links:
        return items_to_articles(items, source_name=definition.name,
                                 fetched_at=result.fetched_at)
    return _follow_links(store, source, items, result.fetched_at, outcome, policy, session)


def _follow_links(
    store: Store, source: Source, items: list[FeedItem], fetched_at: datetime,
    outcome: RefreshOutcome, policy: FetchPolicy, session: requests.Session,
) -> list[ArticleCandidate]:
    """Each item's linked page, except pages stored already; the item's own text when the page
    cannot be read but the item has enough text; otherwise the item is skipped and reported."""
    name = source.definition.name
    links = [item.link for item in items if item.link]
    stored = known_article_urls(store, links)
    out = []
    for item in items:
        as_item = items_to_articles([item], source_name=name, fetched_at=fetched_at)
        if not item.link:
            out.extend(as_item)
            continue
        if item.link in stored:
            continue
        try:
            page_result = fetch(item.link, policy=policy, session=session)
            page = extract_page(page_result.body, url=page_result.url, source_name=name,
                                fetched_at=page_result.fetched_at, encoding=page_result.encoding,
                                fallback_language=item.language)
            # Keep the item's link as the URL: it is what the next pass looks up.
            out.append(with_item_fallbacks(_with_url(page, item.link), item))
        except (FetchError, SourceFormatError) as exc:
            if has_enough_text(item):
                out.extend(as_item)
            else:
                outcome.item_errors.append(f"{item.link}: {exc}")
    return out


def _with_url(candidate: ArticleCandidate, url: str) -> ArticleCandidate:
    canonical = candidate.canonical_url or candidate.article.url
    return replace(candidate, article=replace(candidate.article, url=url), canonical_url=canonical)


def _ingest(
    store: Store, source: Source, candidates: list[ArticleCandidate], outcome: RefreshOutcome,
    clock: Clock, progress: bool,
) -> None:
    """Oldest first, so that a story replays in the order it was told."""
    ordered = [c for _, _, c in sorted(
        ((c.article.published, -i, c) for i, c in enumerate(candidates)),
        key=lambda t: (t[0], t[1]))]
    outcome.candidates = len(ordered)
    changed: dict[str, None] = dict.fromkeys(outcome.events_changed)
    bar = tqdm(ordered, unit="article", file=sys.stderr, disable=not progress,
               desc=source.name)
    for candidate in bar:
        article = candidate.article
        origin = candidate.guid or article.url or source.definition.location
        try:
            result = ingest_article(store, article, origin=origin, now=clock())
        except StoreError as exc:
            raise _PassFailed("store", f"database error after {outcome.new} new articles: "
                                       f"{exc}") from None
        except Exception as exc:  # an extraction bug must not lose the other articles
            log.exception("source %s: ingesting %s failed", source.name, origin)
            outcome.item_errors.append(f"{origin}: {type(exc).__name__}: {exc}")
            continue
        if result.created:
            outcome.new += 1
            if candidate.date_is_fallback:
                outcome.undated += 1
                log.warning("source %s: %s has no publication date; dated by the fetch day %s",
                            source.name, origin, article.published)
        else:
            outcome.duplicates += 1
        changed.update((event_id, None) for event_id in result.event_ids)
    outcome.events_changed = list(changed)


def _refresh_folder(
    store: Store, source: Source, outcome: RefreshOutcome, clock: Clock, progress: bool,
) -> None:
    folder = Path(source.definition.location)
    if not folder.is_dir():
        raise _PassFailed("folder", f"no such folder: {folder}")
    outcome.kind = "folder"
    try:
        report = ingest_paths(store, [folder], progress=progress, now=clock())
    except StoreError as exc:
        raise _PassFailed("store", f"database error: {exc}") from None
    outcome.candidates = report.new + report.duplicates
    outcome.new, outcome.duplicates = report.new, report.duplicates
    outcome.item_errors = [f"{e.path}: {e.reason}" for e in report.errors]
    outcome.events_changed = report.events_changed
