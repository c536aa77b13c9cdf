"""The direct VEVENT writer gives exactly the bytes icalendar's own components give.

ical._vevent writes content lines itself for speed (see its docstring). The reference here
builds the same VEVENT with icalendar.Event and .to_ical(), as the renderer did before;
any difference in property order, value format, escaping or folding fails.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical_factories import make_event, source
from icalendar import Event as VEvent
from icalendar.parser import foldline

from calendar_service.events.model import Event
from calendar_service.publish import presentation as show
from calendar_service.publish.ical import (
    _description,
    _text,
    _utc,
    _vevent,
    category,
    event_uid,
    fold,
)


def icalendar_vevent(event: Event, shown: show.Display) -> bytes:
    """The VEVENT as icalendar renders it from its own property types."""
    vevent = VEvent()
    vevent.add("uid", event_uid(event.id))
    vevent.add("dtstamp", _utc(event.updated))
    vevent.add("created", _utc(event.created))
    vevent.add("last-modified", _utc(event.updated))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", shown.first)
    vevent.add("dtend", shown.end_exclusive)
    vevent.add("summary", _text(show.summary(event, shown)))
    place = show.location(event)
    if place:
        vevent.add("location", _text(place))
    tags = [c for c in dict.fromkeys(category(c) for c in show.categories(event)) if c]
    vevent.add("categories", tags)
    vevent.add("status", show.ical_status(event, shown))
    certain = shown.exact and event.status != "cancelled"
    vevent.add("transp", "OPAQUE" if certain else "TRANSPARENT")
    best = show.best_source(event)
    if best is not None and best.url:
        vevent.add("url", best.url, parameters={"VALUE": "URI"})
    vevent.add("description", _text(_description(event, shown)))
    return vevent.to_ical()


words = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(list(",;:\\\"'\n\r\t🎉🇷🇺习近平Путин")),
    ),
    min_size=1,
    max_size=300,
).filter(lambda s: s.strip() != "")
urls = st.from_regex(r"https://[a-z0-9.-]{1,30}/[A-Za-z0-9/%?&=._~,;-]{0,120}", fullmatch=True)
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1),
                       timezones=st.sampled_from([UTC, None]))


@st.composite
def events(draw):
    first = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
    width = draw(st.integers(min_value=0, max_value=800))
    return make_event(
        draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9,;\\-]{0,60}", fullmatch=True)),
        title=draw(words),
        kind=draw(st.sampled_from(["summit", "state_visit", "talks"])),
        city=draw(st.none() | words),
        country=draw(st.none() | words),
        series=draw(st.none() | words),
        participants=tuple(draw(st.lists(words, max_size=4))),
        earliest=first,
        latest=first + timedelta(days=width),
        granularity=draw(st.sampled_from([None, "day", "week", "month", "year"])),
        status=draw(st.sampled_from(["planned", "confirmed", "held", "postponed",
                                     "cancelled"])),
        sequence=draw(st.integers(min_value=0, max_value=100_000)),
        phrase=draw(st.none() | words),
        src=source(outlet=draw(words), url=draw(st.none() | urls)),
        updated=draw(moments),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=events(), precise=st.integers(min_value=1, max_value=400))
def test_writer_matches_icalendar(event: Event, precise: int) -> None:
    shown = show.display_range(event, precise)
    assert shown is not None
    assert _vevent(event, shown) == icalendar_vevent(event, shown)


@pytest.mark.parametrize("text", [
    "", "a" * 73, "a" * 74, "a" * 75, "a" * 148, "a" * 149, "x" * 500,
    "a" * 72 + "é" + "b" * 10, "a" * 73 + "é" + "b" * 10, "a" * 74 + "é",
    "Путин" * 40, "习近平" * 40, "🎉" * 60, "a" + "🇷🇺" * 30, "ab" + "习" * 50,
])
def test_fold_matches_icalendar(text: str) -> None:
    assert fold(text.encode()) == foldline(text).encode()


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"),
               max_size=400))
def test_fold_matches_icalendar_on_any_line(text: str) -> None:
    assert fold(text.encode()) == foldline(text).encode()
