"""Builders of domain objects for store and ingest tests: small, valid, varied on demand."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from calendar_service.events.model import (
    Article,
    Event,
    EventMention,
    Participant,
    Revision,
    SourceRef,
    Support,
)

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def make_article(n: int = 0, **changes: Any) -> Article:
    fields: dict[str, Any] = {
        "title": f"Leaders meet, report {n}",
        "body": f"Body of report number {n}. The leaders will meet later this year.",
        "published": date(2024, 4, 9),
        "source": "Test Wire",
        "language": "en",
        "url": f"https://news.invalid/{n}",
    }
    fields.update(changes)
    return Article(**fields)


def source_of(article: Article) -> SourceRef:
    return SourceRef(
        article_hash=article.content_hash, outlet=article.source, published=article.published,
        url=article.url, title=article.title, date_basis=article.date_basis,
    )


def make_mention(**changes: Any) -> EventMention:
    fields: dict[str, Any] = {
        "kind": "state_visit",
        "title": "Vladimir Putin state visit to China",
        "participants": (
            Participant("Vladimir Putin", "President", "Russia"),
            Participant("Xi Jinping", None, "China"),
        ),
        "city": None,
        "country": "China",
        "series": None,
        "status": "planned",
        "earliest": date(2024, 4, 10),
        "latest": date(2024, 12, 31),
        "granularity": "window",
        "phrase": "later this year",
        "sentence": "Putin will visit China later this year.",
        "start": 10,
        "end": 48,
    }
    fields.update(changes)
    return EventMention(**fields)


def make_event(event_id: str, article: Article, **changes: Any) -> Event:
    """An event supported by one mention of `article`, with one revision from it."""
    fields: dict[str, Any] = {
        "id": event_id,
        "kind": "state_visit",
        "title": f"Event {event_id}",
        "series": None,
        "participants": ("Vladimir Putin", "Xi Jinping"),
        "city": None,
        "country": "China",
        "earliest": date(2024, 4, 10),
        "latest": date(2024, 12, 31),
        "granularity": "window",
        "status": "planned",
        "sequence": 0,
        "created": NOW,
        "updated": NOW,
    }
    fields.update(changes)
    event = Event(**fields)
    mention = make_mention(kind=event.kind, earliest=event.earliest, latest=event.latest,
                           status=event.status, country=event.country, city=event.city)
    event.supports = [Support(mention, source_of(article))]
    event.revisions = [
        Revision(sequence=event.sequence, earliest=event.earliest, latest=event.latest,
                 status=event.status, source=source_of(article), phrase="later this year",
                 changed_at=event.updated, note="first report")
    ]
    return event
