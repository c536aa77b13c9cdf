"""EventQuery: every filter against a plain-Python reading of the same events, and paging."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from store_builders import make_event

from calendar_service.events.model import Article, Event
from calendar_service.store import EventQuery, InvalidQueryError, Store, cursor_after
from calendar_service.store.tables import FIRST_DAY, LAST_DAY

KINDS = ("summit", "state_visit", "meeting", "talks")
STATUSES = ("planned", "confirmed", "held", "cancelled")
COUNTRIES = ("China", "Russia", "Kazakhstan", None)
CITIES = ("Beijing", "Kazan", "Astana", None)
PEOPLE = ("Vladimir Putin", "Xi Jinping", "Sergey Lavrov", "Narendra Modi")


def _corpus(article: Article) -> list[Event]:
    """40 events with every combination style: ties in dates, open sides, undated ones."""
    events = []
    base = datetime(2024, 1, 1, tzinfo=UTC)
    for n in range(40):
        start = date(2024, 1, 1) + timedelta(days=(n % 7) * 30)
        width = (1, 2, 31, 120)[n % 4]
        earliest: date | None = start
        latest: date | None = start + timedelta(days=width - 1)
        if n % 10 == 3:
            latest = None
        if n % 10 == 7:
            earliest = None
        if n % 13 == 5:
            earliest = latest = None
        events.append(make_event(
            f"ev-{n:02d}", article,
            kind=KINDS[n % 4], status=STATUSES[n % 3 if n % 11 else 3],
            country=COUNTRIES[n % 4], city=CITIES[(n // 3) % 4],
            series="BRICS summit" if n % 5 == 0 else None,
            participants=(PEOPLE[n % 4], PEOPLE[(n + 1) % 4]),
            title=_title(n),
            earliest=earliest, latest=latest,
            updated=base + timedelta(hours=n % 9), created=base,
        ))
    return events


def _title(n: int) -> str:
    if n == 12:
        return "Tariffs cut by 50% #12"  # a literal % for the text filter to find
    return f"{'Talks on grain' if n % 6 == 0 else 'Leaders meet'} #{n}"


def _bounds(e: Event) -> tuple[date, date]:
    if not e.is_dated:
        return LAST_DAY, LAST_DAY
    return e.earliest or FIRST_DAY, e.latest or LAST_DAY


def _expected(events: list[Event], q: EventQuery) -> list[str]:
    """What the query means, in Python."""
    def keep(e: Event) -> bool:
        start, end = _bounds(e)
        ok = True
        ok &= not q.kinds or e.kind in q.kinds
        ok &= not q.statuses or e.status in q.statuses
        ok &= q.country is None or (e.country or "").lower() == q.country.lower()
        ok &= q.city is None or (e.city or "").lower() == q.city.lower()
        ok &= q.series is None or (e.series or "").lower() == q.series.lower()
        ok &= q.participant is None or q.participant.lower() in [
            p.lower() for p in e.participants]
        ok &= q.text is None or q.text.lower() in " ".join(
            filter(None, [e.title, e.series, e.city, e.country, *e.participants])).lower()
        if not e.is_dated:
            return ok and q.include_undated
        ok &= q.date_from is None or end >= q.date_from
        ok &= q.date_to is None or start <= q.date_to
        ok &= q.upcoming_as_of is None or end >= q.upcoming_as_of
        ok &= q.max_width_days is None or (
            e.width_days is not None and e.width_days <= q.max_width_days)
        return ok

    kept = [e for e in events if keep(e)]
    if q.sort == "updated":
        kept.sort(key=lambda e: (e.updated, e.id), reverse=True)
    else:
        index = 0 if q.sort == "earliest" else 1
        kept.sort(key=lambda e: (_bounds(e)[index], e.id))
    return [e.id for e in kept]


QUERIES = [
    EventQuery(),
    EventQuery(include_undated=True),
    EventQuery(kinds=("summit", "talks")),
    EventQuery(statuses=("cancelled",)),
    EventQuery(country="china"),
    EventQuery(city="Kazan", kinds=("summit",)),
    EventQuery(series="brics SUMMIT"),
    EventQuery(participant="xi jinping"),
    EventQuery(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31)),
    EventQuery(date_from=date(2024, 3, 1), date_to=date(2024, 3, 31), include_undated=True),
    EventQuery(date_to=date(2024, 1, 15)),
    EventQuery(upcoming_as_of=date(2024, 6, 1)),
    EventQuery(max_width_days=2),
    EventQuery(max_width_days=31, sort="latest"),
    EventQuery(text="GRAIN"),
    EventQuery(text="putin", statuses=("planned", "held"), sort="updated"),
    EventQuery(text="0%"),  # LIKE wildcards in the text are taken literally
    EventQuery(sort="latest", include_undated=True),
    EventQuery(sort="updated", include_undated=True),
]


@pytest.fixture
def corpus(store: Store, stored_article: Article, save_new: Callable[..., None]) -> list[Event]:
    events = _corpus(stored_article)
    save_new(*events)
    return events


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_filter_matches_its_meaning(store: Store, corpus: list[Event], query: EventQuery) -> None:
    assert [e.id for e in store.query_events(query)] == _expected(corpus, query)


def test_every_filter_selects_something_and_leaves_something(store: Store,
                                                             corpus: list[Event]) -> None:
    """Guards the table above against filters that trivially match all or nothing."""
    for query in QUERIES:
        if replace(query, sort="earliest", include_undated=False) == EventQuery():
            continue  # only an ordering
        ids = _expected(corpus, query)
        assert 0 < len(ids) < len(corpus), query


@pytest.mark.parametrize("sort", ["earliest", "latest", "updated"])
@pytest.mark.parametrize("page_size", [1, 3, 7])
def test_keyset_pages_cover_everything_once(store: Store, corpus: list[Event], sort: str,
                                            page_size: int) -> None:
    whole = [e.id for e in store.query_events(EventQuery(sort=sort, include_undated=True))]
    seen: list[str] = []
    after = None
    while True:
        page = store.query_events(
            EventQuery(sort=sort, include_undated=True, limit=page_size, after=after))
        if not page:
            break
        assert len(page) <= page_size
        seen.extend(e.id for e in page)
        after = cursor_after(page[-1], sort)
    assert seen == whole
    assert len(set(seen)) == len(corpus)


def test_bad_queries_are_refused(store: Store, corpus: list[Event]) -> None:
    with pytest.raises(InvalidQueryError):
        EventQuery(sort="random")
    with pytest.raises(InvalidQueryError):
        store.query_events(EventQuery(after="not-a-cursor"))
    cursor = cursor_after(corpus[0], "latest")
    with pytest.raises(InvalidQueryError, match="another sort"):
        store.query_events(EventQuery(sort="earliest", after=cursor))
