"""Conversions between domain objects (calendar_service.events.model) and table rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from calendar_service.events.model import (
    Article,
    Event,
    EventMention,
    Revision,
    Support,
)
from calendar_service.store.query import range_bounds


def article_row(article: Article) -> dict[str, Any]:
    return {
        "content_hash": article.content_hash,
        "title": article.title,
        "body": article.body,
        "published": article.published,
        "source": article.source,
        "language": article.language,
        "url": article.url,
        "date_basis": article.date_basis,
    }


def article_from_row(row: sa.Row) -> Article:
    return Article(
        title=row.title, body=row.body, published=row.published, source=row.source,
        language=row.language, url=row.url, date_basis=row.date_basis,
    )


def _search_text(event: Event) -> str:
    parts = [event.title, event.series, event.city, event.country, *event.participants]
    return " | ".join(p for p in parts if p).lower()


def event_row(event: Event) -> dict[str, Any]:
    start, end = range_bounds(event)
    return {
        "id": event.id,
        "kind": event.kind,
        "title": event.title,
        "series": event.series,
        "participants": list(event.participants),
        "city": event.city,
        "country": event.country,
        "earliest": event.earliest,
        "latest": event.latest,
        "range_start": start,
        "range_end": end,
        "dated": event.is_dated,
        "width_days": event.width_days,
        "granularity": event.granularity,
        "status": event.status,
        "sequence": event.sequence,
        "created": event.created,
        "updated": event.updated,
        "search_text": _search_text(event),
    }


def participant_rows(event: Event) -> list[dict[str, Any]]:
    return [
        {"event_id": event.id, "position": i, "name": name, "name_key": name.strip().lower()}
        for i, name in enumerate(event.participants)
    ]


def mention_row(event_id: str, position: int, article_id: int, m: EventMention) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "position": position,
        "article_id": article_id,
        "kind": m.kind,
        "title": m.title,
        "participants": [
            {"name": p.name, "role": p.role, "country": p.country} for p in m.participants
        ],
        "city": m.city,
        "country": m.country,
        "series": m.series,
        "status": m.status,
        "earliest": m.earliest,
        "latest": m.latest,
        "granularity": m.granularity,
        "phrase": m.phrase,
        "sentence": m.sentence,
        "span_start": m.start,
        "span_end": m.end,
    }


def revision_row(event_id: str, article_id: int, r: Revision) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "sequence": r.sequence,
        "earliest": r.earliest,
        "latest": r.latest,
        "status": r.status,
        "article_id": article_id,
        "phrase": r.phrase,
        "changed_at": r.changed_at,
        "note": r.note,
    }


def event_from_row(
    row: Mapping[str, Any] | sa.Row, supports: list[Support], revisions: list[Revision]
) -> Event:
    r: Any = row
    return Event(
        id=r.id, kind=r.kind, title=r.title, series=r.series,
        participants=tuple(r.participants), city=r.city, country=r.country,
        earliest=r.earliest, latest=r.latest, granularity=r.granularity, status=r.status,
        sequence=r.sequence, created=r.created, updated=r.updated,
        supports=supports, revisions=revisions,
    )
