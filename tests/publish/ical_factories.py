"""Build domain events directly for rendering tests (no store, no extraction)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from calendar_service.events.model import Event, EventMention, Revision, SourceRef, Support

T0 = datetime(2024, 4, 9, 12, 0, tzinfo=UTC)


def source(outlet: str = "Kyodo News", published: date = date(2024, 4, 9),
           url: str | None = "https://example.org/a1") -> SourceRef:
    return SourceRef(article_hash=f"h-{outlet}-{published}", outlet=outlet,
                     published=published, url=url, title="An article")


def make_event(
    event_id: str = "evt-1",
    *,
    title: str = "BRICS summit",
    kind: str = "summit",
    series: str | None = "BRICS summit",
    city: str | None = "Kazan",
    country: str | None = "Russia",
    earliest: date | None = date(2024, 10, 1),
    latest: date | None = date(2024, 10, 31),
    granularity: str | None = "month",
    status: str = "planned",
    sequence: int = 1,
    participants: tuple[str, ...] = ("Vladimir Putin", "Xi Jinping"),
    phrase: str | None = "in October",
    src: SourceRef | None = None,
    revisions: list[Revision] | None = None,
    updated: datetime = T0,
) -> Event:
    ref = src or source()
    mention = EventMention(
        kind=kind, title=title, participants=(), city=city, country=country, series=series,
        status=status, earliest=earliest, latest=latest, granularity=granularity,
        phrase=phrase, sentence=f"A sentence saying {phrase}.", start=0, end=10,
    )
    if revisions is None:
        revisions = [Revision(sequence=sequence, earliest=earliest, latest=latest,
                              status=status, source=ref, phrase=phrase, changed_at=updated)]
    return Event(
        id=event_id, kind=kind, title=title, series=series, participants=participants,
        city=city, country=country, earliest=earliest, latest=latest,
        granularity=granularity, status=status, sequence=sequence, created=T0,
        updated=updated, supports=[Support(mention=mention, source=ref)], revisions=revisions,
    )
