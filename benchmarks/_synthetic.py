"""N realistic synthetic events (with the articles they cite), deterministic from a seed.

Used by the service benchmarks (feeds.py, api.py, storage.py); never by the product.

What varies, roughly in the proportions a year of diplomatic news gives:
- kinds (state and official visits, visits, summits of named series, meetings, talks,
  conferences, inaugurations), 1-4 participants from 24 leaders, 40 host cities in 30
  countries (a few with Russian or Chinese names, so non-ASCII text is exercised);
- ranges of different widths: exact days, 2-5 day spans, weeks, months, quarters, halves,
  years, "later this year" windows, open ends (start known only) and no dates at all;
- statuses planned / confirmed / held / postponed / cancelled, with 1-4 revisions each
  (SEQUENCE grows, ranges narrow) and 1-5 supporting mentions from different outlets.

Dates spread over `span_years` around `center`, so about half of the events are "upcoming".
Events are generated in batches with their own articles, so a 100,000-event run never holds
more than one batch of domain objects (see `batches`).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from calendar_service.events.model import (
    Article,
    Event,
    EventMention,
    Participant,
    Revision,
    SourceRef,
    Support,
)

CENTER = date(2025, 1, 1)

LEADERS: tuple[tuple[str, str, str], ...] = (
    ("Vladimir Putin", "President", "Russia"), ("Xi Jinping", "President", "China"),
    ("Narendra Modi", "Prime Minister", "India"), ("Luiz Inácio Lula da Silva", "President",
                                                   "Brazil"),
    ("Cyril Ramaphosa", "President", "South Africa"), ("Recep Tayyip Erdoğan", "President",
                                                       "Turkey"),
    ("Emmanuel Macron", "President", "France"), ("Olaf Scholz", "Chancellor", "Germany"),
    ("Fumio Kishida", "Prime Minister", "Japan"), ("Yoon Suk Yeol", "President", "South Korea"),
    ("Joe Biden", "President", "United States"), ("Anthony Albanese", "Prime Minister",
                                                  "Australia"),
    ("Sergey Lavrov", "Foreign Minister", "Russia"), ("Wang Yi", "Foreign Minister", "China"),
    ("Antony Blinken", "Secretary of State", "United States"), ("Kim Jong Un", "Chairman",
                                                                "North Korea"),
    ("Mohammed bin Salman", "Crown Prince", "Saudi Arabia"), ("Prabowo Subianto", "President",
                                                              "Indonesia"),
    ("Shehbaz Sharif", "Prime Minister", "Pakistan"), ("Kassym-Jomart Tokayev", "President",
                                                       "Kazakhstan"),
    ("Abdel Fattah el-Sisi", "President", "Egypt"), ("Bola Tinubu", "President", "Nigeria"),
    ("Giorgia Meloni", "Prime Minister", "Italy"), ("Владимир Путин", "Президент", "Россия"),
)

PLACES: tuple[tuple[str | None, str | None], ...] = (
    ("Moscow", "Russia"), ("Kazan", "Russia"), ("St. Petersburg", "Russia"),
    ("Beijing", "China"), ("Shanghai", "China"), ("Tianjin", "China"), ("New Delhi", "India"),
    ("Brasília", "Brazil"), ("Rio de Janeiro", "Brazil"), ("Johannesburg", "South Africa"),
    ("Ankara", "Turkey"), ("Istanbul", "Turkey"), ("Paris", "France"), ("Berlin", "Germany"),
    ("Tokyo", "Japan"), ("Hiroshima", "Japan"), ("Seoul", "South Korea"),
    ("Washington", "United States"), ("Canberra", "Australia"), ("Pyongyang", "North Korea"),
    ("Riyadh", "Saudi Arabia"), ("Jakarta", "Indonesia"), ("Islamabad", "Pakistan"),
    ("Astana", "Kazakhstan"), ("Cairo", "Egypt"), ("Abuja", "Nigeria"), ("Rome", "Italy"),
    ("Hanoi", "Vietnam"), ("Ulaanbaatar", "Mongolia"), ("Tashkent", "Uzbekistan"),
    ("Minsk", "Belarus"), ("Baku", "Azerbaijan"), ("Yerevan", "Armenia"),
    ("Bishkek", "Kyrgyzstan"), ("Dushanbe", "Tajikistan"), ("Geneva", "Switzerland"),
    ("Москва", "Россия"), ("北京", "中国"), (None, "Mongolia"), (None, None),
)

SERIES = ("BRICS summit", "SCO summit", "G20 summit", "G7 summit", "NATO summit",
          "ASEAN summit", "APEC summit", "CSTO summit")
OUTLETS = ("Kyodo News", "Xinhua", "TASS", "Reuters", "AP", "AFP", "Yonhap", "Anadolu",
           "The Hindu", "Al Jazeera", "Интерфакс", "新华社")
# (kind, weight)
KINDS = (("state_visit", 18), ("official_visit", 10), ("visit", 16), ("summit", 16),
         ("meeting", 14), ("talks", 14), ("conference", 8), ("inauguration", 4))
# (name, weight): how wide the text left the range
WIDTHS = (("day", 22), ("days", 18), ("week", 6), ("month", 20), ("quarter", 6),
          ("half", 4), ("year", 6), ("window", 10), ("open", 4), ("undated", 4))
STATUSES = (("planned", 40), ("confirmed", 25), ("held", 20), ("postponed", 8),
            ("cancelled", 7))
PHRASES = {
    "day": "on {d}", "days": "from {d} to {e}", "week": "next week", "month": "in {m}",
    "quarter": "in the {q} quarter", "half": "in the second half of the year",
    "year": "next year", "window": "later this year", "open": "from {d}", "undated": None,
}


@dataclass(frozen=True)
class Batch:
    """Articles first (events cite them by content hash), then the events."""

    articles: list[Article]
    events: list[Event]


def batches(
    n_events: int, *, seed: int = 1, batch_size: int = 1_000, center: date = CENTER,
    span_years: int = 4,
) -> Iterator[Batch]:
    """`n_events` events in batches of `batch_size`; the same arguments give the same data."""
    rng = random.Random(seed)
    kinds, kind_w = zip(*KINDS, strict=True)
    widths, width_w = zip(*WIDTHS, strict=True)
    statuses, status_w = zip(*STATUSES, strict=True)
    half_span = 365 * span_years // 2
    for start in range(0, n_events, batch_size):
        size = min(batch_size, n_events - start)
        articles = [_article(rng, seed, start + i, center, half_span)
                    for i in range(max(1, size // 2))]
        events = [
            _event(rng, seed, start + i, articles, rng.choices(kinds, kind_w)[0],
                   rng.choices(widths, width_w)[0], rng.choices(statuses, status_w)[0],
                   center, half_span)
            for i in range(size)
        ]
        yield Batch(articles=articles, events=events)


def events(n_events: int, *, seed: int = 1) -> list[Event]:
    """All events in one list (the articles they cite are dropped: rendering needs none)."""
    return [event for batch in batches(n_events, seed=seed) for event in batch.events]


def _article(rng: random.Random, seed: int, n: int, center: date, half_span: int) -> Article:
    outlet = rng.choice(OUTLETS)
    published = center + timedelta(days=rng.randint(-half_span, half_span))
    leader = rng.choice(LEADERS)[0]
    return Article(
        title=f"{leader} to travel abroad, report {seed}-{n}",
        body=(f"{leader} will hold talks with counterparts, {outlet} reported. "
              f"Officials said the dates would be announced later. Report {seed}-{n}."),
        published=published,
        source=outlet,
        language="en",
        url=f"https://news.example/{outlet.replace(' ', '-').lower()}/{seed}/{n}",
    )


def _source(article: Article) -> SourceRef:
    return SourceRef(article_hash=article.content_hash, outlet=article.source,
                     published=article.published, url=article.url, title=article.title)


def _range(
    rng: random.Random, width: str, anchor: date
) -> tuple[date | None, date | None, str | None]:
    if width == "undated":
        return None, None, None
    if width == "open":
        return anchor, None, "day"
    if width == "day":
        return anchor, anchor, "day"
    if width == "days":
        return anchor, anchor + timedelta(days=rng.randint(1, 4)), "day"
    if width == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return monday, monday + timedelta(days=6), "week"
    if width == "month":
        first = anchor.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return first, last, "month"
    if width == "quarter":
        first = date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1)
        last = (first + timedelta(days=95)).replace(day=1) - timedelta(days=1)
        return first, last, "quarter"
    if width == "half":
        return date(anchor.year, 7, 1), date(anchor.year, 12, 31), "half"
    if width == "year":
        return date(anchor.year, 1, 1), date(anchor.year, 12, 31), "year"
    return anchor, date(anchor.year, 12, 31), "window"  # "later this year"


def _phrase(width: str, earliest: date | None, latest: date | None) -> str | None:
    template = PHRASES[width]
    if template is None or earliest is None:
        return None
    return template.format(
        d=earliest.strftime("%d %B").lstrip("0"),
        e=(latest or earliest).strftime("%d %B").lstrip("0"),
        m=earliest.strftime("%B"),
        q=("first", "second", "third", "fourth")[(earliest.month - 1) // 3],
    )


def _event(
    rng: random.Random, seed: int, n: int, articles: list[Article], kind: str, width: str,
    status: str, center: date, half_span: int,
) -> Event:
    people = rng.sample(LEADERS, rng.randint(1, 4))
    city, country = rng.choice(PLACES)
    series = rng.choice(SERIES) if kind == "summit" and rng.random() < 0.8 else None
    anchor = center + timedelta(days=rng.randint(-half_span, half_span))
    earliest, latest, granularity = _range(rng, width, anchor)
    phrase = _phrase(width, earliest, latest)
    guest = people[0][0]
    if series:
        title = f"{series} {anchor.year}"
    elif kind in ("state_visit", "official_visit", "visit"):
        title = f"{guest} {kind.replace('_', ' ')} to {country or 'an undisclosed country'}"
    else:
        title = f"{guest} {kind} with {people[-1][0]}" if len(people) > 1 else f"{guest} {kind}"
    cited = rng.sample(articles, min(len(articles), rng.randint(1, 5)))
    cited.sort(key=lambda a: (a.published, a.content_hash))
    participants = tuple(Participant(name, role, home) for name, role, home in people)
    supports = [
        Support(
            mention=EventMention(
                kind=kind, title=title, participants=participants, city=city, country=country,
                series=series, status=status, earliest=earliest, latest=latest,
                granularity=granularity, phrase=phrase,
                sentence=f"{guest} will take part, {a.source} said, {phrase or 'soon'}.",
                start=rng.randint(0, 40), end=rng.randint(60, 120),
            ),
            source=_source(a),
        )
        for a in cited
    ]
    created = datetime.combine(cited[0].published, time(9, 30), tzinfo=UTC)
    revisions = []
    for seq, a in enumerate(cited[: rng.randint(1, 4)], start=1):
        rev_status = status if seq == 1 or rng.random() < 0.5 else "planned"
        revisions.append(Revision(
            sequence=seq, earliest=earliest, latest=latest, status=rev_status,  # type: ignore[arg-type]
            source=_source(a), phrase=phrase,
            changed_at=datetime.combine(a.published, time(10, seq), tzinfo=UTC),
            note="first report" if seq == 1 else "narrowed by a later report",
        ))
    return Event(
        id=f"syn{seed}-{n:07d}", kind=kind, title=title, series=series,  # type: ignore[arg-type]
        participants=tuple(name for name, _, _ in people), city=city, country=country,
        earliest=earliest, latest=latest, granularity=granularity,
        status=status, sequence=len(revisions), created=created,  # type: ignore[arg-type]
        updated=revisions[-1].changed_at, supports=supports, revisions=revisions,
    )
