"""Domain types shared by extraction, reconciliation, storage and publishing. Pure data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

EventKind = Literal[
    "state_visit", "official_visit", "visit", "summit", "meeting", "talks", "conference",
    "inauguration",
]
Status = Literal["planned", "confirmed", "held", "postponed", "cancelled"]
# How an article's publication date is known: "published" = the source stated it (header,
# pubDate, page metadata); "fetched" = the source gave none and the day it was fetched stands
# in, so every range derived from the date is relative to a guess.
DateBasis = Literal["published", "fetched"]


@dataclass(frozen=True, slots=True)
class Article:
    """An article as read from any source. `text` is what spans point into."""

    title: str
    body: str
    published: date
    source: str  # the outlet, e.g. "Kyodo News"
    language: str = "en"
    url: str | None = None
    date_basis: DateBasis = "published"  # not part of content_hash: same words, same date

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}"

    @property
    def content_hash(self) -> str:
        """Identity of the article: same words, same date, same hash, wherever it came from."""
        normal = " ".join(self.text.split())
        payload = f"{self.published.isoformat()}\n{normal}".encode()
        return hashlib.sha256(payload).hexdigest()


@dataclass(frozen=True, slots=True)
class Participant:
    name: str  # "Sergey Lavrov"
    role: str | None = None  # "Foreign Minister"
    country: str | None = None  # "Russia"


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event as one article states it: what, who, where, when, and the evidence."""

    kind: EventKind
    title: str  # a readable title, e.g. "Vladimir Putin state visit to China"
    participants: tuple[Participant, ...]
    city: str | None
    country: str | None
    series: str | None  # "SCO summit", "BRICS summit", "G20 summit"
    status: Status
    earliest: date | None
    latest: date | None
    granularity: str | None
    phrase: str | None  # the time phrase the range came from
    sentence: str  # the evidence sentence
    start: int  # evidence span in Article.text
    end: int


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Which article said something: enough to cite it in a feed or the API."""

    article_hash: str
    outlet: str
    published: date
    url: str | None = None
    title: str | None = None
    date_basis: DateBasis = "published"  # as on the Article


@dataclass(frozen=True, slots=True)
class Support:
    """A mention attached to the event it supports, with its article."""

    mention: EventMention
    source: SourceRef


@dataclass(frozen=True, slots=True)
class Revision:
    """One change of an event's range or status, and the article that caused it."""

    sequence: int
    earliest: date | None
    latest: date | None
    status: Status
    source: SourceRef
    phrase: str | None
    changed_at: datetime
    note: str = ""


@dataclass(slots=True)
class Event:
    """A real-world event reconciled across articles. `id` never changes once given."""

    id: str
    kind: EventKind
    title: str
    series: str | None
    participants: tuple[str, ...]
    city: str | None
    country: str | None
    earliest: date | None
    latest: date | None
    granularity: str | None
    status: Status
    sequence: int
    created: datetime
    updated: datetime
    supports: list[Support] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)

    @property
    def is_dated(self) -> bool:
        return self.earliest is not None or self.latest is not None

    @property
    def width_days(self) -> int | None:
        if self.earliest is None or self.latest is None:
            return None
        return (self.latest - self.earliest).days + 1
