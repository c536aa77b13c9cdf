"""Put hand-built events into a real Store (articles first, as the store requires)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from calendar_service.events.model import (
    Article,
    Event,
    EventMention,
    Revision,
    SourceRef,
    Support,
)
from calendar_service.store import Store

T0 = datetime(2024, 4, 9, 12, 0, tzinfo=UTC)


def article(outlet: str = "Kyodo News", published: date = date(2024, 4, 9),
            title: str = "An article", body: str = "Body.", url: str | None = None) -> Article:
    return Article(title=title, body=body, published=published, source=outlet,
                   url=url or f"https://news.example/{outlet.replace(' ', '-')}/{published}")


def ref(a: Article) -> SourceRef:
    return SourceRef(article_hash=a.content_hash, outlet=a.source, published=a.published,
                     url=a.url, title=a.title, date_basis=a.date_basis)


def event(
    event_id: str,
    *,
    src: Article,
    title: str = "BRICS summit",
    kind: str = "summit",
    series: str | None = None,
    city: str | None = "Kazan",
    country: str | None = "Russia",
    earliest: date | None = date(2024, 10, 1),
    latest: date | None = date(2024, 10, 31),
    granularity: str | None = "month",
    status: str = "planned",
    participants: tuple[str, ...] = ("Vladimir Putin",),
    phrase: str | None = "in October",
    sequence: int = 1,
    updated: datetime = T0,
) -> Event:
    source = ref(src)
    mention = EventMention(
        kind=kind, title=title, participants=(), city=city, country=country, series=series,
        status=status, earliest=earliest, latest=latest, granularity=granularity,
        phrase=phrase, sentence=f"They said it would happen {phrase}.", start=0, end=5,
    )
    revision = Revision(sequence=sequence, earliest=earliest, latest=latest, status=status,
                        source=source, phrase=phrase, changed_at=updated)
    return Event(
        id=event_id, kind=kind, title=title, series=series, participants=participants,
        city=city, country=country, earliest=earliest, latest=latest, granularity=granularity,
        status=status, sequence=sequence, created=T0, updated=updated,
        supports=[Support(mention=mention, source=source)], revisions=[revision],
    )


def store_events(store: Store, articles: list[Article], events: list[Event]) -> None:
    with store.transaction() as uow:
        for a in articles:
            uow.add_article(a)
        uow.save_events(events)
