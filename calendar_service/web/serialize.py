"""Events as JSON objects: the API's and the CLI's `events --json` (one shape for both).

Links are relative references (RFC 3986), so the CLI, which knows no host, prints exactly
what the API serves.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

from calendar_service.events.model import Event, Revision, SourceRef, Support
from calendar_service.publish.feeds import DEFAULT_PRECISE_WITHIN_DAYS
from calendar_service.publish.presentation import display_range


def event_to_json(event: Event) -> dict[str, Any]:
    """The summary object of an event, as listed by GET /api/events."""
    sources = _distinct_sources(event.supports)
    path = f"/api/events/{quote(event.id, safe='')}"
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind,
        "series": event.series,
        "participants": list(event.participants),
        "city": event.city,
        "country": event.country,
        "earliest": _day(event.earliest),
        "latest": _day(event.latest),
        "granularity": event.granularity,
        "width_days": event.width_days,
        "precision": precision(event),
        "status": event.status,
        "sequence": event.sequence,
        "created": _moment(event.created),
        "updated": _moment(event.updated),
        "source_count": len(sources),
        "sources": [_source(s) for s in sources],
        "links": {"self": path, "ical": f"{path}.ics"},
    }


def event_detail_to_json(event: Event) -> dict[str, Any]:
    """The full object of GET /api/events/<id>: the summary plus evidence and history."""
    data = event_to_json(event)
    data["mentions"] = [_mention(s) for s in _ordered_supports(event.supports)]
    data["history"] = [_revision(r) for r in sorted(event.revisions, key=lambda r: r.sequence)]
    return data


def precision(event: Event) -> str:
    """'exact' (the days are the event's), 'window' (it falls somewhere inside), 'open'
    (one side unknown) or 'undated'; the same rule the feeds use to mark uncertainty."""
    if event.earliest is None and event.latest is None:
        return "undated"
    if event.earliest is None or event.latest is None:
        return "open"
    shown = display_range(event, DEFAULT_PRECISE_WITHIN_DAYS)
    return "exact" if shown is not None and shown.exact else "window"


def _distinct_sources(supports: list[Support]) -> list[SourceRef]:
    seen: dict[str, SourceRef] = {}
    for support in _ordered_supports(supports):
        seen.setdefault(support.source.article_hash, support.source)
    return list(seen.values())


def _ordered_supports(supports: list[Support]) -> list[Support]:
    return sorted(supports, key=lambda s: (s.source.published, s.source.article_hash,
                                           s.mention.start))


def _source(source: SourceRef) -> dict[str, Any]:
    return {
        "outlet": source.outlet,
        "published": source.published.isoformat(),
        "published_basis": source.date_basis,  # "fetched": the source gave no date
        "url": source.url,
        "title": source.title,
        "article_hash": source.article_hash,
    }


def _mention(support: Support) -> dict[str, Any]:
    m = support.mention
    return {
        "source": _source(support.source),
        "kind": m.kind,
        "title": m.title,
        "status": m.status,
        "phrase": m.phrase,
        "earliest": _day(m.earliest),
        "latest": _day(m.latest),
        "granularity": m.granularity,
        "sentence": m.sentence,
        "span": [m.start, m.end],
    }


def _revision(revision: Revision) -> dict[str, Any]:
    return {
        "sequence": revision.sequence,
        "earliest": _day(revision.earliest),
        "latest": _day(revision.latest),
        "status": revision.status,
        "phrase": revision.phrase,
        "note": revision.note,
        "changed_at": _moment(revision.changed_at),
        "source": _source(revision.source),
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime) -> str:
    """ISO 8601 in UTC with 'Z'; stored times without a zone are UTC."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.replace(microsecond=0).isoformat().replace("+00:00", "Z")
